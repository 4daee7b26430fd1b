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

/**
 * Lay out shortest digits the way Python's `repr` and Ruby's `Float#to_s` both decide it: fixed
 * notation when the exponent is in [-4, 16), scientific otherwise. The two differ only in how a
 * one-digit mantissa is written (`1e+16` vs `1.0e+16`).
 */
export function formatFloatCommon(x: number, oneDigitMantissaSuffix: string): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(x);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const frac = digits.slice(exponent + 1) || '0';
    return `${sign}${intPart}.${frac}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}${oneDigitMantissaSuffix}`;
  const e = Math.abs(exponent).toString().padStart(2, '0');
  return `${sign}${mant}e${exponent < 0 ? '-' : '+'}${e}`;
}
