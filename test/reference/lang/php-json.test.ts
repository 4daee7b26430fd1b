/**
 * The PHP JSON model (reference/lang/php/json.ts) against the installed php: `json_encode` of
 * thousands of generated values (same bytes, or the same json_last_error), `json_decode` of
 * generated and damaged byte strings in both modes (same value, or the same error code), and the
 * lossless input reader (`json_decode($x, true)`). Skipped where php is absent, unless
 * REQUIRE_REAL_LIBRARIES=1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLossless } from '../../../reference/json/parse.ts';
import { stringifyLossless } from '../../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../../reference/json/value.ts';
import { jsonLeaf, num } from '../../../conformance/differential/generators/json.ts';
import type { HostValue } from '../../../reference/lang/host.ts';
import { UnsupportedInput } from '../../../reference/lang/lang.ts';
import { phpFromJson, phpJsonDecode, phpJsonEncode, PhpJsonError, phpBytes } from '../../../reference/lang/php.ts';
import { phpKey, phpString, phpValue } from './php-arbitraries.ts';
import { askPhp, HAS_PHP, sample, mismatches, tag } from './php-oracle.ts';

function encodeOutcome(v: HostValue, sp?: number, depth?: number): unknown {
  try {
    return ['ok', Buffer.from(phpJsonEncode(v, { serializePrecision: sp, depth }), 'latin1').toString('hex')];
  } catch (e) {
    if (e instanceof PhpJsonError) return ['err', e.code, e.message];
    throw e;
  }
}

function decodeOutcome(bytes: Uint8Array, assoc: boolean, depth?: number): unknown {
  try {
    return ['ok', tag(phpJsonDecode(bytes, { assoc, depth }))];
  } catch (e) {
    if (e instanceof PhpJsonError) return ['err', e.code, e.message];
    throw e;
  }
}

const nest = (n: number, inner: HostValue = []): HostValue => {
  let v = inner;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

describe.skipIf(!HAS_PHP)('json_encode model vs php', () => {
  it('writes the same bytes (or fails with the same error) for 4000 generated values', () => {
    const values = sample(phpValue, 4000, 1701);
    const php = askPhp(values.map((v) => ({ op: 'enc', v: tag(v) })));
    expect(
      mismatches(
        values,
        values.map((v) => encodeOutcome(v)),
        php,
      ),
    ).toEqual([]);
    // The sample covers what it should: failures of both kinds and plenty of successes.
    const kinds = new Set(php.map((r) => JSON.stringify((r as unknown[]).slice(0, 2))));
    expect([...kinds].filter((k) => k.startsWith('["err"')).sort()).toEqual(['["err",5]', '["err",7]']);
  });

  it('writes every character U+0000–U+00FF, astral characters and lone surrogates as PHP does', () => {
    const strings = [
      ...Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)),
      Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).join(''),
      '\ud83c\udf89',
      '\u{10ffff}',
      '\u{10000}',
      'a\ud800',
      '\udc00b',
      '\ud800\ud800',
      '\udbff\udfff',
      '\u2028\u2029',
      '\ufeff',
    ];
    const values: HostValue[] = [...strings, ...strings.map((s) => new Map([[s, s]]))];
    const php = askPhp(values.map((v) => ({ op: 'enc', v: tag(v) })));
    expect(
      mismatches(
        values,
        values.map((v) => encodeOutcome(v)),
        php,
      ),
    ).toEqual([]);
  });

  it('prints floats under serialize_precision -1, 0, 1, 5, 14, 17 and 20', () => {
    const values = sample(fc.oneof(phpValue, fc.array(fc.double(), { maxLength: 4 })), 600, 1702);
    for (const sp of [-1, 0, 1, 5, 14, 17, 20]) {
      const php = askPhp(values.map((v) => ({ op: 'enc', v: tag(v), sp })));
      expect(
        mismatches(
          values,
          values.map((v) => encodeOutcome(v, sp)),
          php,
        ),
        `serialize_precision=${sp}`,
      ).toEqual([]);
    }
  });

  it('limits nesting at the same depth, with errors inside deep values taking precedence as in PHP', () => {
    const values: Array<[HostValue, number]> = [
      [nest(511), 512],
      [nest(512), 512],
      [nest(513), 512],
      [nest(3), 3],
      [nest(2), 3],
      [nest(4), 3],
      [nest(600, NaN), 512],
      [nest(600, '\udc00'), 512],
      [nest(600, new Map([['\ud800', 1]])), 512],
      [nest(2, NaN), 2],
      [new Map([['\ud800', NaN]]), 512],
      [[NaN, '\ud800'], 512],
      [['\ud800', NaN], 512],
      [new Map([['\ud800', '\udc00']]), 512],
      [[nest(5), NaN], 3],
      [[NaN, nest(5)], 3],
    ];
    const php = askPhp(values.map(([v, depth]) => ({ op: 'enc', v: tag(v), depth })));
    expect(
      mismatches(
        values,
        values.map(([v, depth]) => encodeOutcome(v, undefined, depth)),
        php,
        ([, d]) => `depth ${d}`,
      ),
    ).toEqual([]);
  });
});

/** Pieces for damaged JSON: everything PHP's scanner treats specially. */
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u',
  '\\ud83c',
  '\\udf89',
  '\\ud800',
  '\\udc00',
  '\\u0000',
  '\\u00e9',
  '\\u0800',
  '\\uD7FF',
  '\\uE000',
  '\\x',
  '\\/',
  'a',
  '1',
  '-',
  '.',
  'e',
  'E+',
  '0',
  '01',
  ' ',
  '\n',
  '\r',
  '\t',
  '\u000b',
  '\u0000',
  '\u0001',
  '\u007f',
  'null',
  'nul',
  'true',
  'True',
  'NaN',
  '1e400',
  '9223372036854775808',
  '-9223372036854775808',
  '\u00e9',
  '\ufeff',
  '\u{1F389}',
];

