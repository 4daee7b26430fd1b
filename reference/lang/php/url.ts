/**
 * PHP's URL encoders, byte by byte over the string's bytes ({@link phpBytes}), with uppercase
 * hex: `urlencode` (RFC 1738 form encoding: space as `+`, only `A-Z a-z 0-9 - _ .` kept, so `~`
 * is `%7E`) and `rawurlencode` (RFC 3986: space as `%20`, `~` kept). `http_build_query` is what
 * twilio-php's ClientToken builds its scope parameters with.
 */
import type { HostValue } from '../host.ts';
import { phpToString } from './numeric.ts';
import { isPhpIntKey, isPhpObject, phpArrayEntries, phpBytes, type PhpArray } from './values.ts';

const HEX = '0123456789ABCDEF';

function encode(s: string, raw: boolean): string {
  // Most strings are plain words: nothing to escape.
  if (/^[A-Za-z0-9._-]*$/.test(s)) return s;
  let out = '';
  for (const b of phpBytes(s)) {
    const alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
    if (alnum || b === 0x2d || b === 0x2e || b === 0x5f || (raw && b === 0x7e)) out += String.fromCharCode(b);
    else if (b === 0x20 && !raw) out += '+';
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** `urlencode($s)`: space as `+`, everything but `A-Z a-z 0-9 - _ .` as `%XX` (so `~` is `%7E`). */
export function phpUrlencode(s: string): string {
  return encode(s, false);
}

/** `rawurlencode($s)`: everything but `A-Z a-z 0-9 - _ . ~` as `%XX` (space is `%20`). */
export function phpRawurlencode(s: string): string {
  return encode(s, true);
}

/** Options of {@link phpHttpBuildQuery}, as its parameters (`numeric_prefix`, `arg_separator`, `encoding_type`). */
export interface PhpHttpBuildQueryOptions {
  numericPrefix?: string;
  argSeparator?: string;
  /** `PHP_QUERY_RFC1738` (the default: {@link phpUrlencode}) or `PHP_QUERY_RFC3986` ({@link phpRawurlencode}). */
  encoding?: 'RFC1738' | 'RFC3986';
  /** The `precision` ini setting that floats are printed with (default 14). */
  precision?: number;
}

/**
 * `http_build_query($data, $numericPrefix, $argSeparator, $encoding)` of an array or `stdClass`:
 * `key=value` pairs joined by the separator, keys and string values encoded; nested arrays and
 * objects as `outer%5Binner%5D=...` (brackets encoded too); `null` left out, as are empty nested
 * arrays; `true`/`false` as `1`/`0`; floats under `precision` (`1.0E%2B25`); the numeric prefix
 * only before top-level int keys.
 */
export function phpHttpBuildQuery(data: PhpArray, options: PhpHttpBuildQueryOptions = {}): string {
  const enc = options.encoding === 'RFC3986' ? phpRawurlencode : phpUrlencode;
  const sep = options.argSeparator || '&';
  const pairs: string[] = [];
  const walk = (ht: PhpArray, numPrefix: string, keyPrefix: string, keySuffix: string, object: boolean): void => {
    for (const [k, v] of phpArrayEntries(ht)) {
      // Object properties with mangled (NUL-led) names are not visible from outside; skip them.
      if (object && k.length > 0 && k.charCodeAt(0) === 0) continue;
      const intKey = !object && isPhpIntKey(k);
      const key = intKey ? `${numPrefix}${k}` : enc(k);
      if (v !== null && typeof v === 'object') {
        walk(v, '', `${keyPrefix}${key}${keySuffix}%5B`, '%5D', isPhpObject(v));
      } else if (v !== null) {
        const value = typeof v === 'string' ? enc(v) : typeof v === 'boolean' ? (v ? '1' : '0') : enc(phpToString(v as HostValue, options.precision));
        pairs.push(`${keyPrefix}${key}${keySuffix}=${value}`);
      }
    }
  };
  walk(data, options.numericPrefix ?? '', '', '', isPhpObject(data));
  return pairs.join(sep);
}
