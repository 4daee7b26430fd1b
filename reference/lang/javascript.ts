import { JsonNumber, type JsonValue } from '../json/value.ts';
import { isHostMap, type HostMap, type HostValue } from './host.ts';
import { LibraryError, type Lang } from './lang.ts';

/** Canonical array-index keys, which JavaScript objects enumerate first, in ascending order. */
function isArrayIndexKey(k: string): boolean {
  // Most keys do not start with a digit; only those need the full test.
  const c = k.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^(?:0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;
}

/** Whether a map has a key that JavaScript would move to the front. */
function hasArrayIndexKey(m: HostMap): boolean {
  for (const k of m.keys()) if (isArrayIndexKey(k)) return true;
  return false;
}

/** A string as JSON.stringify writes it; plain ASCII needs no escaping (the common case). */
function quote(s: string): string {
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** Keys of a map in the order a JavaScript object with the same insertions would enumerate them. */
export function jsKeyOrder(m: HostMap): string[] {
  const ints: string[] = [];
  const rest: string[] = [];
  for (const k of m.keys()) (isArrayIndexKey(k) ? ints : rest).push(k);
  ints.sort((a, b) => Number(a) - Number(b));
  return ints.length ? ints.concat(rest) : rest;
}

function fromPlain(v: unknown): HostValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === 'object') {
    const m: HostMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) m.set(k, fromPlain(x));
    }
    return m;
  }
  throw new TypeError(`cannot use a ${typeof v} as a token input value`);
}

function stringify(v: HostValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      throw new LibraryError('TypeError', 'Do not know how to serialize a BigInt');
    case 'string':
      // JSON.stringify of a string is exactly the escaping we need (well-formed since ES2019).
      return quote(v);
  }
  if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
  const m = v as HostMap;
  let out = '{';
  let first = true;
  if (hasArrayIndexKey(m)) {
    for (const k of jsKeyOrder(m)) {
      out += `${first ? '' : ','}${quote(k)}:${stringify(m.get(k)!)}`;
      first = false;
    }
  } else {
    for (const [k, x] of m) {
      out += `${first ? '' : ','}${quote(k)}:${stringify(x)}`;
      first = false;
    }
  }
  return `${out}}`;
}

function str(v: HostValue | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.map((x) => (x === null ? '' : str(x))).join(',');
  if (isHostMap(v)) return '[object Object]';
  return String(v);
}

/**
 * What `JSON.parse` makes of a value, read straight from the lossless tree: numbers are the double
 * nearest their text (`Number` and `JSON.parse` round alike), the last duplicate wins in the
 * first one's place, and array-index keys move to the front in ascending order. A property test
 * holds it equal to a real `JSON.parse` of the written text.
 */
function fromJson(v: JsonValue): HostValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof JsonNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map(fromJson);
  const m: HostMap = new Map();
  for (const [k, x] of v.entries) m.set(k, fromJson(x));
  if (!hasArrayIndexKey(m)) return m;
  return new Map(jsKeyOrder(m).map((k) => [k, m.get(k)!]));
}

/** JavaScript as twilio-node runs it: `JSON.parse`, `JSON.stringify`, doubles, JS truthiness. */
export const javascript: Lang = {
  name: 'javascript',
  fromJson,
  fromNative: fromPlain,
  truthy(v) {
    if (v === undefined || v === null || v === false || v === '') return false;
    if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
    return true;
  },
  str,
  nowSeconds: (ms) => Math.floor(ms / 1000),
  add(now, ttl) {
    // JavaScript's `+`: numeric for numbers, booleans and null; string concatenation otherwise.
    const numeric = (x: HostValue | undefined): number | undefined => (typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : x === null ? 0 : undefined);
    const a = numeric(now);
    const b = numeric(ttl);
    if (a !== undefined && b !== undefined) return a + b;
    return str(now) + str(ttl);
  },
  stringify: (v) => stringify(v),
  // Every JavaScript number is a double; `+ 0` turns -0 into the 0 that JSON.stringify writes.
  safeInteger: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v + 0 : undefined),
};
