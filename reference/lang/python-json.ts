/**
 * CPython 3.11's `json.loads` as PyJWT calls it on decoded token segments (bytes): the encoding
 * it detects, the UTF-8 decoding (`surrogatepass`) with the codec's error messages, and the C
 * scanner's values and `JSONDecodeError` messages. Values come out as {@link HostValue}s: ints
 * exact, floats doubles (NaN and the infinities included), dicts keeping first position and last
 * value of a repeated key.
 */
import type { HostMap, HostValue } from './host.ts';
import { LibraryError, UnsupportedInput } from './lang.ts';

/** Deeper nesting hits CPython's recursion limit (a RecursionError), which is not modelled. */
const MAX_DEPTH = 200;
/** `sys.int_info.default_max_str_digits`: longer integer literals raise ValueError. */
const MAX_INT_DIGITS = 4300;

const decodeError = (range: [number, number], bytes: Uint8Array, reason: string): LibraryError => {
  const [start, end] = range;
  const what = end - start === 1 ? `byte 0x${bytes[start].toString(16).padStart(2, '0')} in position ${start}` : `bytes in position ${start}-${end - 1}`;
  return new LibraryError('UnicodeDecodeError', `'utf-8' codec can't decode ${what}: ${reason}`);
};

/** `bytes.decode("utf-8", "surrogatepass")`, with the codec's messages for invalid input. */
export function pyDecodeUtf8(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    // surrogatepass: ED A0..BF 80..BF is an encoded surrogate, taken as it is.
    if (b === 0xed && i + 2 < bytes.length && bytes[i + 1] >= 0xa0 && bytes[i + 1] <= 0xbf && (bytes[i + 2] & 0xc0) === 0x80) {
      out += String.fromCharCode(0xd000 | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f));
      i += 3;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else throw decodeError([i, i + 1], bytes, 'invalid start byte');
    let k = 0;
    while (k < need && i + 1 + k < bytes.length) {
      const c = bytes[i + 1 + k];
      const ok = k === 0 ? c >= lo && c <= hi : (c & 0xc0) === 0x80;
      if (!ok) break;
      k++;
    }
    if (k < need) {
      if (i + 1 + k >= bytes.length) throw decodeError([i, bytes.length], bytes, 'unexpected end of data');
      throw decodeError([i, i + 1 + k], bytes, 'invalid continuation byte');
    }
    out += Buffer.from(bytes.subarray(i, i + 1 + need)).toString('utf8');
    i += 1 + need;
  }
  return out;
}

/** `json.detect_encoding(b)`: only UTF-8 (with or without BOM) is modelled. */
function detectUtf8(b: Uint8Array): Uint8Array {
  const startsWith = (...xs: number[]): boolean => xs.every((x, i) => b[i] === x);
  if (startsWith(0xef, 0xbb, 0xbf)) return b.subarray(3);
  const wide = startsWith(0x00, 0x00, 0xfe, 0xff) || startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff) || (b.length >= 4 && (b[0] === 0 || b[1] === 0)) || (b.length === 2 && (b[0] === 0 || b[1] === 0));
  if (wide) throw new UnsupportedInput('a JSON text json.loads reads as UTF-16 or UTF-32 (json.detect_encoding) is not modelled');
  return b;
}

/** `json.loads(b)` of bytes. */
export function pyJsonLoadsBytes(bytes: Uint8Array): HostValue {
  return pyJsonLoads(pyDecodeUtf8(detectUtf8(bytes)));
}

