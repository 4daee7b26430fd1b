/**
 * PHP values as {@link HostValue}s, and the few array rules token code meets.
 *
 * - `int` (64-bit) is a `bigint` in [-2^63, 2^63 - 1]; `float` is a `number`; `bool` and `null` as is.
 * - A PHP `string` is bytes; here it is a JavaScript string standing for its WTF-8 bytes
 *   ({@link phpBytes}): well-formed text is its UTF-8, and a lone surrogate is the three bytes
 *   `ED A0..BF xx` its code point would take. PHP holds those as they are and treats them as
 *   invalid UTF-8 (`json_encode` fails on them), which is what a lone surrogate means here. No PHP
 *   program reading its input with `json_decode` ever receives one: PHP's decoder refuses
 *   `"\ud800"` (JSON_ERROR_UTF16), so {@link phpFromJson} reports such an input as unsupported.
 * - A PHP `array` is an ordered map whose keys are ints or strings. It is a JavaScript array when it
 *   is a list (keys 0..n-1 in order, the empty array included) and a `Map` otherwise; a `Map` whose
 *   keys happen to be `"0".."n-1"` in order is the same PHP value, and every function here accepts
 *   both. Keys are strings: a string that is a canonical decimal int in range ({@link isPhpIntKey})
 *   stands for the int key PHP would have made of it (`"5"` is `5`, `"05"` stays a string).
 * - A `stdClass` object is a {@link PhpObject}: a `Map` of its properties that `json_encode` always
 *   writes as `{...}` and that is always truthy.
 */
import { isHostMap, type HostMap, type HostValue } from '../host.ts';
import { LibraryError } from '../lang.ts';

/** A PHP `stdClass` object (what `json_decode` without `$associative` makes of `{...}`). */
export class PhpObject extends Map<string, HostValue> {}

/** A PHP array as held here: a list, or a map with int-or-string keys. */
export type PhpArray = HostValue[] | HostMap;

/** `PHP_INT_MAX` and `PHP_INT_MIN` on 64-bit PHP. */
export const PHP_INT_MAX = 0x7fffffffffffffffn;
export const PHP_INT_MIN = -0x8000000000000000n;

/** A `stdClass` (as opposed to an array, which is also a `Map` when it is not a list). */
export function isPhpObject(v: HostValue | undefined): v is PhpObject {
  return v instanceof PhpObject;
}

/** A PHP array: a JavaScript array or a `Map` that is not a {@link PhpObject}. */
export function isPhpArray(v: HostValue | undefined): v is PhpArray {
  return Array.isArray(v) || (isHostMap(v) && !(v instanceof PhpObject));
}

/**
 * Whether PHP turns this array key into an int (`ZEND_HANDLE_NUMERIC_STR`): an optional `-`, no
 * leading zero (but `"0"`), at most 19 digits, within the int range; `"-0"` stays a string.
 */
export function isPhpIntKey(k: string): boolean {
  const c = k.charCodeAt(0);
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  if (!/^(?:0|-?[1-9][0-9]{0,18})$/.test(k)) return false;
  if (k.length < 19) return true;
  const n = BigInt(k);
  return n >= PHP_INT_MIN && n <= PHP_INT_MAX;
}

/** Entries of a PHP array in order, keys as strings (int keys in decimal). */
export function phpArrayEntries(a: PhpArray): Array<[string, HostValue]> {
  return Array.isArray(a) ? a.map((x, i) => [String(i), x]) : [...a];
}

/** `array_is_list()`: keys 0..n-1 in order (what makes `json_encode` write `[...]`). */
export function phpArrayIsList(a: PhpArray): boolean {
  if (Array.isArray(a)) return true;
  let i = 0;
  for (const k of a.keys()) if (k !== String(i++)) return false;
  return true;
}

/**
 * A PHP array from entries in insertion order: setting a key that is already there replaces its
 * value in its first position. Keys must already be PHP's (see {@link isPhpIntKey}). A list comes
 * back as a JavaScript array, anything else as a `Map`.
 */
export function phpArray(entries: Iterable<readonly [string, HostValue]>): PhpArray {
  const m: HostMap = new Map();
  for (const [k, v] of entries) m.set(k, v);
  return phpArrayIsList(m) ? [...m.values()] : m;
}

/**
 * `array_merge(...$arrays)`: string keys keep their first position and take the last value; int
 * keys are renumbered from 0 in order (so `addClaim('5', ...)` ends up under key 0).
 */
export function phpArrayMerge(...arrays: PhpArray[]): PhpArray {
  const m: HostMap = new Map();
  let next = 0;
  for (const a of arrays) {
    for (const [k, v] of phpArrayEntries(a)) {
      if (isPhpIntKey(k)) m.set(String(next++), v);
      else m.set(k, v);
    }
  }
  return phpArrayIsList(m) ? [...m.values()] : m;
}

/** `$a + $b` on arrays: `$a`'s entries, then those of `$b` whose keys `$a` lacks. */
export function phpArrayUnion(a: PhpArray, b: PhpArray): PhpArray {
  const m: HostMap = new Map(phpArrayEntries(a));
  for (const [k, v] of phpArrayEntries(b)) if (!m.has(k)) m.set(k, v);
  return phpArrayIsList(m) ? [...m.values()] : m;
}

/** The type name PHP 8.2 prints in TypeErrors (`zend_zval_type_name`): `int`, `float`, `array`, `stdClass`... */
export function phpTypeName(v: HostValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return v instanceof PhpObject ? 'stdClass' : 'array';
}

/**
 * The bytes PHP holds for a string: its WTF-8 (UTF-8, with a lone surrogate as the three bytes of
 * its code point, which PHP then finds invalid).
 */
export function phpBytes(s: string): Buffer {
  // Well-formed strings (the usual case) are plain UTF-8.
  if (!hasLoneSurrogate(s)) return Buffer.from(s, 'utf8');
  const bytes: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** Whether a string holds a lone surrogate (invalid UTF-8 once PHP holds it). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udfff]/.test(s) && /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/**
 * `$a[] = $v` on an array json_decode made (or a copy of one): the value under the next int key,
 * one more than the largest int key (negative ones included; 0 when there is none). Past
 * `PHP_INT_MAX` PHP throws its `Error`. (PHP 8.2 differs for an array that started as the literal
 * `[]`, whose next key is never below 0; no case input is one.)
 */
export function phpArrayAppend(a: PhpArray, v: HostValue): PhpArray {
  if (Array.isArray(a)) return [...a, v];
  let max: bigint | undefined;
  for (const k of a.keys()) {
    if (!isPhpIntKey(k)) continue;
    const n = BigInt(k);
    if (max === undefined || n > max) max = n;
  }
  if (max === PHP_INT_MAX) throw new LibraryError('Error', 'Cannot add element to the array as the next element is already occupied');
  const m: HostMap = new Map(a);
  m.set(String(max === undefined ? 0n : max + 1n), v);
  return phpArrayIsList(m) ? [...m.values()] : m;
}