/** Byte strings that are mostly JSON, with damage: inserted and dropped pieces, invalid UTF-8, NUL. */
const jsonish: fc.Arbitrary<Uint8Array> = fc.oneof(
  phpValue.map((v) => {
    try {
      return Buffer.from(phpJsonEncode(v), 'latin1');
    } catch {
      return Buffer.from('[]');
    }
  }),
  fc.json({ depthSize: 'small' }).map((t) => Buffer.from(t)),
  fc.tuple(fc.json({ depthSize: 'small' }), fc.nat(), fc.constantFrom(...PIECES)).map(([t, i, p]) => Buffer.from(t.slice(0, i % (t.length + 1)) + p + t.slice(i % (t.length + 1)))),
  fc.tuple(fc.json({ depthSize: 'small' }), fc.nat()).map(([t, i]) => Buffer.from(t.slice(0, i % (t.length + 1)) + t.slice((i % (t.length + 1)) + 1))),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((ps) => Buffer.from(ps.join(''))),
  fc.tuple(fc.json({ depthSize: 'small' }), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 3 })).map(([t, i, b]) => {
    const s = Buffer.from(t);
    const at = i % (s.length + 1);
    return Buffer.concat([s.subarray(0, at), Buffer.from(b.map((x) => x | 0x80)), s.subarray(at)]);
  }),
  fc.array(fc.tuple(phpKey, phpString), { maxLength: 4 }).map((e) => phpBytes(`{${e.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`)),
);

describe.skipIf(!HAS_PHP)('json_decode model vs php', () => {
  const samples = sample(jsonish, 4000, 1703);

  for (const assoc of [true, false]) {
    it(`json_decode(..., ${assoc}) gives the same value or the same error for 4000 damaged and clean texts`, () => {
      const php = askPhp(samples.map((b) => ({ op: 'dec', hex: Buffer.from(b).toString('hex'), assoc })));
      const ours = samples.map((b) => decodeOutcome(b, assoc));
      expect(mismatches(samples, ours, php, (b) => JSON.stringify(Buffer.from(b).toString('latin1')))).toEqual([]);
      // Every error code the decoder can give shows up in the sample.
      const codes = new Set(php.map((r) => ((r as unknown[])[0] === 'err' ? (r as number[])[1] : 0)));
      expect([...codes].sort((a, b) => a - b)).toEqual(assoc ? [0, 2, 3, 4, 5, 10] : [0, 2, 3, 4, 5, 9, 10]);
    });
  }

  it('limits nesting at the same depth', () => {
    const cases: Array<[string, number]> = [];
    for (const n of [1, 2, 3, 510, 511, 512, 513]) {
      cases.push([`${'['.repeat(n)}${']'.repeat(n)}`, 512], [`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, 512]);
    }
    for (const d of [1, 2, 3]) cases.push(['1', d], ['[]', d], ['[[1]]', d], ['{"a":[]}', d], ['[[', d], ['[[\u0001', d]);
    const php = askPhp(cases.map(([t, depth]) => ({ op: 'dec', hex: Buffer.from(t).toString('hex'), assoc: true, depth })));
    expect(
      mismatches(
        cases,
        cases.map(([t, d]) => decodeOutcome(Buffer.from(t), true, d)),
        php,
        ([t, d]) => `${t.slice(0, 20)} depth ${d}`,
      ),
    ).toEqual([]);
  });
});

describe.skipIf(!HAS_PHP)('the input reader (json_decode($x, true)) vs php', () => {
  // Objects with repeated and int-like keys, and numbers at the int/float boundary.
  const numbers = fc.constantFrom('9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '-0', '0.0', '-0.0', '1E2', '1e400', '12345678901234567890', '9007199254740993').map(num);
  const keyed = fc.tuple(phpKey, fc.oneof(jsonLeaf, numbers));
  const objects = fc.array(keyed, { maxLength: 6 }).map((e) => new JsonObject(e));
  const values: fc.Arbitrary<JsonValue> = fc.oneof(
    objects,
    fc.array(objects, { maxLength: 2 }),
    numbers,
    fc.array(fc.oneof(jsonLeaf, objects), { maxLength: 3 }).map((items) => new JsonObject(items.map((x, i) => [String(i), x]))),
  );

  it('reads 3000 generated inputs as PHP does (lone surrogates refused, as PHP refuses them)', () => {
    const samples = sample(values, 3000, 1704);
    const texts = samples.map(stringifyLossless);
    const php = askPhp(texts.map((t) => ({ op: 'dec', hex: Buffer.from(t).toString('hex'), assoc: true })));
    const ours = texts.map((t) => {
      try {
        return ['ok', tag(phpFromJson(parseLossless(t)))];
      } catch (e) {
        if (e instanceof UnsupportedInput) return ['err', 10, 'Single unpaired UTF-16 surrogate in unicode escape'];
        throw e;
      }
    });
    expect(mismatches(texts, ours, php)).toEqual([]);
  });
});
