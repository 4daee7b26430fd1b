/**
 * PHP 8's numbers and the coercions between strings, ints and floats: numeric strings, `intval`,
 * `floatval`, `is_numeric`, `(string)`, truthiness, the `+` operator, and what a typed parameter
 * does with an argument in PHP's default (coercive, non-strict) mode.
 *
 * A numeric string (PHP 8, "saner numeric strings") is optional whitespace (space, `\t`, `\n`,
 * `\r`, `\v`, `\f`), an optional sign, digits with an optional fraction (`5.` and `.5` count) and
 * exponent, then optional whitespace. A string that only starts like one (`"60abc"`) is
 * "leading-numeric": `intval` and `+` read its prefix (`+` with a warning), a typed parameter
 * refuses it. Integers beyond the int range are floats; `-9223372036854775808` is still an int.
 */
import type { HostValue } from '../host.ts';
import { LibraryError } from '../lang.ts';
import { phpFloatToString, phpGcvt } from './float.ts';
import { isPhpArray, isPhpObject, PHP_INT_MAX, PHP_INT_MIN, phpArrayUnion, phpTypeName } from './values.ts';

/** The whitespace PHP's numeric-string reader skips (its own list, not `isspace`'s locale). */
const WS = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;
/** The digits of -PHP_INT_MIN: a 19-digit integer from here up overflows (unless negative and equal). */
const LONG_MIN_DIGITS = '9223372036854775808';

/** What PHP's numeric-string reader (`_is_numeric_string_ex`) makes of a string. */
export type PhpNumeric = { type: 'int'; value: bigint; trailing: boolean } | { type: 'float'; value: number; trailing: boolean };

/** C's `strcmp` from a position to the string's end (or first NUL) against ASCII digits. */
function strcmpFrom(s: string, from: number, digits: string): number {
  const nul = s.indexOf('\0', from);
  const a = s.slice(from, nul === -1 ? s.length : nul);
  // Non-ASCII characters are UTF-8 bytes >= 0x80, above every digit, as their code units are.
  return a < digits ? -1 : a > digits ? 1 : 0;
}

/**
 * `_is_numeric_string_ex`: the number a string holds, or `undefined`. With `allowErrors`, a
 * leading-numeric string gives its prefix with `trailing: true`; without, it is not numeric.
 */
export function phpNumericString(s: string, allowErrors: boolean): PhpNumeric | undefined {
  let start = 0;
  while (start < s.length && WS.has(s[start])) start++;
  let p = start;
  if (s[p] === '-' || s[p] === '+') p++;
  const m = NUMBER.exec(s.slice(p));
  if (!m) return undefined;
  const end = p + m[0].length;
  let after = end;
  while (after < s.length && WS.has(s[after])) after++;
  const trailing = after !== s.length;
  if (trailing && !allowErrors) return undefined;
  const text = s.slice(start, end);
  if (/[.eE]/.test(m[0])) return { type: 'float', value: Number(text), trailing };
  const digits = m[0].replace(/^0+/, '');
  if (digits.length >= 20) return { type: 'float', value: Number(text), trailing };
  if (digits.length === 19) {
    // PHP compares the digits, and whatever follows them up to the end of the string, with those
    // of 2^63: "-9223372036854775808 " (trailing space) is a float. Its reader also steps onto the
    // sign of an exponent that has no digits ("...e+"), so the comparison starts one character
    // late there, and an int that then slips through wraps around 2^64.
    const late = /[eE]/.test(s[end] ?? '') && /[+-]/.test(s[end + 1] ?? '') ? 1 : 0;
    const cmp = strcmpFrom(s, end + late - 19, LONG_MIN_DIGITS);
    if (!(cmp < 0 || (cmp === 0 && s[start] === '-'))) return { type: 'float', value: Number(text), trailing };
  }
  const n = BigInt(digits || '0');
  return { type: 'int', value: BigInt.asIntN(64, s[start] === '-' ? -n : n), trailing };
}

/** `is_numeric($v)`: ints, floats, and whole numeric strings (surrounding whitespace allowed). */
export function phpIsNumeric(v: HostValue | undefined): boolean {
  if (typeof v === 'bigint' || typeof v === 'number') return true;
  return typeof v === 'string' && phpNumericString(v, false) !== undefined;
}

const TWO_63 = 2 ** 63;

