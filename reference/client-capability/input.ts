import { JsonObject, type JsonValue } from '../json/value.ts';
import type { HostValue } from '../lang/host.ts';
import { UnsupportedInput, type Lang } from '../lang/lang.ts';

/** The scope kinds of the input vocabulary, named alike in every library. */
export type ScopeType = 'incoming' | 'outgoing' | 'event_stream';

export const SCOPE_TYPES: readonly ScopeType[] = ['incoming', 'outgoing', 'event_stream'];

/** One entry of `input.scopes`, read by one language: every key but `type` (absent = not passed). */
export interface ScopeInput {
  type: ScopeType;
  keys: Map<string, HostValue>;
}

/** One object-API write made after construction (`setAfter`), in the order written. */
export interface SetAfterWrite {
  key: string;
  value: HostValue;
  /** A `scopes` list, read as scope entries (ruby's `scopes=` writer takes scope objects). */
  scopes?: ScopeInput[];
}

/** A `client_capability` case input read by one language. */
export interface ClientCapabilityArgs {
  /** Top-level keys other than `scopes` and `setAfter`. */
  values: Map<string, HostValue>;
  scopes: ScopeInput[];
  /** `scopes` when it is not a list: ruby's constructor keyword takes any value as it is. */
  rawScopes?: HostValue;
  setAfter?: SetAfterWrite[];
}

/** The part of the vocabulary one library can express. */
export interface ClientCapabilityVocabulary {
  /** Top-level keys besides `scopes` and `setAfter`. */
  keys: readonly string[];
  /** Whether a top-level `setAfter` exists. */
  setAfter: boolean;
  /** Keys of a scope entry besides `type`, per scope type. */
  scopeKeys: Readonly<Record<ScopeType, readonly string[]>>;
  /** Whether `scopes` may be something other than a list (handed over as it is). */
  rawScopes: boolean;
}

function asObject(v: JsonValue | undefined, what: string): JsonObject {
  if (!(v instanceof JsonObject)) throw new UnsupportedInput(`${what} must be a JSON object`);
  return v;
}

function readScope(v: JsonValue, where: string, vocab: ClientCapabilityVocabulary, lang: Lang): ScopeInput {
  const o = asObject(v, where);
  const type = o.get('type');
  if (typeof type !== 'string' || !(SCOPE_TYPES as readonly string[]).includes(type)) {
    throw new UnsupportedInput(`${where}.type ${JSON.stringify(type)} is not a scope this library has`);
  }
  const keys = new Map<string, HostValue>();
  for (const k of o.keys()) {
    if (k === 'type') continue;
    if (!vocab.scopeKeys[type as ScopeType].includes(k)) {
      throw new UnsupportedInput(`${where}.${k} is not in this library's ${type} scope vocabulary`);
    }
    keys.set(k, lang.fromJson(o.get(k)!));
  }
  return { type: type as ScopeType, keys };
}

/** Read a list of scope entries; `where` names it in refusals. */
export function readScopes(v: JsonValue, where: string, vocab: ClientCapabilityVocabulary, lang: Lang): ScopeInput[] {
  if (!Array.isArray(v)) throw new UnsupportedInput(`${where} must be a list of scopes`);
  return v.map((s, i) => readScope(s, `${where}[${i}]`, vocab, lang));
}

/**
 * Read a `client_capability` input with one language's JSON rules, refusing (as unsupported) any
 * key the library's API has no way to take. Whether the values suit the library is its own business.
 */
export function readClientCapabilityInput(input: JsonValue, vocab: ClientCapabilityVocabulary, lang: Lang): ClientCapabilityArgs {
  const obj = asObject(input, 'client_capability input');
  const args: ClientCapabilityArgs = { values: new Map(), scopes: [] };
  for (const key of obj.keys()) {
    const raw = obj.get(key)!;
    if (key === 'scopes') {
      if (Array.isArray(raw)) args.scopes = readScopes(raw, 'input.scopes', vocab, lang);
      else if (vocab.rawScopes) args.rawScopes = lang.fromJson(raw);
      else throw new UnsupportedInput('input.scopes must be a list');
    } else if (key === 'setAfter' && vocab.setAfter) {
      const writes = asObject(raw, 'input.setAfter');
      args.setAfter = writes.keys().map((k) => {
        const value = writes.get(k)!;
        const write: SetAfterWrite = { key: k, value: lang.fromJson(value) };
        if (k === 'scopes' && Array.isArray(value)) write.scopes = readScopes(value, 'input.setAfter.scopes', vocab, lang);
        return write;
      });
    } else if (vocab.keys.includes(key)) {
      args.values.set(key, lang.fromJson(raw));
    } else {
      throw new UnsupportedInput(`input key "${key}" is not in this library's client_capability vocabulary`);
    }
  }
  return args;
}
