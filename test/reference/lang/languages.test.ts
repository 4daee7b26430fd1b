/**
 * The language models are checked against the languages themselves: the installed python3 and
 * ruby print what their standard library does for thousands of generated values, and the
 * TypeScript model must print the same. Skipped (with the reason) where the interpreter is absent.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLeaf, jsonValue, num, paramKey } from '../../../conformance/differential/generators/json.ts';
import { parseLossless } from '../../../reference/json/parse.ts';
import { stringifyLossless } from '../../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../../reference/json/value.ts';
import { javascript } from '../../../reference/lang/javascript.ts';
import { pyFloatRepr, python } from '../../../reference/lang/python.ts';
import { rbFloatToS, ruby } from '../../../reference/lang/ruby.ts';

const have = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const HAS_PYTHON = have('python3', ['-c', 'import json']);
const HAS_RUBY = have('ruby', ['-e', 'require "json"']);

/** Run a script that maps each input line (a JSON text) to one output line. */
function mapLines(cmd: string, args: string[], lines: string[]): string[] {
  const r = spawnSync(cmd, args, { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').slice(0, lines.length);
}

// Doubles across every decade, the layout switch points, and what fast-check finds.
const doubles = fc
  .sample(
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -330, max: 308 }).chain((e) => fc.integer({ min: 1, max: 99999 }).map((m) => Number(`${m}e${e}`))),
      fc.constantFrom(1e15, 1e16, 1234567890123456.8, 1234567890123456, 1e-4, 1e-5, 0.00012, -0, 5e-324, 1.7976931348623157e308, 1700003600, 1700000001.5),
    ),
    { numRuns: 4000, seed: 42 },
  )
  .filter((x) => Number.isFinite(x));

describe.skipIf(!HAS_PYTHON)('python model vs CPython', () => {
  it('formats floats as repr() does', () => {
    const out = mapLines(
      'python3',
      ['-c', 'import sys\nfor l in sys.stdin: print(repr(float(l)))'],
      doubles.map((x) => (Object.is(x, -0) ? '-0.0' : String(x))),
    );
    expect(doubles.map(pyFloatRepr)).toEqual(out);
  });

  it('serialises as json.dumps(separators=(",", ":")) does, including sort_keys', () => {
    const values = fc.sample(fc.json({ depthSize: 'small' }), { numRuns: 1500, seed: 7 });
    const py = mapLines('python3', ['-c', 'import sys, json\nfor l in sys.stdin:\n  v = json.loads(l)\n  print(json.dumps(v, separators=(",", ":")) + "\\t" + json.dumps(v, separators=(",", ":"), sort_keys=True))'], values);
    const ours = values.map((t) => {
      const v = python.fromJson(parseLossless(t));
      return `${python.stringify(v)}\t${python.stringify(v, { sortKeys: true })}`;
    });
    expect(ours).toEqual(py);
  });

  it('escapes every BMP code unit with ensure_ascii, lone surrogates included', () => {
    const s = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('');
    const py = spawnSync('python3', ['-c', 'import json,sys; s = "".join(chr(i) for i in range(0x10000)); sys.stdout.write(json.dumps(s))'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(python.stringify(s)).toBe(py.stdout);
  });
});

describe.skipIf(!HAS_RUBY)('ruby model vs MRI', () => {
  it('formats floats as Float#to_s does', () => {
    const out = mapLines(
      'ruby',
      ['-e', 'STDIN.each_line { |l| puts Float(l.strip).to_s }'],
      doubles.map((x) => (Object.is(x, -0) ? '-0.0' : String(x))),
    );
    expect(doubles.map(rbFloatToS)).toEqual(out);
  });

  it('serialises as JSON.generate does', () => {
    const values = fc.sample(fc.json({ depthSize: 'small' }), { numRuns: 1500, seed: 9 }).filter((t) => !/\\ud[89ab]/i.test(t));
    const rb = mapLines('ruby', ['-rjson', '-e', 'STDIN.each_line { |l| puts JSON.generate(JSON.parse(l)) }'], values);
    expect(values.map((t) => ruby.stringify(ruby.fromJson(parseLossless(t))))).toEqual(rb);
  });
});

describe('javascript model', () => {
  it('serialises as JSON.stringify does, integer-like keys first', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const host = javascript.fromNative(v);
        expect(javascript.stringify(host)).toBe(JSON.stringify(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads lossless JSON as JSON.parse reads its text: numbers, duplicates, __proto__, key order', () => {
    // Order-sensitive dump: Map entries in order, -0 kept apart from 0.
    const dump = (v: unknown): unknown => (v instanceof Map ? ['map', ...[...v].map(([k, x]) => [k, dump(x)])] : Array.isArray(v) ? ['array', ...v.map(dump)] : typeof v === 'number' ? ['number', Object.is(v, -0) ? '-0' : String(v)] : v);
    const keyed = fc.tuple(paramKey, jsonLeaf);
    // Objects with repeated keys, which the shared generator leaves out.
    const withDuplicates = fc.array(fc.oneof(keyed, fc.constantFrom<[string, JsonValue]>(['a', num(1)], ['a', 'x'], ['7', null], ['__proto__', num(2)])), { maxLength: 6 }).map((e) => new JsonObject(e));
    const extremes = fc.constantFrom('1E400', '-1e400', '1e-400', '-0', '0.1e1', '123456789012345678901234567890', '5e-324').map(num);
    fc.assert(
      fc.property(fc.oneof(jsonValue, withDuplicates, extremes, fc.array(withDuplicates, { maxLength: 2 })), (v) => {
        expect(dump(javascript.fromJson(v))).toEqual(dump(javascript.fromNative(JSON.parse(stringifyLossless(v)))));
      }),
      { numRuns: 3000 },
    );
  });
});
