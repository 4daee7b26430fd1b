import { JsonObject, type JsonValue } from '../json/value.ts';
import type { HostValue } from '../lang/host.ts';
import { UnsupportedInput, type Lang } from '../lang/lang.ts';

/** A `validation_token` case input read by one language; an absent key is absent from `values`. */
export interface ValidationTokenArgs {
  values: Map<string, HostValue>;
}

/** The part of the vocabulary one library can express. */
export interface ValidationTokenVocabulary {
  /** Input keys the library's API takes (top level). */
  keys: readonly string[];
  /** Vocabulary keys the library has no way to take, each with the reason a skip reports. */
  refused?: Readonly<Record<string, string>>;
}

/**
 * Read a `validation_token` input with one language's JSON rules, refusing (as unsupported) any key
 * the library's API has no way to take. The values themselves are the library's business.
 */
export function readValidationTokenInput(input: JsonValue, vocab: ValidationTokenVocabulary, lang: Lang): ValidationTokenArgs {
  if (!(input instanceof JsonObject)) throw new UnsupportedInput('validation_token input must be a JSON object');
  const values = new Map<string, HostValue>();
  for (const key of input.keys()) {
    const reason = vocab.refused?.[key];
    if (reason !== undefined) throw new UnsupportedInput(`${key}: ${reason}`);
    if (!vocab.keys.includes(key)) throw new UnsupportedInput(`input key "${key}" is not in this library's validation_token vocabulary`);
    values.set(key, lang.fromJson(input.get(key)!));
  }
  return { values };
}
