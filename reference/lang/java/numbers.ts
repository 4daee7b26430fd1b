/**
 * Java's primitive arithmetic where twilio-java relies on it: 32-bit `int` multiplication that
 * wraps, `float` (binary32) rounding, the saturating `(int)` cast of a `double`, `long` division
 * that truncates toward zero, and `Double.toString`.
 */
import { shortestDigits } from '../host.ts';
import { UnsupportedInput } from '../lang.ts';

export const INT_MIN = -(2 ** 31);
export const INT_MAX = 2 ** 31 - 1;
export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

/** `a * b` on two `int`s: the low 32 bits of the product, as a signed int. */
export function intMul(a: number, b: number): number {
  return Math.imul(a, b);
}

/** `(int) d` for a double: truncation toward zero, saturating at the int range, NaN → 0 (JLS §5.1.3). */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  return Math.max(INT_MIN, Math.min(INT_MAX, Math.trunc(d)));
}

/** `(long) d` for a double: truncation toward zero, saturating at the long range, NaN → 0 (JLS §5.1.3). */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 2 ** 63) return LONG_MAX;
  if (d <= -(2 ** 63)) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/** `a / b` on two `long`s: the quotient truncated toward zero (bigint division does the same). */
export function longDiv(a: bigint, b: bigint): bigint {
  return a / b;
}

/**
 * `(float) x / 1000.0f` for a `long` x: x rounded to the nearest float, divided in float arithmetic.
 * `Math.fround` of the double quotient of two floats is the float quotient: a double carries more
 * than twice a float's 24 bits, so rounding twice gives the correctly rounded result.
 */
export function floatDiv(x: bigint | number, divisor: number): number {
  return Math.fround(Math.fround(Number(x)) / Math.fround(divisor));
}

/**
 * `Double.toString(d)` as JDK 17 writes it: fixed notation with at least one fractional digit for
 * 10^-3 ≤ |d| < 10^7 (`1.0`, `0.001`, `9999999.0`), else `d.dddE±n` with at least one fractional
 * digit and a sign only on negative exponents (`1.0E21`, `1.0E-7`); `-0.0` keeps its sign.
 *
 * The digits are the shortest that round-trip. JDK 17's FloatingDecimal (before JDK 19's rewrite,
 * JDK-4511638) sometimes prints more: seen only for |d| ≥ 10^7 whose shortest form has more than
 * 12 digits (checked on 200,000 random doubles against JDK 17.0.15), and for subnormals (it prints
 * `4.9E-324` for the smallest, whose shortest form is `5E-324`). Those are refused as
 * {@link UnsupportedInput} rather than guessed at.
 */
export function javaDoubleToString(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  if (Math.abs(d) < 2 ** -1022) throw new UnsupportedInput(`the subnormal double ${d}: JDK 17's Double.toString does not print it in its shortest form (JDK-4511638), which the reference does not model`);
  const sign = d < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(d);
  if (exponent >= 0 && exponent < 7) {
    const int = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${int}.${digits.slice(exponent + 1) || '0'}`;
  }
  if (exponent < 0 && exponent >= -3) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (exponent >= 7 && digits.length > 12) {
    throw new UnsupportedInput(`the double ${d}: JDK 17's Double.toString may print it with more digits than the shortest (JDK-4511638), which the reference does not model`);
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}
