import { JsonNumber, JsonObject, type JsonValue } from '../json/value.ts';
import { formatFloat, MAX_SAFE, MIN_SAFE, type HostMap, type HostValue } from './host.ts';
import { LibraryError, UnsupportedInput, type Lang } from './lang.ts';
import { RUBY_UNPRINTABLE } from './ruby-unprintable.ts';

/** `JSON.parse`: integer text → Integer (exact), a fraction or exponent → Float; last duplicate wins. */
function fromJson(v: JsonValue): HostValue {
  if (typeof v === 'string' && /[\ud800-\udbff](?![\udc00-\udfff])/.test(v)) {
    // json 2.6 refuses an unpaired high surrogate ("incomplete surrogate pair"): Ruby never sees it.
    throw new UnsupportedInput("a string with an unpaired high surrogate, which Ruby's JSON parser rejects");
  }
  if (v instanceof JsonNumber) return v.isIntegerText ? BigInt(v.text) : Number(v.text);
  if (Array.isArray(v)) return v.map(fromJson);
  if (v instanceof JsonObject) {
    const m: HostMap = new Map();
    for (const [k, x] of v.entries) m.set(fromJson(k) as string, fromJson(x));
    return m;
  }
  return v;
}

function fromNative(v: unknown): HostValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(fromNative);
  if (typeof v === 'object') {
    const m: HostMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) m.set(k, fromNative(x));
    return m;
  }
  throw new TypeError(`cannot use a ${typeof v} as a token input value`);
}

export function rbFloatToS(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  // Measured on Ruby 3.1: scientific below 1e-4, and from 1e15 on unless a 16-digit integer part
  // still has a fractional digit (1234567890123456.8 stays fixed, 1e15 prints as 1.0e+15).
  return formatFloat(x, { fixed: (e, n) => e >= -4 && (e < 15 || (e === 15 && n > 16)), oneDigitMantissaSuffix: '.0' });
}

/** Ruby's class name of a value, as error messages print it. */
export function rbClassName(v: HostValue | undefined): string {
  if (v === undefined || v === null) return 'NilClass';
  switch (typeof v) {
    case 'boolean':
      return v ? 'TrueClass' : 'FalseClass';
    case 'bigint':
      return 'Integer';
    case 'number':
      return 'Float';
    case 'string':
      return 'String';
  }
  return Array.isArray(v) ? 'Array' : 'Hash';
}

const INSPECT_SPECIAL: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
};

/** Whether Ruby 3.1's `String#inspect` prints a code point as it is (binary search of its table). */
function rbPrintable(cp: number): boolean {
  let lo = 0;
  let hi = RUBY_UNPRINTABLE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = RUBY_UNPRINTABLE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return false;
  }
  return true;
}

/** `String#inspect` of a UTF-8 string (measured on Ruby 3.1). */
function inspectStr(s: string): string {
  let out = '"';
  const chars = [...s];
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (INSPECT_SPECIAL[ch]) out += INSPECT_SPECIAL[ch];
    // `#` is escaped only where it would start an interpolation.
    else if (ch === '#' && ['{', '$', '@'].includes(chars[i + 1])) out += '\\#';
    // A lone surrogate reaches Ruby as three invalid bytes (see rubyStringBytes), shown as \xHH each.
    else if (cp >= 0xd800 && cp <= 0xdfff) out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `\\x${b.toString(16).toUpperCase()}`).join('');
    // Controls, separators other than blanks, and code points unassigned in Ruby's Unicode tables.
    else if (!rbPrintable(cp)) out += cp < 0x10000 ? `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}` : `\\u{${cp.toString(16).toUpperCase()}}`;
    else out += ch;
  });
  return out + '"';
}

/** Ruby 3.1's `inspect`. */
export function rbInspect(v: HostValue | undefined): string {
  if (v === undefined || v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return rbFloatToS(v);
    case 'string':
      return inspectStr(v);
  }
  if (Array.isArray(v)) return `[${v.map(rbInspect).join(', ')}]`;
  return `{${[...(v as HostMap)].map(([k, x]) => `${inspectStr(k)}=>${rbInspect(x)}`).join(', ')}}`;
}

/** Ruby's `to_s`, as string interpolation calls it. */
export function rbToS(v: HostValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return rbFloatToS(v);
  return rbInspect(v);
}

/** `JSON.generate`: raw UTF-8; only `"`, `\` and C0 controls are escaped. */
function generateStr(s: string): string {
  // Printable ASCII other than `"` and `\` is written as is.
  if (/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(s)) return `"${s}"`;
  if (/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    throw new LibraryError('JSON::GeneratorError', 'source sequence is illegal/malformed utf-8');
  }
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
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
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      default:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
    }
  }
  return out + s.slice(start) + '"';
}

function generate(v: HostValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new LibraryError('JSON::GeneratorError', `${rbFloatToS(v)} not allowed in JSON`);
      return rbFloatToS(v);
    case 'string':
      return generateStr(v);
  }
  if (Array.isArray(v)) return `[${v.map(generate).join(',')}]`;
  return `{${[...(v as HostMap)].map(([k, x]) => `${generateStr(k)}:${generate(x)}`).join(',')}}`;
}

function add(now: HostValue, ttl: HostValue | undefined): HostValue {
  if (typeof now === 'bigint' && typeof ttl === 'bigint') return now + ttl;
  if (typeof now === 'bigint' && typeof ttl === 'number') return Number(now) + ttl;
  // Ruby names special constants by value and everything else by class.
  const what = ttl === undefined || ttl === null ? 'nil' : typeof ttl === 'boolean' ? String(ttl) : rbClassName(ttl);
  throw new LibraryError('TypeError', `${what} can't be coerced into Integer`);
}

/** MRI Ruby with the `json` gem, as ruby-jwt calls it. */
export const ruby: Lang = {
  name: 'ruby',
  fromJson,
  fromNative,
  truthy: (v) => v !== undefined && v !== null && v !== false,
  str: rbToS,
  nowSeconds: (ms) => BigInt(Math.floor(ms / 1000)),
  add,
  stringify: (v) => generate(v),
  safeInteger: (v) => (typeof v === 'bigint' && v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : undefined),
};
