/**
 * Host values: the input as one library's language holds it, after that language read the JSON.
 *
 * - JavaScript: every number is a double (`number`).
 * - Python and Ruby: integers are exact (`bigint`), floats are doubles (`number`).
 * - Objects are insertion-ordered maps; a language that enumerates differently (JavaScript moves
 *   integer-like keys first) applies its order where it enumerates, not here.
 */
export type HostValue = null | boolean | string | number | bigint | HostValue[] | HostMap;

/** An object/dict/Hash. Setting an existing key keeps its first position, as all three languages do. */
export type HostMap = Map<string, HostValue>;

export function isHostMap(v: HostValue | undefined): v is HostMap {
  return v instanceof Map;
}

/** Shortest round-trip decimal digits of a finite, non-zero double, and its decimal exponent. */
export function shortestDigits(x: number): { digits: string; exponent: number } {
  // toExponential() without an argument yields the shortest digits that round-trip, the same digit
  // string Python's repr and Ruby's Float#to_s use; only the layout around them differs.
  const [mant, exp] = Math.abs(x).toExponential().split('e');
  return { digits: mant.replace('.', ''), exponent: Number(exp) };
}

/** How a language lays out a float's shortest digits: when it switches to scientific notation, and how it writes a one-digit mantissa. */
export interface FloatStyle {
  /** Fixed notation for this decimal exponent and number of significant digits? */
  fixed(exponent: number, digitCount: number): boolean;
  /** Appended to a one-digit mantissa in scientific notation (`1e+16` vs `1.0e+16`). */
  oneDigitMantissaSuffix: string;
}

/**
 * Lay out shortest round-trip digits as Python's `repr` and Ruby's `Float#to_s` do: fixed notation
 * with at least one fractional digit, or `d.ddde±XX` with a signed, two-digit-minimum exponent.
 */
export function formatFloat(x: number, style: FloatStyle): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(x);
  if (style.fixed(exponent, digits.length)) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const frac = digits.slice(exponent + 1) || '0';
    return `${sign}${intPart}.${frac}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}${style.oneDigitMantissaSuffix}`;
  const e = Math.abs(exponent).toString().padStart(2, '0');
  return `${sign}${mant}e${exponent < 0 ? '-' : '+'}${e}`;
}

/** The safe-integer range as bigints, for languages whose integers are exact. */
export const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