/** `ZEND_DOUBLE_FITS_LONG`: -2^63 <= d < 2^63 (2^63 itself does not fit). */
export function phpFloatFitsInt(d: number): boolean {
  return d >= -TWO_63 && d < TWO_63;
}

/** `(int)$f` (`zend_dval_to_lval`): truncation; NaN and ±INF are 0; out of range wraps modulo 2^64. */
export function phpFloatToInt(d: number): bigint {
  if (!Number.isFinite(d)) return 0n;
  const t = BigInt(Math.trunc(d));
  return phpFloatFitsInt(d) ? t : BigInt.asIntN(64, t);
}

/** `zend_dval_to_lval_cap`, used for numeric strings: out of range saturates, NaN and ±INF are 0. */
function floatToIntCapped(d: number): bigint {
  if (!Number.isFinite(d)) return 0n;
  if (!phpFloatFitsInt(d)) return d > 0 ? PHP_INT_MAX : PHP_INT_MIN;
  return BigInt(Math.trunc(d));
}

/** `intval($v)` / `(int)$v` (base 10). */
export function phpIntval(v: HostValue | undefined): bigint {
  if (v === undefined || v === null || v === false) return 0n;
  if (v === true) return 1n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return phpFloatToInt(v);
  if (typeof v === 'string') {
    const n = phpNumericString(v, true);
    if (!n) return 0n;
    return n.type === 'int' ? n.value : floatToIntCapped(n.value);
  }
  // Arrays: 0 when empty, 1 otherwise; objects warn and give 1.
  return isPhpArray(v) ? (sizeOf(v) === 0 ? 0n : 1n) : 1n;
}

/** The `strtod` prefix PHP's `floatval` reads: after whitespace, a sign, digits, fraction, exponent. */
const STRTOD = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

/** `floatval($v)` / `(float)$v`. A string is read by `strtod`, so `"-0"` is `-0.0`. */
export function phpFloatval(v: HostValue | undefined): number {
  if (v === undefined || v === null || v === false) return 0;
  if (v === true) return 1;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    let i = 0;
    while (i < v.length && WS.has(v[i])) i++;
    const m = STRTOD.exec(v.slice(i));
    return m ? Number(m[0]) : 0;
  }
  return isPhpArray(v) ? (sizeOf(v) === 0 ? 0 : 1) : 1;
}

function sizeOf(a: HostValue[] | Map<string, HostValue>): number {
  return Array.isArray(a) ? a.length : a.size;
}

/** PHP's truthiness: `null`, `false`, `0`, `0.0`, `-0.0`, `""`, `"0"` and the empty array are false; NAN, `"0.0"`, `" "` and every object are true. */
export function phpTruthy(v: HostValue | undefined): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '' && v !== '0';
  if (isPhpObject(v)) return true;
  return sizeOf(v as HostValue[]) > 0;
}

/**
 * `(string)$v` under `precision` (default 14). Arrays become `"Array"` (PHP warns "Array to
 * string conversion"); a `stdClass` cannot be converted and throws PHP's `Error`.
 */
