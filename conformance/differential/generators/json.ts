/**
 * Small builders and arbitraries for lossless case inputs: generated cases are {@link JsonValue}s
 * so that `3600.0` stays a float on its way to Python and Ruby.
 */
import fc from 'fast-check';
import { JsonNumber, JsonObject, type JsonValue } from '../../../reference/json/value.ts';

/** A generated case: the input, its clock, and the categories it falls in (for coverage counts). */
export interface GeneratedCase {
  input: JsonValue;
  now: number;
  nowMs?: number;
  categories: string[];
}

/** An object from entries; `undefined` values are left out (= "not passed"). */
export const obj = (entries: Array<[string, JsonValue | undefined]>): JsonObject => new JsonObject(entries.filter((e): e is [string, JsonValue] => e[1] !== undefined));

/** A JSON number with this exact text. */
export const num = (text: string | number | bigint): JsonNumber => new JsonNumber(String(text));

/** A float written with a fraction, so Python and Ruby read a float even when it is whole. */
export const float = (x: number): JsonNumber => {
  const t = Object.is(x, -0) ? '-0' : String(x);
  return new JsonNumber(/[.e]/.test(t) ? t : `${t}.0`);
};

/**
 * `build()`'s arbitrary, made the first time a value is generated or shrunk. Some arbitraries are
 * costly to make (`fc.string({ unit: 'binary' })` maps all of Unicode: about a second of CPU), and
 * the modules defining them load in every CLI and adapter process, most of which generate nothing.
 * Values and shrinks are the built arbitrary's own: the same seed gives the same cases.
 */
export function lazyArbitrary<T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let built: fc.Arbitrary<T> | undefined;
  const inner = (): fc.Arbitrary<T> => (built ??= build());
  return new (class extends fc.Arbitrary<T> {
    generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
      return inner().generate(mrng, biasFactor);
    }
    canShrinkWithoutContext(value: unknown): value is T {
      return inner().canShrinkWithoutContext(value);
    }
    shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
      return inner().shrink(value, context);
    }
  })();
}

/** Pieces strings are built from: the characters that break encoders. */
const PIECES = [
  'a',
  'Z',
  '0',
  '_',
  '-',
  ' ',
  '+',
  '%',
  '&',
  '=',
  '?',
  '#',
  '/',
  '\\',
  '"',
  "'",
  '<',
  '>',
  '~',
  '*',
  '(',
  ')',
  '!',
  ':',
  '@',
  ';',
  ',',
  '\n',
  '\t',
  '\r',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u00e9',
  '\u00ff',
  '\u0100',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u65e5\u672c',
  '\ud83c\udf89',
  '\ud800',
  '\udc00',
  '\udbff\udfff',
  '%20',
  '%E9',
  'é',
  'ñ',
];

/** Strings mixing plain text with escaping hazards: controls, U+2028, astral characters, lone surrogates. */
export const hazardString = (maxPieces = 6): fc.Arbitrary<string> => fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: maxPieces }).map((p) => p.join(''));

/** Keys that JavaScript objects reorder (integer-like) mixed with ordinary ones. */
export const paramKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '1', '2', '10', '42', '4294967294', '4294967295', '01', '-1', '1.5', 'a', 'b', 'to', 'From', '__proto__', 'constructor', ''),
  fc.string({ maxLength: 6 }),
  hazardString(3),
);

/** Arbitrary JSON leaves, with number texts in all three languages' interesting forms. */
export const jsonLeaf: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hazardString(4),
  fc.integer({ min: -1000, max: 1000 }).map(num),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => float(x)),
  fc.constantFrom('0', '-0', '1.0', '0.5', '1e3', '1E2', '-0.0', '100000000000000000000', '9007199254740993').map(num),
);

/** Nested JSON values (objects keep generated key order, duplicates excluded). */
export const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.uniqueArray(fc.tuple(paramKey, tie('v')), { maxLength: 4, selector: ([k]) => k }).map((e) => new JsonObject(e)),
  ),
})).v;

/**
 * How a library's API reads the clock: `milliseconds` (JavaScript's `Date.now()`), so a generated
 * case also carries `nowMs`, the same second plus a millisecond offset; or whole `seconds`.
 */
export type ClockUnit = 'seconds' | 'milliseconds';

/** What every family's dialect says: how the library reads the clock. */
export interface ClockDialect {
  readonly clock: ClockUnit;
}

/** A generated case with the clock fields the library reads (`ms`: the offset within the second). */
export function clocked(d: ClockDialect, input: JsonValue, now: number, ms: number, categories: string[]): GeneratedCase {
  return d.clock === 'milliseconds' ? { input, now, nowMs: now * 1000 + ms, categories } : { input, now, categories };
}
