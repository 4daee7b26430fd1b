/**
 * The URL escaping functions the token helpers call, each as its own language has it: Node's
 * `querystring.escape`, Python's `urllib.parse.quote_plus` / `urlencode`, Ruby's `CGI.escape`.
 * They differ in the unreserved set, in how a space is written and in what they do with a lone
 * surrogate, and each of those differences reaches the scope strings of capability tokens.
 */
import { escape as querystringEscape } from 'node:querystring';
import type { HostValue } from './host.ts';
import { LibraryError } from './lang.ts';
import { pyStr } from './python.ts';

const hex = (b: number): string => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Node 20's `querystring.escape` of a string: the real one. Its unreserved set is that of
 * `encodeURIComponent` (`A-Z a-z 0-9 - _ . ! ~ * ' ( )`); a high surrogate at the end of the string
 * throws `URIError: URI malformed`, while a lone low surrogate is read as the start of a pair
 * (Node does not check the second unit), which is why the real function is used here.
 */
export function nodeQuerystringEscape(s: string): string {
  try {
    return querystringEscape(s);
  } catch (e) {
    if (e instanceof URIError) throw new LibraryError('URIError', e.message);
    throw e;
  }
}

const PY_ALWAYS_SAFE = /^[A-Za-z0-9_.\-~]$/;

/** Python's repr of one code point as `UnicodeEncodeError` prints it. */
function pyCharEscape(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/**
 * `s.encode('utf-8')` in strict mode: Python holds a lone surrogate as a code point of its own and
 * refuses to encode it, reporting the whole run of adjacent surrogates by code-point position.
 */
export function pythonUtf8(s: string): Buffer {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;
  const start = cps.findIndex(isSurrogate);
  if (start >= 0) {
    let end = start + 1;
    while (end < cps.length && isSurrogate(cps[end])) end++;
    const what = end - start === 1 ? `character '${pyCharEscape(cps[start])}' in position ${start}` : `characters in position ${start}-${end - 1}`;
    throw new LibraryError('UnicodeEncodeError', `'utf-8' codec can't encode ${what}: surrogates not allowed`);
  }
  return Buffer.from(s, 'utf8');
}

/** `urllib.parse.quote_plus(s)`: unreserved `A-Z a-z 0-9 _ . - ~`, space as `+`, the rest `%XX` over UTF-8. */
export function pythonQuotePlus(s: string): string {
  let out = '';
  for (const b of pythonUtf8(s)) {
    const c = String.fromCharCode(b);
    out += b === 0x20 ? '+' : PY_ALWAYS_SAFE.test(c) ? c : hex(b);
  }
  return out;
}

/**
 * `urllib.parse.urlencode(query, doseq)` over (key, value) pairs. Every key and value goes through
 * `str()` then `quote_plus`. With `doseq`, a value that is not a string and has a length (a list, a
 * dict) contributes one pair per element (a dict: per key), and an empty one contributes nothing.
 */
export function pythonUrlencode(pairs: Iterable<readonly [HostValue, HostValue]>, doseq: boolean): string {
  const out: string[] = [];
  const q = (v: HostValue): string => pythonQuotePlus(pyStr(v));
  for (const [k, v] of pairs) {
    const key = q(k);
    if (!doseq || typeof v === 'string' || !(Array.isArray(v) || v instanceof Map)) {
      out.push(`${key}=${q(v)}`);
      continue;
    }
    for (const elt of Array.isArray(v) ? v : v.keys()) out.push(`${key}=${q(elt)}`);
  }
  return out.join('&');
}

/**
 * The bytes Ruby's JSON parser gives a string: UTF-8, except that a lone (low) surrogate becomes
 * the three bytes its code point would take, an invalid sequence that Ruby keeps as it is.
 */
export function rubyStringBytes(s: string): Buffer {
  const bytes: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes);
}

const RB_UNRESERVED = /^[A-Za-z0-9_.\-~]$/;

/** Ruby 3.1's `CGI.escape` of a String: byte-wise, unreserved `A-Z a-z 0-9 _ . - ~`, space as `+`. */
export function rubyCgiEscape(s: string): string {
  let out = '';
  for (const b of rubyStringBytes(s)) {
    const c = String.fromCharCode(b);
    out += b === 0x20 ? '+' : RB_UNRESERVED.test(c) ? c : hex(b);
  }
  return out;
}
