/**
 * Jackson's `ObjectMapper` as jjwt-jackson calls it (default features, UTF-8 output), for the values
 * a token helper hands it: `Map`s written in their iteration order (a `HashMap` already reordered
 * by the caller, see hash-map.ts; a POJO's public fields in declaration order), `List`s, `String`,
 * `Boolean`, null, `Integer`/`Long`/`BigInteger` (bigint) and `Double` (number).
 *
 * Strings (`UTF8JsonGenerator`): `"` and `\` escaped, control characters below U+0020 as `\b`,
 * `\t`, `\n`, `\f`, `\r` or `\u00XX` with upper-case hex; every other BMP character raw in UTF-8
 * (HTML characters, DEL, U+2028 and U+2029 included); each UTF-16 surrogate, paired or not,
 * escaped on its own as `\uD83C\uDF89` (upper-case hex) instead of a 4-byte UTF-8 sequence.
 */
import type { HostValue } from '../host.ts';
import { UnsupportedInput } from '../lang.ts';
import { javaDoubleToString } from './numbers.ts';

const SHORT: Readonly<Record<number, string>> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

const hex4 = (c: number): string => `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** A Java string as Jackson writes it, quotes included. */
export function jacksonString(s: string): string {
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const esc = SHORT[c] ?? (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) ? hex4(c) : undefined);
    if (esc === undefined) continue;
    out += s.slice(run, i) + esc;
    run = i + 1;
  }
  return `${out}${s.slice(run)}"`;
}

/** The compact JSON text Jackson writes for a value (see the module comment for the value model). */
export function jacksonWrite(v: HostValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return jacksonString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    // Jackson writes NaN and the infinities as the (invalid JSON) tokens Double.toString gives.
    if (!Number.isFinite(v)) throw new UnsupportedInput('a non-finite double, which no JSON input holds');
    return javaDoubleToString(v);
  }
  if (Array.isArray(v)) return `[${v.map(jacksonWrite).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${jacksonString(k)}:${jacksonWrite(x)}`).join(',')}}`;
}

/** The UTF-8 bytes Jackson produces for a value (its text is all of Java's chars, surrogates escaped). */
export function jacksonBytes(v: HostValue): Buffer {
  return Buffer.from(jacksonWrite(v), 'utf8');
}
