import { JsonObject, type JsonValue } from '../json/value.ts';
import type { HostMap, HostValue } from '../lang/host.ts';
import { UnsupportedInput, type Lang } from '../lang/lang.ts';
import { GRANTS, isGrantType, type GrantType } from './grants.ts';

/** One entry of `input.grants`, read by one language. */
export type GrantInput =
  | { type: GrantType; options: HostMap; setAfter?: HostMap }
  /** Python's `{"type":"raw","value":X}`: X itself handed to the library as a grant. */
  | { type: 'raw'; value: HostValue };

/** An `access_token` case input read by one language; an absent key is `undefined`. */
export interface AccessTokenArgs {
  values: Map<string, HostValue>;
  grants: GrantInput[];
}

/** The part of the vocabulary one library can express. */
export interface AccessTokenVocabulary {
  /** Top-level input keys besides `grants`. */
  keys: readonly string[];
  /** Keys of an entry in `grants` besides `type` (`options` always; `setAfter`, `value` where modelled). */
  grantKeys: readonly string[];
  /** Whether `{"type":"raw"}` grants exist (python only). */
  rawGrants: boolean;
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
  let grants: GrantInput[] = [];
  for (const key of obj.keys()) {
    const raw = obj.get(key)!;
    if (key === 'grants') {
      if (!Array.isArray(raw)) throw new UnsupportedInput('input.grants must be an array');
      grants = raw.map((g, i) => readGrant(g, i, vocab, lang));
    } else if (vocab.keys.includes(key)) {
      values.set(key, lang.fromJson(raw));
    } else {
      throw new UnsupportedInput(`input key "${key}" is not in this library's access_token vocabulary`);
    }
  }
  return { values, grants };
}

function readGrant(g: JsonValue, i: number, vocab: AccessTokenVocabulary, lang: Lang): GrantInput {
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
