import { JsonObject, type JsonValue } from '../json/value.ts';
import type { HostMap, HostValue } from '../lang/host.ts';
import { UnsupportedInput, type Lang } from '../lang/lang.ts';
import { GRANTS, isGrantType, type GrantField, type GrantType } from './grants.ts';

/** One entry of `input.grants`, read by one language. */
export type GrantInput =
  | { type: GrantType; options: HostMap; setAfter?: HostMap }
  /** Python's `{"type":"raw","value":X}`: X itself handed to the library as a grant. */
  | { type: 'raw'; value: HostValue };

/** A grant of a type only one library has (see {@link AccessTokenVocabulary.libraryGrants}). */
export interface LibraryGrantInput {
  type: string;
  options: HostMap;
  setAfter?: HostMap;
}

/** An `access_token` case input read by one language; an absent key is `undefined`. */
export interface AccessTokenArgs {
  values: Map<string, HostValue>;
  grants: GrantInput[];
  /** Grants of types only this library has, in input order (absent: none). */
  libraryGrants?: LibraryGrantInput[];
}

/** A grant type only one library has: its payload key and its field-per-option fields. */
export interface LibraryGrant {
  readonly key: string;
  readonly fields: readonly GrantField[];
}

/** The part of the vocabulary one library can express. */
export interface AccessTokenVocabulary {
  /** Top-level input keys besides `grants`. */
  keys: readonly string[];
  /** Keys of an entry in `grants` besides `type` (`options` always; `setAfter`, `value` where modelled). */
  grantKeys: readonly string[];
  /** Whether `{"type":"raw"}` grants exist (python only). */
  rawGrants: boolean;
  /** Whether a `null` entry of `grants` hands the language's null to the library as a grant (a raw grant of null). */
  nullGrants?: boolean;
  /** Grant types beyond the six shared ones that this library has (twilio-go's `ip_messaging` and `rtc`), by input type. */
  libraryGrants?: Readonly<Record<string, LibraryGrant>>;
}

function asObject(v: JsonValue | undefined, what: string): JsonObject {
  if (!(v instanceof JsonObject)) throw new UnsupportedInput(`${what} must be a JSON object`);
  return v;
}

/**
 * Read an `access_token` input with one language's JSON rules, refusing (as unsupported) any key the
 * library's API has no way to take. Validation of the values themselves is the library's business.
 */
export function readAccessTokenInput(input: JsonValue, vocab: AccessTokenVocabulary, lang: Lang): AccessTokenArgs {
  const obj = asObject(input, 'access_token input');
  const values = new Map<string, HostValue>();
  const grants: GrantInput[] = [];
  const libraryGrants: LibraryGrantInput[] = [];
  for (const key of obj.keys()) {
    const raw = obj.get(key)!;
    if (key === 'grants') {
      if (!Array.isArray(raw)) throw new UnsupportedInput('input.grants must be an array');
      for (const [i, g] of raw.entries()) {
        const own = readLibraryGrant(g, i, vocab, lang);
        if (own) libraryGrants.push(own);
        else grants.push(readGrant(g, i, vocab, lang));
      }
    } else if (vocab.keys.includes(key)) {
      values.set(key, lang.fromJson(raw));
    } else {
      throw new UnsupportedInput(`input key "${key}" is not in this library's access_token vocabulary`);
    }
  }
  return libraryGrants.length > 0 ? { values, grants, libraryGrants } : { values, grants };
}

/** A grant of one of the library's own types, or undefined for any other entry. */
function readLibraryGrant(g: JsonValue, i: number, vocab: AccessTokenVocabulary, lang: Lang): LibraryGrantInput | undefined {
  const type = g instanceof JsonObject ? g.get('type') : undefined;
  if (typeof type !== 'string' || !vocab.libraryGrants || !Object.hasOwn(vocab.libraryGrants, type)) return undefined;
  const obj = g as JsonObject;
  for (const k of obj.keys()) {
    if (k !== 'type' && k !== 'options' && !vocab.grantKeys.includes(k)) throw new UnsupportedInput(`input.grants[${i}].${k} is not in this library's vocabulary`);
  }
  const known = new Set(vocab.libraryGrants[type].fields.map((f) => f.option));
  const read = (k: 'options' | 'setAfter'): HostMap => {
    const v = obj.get(k);
    if (v === undefined) return new Map();
    const o = asObject(v, `input.grants[${i}].${k}`);
    return new Map(
      o.keys().map((option) => {
        if (!known.has(option)) throw new UnsupportedInput(`input.grants[${i}].${k}.${option} is not an option of the ${type} grant`);
        return [option, lang.fromJson(o.get(option)!)];
      }),
    );
  };
  return obj.has('setAfter') ? { type, options: read('options'), setAfter: read('setAfter') } : { type, options: read('options') };
}

function readGrant(g: JsonValue, i: number, vocab: AccessTokenVocabulary, lang: Lang): GrantInput {
  if (g === null && vocab.nullGrants) return { type: 'raw', value: null };
  const obj = asObject(g, `input.grants[${i}]`);
  const type = obj.get('type');
  if (type === 'raw' && vocab.rawGrants) {
    for (const k of obj.keys()) if (k !== 'type' && k !== 'value') throw new UnsupportedInput(`input.grants[${i}].${k} is not modelled`);
    return { type: 'raw', value: lang.fromJson(obj.get('value') ?? null) };
  }
  if (!isGrantType(type)) throw new UnsupportedInput(`input.grants[${i}].type ${JSON.stringify(type)} is not a grant this library has`);
  for (const k of obj.keys()) {
    if (k !== 'type' && k !== 'options' && !vocab.grantKeys.includes(k)) {
      throw new UnsupportedInput(`input.grants[${i}].${k} is not in this library's vocabulary`);
    }
  }
  const options = readOptions(obj.get('options'), `input.grants[${i}].options`, lang);
  const setAfter = obj.has('setAfter') ? readOptions(obj.get('setAfter'), `input.grants[${i}].setAfter`, lang) : undefined;
  return setAfter ? { type, options, setAfter } : { type, options };
}

/** Grant options: each key must be an option of some grant; which grant takes it is the library's rule. */
function readOptions(v: JsonValue | undefined, what: string, lang: Lang): HostMap {
  const out: HostMap = new Map();
  if (v === undefined) return out;
  const obj = asObject(v, what);
  const known = new Set(Object.values(GRANTS).flatMap((g) => g.options));
  for (const k of obj.keys()) {
    if (!known.has(k)) throw new UnsupportedInput(`${what}.${k} is not a grant option`);
    out.set(k, lang.fromJson(obj.get(k)!));
  }
  return out;
}