export function phpToString(v: HostValue | undefined, precision = 14): string {
  if (v === undefined || v === null || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return phpFloatToString(v, precision);
  if (isPhpObject(v)) throw new LibraryError('Error', 'Object of class stdClass could not be converted to string');
  return 'Array';
}

/** The type a parameter declares (scalar types coerce in PHP's default mode; `array` does not). */
export type PhpParamType = 'int' | 'float' | 'string' | 'bool' | 'array';

/**
 * What passing an argument to a typed parameter gives, in coercive mode: the value the function
 * sees and the deprecations PHP raised, or a TypeError (the caller words it:
 * `f(): Argument #1 ($x) must be of type ${expected}, ${given} given`).
 */
export type PhpArgument = { ok: true; value: HostValue; notices: string[] } | { ok: false; expected: string; given: string };

/**
 * Pass `v` to a parameter of type `type` (`?type` when `nullable`) of a user function without
 * `strict_types` (`zend_verify_weak_scalar_type_hint`):
 *
 * - `int`: ints; integral floats in range; numeric strings (whole, whitespace allowed) whose value
 *   fits; bools as 0/1. A fractional float or float-string is truncated with a deprecation
 *   ("Implicit conversion from float 1.5 to int loses precision").
 * - `float`: ints, floats, numeric strings (`"-0"` is int 0, so 0.0), bools.
 * - `string`: strings, ints, floats under `precision` (`0.30000000000000004` → `"0.3"`), bools (`"1"`/`""`).
 * - `bool`: scalars by truthiness.
 * - `array`: arrays only.
 * `null` only where nullable; arrays and objects never coerce to scalars.
 */
export function phpCoerceArgument(v: HostValue | undefined, type: PhpParamType, nullable = false, precision = 14): PhpArgument {
  const expected = nullable ? `?${type}` : type;
  const refuse = (): PhpArgument => ({ ok: false, expected, given: phpTypeName(v) });
  const accept = (value: HostValue, notices: string[] = []): PhpArgument => ({ ok: true, value, notices });
  if (v === undefined || v === null) return nullable ? accept(null) : refuse();
  if (type === 'array') return isPhpArray(v) ? accept(v) : refuse();
  if (typeof v === 'object') return refuse();
  switch (type) {
    case 'int': {
      if (typeof v === 'bigint') return accept(v);
      if (typeof v === 'boolean') return accept(v ? 1n : 0n);
      let d: number;
      let what: string;
      if (typeof v === 'number') {
        d = v;
        what = `float ${phpGcvt(v, -1, 'E')}`;
      } else {
        const n = phpNumericString(v, false);
        if (!n) return refuse();
        if (n.type === 'int') return accept(n.value);
        d = n.value;
        what = `float-string "${v}"`;
      }
      if (Number.isNaN(d) || !phpFloatFitsInt(d)) return refuse();
      const i = BigInt(Math.trunc(d));
      return Number.isInteger(d) ? accept(i) : accept(i, [`Implicit conversion from ${what} to int loses precision`]);
    }
    case 'float': {
      if (typeof v === 'number') return accept(v);
      if (typeof v === 'bigint') return accept(Number(v));
      if (typeof v === 'boolean') return accept(v ? 1 : 0);
      const n = phpNumericString(v, false);
      if (!n) return refuse();
      return accept(n.type === 'int' ? Number(n.value) : n.value);
    }
    case 'string':
      return accept(phpToString(v, precision));
    case 'bool':
      return accept(phpTruthy(v));
  }
}

/** A number as `+` reads an operand: its value, and whether PHP warned ("A non-numeric value encountered"). */
function operand(v: HostValue): { n: bigint | number; warned: boolean } | undefined {
  if (v === null || v === false) return { n: 0n, warned: false };
  if (v === true) return { n: 1n, warned: false };
  if (typeof v === 'bigint' || typeof v === 'number') return { n: v, warned: false };
  if (typeof v === 'string') {
    const r = phpNumericString(v, true);
    return r ? { n: r.value, warned: r.trailing } : undefined;
  }
  return undefined;
}

/**
 * `$a + $b`. Ints add exactly and overflow into a float; numeric strings count as numbers
 * (leading-numeric ones with a warning, pushed to `notices`); `null` and bools are 0/1; two arrays
 * are a union. Anything else (a non-numeric string, an array with a scalar, an object) is PHP's
 * `TypeError: Unsupported operand types: string + int`.
 */
export function phpAdd(a: HostValue | undefined, b: HostValue | undefined, notices: string[] = []): HostValue {
  const x = a ?? null;
  const y = b ?? null;
  if (isPhpArray(x) && isPhpArray(y)) return phpArrayUnion(x, y);
  const unsupported = (): LibraryError => new LibraryError('TypeError', `Unsupported operand types: ${phpTypeName(x)} + ${phpTypeName(y)}`);
  if (typeof x === 'object' && x !== null) throw unsupported();
  if (typeof y === 'object' && y !== null) throw unsupported();
  const p = operand(x);
  if (!p) throw unsupported();
  if (p.warned) notices.push('A non-numeric value encountered');
  const q = operand(y);
  if (!q) throw unsupported();
  if (q.warned) notices.push('A non-numeric value encountered');
  if (typeof p.n === 'bigint' && typeof q.n === 'bigint') {
    const sum = p.n + q.n;
    return sum > PHP_INT_MAX || sum < PHP_INT_MIN ? Number(p.n) + Number(q.n) : sum;
  }
  return Number(p.n) + Number(q.n);
}
