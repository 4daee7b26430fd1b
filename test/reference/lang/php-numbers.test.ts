/**
 * The PHP number and coercion models (reference/lang/php/float.ts, numeric.ts) against the
 * installed php: `(string)` of floats under several `precision` settings, numeric strings through
 * `is_numeric`, `intval`, `floatval` and the casts, typed parameters in coercive mode (value,
 * deprecations, or the TypeError's types), `+`, truthiness, `array_merge`, array `+` and `$a[] = $v`. Skipped
 * where php is absent, unless REQUIRE_REAL_LIBRARIES=1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLossless } from '../../../reference/json/parse.ts';
import type { HostValue } from '../../../reference/lang/host.ts';
import { LibraryError } from '../../../reference/lang/lang.ts';
import {
  hasLoneSurrogate,
  phpAdd,
  phpArrayAppend,
  phpArrayMerge,
  phpArrayUnion,
  phpFromJson,
  phpCoerceArgument,
  phpFloatval,
  phpIntval,
  phpIsNumeric,
  phpToString,
  phpTruthy,
  type PhpArray,
  type PhpParamType,
} from '../../../reference/lang/php.ts';
import { phpFloat, phpInt, phpKey, phpString, phpValue } from './php-arbitraries.ts';
import { askPhp, HAS_PHP, sample, hex, mismatches, tag } from './php-oracle.ts';

/** Strings built from what numeric strings are made of, and what breaks them. */
const numericish: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u0000', '+', '-', '0', '1', '5', '9', '.', 'e', 'E', 'x', 'a', '_', 'INF', 'NAN'), { maxLength: 8 }).map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('', ' ', '\t', '\n ', '\u000b'),
      fc.oneof(
        phpInt.map(String),
        phpFloat.map(String),
        fc.constantFrom(
          '9223372036854775808',
          '-9223372036854775809',
          '9223372036854775807',
          '-9223372036854775808',
          '00009223372036854775808',
          '18446744073709551616',
          '1e18',
          '9.2233720368547758E+18',
          '-9.2233720368547758E+18',
          '1.5e3',
          '.5',
          '5.',
          '-.5e-3',
          '1e400',
          '-1e400',
        ),
      ),
      fc.constantFrom('', ' ', '\t\n', 'abc', ' x', '\u0000', 'e', 'e+', '.'),
    )
    .map(([a, b, c]) => a + b + c),
  phpString,
);

describe.skipIf(!HAS_PHP)('float printing vs php', () => {
  const floats = sample(phpFloat, 3000, 2101);
  for (const p of [14, -1, 0, 1, 2, 5, 17, 20, 40]) {
    it(`(string) of 3000 floats under precision=${p}`, () => {
      const php = askPhp(floats.map((x) => ({ op: 'str', v: tag(x), p })));
      expect(
        mismatches(
          floats,
          floats.map((x) => ['ok', hex(phpToString(x, p)), []]),
          php,
          String,
        ),
      ).toEqual([]);
    });
  }
});

describe.skipIf(!HAS_PHP)('numeric strings vs php', () => {
  const strings = sample(numericish, 4000, 2102);

  it('is_numeric, intval, floatval, (int) and (float) agree on 4000 strings', () => {
    const php = askPhp(strings.map((s) => ({ op: 'num', v: tag(s) })));
    const ours = strings.map((s) => ['ok', phpIsNumeric(s), tag(phpIntval(s)), tag(phpFloatval(s)), tag(phpIntval(s)), tag(phpFloatval(s))]);
    expect(mismatches(strings, ours, php)).toEqual([]);
  });

  it('intval and (int) of floats wrap or truncate as PHP does', () => {
    const floats = sample(phpFloat, 3000, 2103);
    const php = askPhp(floats.map((x) => ({ op: 'num', v: tag(x) })));
    const ours = floats.map((x) => ['ok', true, tag(phpIntval(x)), tag(x), tag(phpIntval(x)), tag(x)]);
    expect(mismatches(floats, ours, php, String)).toEqual([]);
  });
});

/** What a model call gives, in the oracle's shape. */
function coerceOutcome(v: HostValue, type: PhpParamType, nullable: boolean): unknown {
  const r = phpCoerceArgument(v, type, nullable);
  return r.ok ? ['ok', tag(r.value), r.notices] : ['type', r.expected, r.given];
}

/** PHP's TypeError reduced to the types it names (the function and line are the caller's). */
function phpCoerceShape(r: unknown): unknown {
  const a = r as unknown[];
  if (a[0] !== 'throw') return a;
  const m = /must be of type (\S+), (\S+) given/.exec(String(a[2]));
  return m ? ['type', m[1], m[2]] : a;
}

