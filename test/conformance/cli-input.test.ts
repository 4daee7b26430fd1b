/**
 * Every input of `run` is validated before any case runs: a bad value is one line on stderr
 * naming what is wrong, exit 2, and no report file written (the report directory stays empty,
 * including reports asked for beside the bad one).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../conformance/cli.ts';
import { PROFILE_NAMES } from '../../conformance/libraries/index.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { JsonNumber, JsonObject } from '../../reference/json/value.ts';
import { ROOT } from '../helpers/shared.ts';

let dir: string;
let inputs: string;
let out: string;
/** A small valid vectors file: if a check were missing, the run would be short and write reports. */
let small: string;

/** Vector files that are wrong in one way each, from a valid one. */
function writeVariant(name: string, change: (doc: { family: string; description: string; vectors: Array<Record<string, unknown>> }) => unknown): string {
  const doc = JSON.parse(readFileSync(small, 'utf8'));
  const file = join(inputs, name);
  writeFileSync(file, JSON.stringify(change(doc) ?? doc, null, 2));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-input-'));
  inputs = join(dir, 'inputs');
  mkdirSync(inputs);
  const edge = JSON.parse(readFileSync(join(ROOT, 'vectors/access_token/edge.json'), 'utf8'));
  small = join(inputs, 'small.json');
  writeFileSync(small, JSON.stringify({ ...edge, vectors: edge.vectors.slice(0, 3) }, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A fresh report directory per test, so that what one test wrote cannot be blamed on another.
let outs = 0;
beforeEach(() => {
  out = join(dir, `out-${++outs}`);
  mkdirSync(out);
});

let stderr: string[] = [];
let stdout: string[] = [];
afterEach(() => vi.restoreAllMocks());

/** Run the CLI in-process, capturing what it writes. */
async function cli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  stderr = [];
  stdout = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (stdout.push(String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stderr: stderr.join(''), stdout: stdout.join('') };
}

/** `run` on the reference adapter and the small vectors, with two reports into `out`, plus `extra`. */
const run = (extra: string[]): string[] => ['run', '--adapter', 'reference-node', '--vectors', small, '--reporter', `junit:${join(out, 'report.xml')}`, '--reporter', `jsonl:${join(out, 'report.jsonl')}`, ...extra];

/** One line on stderr matching `pattern`, nothing on stdout, exit 2, and no report written. */
async function expectRefused(args: string[], pattern: RegExp): Promise<void> {
  const r = await cli(args);
  expect(r.code, r.stderr + r.stdout.slice(0, 300)).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toMatch(/\n|^\s+at /);
  expect(r.stdout).toBe('');
  expect(readdirSync(out)).toEqual([]);
}

describe('numbers and ranges (issue 14, item 10)', () => {
  for (const [args, pattern] of [
    [['--jobs', '1000'], /--jobs takes an integer from 1 to 64, not "1000"/],
    [['--jobs', '0'], /--jobs/],
    [['--jobs', '2.5'], /--jobs/],
    [['--timeout', 'Infinity'], /--timeout takes an integer from 1 to 2147483647, not "Infinity"/],
    [['--timeout', '2147483648'], /--timeout .* not "2147483648"/],
    [['--timeout', 'abc'], /--timeout .* not "abc"/],
    [['--timeout', '1e12'], /--timeout .* not "1e12"/],
    [['--timeout', '0'], /--timeout/],
    [['--max-line-bytes', 'lots'], /--max-line-bytes/],
    [['--shard', '3/2'], /--shard takes i\/n/],
    [['--shard', 'half'], /--shard/],
  ] as const) {
    it(`${args.join(' ')}`, () => expectRefused(run([...args]), pattern));
  }
});

describe('names: profiles, families, reporters, adapters (items 2 and 11)', () => {
  for (const [args, pattern] of [
    [['--families', 'acess_token'], /--families: unknown family "acess_token" \(known: access_token, client_capability, /],
    [['--families', 'access_token,jwtt'], /unknown family "jwtt"/],
    [['--profile', 'perl'], new RegExp(`--profile: unknown profile "perl" \\(expected ${PROFILE_NAMES.slice(0, -1).join(', ')} or ${PROFILE_NAMES.at(-1)}\\)`)],
    [['--profile', '__proto__'], /unknown profile "__proto__"/],
    [['--profile', 'constructor'], /unknown profile "constructor"/],
    [['--reporter', 'pdf'], /unknown reporter "pdf"/],
    [['--adapter', 'reference-node'], /--adapter "reference-node" is given twice/],
    [['--adapter', ''], /empty adapter command/],
    [['--no-such-option'], /--no-such-option/],
  ] as const) {
    it(`${args.join(' ')}`, () => expectRefused(run([...args]), pattern));
  }

  it('adapter reference --profile perl', async () => {
    const r = await cli(['adapter', 'reference', '--profile', 'perl']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown profile "perl"/);
  });
});

describe('property options (item 3)', () => {
  for (const [args, pattern] of [
    [['--properties', '--no-vectors', '--num-runs', 'abc', '--seed', 'xyz'], /--num-runs takes an integer from 1 .* not "abc"/],
    [['--properties', '--no-vectors', '--seed', 'xyz'], /--seed takes an integer from -2147483648 to 2147483647, not "xyz"/],
    [['--properties', '--no-vectors', '--seed', '4294967296'], /--seed/],
    [['--properties', '--no-vectors', '--num-runs', '0'], /--num-runs/],
    [['--properties', '--no-vectors', '--path', '3:x'], /--path takes a fast-check path/],
    [['--properties', '--no-vectors', '--only', 'no-such-property'], /--only "no-such-property" matches no property/],
    // access_token properties exist, but none of client_capability's is called that.
    [['--properties', '--no-vectors', '--families', 'client_capability', '--only', 'access_token/'], /--only "access_token\/" matches no property of the families client_capability/],
    [['--num-runs', '5'], /--num-runs needs --properties/],
  ] as const) {
    it(`${args.join(' ')}`, () => expectRefused(run([...args]), pattern));
  }
});

describe('vector files (items 2 and 11)', () => {
  it('a missing --vectors path', () => expectRefused([...run([]), '--vectors', join(inputs, 'missing.json')], /vectors path .*missing\.json does not exist/));

  it('invalid JSON names the file and the offset', async () => {
    const bad = join(inputs, 'bad.json');
    writeFileSync(bad, '{"family": "access_token",\n "vectors": [1,]}');
    await expectRefused([...run([]), '--vectors', bad], /bad\.json: invalid JSON: .* at offset 42 \(line 2 column 16\)/);
  });

  it('a misspelled top-level key ("vector") is an error, not a file that contributes nothing', async () => {
    const f = writeVariant('misspelled.json', (d) => ({ family: d.family, description: d.description, vector: d.vectors }));
    await expectRefused([...run([]), '--vectors', f], /misspelled\.json: \/: has an unknown member "vector"/);
  });

  it('an expectation filed under an unknown profile names the file and the JSON path', async () => {
    const f = writeVariant('perl.json', (d) => {
      (d.vectors[1].expect as Record<string, unknown>).perl = { error: { message: 'x' } };
    });
    await expectRefused([...run([]), '--vectors', f], /perl\.json: \/vectors\/1\/expect\/perl: is not an allowed name/);
  });

  it('a schema violation deep in a vector names the JSON path', async () => {
    const f = writeVariant('token.json', (d) => {
      d.vectors[2].expect = { node: { token: 5, headerJson: '{}', payloadJson: '{}' } };
    });
    await expectRefused([...run([]), '--vectors', f], /token\.json: \/vectors\/2\/expect\/node\/token: must be string/);
  });

  it('a vector without its clock', async () => {
    const f = writeVariant('no-now.json', (d) => {
      delete d.vectors[0].now;
    });
    await expectRefused([...run([]), '--vectors', f], /no-now\.json: \/vectors\/0: must have required property 'now'/);
  });

  it('a folder in which one file is bad names that file', async () => {
    const folder = join(inputs, 'folder');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.json'), readFileSync(small));
    writeFileSync(join(folder, 'b.json'), '{"family": "access_token", "description": "x", "vector": []}');
    await expectRefused([...run([]), '--vectors', folder], /b\.json: \/: has an unknown member "vector"/);
  });

  it('verifier vectors are not producing vectors', () => expectRefused([...run([]), '--vectors', join(ROOT, 'vectors/verifier/strict.json')], /strict\.json is not a producing vectors file/));

  it('--families that leaves no vector of the file', () => expectRefused(run(['--families', 'jwt']), /no vectors left to run .* for --families jwt .*--allow-empty/));

  it('loading stays lossless: number text and key order survive', () => {
    const vectors = loadVectors(join(ROOT, 'vectors/access_token/edge.json'));
    const withFloat = vectors.find((v) => v.input instanceof JsonObject && v.input.get('ttl') instanceof JsonNumber && (v.input.get('ttl') as JsonNumber).text === '3600.0');
    expect(withFloat).toBeDefined();
    expect((withFloat!.input as JsonObject).keys().slice(0, 3)).toEqual(['accountSid', 'keySid', 'secret']);
  });
});

describe('expectations files (item 3 and 15)', () => {
  const file = (name: string, doc: unknown): string => {
    const f = join(inputs, name);
    writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return f;
  };
  it('a missing file', () => expectRefused(run(['--expectations', join(inputs, 'nope.json')]), /expectations file .*nope\.json does not exist/));
  it('invalid JSON', () => expectRefused(run(['--expectations', file('e1.json', '{"adapters": ')]), /e1\.json is not valid JSON/));
  it('an unknown vector id', async () => {
    const f = file('e2.json', { adapters: { 'reference-node': { knownFailures: ['access_token/edge/minimal', 'access_token/edge/no-such-vector'] } } });
    await expectRefused(run(['--expectations', f]), /e2\.json: adapters\.reference-node\.knownFailures names no vector: "access_token\/edge\/no-such-vector"/);
  });
  it('an adapter that is not in the run', async () => {
    const f = file('e3.json', { adapters: { 'my-sdk': { knownFailures: [] } } });
    await expectRefused(run(['--expectations', f]), /e3\.json: adapters\.my-sdk is not an adapter of this run/);
  });
  it('a misspelled member', async () => {
    const f = file('e4.json', { adapters: { 'reference-node': { knownFailure: ['access_token/edge/minimal'] } } });
    await expectRefused(run(['--expectations', f]), /e4\.json: adapters\.reference-node has an unknown member "knownFailure"/);
  });
});

describe('report paths are checked before any adapter starts (item 11)', () => {
  it('a report in a directory that does not exist: no other report is written either', () =>
    expectRefused(run(['--reporter', `html:${join(out, 'missing', 'r.html')}`]), /--reporter html: .*r\.html cannot be written \(directory .*missing does not exist\)/));

  it('a report path that is a directory', () => expectRefused(run(['--reporter', `html:${inputs}`]), /is a directory/));

  it('a report path under a file', () => expectRefused(run(['--reporter', `tap:${join(small, 'r.tap')}`]), /r\.tap cannot be written/));

  it('two reports into one file', () => expectRefused(run(['--reporter', `tap:${join(out, 'report.xml')}`]), /two reports would be written to/));

  it('a --save-counterexamples directory under a file', () => expectRefused(run(['--properties', '--save-counterexamples', join(small, 'cx')]), /--save-counterexamples .* cannot be created/));
});

describe('as a process: one line on stderr, exit 2, no stack', () => {
  const bin = join(ROOT, 'bin', 'twilio-jwt-conformance.mjs');
  const spawnCli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, cwd: out });
  for (const [name, args, pattern] of [
    ['a missing --vectors path', ['run', '--adapter', 'reference-node', '--vectors', '/nonexistent/vectors'], /^twilio-jwt-conformance: vectors path \/nonexistent\/vectors does not exist \(see twilio-jwt-conformance --help\)$/],
    ['adapter reference --profile perl', ['adapter', 'reference', '--profile', 'perl'], /unknown profile "perl"/],
    ['--timeout Infinity', ['run', '--timeout', 'Infinity', '--reporter', 'html:r.html'], /--timeout/],
  ] as const) {
    it(name, () => {
      const r = spawnCli([...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(pattern);
      expect(readdirSync(out)).toEqual([]);
    });
  }
});
