/**
 * PHP 8 (Debian's php-cli 8.2, default ini: `precision=14`, `serialize_precision=-1`) as
 * twilio-php runs in it. The pieces live in `./php/`:
 *
 * - `values.ts`: how PHP values are held ({@link PhpObject} for `stdClass`, arrays as lists or
 *   maps, strings as WTF-8 bytes) and the array rules (`array_merge`, `+`, list detection).
 * - `json.ts`: `json_encode` without flags and `json_decode`, with their error codes.
 * - `float.ts`: float printing under `precision` and `serialize_precision`.
 * - `numeric.ts`: numeric strings, `intval`/`floatval`/`is_numeric`, `(string)`, truthiness,
 *   `+`, and typed-parameter coercion in PHP's default (non-strict) mode.
 * - `url.ts`: `urlencode`, `rawurlencode`, `http_build_query`.
 *
 * Every rule is checked against the real interpreter by test/reference/lang/php*.test.ts.
 */
import { JsonNumber, JsonObject, type JsonValue } from '../json/value.ts';
import { MAX_SAFE, MIN_SAFE, type HostMap, type HostValue } from './host.ts';
import { UnsupportedInput, type Lang } from './lang.ts';
import { phpJsonEncode, phpJsonInteger } from './php/json.ts';
import { phpAdd, phpToString, phpTruthy } from './php/numeric.ts';
import { hasLoneSurrogate, PHP_INT_MAX, PHP_INT_MIN, phpArray } from './php/values.ts';

export * from './php/float.ts';
export * from './php/json.ts';
export * from './php/numeric.ts';
export * from './php/url.ts';
export * from './php/values.ts';

function noLoneSurrogate(s: string): string {
  if (hasLoneSurrogate(s)) {
    // PHP's json_decode refuses "\ud800" (JSON_ERROR_UTF16): no PHP program receives such a string.
    throw new UnsupportedInput("a string with a lone surrogate, which PHP's json_decode rejects");
  }
  return s;
}

/**
 * `json_decode($text, true)` of an input, read from the lossless tree: integers are ints up to the
 * int range and floats beyond; every object is an array (`{}` and `[]` alike, `{"0":..,"1":..}` a
 * list), the last duplicate winning in the first one's place. The depth limit applies to the
 * whole text an adapter decodes, so it is not checked here.
 */
export function phpFromJson(v: JsonValue): HostValue {
  if (typeof v === 'string') return noLoneSurrogate(v);
  if (v instanceof JsonNumber) return v.isIntegerText ? phpJsonInteger(v.text) : Number(v.text);
  if (Array.isArray(v)) return v.map(phpFromJson);
  if (v instanceof JsonObject) return phpArray(v.entries.map(([k, x]) => [noLoneSurrogate(k), phpFromJson(x)] as const));
  return v;
}

/**
 * A value given by a TypeScript caller: integral numbers within the int range (and bigints) are
 * ints, other numbers (and `-0`) floats; objects are associative arrays.
 */
export function phpFromNative(v: unknown): HostValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') {
    if (v > PHP_INT_MAX || v < PHP_INT_MIN) throw new RangeError(`${v} is outside PHP's int range`);
    return v;
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) < 2 ** 63 ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map(phpFromNative);
  if (typeof v === 'object') {
    const m: HostMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) m.set(k, phpFromNative(x));
    return phpArray(m);
  }
  throw new TypeError(`cannot use a ${typeof v} as a token input value`);
}

/** PHP 8 as twilio-php calls it: `json_decode(.., true)` inputs, `json_encode` without flags, `time()`. */
export const php: Lang = {
  name: 'php',
  fromJson: phpFromJson,
  fromNative: phpFromNative,
  truthy: phpTruthy,
  str: (v) => phpToString(v),
  // time() is whole seconds.
  nowSeconds: (ms) => BigInt(Math.floor(ms / 1000)),
  add: (now, ttl) => phpAdd(now, ttl),
  // json_encode has no key sorting.
  stringify: (v) => phpJsonEncode(v),
  safeInteger: (v) => (typeof v === 'bigint' && v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : undefined),
};
