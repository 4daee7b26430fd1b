/**
 * The URL escaping models (reference/lang/url-encoding.ts) against the languages themselves: the
 * installed python3 runs `quote_plus` and `urlencode(..., doseq=True)`, ruby runs `CGI.escape` and
 * `String#inspect`, over the same generated strings. Skipped, with the reason, where an
 * interpreter is absent. (The node model is Node's own `querystring.escape`.)
 */
import { spawnSync } from 'node:child_process';
import { escape as querystringEscape } from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hazardString, jsonValue } from '../../../conformance/differential/generators/json.ts';
import { parseLossless } from '../../../reference/json/parse.ts';
import { stringifyLossless } from '../../../reference/json/stringify.ts';
import { JsonObject } from '../../../reference/json/value.ts';
import { LibraryError } from '../../../reference/lang/lang.ts';
import { python } from '../../../reference/lang/python.ts';
import { rbInspect, ruby } from '../../../reference/lang/ruby.ts';
import { nodeQuerystringEscape, pythonQuotePlus, pythonUrlencode, rubyCgiEscape } from '../../../reference/lang/url-encoding.ts';

const have = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const HAS_PYTHON = have('python3', ['-c', 'import urllib.parse, json']);
const HAS_RUBY = have('ruby', ['-rcgi', '-rjson', '-e', '0']);

/** Run a script that maps each input line (a JSON text) to one output line. */
function mapLines(cmd: string, args: string[], lines: string[]): string[] {
  const r = spawnSync(cmd, args, { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').slice(0, lines.length);
}

const RESERVED = ':/?#[]@!$&\'()*+,;=%~ "<>\\^`{|}';
const strings = [
  '',
  ' ',
  '+',
  '%',
  '%20',
  '%2B',
  '~',
  '*',
  "'",
  '!',
  '()',
  'a b+c',
  RESERVED,
  'é',
  '日本',
  '🎉',
  '\u2028',
  '\u0000\u001f\u007f',
  '\ud800',
  '\udc00',
  'a\ud800b',
  'a\udc00b',
  '\udc00\udc01',
  'x\udbff',
  '\ud83c\udf89\udc00',
  ...fc.sample(fc.oneof(hazardString(6), fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ maxLength: 8 })), { numRuns: 1500, seed: 11 }),
];

/** What a model gives: its text, or the library error it raises, as one comparable line. */
function outcome(f: () => string): string {
  try {
    return `ok ${JSON.stringify(f())}`;
  } catch (e) {
    if (e instanceof LibraryError) return `${e.type}: ${e.message}`;
    throw e;
  }
}

describe('node model', () => {
  it('is querystring.escape, with its URIError as the library error', () => {
    for (const s of strings) {
      let want: string;
      try {
        want = `ok ${JSON.stringify(querystringEscape(s))}`;
      } catch (e) {
        want = `URIError: ${(e as Error).message}`;
      }
      expect(outcome(() => nodeQuerystringEscape(s))).toBe(want);
    }
  });
});

describe.skipIf(!HAS_PYTHON)('python models vs CPython', () => {
  const script = [
    'import sys, json',
    'from urllib.parse import quote_plus, urlencode',
    'def run(f):',
    '    try: return "ok " + json.dumps(f())',
    '    except Exception as e: return type(e).__name__ + ": " + str(e)',
    'for l in sys.stdin:',
    '    v = json.loads(l)',
    '    print(run(lambda: quote_plus(v)) if isinstance(v, str) else run(lambda: urlencode(v, doseq=True)))',
  ].join('\n');

  it('quote_plus: unreserved A-Z a-z 0-9 _ . - ~, space as +, UnicodeEncodeError for surrogates', () => {
    const out = mapLines(
      'python3',
      ['-c', script],
      strings.map((s) => JSON.stringify(s)),
    );
    expect(strings.map((s) => outcome(() => pythonQuotePlus(s)))).toEqual(out);
  });

  it('urlencode(doseq=True) over dicts of any JSON values (lists repeat the key, dicts give their keys)', () => {
    const dicts = fc.sample(fc.uniqueArray(fc.tuple(fc.oneof(hazardString(3), fc.string({ maxLength: 4 })), jsonValue), { maxLength: 5, selector: ([k]) => k }), { numRuns: 800, seed: 5 });
    const texts = dicts.map((entries) => stringifyLossless(new JsonObject(entries)));
    const out = mapLines('python3', ['-c', script], texts);
    const ours = texts.map((t) => outcome(() => pythonUrlencode(python.fromJson(parseLossless(t)) as Map<string, never>, true)));
    expect(ours).toEqual(out);
  });
});

describe.skipIf(!HAS_RUBY)('ruby models vs MRI', () => {
  // Ruby's JSON parser refuses an unpaired high surrogate: no Ruby program receives such a string.
  const readable = strings.filter((s) => !/[\ud800-\udbff](?![\udc00-\udfff])/.test(s));

  it('CGI.escape works on the bytes Ruby holds, lone low surrogates included', () => {
    const out = mapLines(
      'ruby',
      ['-rcgi', '-rjson', '-e', 'STDIN.each_line { |l| puts "ok " + JSON.generate(CGI.escape(JSON.parse(l)[0])) }'],
      readable.map((s) => JSON.stringify([s])),
    );
    expect(readable.map((s) => outcome(() => rubyCgiEscape(s)))).toEqual(out);
  });

  it('String#inspect writes a lone surrogate as its three invalid bytes', () => {
    const values = readable.map((s) => [s, { [s]: s }]);
    const out = mapLines(
      'ruby',
      ['-rjson', '-e', 'STDIN.each_line { |l| puts JSON.parse(l).inspect.unpack1("H*") }'],
      values.map((v) => JSON.stringify(v)),
    );
    const ours = values.map((v) => Buffer.from(rbInspect(ruby.fromJson(parseLossless(JSON.stringify(v)))), 'utf8').toString('hex'));
    expect(ours).toEqual(out);
  });
});
