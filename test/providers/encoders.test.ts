/**
 * The language pieces the provider profiles lean on, against the real things: qs (as axios sends
 * twilio-node's form), CPython's urlencode and json.loads errors, and Ruby's CGI.escape (the
 * escaping Faraday's FlatParamsEncoder applies).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonJsonError } from '../../reference/profiles/python/json-errors.ts';
import { faradayForm, pythonForm, qsForm } from '../../reference/providers/form.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const opts = { numRuns: 300, seed: seedFromEnv(), path: pathFromEnv() };
// Well-formed strings only: the libraries' handling of lone surrogates is not at stake here.
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const hasPython = spawnSync('python3', ['-c', 'import json, urllib.parse'], { stdio: 'ignore' }).status === 0;
const hasRuby = spawnSync('ruby', ['-e', 'require "cgi"'], { stdio: 'ignore' }).status === 0;

function batch(cmd: string[], inputs: unknown[]): unknown[] {
  const r = spawnSync(cmd[0], cmd.slice(1), { input: JSON.stringify(inputs), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as unknown[];
}

describe('form encoders', () => {
  it('qsForm is qs.stringify with arrayFormat repeat', () => {
    const qs = createRequire(import.meta.url)('qs') as { stringify(o: object, opts: object): string };
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.oneof(text, fc.constant(null), fc.constant(undefined))), { maxLength: 4 }), (pairs) => {
        // twilio-node hands qs an object, so the pairs are in that object's key order (integer-like keys first).
        const form = Object.fromEntries(pairs.filter(([k]) => k !== '' && !/[[\].]/.test(k)));
        expect(qsForm(Object.entries(form))).toBe(qs.stringify(form, { arrayFormat: 'repeat' }));
      }),
      opts,
    );
  });
  it.runIf(hasPython)('pythonForm is urllib.parse.urlencode', () => {
    const samples = fc.sample(fc.array(fc.tuple(text, text), { maxLength: 4 }), { numRuns: 300, seed: seedFromEnv() });
    const got = batch(['python3', '-c', 'import json,sys,urllib.parse; print(json.dumps([urllib.parse.urlencode([tuple(x) for x in p]) for p in json.load(sys.stdin)]))'], samples);
    expect(samples.map((p) => pythonForm(p))).toEqual(got);
  });
  it.runIf(hasRuby)('faradayForm escapes as CGI.escape and sorts keys', () => {
    const samples = fc.sample(fc.array(fc.tuple(text, text), { maxLength: 4 }), { numRuns: 300, seed: seedFromEnv() });
    const got = batch(['ruby', '-rjson', '-rcgi', '-e', 'puts JSON.generate(JSON.parse(STDIN.read).map { |p| p.sort.map { |k, v| "#{CGI.escape(k)}=#{CGI.escape(v)}" }.join("&") })'], samples);
    expect(samples.map((p) => faradayForm(p))).toEqual(got);
  });
});

describe.runIf(hasPython)('CPython json.loads errors', () => {
  it('the same message, or the same acceptance, on truncated and mangled JSON', () => {
    const doc = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v, null, fc.sample(fc.constantFrom(0, 1), 1)[0]));
    const mangled = fc.oneof(
      doc.chain((d) => fc.nat({ max: d.length }).map((n) => d.slice(0, n))),
      doc.chain((d) => fc.tuple(fc.nat({ max: d.length }), fc.constantFrom('"', '}', ']', ',', ':', 'x', '\n', '\\', ' ', '\u0001')).map(([n, c]) => d.slice(0, n) + c + d.slice(n))),
      fc.constantFrom('', ' ', '{"access_token": "eyJhbGciOi', '{"a" 1}', '[1,]', '{"a":1,}', 'nul', '"\\x"', '"\\u12"', '{"a":1} x'),
    );
    const samples = fc.sample(mangled, { numRuns: 600, seed: seedFromEnv() });
    const got = batch(['python3', '-c', 'import json,sys\nout=[]\nfor s in json.load(sys.stdin):\n  try:\n    json.loads(s); out.append(None)\n  except json.JSONDecodeError as e:\n    out.append(str(e))\nprint(json.dumps(out))'], samples);
    const mine = samples.map((s) => pythonJsonError(s) ?? null);
    const diffs = samples.flatMap((s, i) => (mine[i] === got[i] ? [] : [`${JSON.stringify(s)}: ${mine[i]} vs ${got[i]}`]));
    expect(diffs).toEqual([]);
  });
});
