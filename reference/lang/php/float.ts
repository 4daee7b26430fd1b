/**
 * How PHP 8 prints a float. Everything goes through one routine (`zend_gcvt`) with a digit count
 * taken from an ini setting:
 *
 * - `(string)$f`, string interpolation, `http_build_query` and a float passed to a `string`
 *   parameter use `precision` (default 14): round to that many significant digits, half to even
 *   on exact ties (123456789012345.0 → `1.2345678901234E+14`), and write `E`;
 *   `0.30000000000000004` → `0.3`, `1e15` → `1.0E+15`, `-0.0` → `-0`.
 * - `json_encode` uses `serialize_precision` (default -1: the shortest text that reads back to the
 *   same double) and writes `e`: `0.1`, `1.0e+21`, `1.0e-7`, and `10.0` → `10` (no `.0` without
 *   JSON_PRESERVE_ZERO_FRACTION).
 *
 * Scientific notation when the decimal exponent is below -4 or at least the digit count (17 for
 * -1): one digit, a point, the rest or `0`, then a signed exponent without padding.
 */

/** The decimal digits of a finite non-zero double and where the point goes: value = 0.DIGITS × 10^decpt. */
interface Digits {
  digits: string;
  decpt: number;
}

/** The shortest digits that read back to `x` (what `zend_dtoa` mode 0 and JavaScript both give). */
function shortest(x: number): Digits {
  const [mant, exp] = Math.abs(x).toExponential().split('e');
  return { digits: mant.replace('.', ''), decpt: Number(exp) + 1 };
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of |x| (every double has a finite one), trailing zeros dropped. */
function exact(x: number): Digits {
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (expBits !== 0) {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  // x = mant × 2^e; for e < 0 that is mant × 5^-e × 10^e.
  const text = e >= 0 ? (mant << BigInt(e)).toString() : (mant * 5n ** BigInt(-e)).toString();
  const decpt = e >= 0 ? text.length : text.length + e;
  return { digits: text.replace(/0+$/, ''), decpt };
}

/**
 * `zend_dtoa` mode 2: `n` significant digits, correctly rounded, half to even on exact ties.
 * One quirk is kept: an integer below 10^15 rounded to at most 14 digits on an exact tie that
 * goes down keeps its trailing zeros (dtoa's small-integer path returns them), so
 * 100000000000005.0 prints as `1.0000000000000E+14` while 100000000000004.0 prints as `1.0E+14`.
 */
function rounded(x: number, n: number): Digits {
  const { digits, decpt } = exact(x);
  if (digits.length <= n) return { digits, decpt };
  const head = digits.slice(0, n);
  const first = digits.charCodeAt(n) - 0x30;
  const rest = digits.slice(n + 1);
  const tie = first === 5 && !/[1-9]/.test(rest);
  const up = first > 5 || (first === 5 && (!tie || (head.charCodeAt(n - 1) - 0x30) % 2 === 1));
  if (!up) {
    const smallIntegerTie = tie && n <= 14 && Number.isInteger(x) && Math.abs(x) < 1e15;
    return { digits: smallIntegerTie ? head : head.replace(/0+$/, ''), decpt };
  }
  const bumped = (BigInt(head) + 1n).toString();
  // 999 → 1000: one more digit before the point.
  if (bumped.length > n) return { digits: bumped.slice(0, n).replace(/0+$/, ''), decpt: decpt + 1 };
  return { digits: bumped.replace(/0+$/, ''), decpt };
}

/**
 * `zend_gcvt(value, ndigit, '.', expChar)`: `ndigit` significant digits (below 1 gives 1 digit but
 * switches to scientific for every exponent ≥ 0), or, when negative, the shortest round-trip
 * digits laid out as if 17 were asked for. INF and NAN are cut to `ndigit` characters, as PHP's
 * `snprintf` into an `ndigit + 1` buffer does (`precision=1` prints INF as `I`).
 */
export function phpGcvt(value: number, ndigit: number, expChar: 'e' | 'E'): string {
  const mode0 = ndigit < 0;
  const nd = mode0 ? 17 : ndigit;
  if (!Number.isFinite(value)) {
    const s = Number.isNaN(value) ? 'NAN' : value < 0 ? '-INF' : 'INF';
    return s.slice(0, nd);
  }
  const neg = value < 0 || Object.is(value, -0);
  const { digits, decpt } = value === 0 ? { digits: '0', decpt: 1 } : mode0 ? shortest(value) : rounded(value, Math.max(1, nd));
  let out = neg ? '-' : '';
  if ((decpt >= 0 && decpt > nd) || decpt < -3) {
    const e = decpt - 1;
    out += `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}${expChar}${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  } else if (decpt < 0) {
    out += `0.${'0'.repeat(-decpt)}${digits}`;
  } else {
    const int = digits.slice(0, decpt).padEnd(decpt, '0');
    const frac = digits.slice(decpt);
    out += frac ? `${int || '0'}.${frac}` : int;
  }
  return out;
}

/** `(string)$f` under `precision` (default 14; 0 behaves as 1; -1 is shortest round-trip). */
export function phpFloatToString(x: number, precision = 14): string {
  return phpGcvt(x, precision === 0 ? 1 : precision, 'E');
}

/**
 * A finite float as `json_encode` writes it under `serialize_precision` (default -1). Infinite
 * and NaN values are an encoding error, handled by the encoder.
 */
export function phpJsonFloat(x: number, serializePrecision = -1): string {
  return phpGcvt(x, serializePrecision, 'e');
}
