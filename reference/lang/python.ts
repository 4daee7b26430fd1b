import { JsonNumber, JsonObject, type JsonValue } from '../json/value.ts';
import { formatFloat, isHostMap, MAX_SAFE, MIN_SAFE, type HostMap, type HostValue } from './host.ts';
import { LibraryError, type Lang } from './lang.ts';
import { PYTHON_UNPRINTABLE } from './python-unprintable.ts';

/** `json.loads`: integer text → int, anything with a fraction or exponent → float; last duplicate wins. */
function fromJson(v: JsonValue): HostValue {
  if (v instanceof JsonNumber) return v.isIntegerText ? BigInt(v.text) : Number(v.text);
  if (Array.isArray(v)) return v.map(fromJson);
  if (v instanceof JsonObject) {
    const m: HostMap = new Map();
    for (const [k, x] of v.entries) m.set(k, fromJson(x));
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

/** Python's name for the type of a value, as error messages print it. */
export function pyTypeName(v: HostValue | undefined): string {
  if (v === undefined || v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'str';
  }
  return Array.isArray(v) ? 'list' : 'dict';
}

export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // repr switches to scientific below 1e-4 and from 1e16 on.
  return formatFloat(x, { fixed: (e) => e >= -4 && e < 16, oneDigitMantissaSuffix: '' });
}

/**
 * Python's `str.isprintable` per code point, which decides what `repr` escapes. It follows
 * CPython's own Unicode database (a table generated from CPython 3.11), not the JavaScript
 * engine's: code points assigned after Unicode 14 are unprintable to Python 3.11.
 */
function pyPrintable(cp: number): boolean {
  let lo = 0;
  let hi = PYTHON_UNPRINTABLE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = PYTHON_UNPRINTABLE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return false;
  }
  return true;
}

function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (!pyPrintable(cp)) {
      if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's `repr()`. */
export function pyRepr(v: HostValue | undefined): string {
  if (v === undefined || v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return v.toString();
    case 'number':
      return pyFloatRepr(v);
    case 'string':
      return reprStr(v);
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${[...(v as HostMap)].map(([k, x]) => `${reprStr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** Python's `str()`. */
export function pyStr(v: HostValue | undefined): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** `json.dumps(..., ensure_ascii=True)`: every code unit outside printable ASCII becomes `\uXXXX`. */
/** Printable ASCII other than `"` and `\`: written as is by every encoder here. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function dumpStr(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
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

/** Python compares str by code point, not by UTF-16 code unit. */
function codePointCompare(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function dumps(v: HostValue, sortKeys: boolean): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return pyFloatRepr(v);
    case 'string':
      return dumpStr(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => dumps(x, sortKeys)).join(',')}]`;
  const m = v as HostMap;
  const keys = [...m.keys()];
  if (sortKeys) keys.sort(codePointCompare);
  return `{${keys.map((k) => `${dumpStr(k)}:${dumps(m.get(k)!, sortKeys)}`).join(',')}}`;
}

function add(now: HostValue, ttl: HostValue | undefined): HostValue {
  const asInt = (x: HostValue | undefined): bigint | undefined => (typeof x === 'bigint' ? x : typeof x === 'boolean' ? (x ? 1n : 0n) : undefined);
  const a = asInt(now);
  const b = asInt(ttl);
  if (a !== undefined && b !== undefined) return a + b;
  if (typeof ttl === 'number' && a !== undefined) {
    const af = Number(a);
    if (!Number.isFinite(af)) throw new LibraryError('OverflowError', 'int too large to convert to float');
    return af + ttl;
  }
  throw new LibraryError('TypeError', `unsupported operand type(s) for +: '${pyTypeName(now)}' and '${pyTypeName(ttl)}'`);
}

/** CPython with `json` as PyJWT calls it. */
export const python: Lang = {
  name: 'python',
  fromJson,
  fromNative,
  truthy(v) {
    if (v === undefined || v === null || v === false || v === '' || v === 0n) return false;
    if (typeof v === 'number') return v !== 0;
    if (Array.isArray(v)) return v.length > 0;
    if (isHostMap(v)) return v.size > 0;
    return true;
  },
  str: pyStr,
  // int(time.time()) truncates toward zero.
  nowSeconds: (ms) => BigInt(Math.trunc(ms / 1000)),
  add,
  stringify: (v, o) => dumps(v, o?.sortKeys ?? false),
  safeInteger: (v) => (typeof v === 'bigint' && v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : undefined),
};
