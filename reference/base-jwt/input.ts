import { JsonObject, type JsonValue } from '../json/value.ts';
import type { HostValue } from '../lang/host.ts';
import { UnsupportedInput, type Lang } from '../lang/lang.ts';

/** The operations of the `jwt` family: build a token with the base class, or decode one. */
export type BaseJwtOp = 'encode' | 'encodeTwice' | 'decode';

/** A `jwt` case input read by one language; an absent key is absent from `values`. */
export interface BaseJwtArgs {
  op: BaseJwtOp;
  values: Map<string, HostValue>;
}

/** The input keys one library's base class takes, per operation (besides `op`). */
export interface BaseJwtVocabulary {
  encode: readonly string[];
  decode: readonly string[];
  /** The operations the class has, when not all three (twilio-php's static JWT cannot encode twice). */
  ops?: readonly BaseJwtOp[];
}

/**
 * Read a `jwt` input with one language's JSON rules, refusing (as unsupported) an operation or a
 * key the library's API has no way to take.
 */
export function readBaseJwtInput(input: JsonValue, vocab: BaseJwtVocabulary, lang: Lang): BaseJwtArgs {
  if (!(input instanceof JsonObject)) throw new UnsupportedInput('jwt input must be a JSON object');
  const op = input.get('op');
  if (op !== 'encode' && op !== 'encodeTwice' && op !== 'decode') {
    throw new UnsupportedInput(`op ${JSON.stringify(op ?? null)}: the jwt family has encode, encodeTwice and decode`);
  }
  if (vocab.ops && !vocab.ops.includes(op)) throw new UnsupportedInput(`op "${op}": this library's JWT API has no such operation`);
  const keys = op === 'decode' ? vocab.decode : vocab.encode;
  const values = new Map<string, HostValue>();
  for (const key of input.keys()) {
    if (key === 'op') continue;
    if (!keys.includes(key)) throw new UnsupportedInput(`input key "${key}" is not in this library's jwt ${op === 'decode' ? 'decode' : 'encode'} vocabulary`);
    values.set(key, lang.fromJson(input.get(key)!));
  }
  return { op, values };
}
