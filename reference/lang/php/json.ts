/**
 * PHP 8's `ext/json`: `json_encode($v)` without flags and `json_decode($text, $associative)`,
 * errors included.
 *
 * `json_encode` writes `/` as `\/`, every non-ASCII character as a lowercase `\uXXXX` escape
 * (astral characters as their surrogate pair), other controls as `\u00XX`, DEL as is; ints in
 * decimal, floats under `serialize_precision` ({@link phpJsonFloat}); a list array as `[...]`,
 * any other array and every object as `{...}` (so `[]` for an empty array and `{}` for an empty
 * `stdClass`). It fails, returning `false` and setting `json_last_error()`, on invalid UTF-8
 * (5), on INF or NAN (7, but encoding goes on and a later error wins), and on nesting deeper than
 * 512 (1).
 *
 * `json_decode` reads bytes: big integers become floats, the last of duplicate keys wins in the
 * first one's place, objects become `stdClass` or (associative) arrays whose numeric-string keys
 * are ints, so `{"0":"a","1":"b"}` is the list `["a","b"]`. Its errors come in the order its
 * scanner meets them: a lone `\ud800` (10), invalid UTF-8 (5), a control character, including
 * the end of input inside a string (3), `[1}` (2), nesting of `depth` or more levels (1), a
 * property name starting with NUL in object mode (9), anything else (4).
 */
import type { HostMap, HostValue } from '../host.ts';
import { LibraryError } from '../lang.ts';
import { phpJsonFloat } from './float.ts';
import { hasLoneSurrogate, PhpObject, phpArray, phpArrayIsList, phpBytes } from './values.ts';

/** `json_last_error()` codes. */
export const PHP_JSON_ERROR = {
  NONE: 0,
  DEPTH: 1,
  STATE_MISMATCH: 2,
  CTRL_CHAR: 3,
  SYNTAX: 4,
  UTF8: 5,
  RECURSION: 6,
  INF_OR_NAN: 7,
  UNSUPPORTED_TYPE: 8,
  INVALID_PROPERTY_NAME: 9,
  UTF16: 10,
} as const;

/** `json_last_error_msg()` for each code. */
export const PHP_JSON_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  0: 'No error',
  1: 'Maximum stack depth exceeded',
  2: 'State mismatch (invalid or malformed JSON)',
  3: 'Control character error, possibly incorrectly encoded',
  4: 'Syntax error',
  5: 'Malformed UTF-8 characters, possibly incorrectly encoded',
  6: 'Recursion detected',
  7: 'Inf and NaN cannot be JSON encoded',
  8: 'Type is not supported',
  9: 'The decoded property name is invalid',
  10: 'Single unpaired UTF-16 surrogate in unicode escape',
};

/**
 * `json_encode`/`json_decode` failed: `code` is what `json_last_error()` then returns and the
 * message what `json_last_error_msg()` does (as a `JsonException` thrown with
 * JSON_THROW_ON_ERROR would carry them). Libraries that check `json_last_error()` word their own
 * exception from the code.
 */
export class PhpJsonError extends LibraryError {
  constructor(readonly code: number) {
    super('JsonException', PHP_JSON_ERROR_MESSAGES[code] ?? `Unknown error ${code}`);
  }
}

const HEX = '0123456789abcdef';
const u4 = (c: number): string => `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;

/** Printable ASCII that json_encode writes as is: everything but `"`, `\` and `/`. */
const PLAIN = /^[\x20\x21\x23-\x2e\x30-\x5b\x5d-\x7e]*$/;

/** A string as json_encode escapes it, or `undefined` when PHP would find its bytes invalid UTF-8. */
function escapeString(s: string): string | undefined {
  if (PLAIN.test(s)) return `"${s}"`;
  if (hasLoneSurrogate(s)) return undefined;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c && c !== 0x2f) continue;
    if (c === 0x7f) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x2f:
        out += '\\/';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      // Controls and every UTF-16 code unit above ASCII (a pair for astral characters, as PHP writes them).
      default:
        out += u4(c);
    }
  }
  return `${out}${s.slice(start)}"`;
}