describe.skipIf(!HAS_PHP)('typed parameters in coercive mode vs php', () => {
  const values = [...sample(numericish, 2500, 2104), ...sample(fc.oneof(phpInt, phpFloat, phpValue), 1500, 2105)] as HostValue[];
  const types: Array<[string, PhpParamType, boolean]> = [
    ['int', 'int', false],
    ['nint', 'int', true],
    ['float', 'float', false],
    ['string', 'string', false],
    ['bool', 'bool', false],
    ['array', 'array', false],
  ];
  for (const [fn, type, nullable] of types) {
    it(`${nullable ? '?' : ''}${type}: 4000 arguments give the same value and deprecations, or the same TypeError`, () => {
      const php = askPhp(values.map((v) => ({ op: 'coerce', type: fn, v: tag(v) }))).map(phpCoerceShape);
      expect(
        mismatches(
          values,
          values.map((v) => coerceOutcome(v, type, nullable)),
          php,
        ),
      ).toEqual([]);
    });
  }
});

describe.skipIf(!HAS_PHP)('operators, truthiness and string casts vs php', () => {
  const values = sample(fc.oneof(phpValue, numericish), 3000, 2106) as HostValue[];

  it('(bool) of 3000 values', () => {
    const php = askPhp(values.map((v) => ({ op: 'truthy', v: tag(v) })));
    expect(
      mismatches(
        values,
        values.map((v) => ['ok', phpTruthy(v)]),
        php,
      ),
    ).toEqual([]);
  });

  it('(string) of 3000 values, arrays with their warning, stdClass with its Error', () => {
    const php = askPhp(values.map((v) => ({ op: 'str', v: tag(v) })));
    const ours = values.map((v) => {
      try {
        return ['ok', hex(phpToString(v)), Array.isArray(v) || v instanceof Map ? ['Array to string conversion'] : []];
      } catch (e) {
        if (e instanceof LibraryError) return ['throw', e.type, e.message];
        throw e;
      }
    });
    expect(mismatches(values, ours, php)).toEqual([]);
  });

  it('$a + $b over 3000 pairs: int overflow, numeric strings, warnings, TypeErrors, array union', () => {
    const pairs = sample(fc.tuple(fc.oneof(phpValue, numericish, phpInt), fc.oneof(phpValue, numericish, phpInt)), 3000, 2107) as Array<[HostValue, HostValue]>;
    const php = askPhp(pairs.map(([a, b]) => ({ op: 'add', a: tag(a), b: tag(b) })));
    const ours = pairs.map(([a, b]) => {
      const notices: string[] = [];
      try {
        return ['ok', tag(phpAdd(a, b, notices)), notices];
      } catch (e) {
        if (e instanceof LibraryError) return ['throw', e.type, e.message];
        throw e;
      }
    });
    expect(mismatches(pairs, ours, php)).toEqual([]);
  });

  it('array_merge($a, $b) and $a + $b over 1500 pairs of arrays', () => {
    const arrays = fc.array(fc.tuple(phpKey, fc.oneof(phpInt, phpString)), { maxLength: 5 }).map((e) => new Map(e) as PhpArray);
    const pairs = sample(fc.tuple(arrays, arrays), 1500, 2108);
    const php = askPhp(pairs.map(([a, b]) => ({ op: 'merge', a: tag(a), b: tag(b) })));
    expect(
      mismatches(
        pairs,
        pairs.map(([a, b]) => ['ok', tag(phpArrayMerge(a, b)), tag(phpArrayUnion(a, b))]),
        php,
      ),
    ).toEqual([]);
  });

  it('$a[] = $v over 1500 arrays read by json_decode: the next int key after the largest (negative ones too), the Error past PHP_INT_MAX', () => {
    const keys = fc.oneof(phpKey, fc.constantFrom('-5', '-9223372036854775807', '9223372036854775806', '7')).filter((k) => !hasLoneSurrogate(k));
    const texts = sample(
      fc.array(fc.tuple(keys, fc.integer()), { maxLength: 5 }).map((e) => `{${e.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
      1500,
      2109,
    );
    const php = askPhp(texts.map((json) => ({ op: 'append', json, v: tag('x') })));
    const ours = texts.map((json) => {
      try {
        return ['ok', tag(phpArrayAppend(phpFromJson(parseLossless(json)) as PhpArray, 'x'))];
      } catch (e) {
        if (e instanceof LibraryError) return ['throw', e.type, e.message];
        throw e;
      }
    });
    expect(mismatches(texts, ours, php)).toEqual([]);
  });
});
