import type { JsonValue } from '../json/value.ts';
import type { HostValue } from './host.ts';

/**
 * What a token helper's behaviour depends on in the language it is written in: how that language
 * reads the JSON input, which values are falsy, how it turns a value into text, how it adds the
 * clock to a ttl, and how its standard JSON encoder writes a value.
 *
 * A profile picks one; token code calls these and never asks which language it is.
 */
export interface Lang {
  readonly name: 'javascript' | 'python' | 'ruby' | 'php' | 'go' | 'java';
  /** Read an input value as this language's standard JSON parser would. */
  fromJson(v: JsonValue): HostValue;
  /** Read a value given by a TypeScript caller of the public API. */
  fromNative(v: unknown): HostValue;
  /** The language's truthiness (`if value:` / `if (value)` / `if value`). */
  truthy(v: HostValue | undefined): boolean;
  /** The language's implicit string conversion (`String(v)`, `str(v)`, `"#{v}"`). */
  str(v: HostValue | undefined): string;
  /** The whole seconds of the frozen clock as the library reads it (floor, int(), to_i). */
  nowSeconds(clockMs: number): HostValue;
  /** `now + ttl` with the language's arithmetic; throws {@link LibraryError} where it would. */
  add(now: HostValue, ttl: HostValue | undefined): HostValue;
  /** The language's standard compact JSON encoding, as the library calls it. */
  stringify(v: HostValue, options?: { sortKeys?: boolean }): string;
  /** The value as a safe JavaScript integer when the language holds it as an integer (not a float, not a boolean). */
  safeInteger(v: HostValue | undefined): number | undefined;
}

/**
 * The library under emulation rejected its input: the error its users would see, by class name
 * and message. This is an expected outcome that vectors record, not a failure of the reference.
 */
export class LibraryError extends Error {
  override name = 'LibraryError';
  constructor(
    /** The exception class as the library's language names it, e.g. `TypeError`, `JWT::DecodeError`. */
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The input asks for something the emulated library's API cannot express (an unknown key, a grant
 * type it lacks). Adapters answer `skipped`; they never guess.
 */
export class UnsupportedInput extends Error {
  override name = 'UnsupportedInput';
  readonly code = 'ERR_UNSUPPORTED_INPUT';
}