/** Options of {@link phpJsonEncode}: `depth` (default 512) and the `serialize_precision` ini setting (default -1). */
export interface PhpJsonEncodeOptions {
  depth?: number;
  serializePrecision?: number;
}

/**
 * `json_encode($v)` with no flags. Throws {@link PhpJsonError} where json_encode returns false,
 * with the code json_last_error() would give.
 */
export function phpJsonEncode(v: HostValue, options: PhpJsonEncodeOptions = {}): string {
  const maxDepth = options.depth ?? 512;
  const sp = options.serializePrecision ?? -1;
  let error = 0;
  let depth = 0;
  const out: string[] = [];

  // Mirrors php_json_encode_zval: false where PHP returns FAILURE and stops; an INF/NAN only
  // records its error and goes on, and so does an invalid key (PHP ignores that failure).
  const encode = (x: HostValue): boolean => {
    if (x === null) out.push('null');
    else if (typeof x === 'boolean') out.push(x ? 'true' : 'false');
    else if (typeof x === 'bigint') out.push(x.toString());
    else if (typeof x === 'number') {
      if (Number.isFinite(x)) out.push(phpJsonFloat(x, sp));
      else {
        error = PHP_JSON_ERROR.INF_OR_NAN;
        out.push('0');
      }
    } else if (typeof x === 'string') {
      const e = escapeString(x);
      if (e === undefined) {
        error = PHP_JSON_ERROR.UTF8;
        return false;
      }
      out.push(e);
    } else return encodeContainer(x);
    return true;
  };

  const encodeContainer = (x: HostValue[] | HostMap): boolean => {
    const isObject = x instanceof PhpObject;
    const asList = !isObject && phpArrayIsList(x);
    out.push(asList ? '[' : '{');
    depth++;
    let first = true;
    const entries: Iterable<readonly [string | number, HostValue]> = Array.isArray(x) ? x.entries() : x;
    for (const [k, val] of entries) {
      // Mangled (private/protected) property names start with NUL; json_encode skips them.
      if (isObject && typeof k === 'string' && k.length > 0 && k.charCodeAt(0) === 0) continue;
      if (!first) out.push(',');
      first = false;
      if (!asList) {
        const key = escapeString(String(k));
        if (key === undefined) error = PHP_JSON_ERROR.UTF8;
        else out.push(key);
        out.push(':');
      }
      if (!encode(val)) return false;
    }
    if (depth > maxDepth) {
      error = PHP_JSON_ERROR.DEPTH;
      return false;
    }
    depth--;
    out.push(asList ? ']' : '}');
    return true;
  };

  encode(v);
  if (error !== 0) throw new PhpJsonError(error);
  return out.join('');
}

// ---- json_decode ----------------------------------------------------------------------------

/** Options of {@link phpJsonDecode}: `assoc` (objects as arrays) and `depth` (default 512). */
export interface PhpJsonDecodeOptions {
  assoc?: boolean;
  depth?: number;
}

type Tok = { t: '{' | '}' | '[' | ']' | ':' | ',' | 'eoi' } | { t: 'value'; v: HostValue } | { t: 'string'; v: string } | { t: 'error'; code: number };

class Fail {
  constructor(readonly code: number) {}
}

const isHex = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const hexVal = (b: number): number => (b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x57);

