/**
 * Generated PHP values for the checks against the real interpreter: ints at the edges of 2^53
 * and 2^63, floats across every magnitude (subnormals, 1e21, 1e-7, -0.0, whole floats, ties),
 * strings over U+0000–U+00FF, astral characters and lone surrogates, lists, maps with int-like
 * keys in and out of order, and `stdClass` objects, nested.
 */
import fc from 'fast-check';
import { hazardString } from '../../../conformance/differential/generators/json.ts';
import type { HostValue } from '../../../reference/lang/host.ts';
import { phpArray, PhpObject } from '../../../reference/lang/php.ts';

const I64 = 2n ** 63n;

export const phpInt: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: -I64, max: I64 - 1n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, I64 - 1n, -I64, I64 - 2n, -I64 + 1n, 1700000000n, 0n),
  fc.tuple(fc.constantFrom(2n ** 53n, I64 - 1n, -I64), fc.bigInt({ min: -5000n, max: 5000n })).map(([b, d]) => {
    const x = b + d;
    return x >= I64 ? I64 - 1n : x < -I64 ? -I64 : x;
  }),
);

export const phpFloat: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.double({ min: -1e-300, max: 1e-300 }),
  fc.integer({ min: -330, max: 308 }).chain((e) => fc.integer({ min: 1, max: 99999 }).map((m) => Number(`${m}e${e}`))),
  fc.integer({ min: -330, max: 308 }).chain((e) => fc.integer({ min: 1, max: 9 }).map((m) => Number(`${m}e${e}`))),
  fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map((i) => i * 1.0),
  fc.integer({ min: 1, max: 10 ** 9 }).map((i) => i + 0.5),
  fc.bigInt({ min: 10n ** 13n, max: 10n ** 17n }).map((i) => Number(i)),
  // Integers whose rounding is an exact tie (dtoa keeps trailing zeros when such a tie rounds down).
  fc.tuple(fc.bigInt({ min: 1n, max: 99999n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 10 }), fc.boolean()).map(([m, z, e, neg]) => Number(`${neg ? '-' : ''}${m}${'0'.repeat(z)}5${'0'.repeat(Math.max(0, e - 1))}`)),
  fc.constantFrom(
    0,
    -0,
    0.1,
    0.30000000000000004,
    1e15,
    1e16,
    1e17,
    1e21,
    1e-7,
    1e-4,
    1e-5,
    0.0001,
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    2 ** 53,
    2 ** 63,
    -(2 ** 63),
    2 ** 64,
    123456789012345,
    123456789012355,
    12345678901234.5,
    99999999999999.98,
    1700000001.5,
    3600.0,
    Infinity,
    -Infinity,
    NaN,
  ),
);

const char = (lo: number, hi: number): fc.Arbitrary<string> => fc.integer({ min: lo, max: hi }).map((c) => String.fromCodePoint(c));

/** Strings with every hazard: controls, `/`, quotes, Latin-1, astral characters, lone surrogates. */
export const phpString: fc.Arbitrary<string> = fc.oneof(
  fc.array(char(0, 0xff), { maxLength: 8 }).map((c) => c.join('')),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.array(fc.oneof(char(0, 0x7f), char(0x10000, 0x10ffff), char(0xd800, 0xdfff), fc.constantFrom('/', '\\', '"', '\u2028', '\ufeff', '\ud83c\udf89')), { maxLength: 6 }).map((c) => c.join('')),
  hazardString(5),
);

/** Array keys: int-like ones PHP turns into ints (and near misses it keeps as strings), and others. */
export const phpKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '-1', '05', '-0', '1.5', ' 1', '1 ', '+1', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '', 'a', 'é', '\u0000a'),
  phpString,
);

const leaf: fc.Arbitrary<HostValue> = fc.oneof(fc.constant(null), fc.boolean(), phpInt, phpFloat, phpString);

/** Nested PHP values: lists, maps (list-shaped ones too), objects. */
export const phpValue: fc.Arbitrary<HostValue> = fc.letrec<{ v: HostValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(fc.tuple(phpKey, tie('v')), { maxLength: 4 }).map((e) => phpArray(e)),
    // Small int keys in random order: lists when they happen to be in order, maps otherwise.
    fc.array(fc.tuple(fc.constantFrom('0', '1', '2'), tie('v')), { maxLength: 3 }).map((e) => new Map(e) as HostValue),
    fc
      .array(
        fc.tuple(
          phpKey.filter((k) => !k.startsWith('\u0000')),
          tie('v'),
        ),
        { maxLength: 3 },
      )
      .map((e) => new PhpObject(e)),
  ),
})).v;
