/**
 * Go's `encoding/json` `Marshal` (go1.19, as twilio-go v1.30.9 was recorded with) of the values a
 * token helper builds: `map[string]interface{}` with its keys sorted, `[]interface{}`, strings,
 * float64, bool and nil. Its documented rules (pkg.go.dev/encoding/json, "Marshal"):
 *
 * - map keys are sorted; Go compares strings byte by byte, so keys sort by their UTF-8 bytes
 *   (code point order, which is not JavaScript's UTF-16 order for astral characters);
 * - strings are "coerced to valid UTF-8, replacing invalid bytes with the Unicode replacement
 *   rune"; `<`, `>` and `&` are written `\u003c`, `\u003e`, `\u0026` (HTML-safe, the default), and
 *   U+2028 and U+2029 `\u2028`, `\u2029`; `\n`, `\r`, `\t`, `"` and `\` have short escapes; other
 *   control characters are `\u00XX` in lower-case hex (go1.19 has no `\b` or `\f` short forms);
 *   DEL and every other character are written raw;
 * - a float64 is written in `strconv`'s shortest form, `'f'` notation unless its magnitude is
 *   below 1e-6 or at least 1e21, then `'e'` notation with a two-digit exponent minimum cleaned of
 *   its leading zero when negative (`1e-07` becomes `1e-7`, `1e+21` stays): ES6's number rule;
 *   `-0` is `-0`; NaN and ±Inf are an `UnsupportedValueError`.
 */
import { shortestDigits, type HostValue } from '../host.ts';
import { LibraryError } from '../lang.ts';

const HEX = '0123456789abcdef';

// Printable ASCII but `"`, `\`, `<`, `>` and `&`: written as they are.
const SAFE_ASCII = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

/** `\u00XX` of an ASCII byte. */
const u00 = (b: number): string => `\\u00${HEX[b >> 4]}${HEX[b & 15]}`;

/** The escape of an ASCII byte that is not written raw, or undefined for one that is. */
function asciiEscape(b: number): string | undefined {
  switch (b) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return b < 0x20 || b === 0x3c || b === 0x3e || b === 0x26 ? u00(b) : undefined;
  }
}

/**
 * Go's `utf8.DecodeRune` at `i`: the rune and its length, or `undefined` where the byte does not
 * start a valid sequence (a stray continuation byte, a truncated or overlong sequence, a surrogate
 * or a value past U+10FFFF), which Go consumes one byte at a time.
 */
export function goDecodeRune(b: Uint8Array, i: number): { rune: number; size: number } | undefined {
  const c0 = b[i];
  if (c0 < 0x80) return { rune: c0, size: 1 };
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? { rune: ((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), size: 2 } : undefined;
  if (c0 >= 0xe0 && c0 <= 0xef) {
    // E0 needs A0..BF (no overlong forms), ED needs 80..9F (no surrogates).
    const [lo, hi] = c0 === 0xe0 ? [0xa0, 0xbf] : c0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    if (!cont(1, lo, hi) || !cont(2)) return undefined;
    return { rune: ((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f), size: 3 };
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    // F0 needs 90..BF (no overlong forms), F4 needs 80..8F (nothing past U+10FFFF).
    const [lo, hi] = c0 === 0xf0 ? [0x90, 0xbf] : c0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return undefined;
    return { rune: ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f), size: 4 };
  }
  return undefined;
}

/**
 * A Go string held as bytes, quoted as `encoding/json` writes it: invalid UTF-8 becomes `\ufffd`
 * one byte at a time, everything else as the module comment says. The result is a JavaScript
 * string whose UTF-8 encoding is the bytes Go writes.
 */
export function goQuoteBytes(b: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      out += asciiEscape(c) ?? String.fromCharCode(c);
      i++;
      continue;
    }
    const r = goDecodeRune(b, i);
    if (r === undefined) {
      out += '\\ufffd';
      i++;
      continue;
    }
    out += r.rune === 0x2028 || r.rune === 0x2029 ? `\\u202${HEX[r.rune & 15]}` : String.fromCodePoint(r.rune);
    i += r.size;
  }
  return `${out}"`;
}

/**
 * A string quoted as `encoding/json` writes it. A JavaScript string stands for the Go string of its
 * UTF-8 bytes (a lone surrogate, which no Go string can hold, is taken as U+FFFD: the rune Go's
 * decoder and `string(rune)` make of it).
 */
export function goQuote(s: string): string {
  return SAFE_ASCII.test(s) ? `"${s}"` : goQuoteBytes(Buffer.from(s, 'utf8'));
}

/** `encoding/json`'s text of a float64 (module comment); NaN and ±Inf are the error Marshal returns (a {@link LibraryError}). */
export function goFloat(x: number): string {
  if (!Number.isFinite(x)) throw new LibraryError('*json.UnsupportedValueError', `json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  // Integers below 2^53 print as their digits: the common case, without the digit work.
  if (abs < 1e21 && Number.isSafeInteger(abs)) return `${sign}${abs}`;
  const { digits, exponent } = shortestDigits(x);
  if (abs < 1e-6 || abs >= 1e21) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    // strconv pads the exponent to two digits; encoding/json drops that zero from negative ones.
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${exponent < 0 || e >= 10 ? e : `0${e}`}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (exponent >= digits.length - 1) return `${sign}${digits}${'0'.repeat(exponent - digits.length + 1)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Go's `a < b` on strings: by UTF-8 bytes, which is code point order. */
export function goStringLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (an astral character, U+10000 and up) sorts after every BMP unit U+E000..U+FFFF
    // in code point order, though its UTF-16 unit is smaller.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy && (x >= 0xe000 || y >= 0xe000)) return sy;
    return x < y;
  }
  return a.length < b.length;
}

/** The keys of a map in the order `encoding/json` writes them. */
export function goSortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => (a === b ? 0 : goStringLess(a, b) ? -1 : 1));
}

/** `json.Marshal(v)` of a host value: maps with sorted keys, every number a float64. */
export function goJsonEncode(v: HostValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goFloat(v);
  // Go has no integers beyond float64 in what twilio-go marshals: a bigint is read as one.
  if (typeof v === 'bigint') return goFloat(Number(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJsonEncode).join(',')}]`;
  let out = '';
  for (const k of goSortedKeys(v.keys())) out += `${out ? ',' : ''}${goQuote(k)}:${goJsonEncode(v.get(k)!)}`;
  return `{${out}}`;
}