/** The length of the valid UTF-8 sequence at `i` (as PHP's scanner defines it), or 0. */
function utf8Len(b: Uint8Array, i: number): number {
  const c = b[i];
  const t = (j: number, lo = 0x80, hi = 0xbf): boolean => i + j < b.length && b[i + j] >= lo && b[i + j] <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return t(1) ? 2 : 0;
  if (c === 0xe0) return t(1, 0xa0) && t(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return t(1) && t(2) ? 3 : 0;
  if (c === 0xed) return t(1, 0x80, 0x9f) && t(2) ? 3 : 0;
  if (c === 0xf0) return t(1, 0x90) && t(2) && t(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return t(1) && t(2) && t(3) ? 4 : 0;
  if (c === 0xf4) return t(1, 0x80, 0x8f) && t(2) && t(3) ? 4 : 0;
  return 0;
}

const INT_RE = /-?(?:0|[1-9][0-9]*)/y;
const NUM_TAIL = /(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** A JSON integer as PHP's scanner reads it: an int, or a float from 19 digits on when out of range. */
export function phpJsonInteger(text: string): bigint | number {
  const neg = text.charCodeAt(0) === 0x2d;
  const digits = text.length - (neg ? 1 : 0);
  if (digits < 19) return BigInt(text);
  if (digits === 19) {
    const d = neg ? text.slice(1) : text;
    if (d < '9223372036854775808' || (d === '9223372036854775808' && neg)) return BigInt(text);
  }
  return Number(text);
}

/**
 * `json_decode($text, $assoc, $depth)`: PHP's value, or {@link PhpJsonError} with the code
 * json_last_error() would give (json_decode itself returns null then). A JavaScript string is
 * read as its WTF-8 bytes ({@link phpBytes}).
 */
export function phpJsonDecode(text: string | Uint8Array, options: PhpJsonDecodeOptions = {}): HostValue {
  const b = typeof text === 'string' ? phpBytes(text) : text;
  const assoc = options.assoc ?? false;
  const maxDepth = options.depth ?? 512;
  if (!(maxDepth > 0)) throw new LibraryError('ValueError', 'json_decode(): Argument #3 ($depth) must be greater than 0');
  if (b.length === 0) throw new PhpJsonError(PHP_JSON_ERROR.SYNTAX);
  const latin = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  let pos = 0;
  // The byte at the end is the string's terminating NUL, as the C scanner sees it.
  const at = (i: number): number => (i < b.length ? b[i] : 0);

  const scanString = (): Tok => {
    // pos is just past the opening quote.
    const parts: number[] = [];
    let i = pos;
    let simpleFrom = i;
    const flush = (to: number): void => {
      for (let j = simpleFrom; j < to; j++) parts.push(b[j]);
    };
    for (;;) {
      const c = at(i);
      if (c < 0x20) return { t: 'error', code: PHP_JSON_ERROR.CTRL_CHAR };
      if (c === 0x22) {
        flush(i);
        pos = i + 1;
        return { t: 'string', v: Buffer.from(parts).toString('utf8') };
      }
      if (c === 0x5c) {
        flush(i);
        const e = at(i + 1);
        const simple: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };
        if (e in simple) {
          parts.push(simple[e]);
          i += 2;
        } else if (e === 0x75 && isHex(at(i + 2)) && isHex(at(i + 3)) && isHex(at(i + 4)) && isHex(at(i + 5))) {
          const u = (hexVal(at(i + 2)) << 12) | (hexVal(at(i + 3)) << 8) | (hexVal(at(i + 4)) << 4) | hexVal(at(i + 5));
          if (u >= 0xd800 && u <= 0xdbff) {
            const j = i + 6;
            const lowOk = at(j) === 0x5c && at(j + 1) === 0x75 && [2, 3, 4, 5].every((k) => isHex(at(j + k)));
            const lo = lowOk ? (hexVal(at(j + 2)) << 12) | (hexVal(at(j + 3)) << 8) | (hexVal(at(j + 4)) << 4) | hexVal(at(j + 5)) : -1;
            if (lo < 0xdc00 || lo > 0xdfff) return { t: 'error', code: PHP_JSON_ERROR.UTF16 };
            parts.push(...Buffer.from(String.fromCharCode(u, lo), 'utf8'));
            i += 12;
          } else if (u >= 0xdc00 && u <= 0xdfff) {
            return { t: 'error', code: PHP_JSON_ERROR.UTF16 };
          } else {
            parts.push(...Buffer.from(String.fromCharCode(u), 'utf8'));
            i += 6;
          }
        } else {
          return { t: 'error', code: PHP_JSON_ERROR.SYNTAX };
        }
        simpleFrom = i;
        continue;
      }
      const n = utf8Len(b, i);
      if (n === 0) return { t: 'error', code: PHP_JSON_ERROR.UTF8 };
      i += n;
    }
  };

  const next = (): Tok => {
    for (;;) {
      const c = at(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        pos++;
        continue;
      }
      switch (c) {
        case 0x7b:
          pos++;
          return { t: '{' };
        case 0x7d:
          pos++;
          return { t: '}' };
        case 0x5b:
          pos++;
          return { t: '[' };
        case 0x5d:
          pos++;
          return { t: ']' };
        case 0x3a:
          pos++;
          return { t: ':' };
        case 0x2c:
          pos++;
          return { t: ',' };
        case 0x22:
          pos++;
          return scanString();
        case 0:
          // NUL: the end of input, or a control character in the middle.
          if (pos >= b.length) return { t: 'eoi' };
          return { t: 'error', code: PHP_JSON_ERROR.CTRL_CHAR };
      }
      if (latin.startsWith('null', pos)) {
        pos += 4;
        return { t: 'value', v: null };
      }
      if (latin.startsWith('true', pos)) {
        pos += 4;
        return { t: 'value', v: true };
      }
      if (latin.startsWith('false', pos)) {
        pos += 5;
        return { t: 'value', v: false };
      }
      INT_RE.lastIndex = pos;
      const im = INT_RE.exec(latin);
      if (im) {
        // Longest match: an integer, or a float when a fraction or exponent follows in full.
        NUM_TAIL.lastIndex = pos + im[0].length;
        const tail = NUM_TAIL.exec(latin)![0];
        const numText = im[0] + tail;
        pos += numText.length;
        if (tail === '') return { t: 'value', v: phpJsonInteger(numText) };
        return { t: 'value', v: Number(numText) };
      }
      if (c < 0x20) return { t: 'error', code: PHP_JSON_ERROR.CTRL_CHAR };
      // Any other valid character is a syntax error; an invalid byte is a UTF-8 error.
      return { t: 'error', code: utf8Len(b, pos) === 0 ? PHP_JSON_ERROR.UTF8 : PHP_JSON_ERROR.SYNTAX };
    }
  };

  const unexpected = (tok: Tok): Fail => new Fail(tok.t === 'error' ? tok.code : PHP_JSON_ERROR.SYNTAX);
  let depth = 1;

  const value = (tok: Tok): HostValue => {
    if (tok.t === 'value' || tok.t === 'string') return tok.v;
    if (tok.t === '[' || tok.t === '{') {
      if (depth >= maxDepth) throw new Fail(PHP_JSON_ERROR.DEPTH);
      depth++;
      const v = tok.t === '[' ? array() : object();
      depth--;
      return v;
    }
    throw unexpected(tok);
  };

  const array = (): HostValue => {
    const items: HostValue[] = [];
    let tok = next();
    if (tok.t === ']') return items;
    if (tok.t === '}') throw new Fail(PHP_JSON_ERROR.STATE_MISMATCH);
    for (;;) {
      items.push(value(tok));
      tok = next();
      if (tok.t === ',') {
        tok = next();
        continue;
      }
      if (tok.t === ']') return items;
      if (tok.t === '}') throw new Fail(PHP_JSON_ERROR.STATE_MISMATCH);
      throw unexpected(tok);
    }
  };

  const object = (): HostValue => {
    const m: HostMap = assoc ? new Map() : new PhpObject();
    let tok = next();
    if (tok.t === '}') return assoc ? [] : m;
    if (tok.t === ']') throw new Fail(PHP_JSON_ERROR.STATE_MISMATCH);
    for (;;) {
      if (tok.t !== 'string') throw unexpected(tok);
      const key = tok.v;
      tok = next();
      if (tok.t !== ':') throw unexpected(tok);
      const v = value(next());
      if (!assoc && key.length > 0 && key.charCodeAt(0) === 0) throw new Fail(PHP_JSON_ERROR.INVALID_PROPERTY_NAME);
      m.set(key, v);
      tok = next();
      if (tok.t === ',') {
        tok = next();
        continue;
      }
      if (tok.t === '}') return assoc ? phpArray(m) : m;
      if (tok.t === ']') throw new Fail(PHP_JSON_ERROR.STATE_MISMATCH);
      throw unexpected(tok);
    }
  };

  try {
    const v = value(next());
    const end = next();
    if (end.t !== 'eoi') throw unexpected(end);
    return v;
  } catch (e) {
    if (e instanceof Fail) throw new PhpJsonError(e.code);
    throw e;
  }
}