class Fail {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {}
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** `json.loads(s)` of a str, as the C scanner reads it. */
export function pyJsonLoads(text: string): HostValue {
  const s = Array.from(text);
  const ws = (i: number): number => {
    while (i < s.length && WS.has(s[i])) i++;
    return i;
  };
  const at = (i: number, word: string): boolean => s.slice(i, i + word.length).join('') === word;

  const string = (start: number): [string, number] => {
    // `start` is just past the opening quote.
    let out = '';
    let i = start;
    for (;;) {
      if (i >= s.length) throw new Fail('Unterminated string starting at', start - 1);
      const c = s[i];
      if (c === '"') return [out, i + 1];
      if (c !== '\\') {
        if (c.codePointAt(0)! < 0x20) throw new Fail('Invalid control character at', i);
        out += c;
        i++;
        continue;
      }
      if (i + 1 >= s.length) throw new Fail('Unterminated string starting at', start - 1);
      const e = s[i + 1];
      if (e === 'u') {
        const hex = (j: number): number | undefined => {
          const h = s.slice(j, j + 4).join('');
          return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : undefined;
        };
        const u = hex(i + 2);
        if (u === undefined) throw new Fail('Invalid \\uXXXX escape', i + 1);
        let cp = u;
        i += 6;
        // A high surrogate followed by an escaped low one is one character.
        if (u >= 0xd800 && u <= 0xdbff && s[i] === '\\' && s[i + 1] === 'u') {
          const v = hex(i + 2);
          if (v !== undefined && v >= 0xdc00 && v <= 0xdfff) {
            cp = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
            i += 6;
          }
        }
        out += String.fromCodePoint(cp);
        continue;
      }
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (!(e in simple)) throw new Fail('Invalid \\escape', i);
      out += simple[e];
      i += 2;
    }
  };

  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  // The C scanner's _match_number_unicode: ASCII digits, a fraction only with a digit after the
  // point, an exponent only with digits (else it backs off and leaves the "e" unread).
  const number = (i: number): [HostValue, number] | undefined => {
    let j = i;
    if (s[j] === '-') j++;
    if (s[j] === '0') j++;
    else if (isDigit(s[j]) && s[j] !== '0') while (isDigit(s[j])) j++;
    else return undefined;
    let isFloat = false;
    if (s[j] === '.' && isDigit(s[j + 1])) {
      isFloat = true;
      j += 2;
      while (isDigit(s[j])) j++;
    }
    if (s[j] === 'e' || s[j] === 'E') {
      let k = j + 1;
      if (s[k] === '-' || s[k] === '+') k++;
      if (isDigit(s[k])) {
        while (isDigit(s[k])) k++;
        isFloat = true;
        j = k;
      }
    }
    const t = s.slice(i, j).join('');
    if (isFloat) return [Number(t), j];
    const digits = t.replace('-', '').length;
    if (digits > MAX_INT_DIGITS) {
      throw new LibraryError('ValueError', `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`);
    }
    return [BigInt(t), j];
  };

  const value = (i: number, depth: number): [HostValue, number] => {
    if (depth > MAX_DEPTH) throw new UnsupportedInput("JSON nested deeper than CPython's recursion limit is not modelled");
    const c = s[i];
    if (c === '"') return string(i + 1);
    if (c === '{') return object(i + 1, depth + 1);
    if (c === '[') return array(i + 1, depth + 1);
    if (c === 'n' && at(i, 'null')) return [null, i + 4];
    if (c === 't' && at(i, 'true')) return [true, i + 4];
    if (c === 'f' && at(i, 'false')) return [false, i + 5];
    if (c === 'N' && at(i, 'NaN')) return [NaN, i + 3];
    if (c === 'I' && at(i, 'Infinity')) return [Infinity, i + 8];
    if (c === '-' && at(i, '-Infinity')) return [-Infinity, i + 9];
    const n = i < s.length ? number(i) : undefined;
    if (n) return n;
    throw new Fail('Expecting value', i);
  };

  const object = (start: number, depth: number): [HostMap, number] => {
    const out: HostMap = new Map();
    let i = ws(start);
    if (s[i] === '}') return [out, i + 1];
    for (;;) {
      if (s[i] !== '"') throw new Fail('Expecting property name enclosed in double quotes', i);
      const [key, afterKey] = string(i + 1);
      i = ws(afterKey);
      if (s[i] !== ':') throw new Fail("Expecting ':' delimiter", i);
      i = ws(i + 1);
      const [v, afterValue] = value(i, depth);
      out.set(key, v);
      i = ws(afterValue);
      if (s[i] === '}') return [out, i + 1];
      if (s[i] !== ',') throw new Fail("Expecting ',' delimiter", i);
      i = ws(i + 1);
    }
  };

  const array = (start: number, depth: number): [HostValue[], number] => {
    const out: HostValue[] = [];
    let i = ws(start);
    if (s[i] === ']') return [out, i + 1];
    for (;;) {
      const [v, after] = value(i, depth);
      out.push(v);
      i = ws(after);
      if (s[i] === ']') return [out, i + 1];
      if (s[i] !== ',') throw new Fail("Expecting ',' delimiter", i);
      i = ws(i + 1);
    }
  };

  try {
    const [v, end] = value(ws(0), 0);
    const rest = ws(end);
    if (rest !== s.length) throw new Fail('Extra data', rest);
    return v;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    // JSONDecodeError: "msg: line L column C (char P)", positions in code points.
    const before = s.slice(0, e.pos);
    const line = before.filter((c) => c === '\n').length + 1;
    const column = e.pos - before.lastIndexOf('\n');
    throw new LibraryError('JSONDecodeError', `${e.msg}: line ${line} column ${column} (char ${e.pos})`);
  }
}
