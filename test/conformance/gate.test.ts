/**
 * The gate keeps the README's exit codes true: 0 conforms (or only known failures), 1 new judged
 * failures, 2 a usage or adapter error. Errored cases are adapter errors, and a run, an adapter or
 * a property that checked nothing is never "conforms".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../conformance/cli.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import { checkExpectations, gate, type Expectations } from '../../conformance/runner/expectations.ts';
import type { Verdict } from '../../conformance/runner/compare.ts';
import type { AdapterRun, CaseRecord } from '../../conformance/runner/run.ts';
import type { Vector } from '../../conformance/vectors/read.ts';
import type { CaseResult } from '../../conformance/protocol/types.ts';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { ROOT } from '../helpers/shared.ts';

const vector = (id: string): Vector => ({ id, description: id, family: 'access_token', now: 0, input: null, expect: {}, flags: [], file: 'x.json' });
const TOKEN: CaseResult = { output: { token: 'a.b.c' } };
const rec = (id: string, verdict?: Verdict, result: CaseResult = TOKEN): CaseRecord => ({ vector: vector(id), result, ...(verdict ? { verdict } : {}) });
const PASS: Verdict = { status: 'pass', level: 'bytes' };
const FAIL: Verdict = { status: 'fail', level: 'differs', detail: 'x' };
const ERROR: Verdict = { status: 'error', message: 'no answer within 10000 ms' };
const SKIP: Verdict = { status: 'skip', reason: 'cannot express' };
const run = (name: string, records: CaseRecord[], extra: Partial<AdapterRun> = {}): AdapterRun => ({
  name,
  profile: 'node',
  implementation: { name, version: '1', language: 'js', profile: 'node', families: ['access_token'] },
  records,
  ...extra,
});

describe('gate exit codes', () => {
  it('all passes: 0, and the summary says how much was judged', () => {
    const g = gate([run('a', [rec('1', PASS), rec('2', PASS)])]);
    expect(g.exitCode).toBe(0);
    expect(g.summary).toBe('conforms (2 case(s) judged)');
  });

  it('a judged failure: 1', () => {
    const g = gate([run('a', [rec('1', PASS), rec('2', FAIL)])]);
    expect(g.exitCode).toBe(1);
    expect(g.summary).toBe('1 new failure(s)');
  });

  it('an errored case (crash, timeout, invalid reply) is an adapter error: 2, even next to passes', () => {
    const g = gate([run('a', [rec('1', PASS), rec('2', ERROR, { errored: { message: 'no answer within 10000 ms' } })])]);
    expect(g.exitCode).toBe(2);
    expect(g.erroredCases).toEqual([{ adapter: 'a', id: '2', message: 'no answer within 10000 ms' }]);
    expect(g.adapterErrors[0].message).toContain('1 case(s) not answered properly');
    expect(g.summary).toMatch(/^adapter error/);
  });

  it('an adapter that errors on every case: 2, not 1', () => {
    const g = gate([run('a', [rec('1', ERROR), rec('2', ERROR), rec('3', undefined, { errored: { message: 'crashed' } })])]);
    expect(g.exitCode).toBe(2);
    expect(g.erroredCases).toHaveLength(3);
    expect(g.empty).toEqual([]); // said once, as an adapter error
  });

  it('errored and failed together: 2 (the adapter error is the bigger problem)', () => {
    expect(gate([run('a', [rec('1', FAIL), rec('2', ERROR)])]).exitCode).toBe(2);
  });

  it('errored cases that are known failures are known failures: 0', () => {
    const expectations: Expectations = { adapters: { a: { knownFailures: ['2'] } } };
    const g = gate([run('a', [rec('1', PASS), rec('2', ERROR)])], expectations);
    expect(g.exitCode).toBe(0);
    expect(g.knownFailures).toEqual([{ adapter: 'a', id: '2' }]);
  });

  it('known failures: 0; a known failure that passes is a new pass', () => {
    const expectations: Expectations = { adapters: { a: { knownFailures: ['2', '3'] } } };
    const g = gate([run('a', [rec('1', PASS), rec('2', FAIL), rec('3', PASS)])], expectations);
    expect(g.exitCode).toBe(0);
    expect(g.newPasses).toEqual([{ adapter: 'a', id: '3' }]);
    expect(g.summary).toContain('1 known failure(s)');
  });

  it('a known failure of another adapter does not cover this one, and an inherited name is no entry', () => {
    const expectations: Expectations = { adapters: { b: { knownFailures: ['2'] } } };
    expect(gate([run('a', [rec('1', PASS), rec('2', FAIL)])], expectations).exitCode).toBe(1);
    expect(gate([run('constructor', [rec('1', PASS), rec('2', FAIL)])], expectations).exitCode).toBe(1);
  });

  it('a start failure (including an unknown declared profile) is 2', () => {
    expect(gate([run('a', [], { startError: 'adapter failed to start: unknown profile "perl"' })]).exitCode).toBe(2);
  });
});

describe('nothing judged is never "conforms"', () => {
  it('an adapter whose every case is unjudged (its profile records nothing): 2', () => {
    const g = gate([run('a', [rec('1'), rec('2')])]);
    expect(g.exitCode).toBe(2);
    expect(g.empty).toEqual(['a: judged 0 of 2 cases (2 with nothing recorded for profile node)']);
    expect(g.summary).toContain('nothing checked');
  });

  it('an adapter with no case of the run: 2', () => {
    const g = gate([run('a', [])]);
    expect(g.exitCode).toBe(2);
    expect(g.empty[0]).toContain('a: judged 0 cases');
  });

  it('an adapter that skipped everything: 2; with --fail-on-skip the skips are failures: 1', () => {
    const records = [rec('1', SKIP), rec('2', SKIP)];
    expect(gate([run('a', records)]).exitCode).toBe(2);
    expect(gate([run('a', records)], undefined, { failOnSkip: true }).exitCode).toBe(1);
  });

  it('some skips next to passes are not failures', () => {
    expect(gate([run('a', [rec('1', PASS), rec('2', SKIP)])]).exitCode).toBe(0);
  });

  it('one empty adapter among conforming ones: 2', () => {
    const g = gate([run('a', [rec('1', PASS)]), run('b', [rec('1')])]);
    expect(g.exitCode).toBe(2);
    expect(g.empty).toHaveLength(1);
  });

  it('every adapter unavailable: 2; an unavailable one beside a conforming one: 0', () => {
    const missing: AdapterRun = { name: 'm', unavailable: 'not installed', records: [] };
    const g = gate([missing]);
    expect(g.exitCode).toBe(2);
    expect(g.empty[0]).toContain('no adapter was available');
    expect(gate([missing, run('a', [rec('1', PASS)])]).exitCode).toBe(0);
  });

  it('--allow-empty accepts exactly that, and says so', () => {
    const g = gate([run('a', [rec('1')])], undefined, { allowEmpty: true });
    expect(g.exitCode).toBe(0);
    expect(g.summary).toContain('--allow-empty');
    // It does not excuse anything else.
    expect(gate([run('a', [rec('1', ERROR)])], undefined, { allowEmpty: true }).exitCode).toBe(2);
  });
});

describe('properties in the gate', () => {
  it('a failed property: 1; a property run that could not start or had no profile: 2', () => {
    const a = run('a', []);
    expect(gate([a], undefined, { properties: [{ adapter: 'a', checked: 3, failed: [] }] }).exitCode).toBe(0);
    expect(gate([a], undefined, { properties: [{ adapter: 'a', checked: 3, failed: ['p'] }] }).exitCode).toBe(1);
    const noProfile = gate([a], undefined, { properties: [{ adapter: 'a', checked: 0, failed: [], error: 'declares no profile' }] });
    expect(noProfile.exitCode).toBe(2);
    expect(noProfile.adapterErrors).toEqual([{ adapter: 'a', message: 'declares no profile' }]);
  });

  it('an adapter with no vector judged and no property checked: 2', () => {
    const g = gate([run('a', [])], undefined, { properties: [{ adapter: 'a', checked: 0, failed: [] }] });
    expect(g.exitCode).toBe(2);
    expect(g.empty[0]).toContain('checked 0 properties');
  });
});

describe('a property that checks nothing is vacuous, not ok', () => {
  const reference = { name: 'ref', run: (c: Parameters<typeof runReferenceCase>[1]) => Promise.resolve(runReferenceCase(PROFILES.node, c)) };
  const skipper = { name: 'skipper', run: () => Promise.resolve({ skipped: { reason: 'no' } } as CaseResult) };

  it('the reference: every property ok, with runs counted', async () => {
    const results = await runProperties(reference, 'node', ['client_capability'], { numRuns: 5, seed: 1 });
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r).toMatchObject({ status: 'ok', ok: true, numRuns: 5, adapterSkips: 0 });
  });

  it('an adapter that skips every case: every property vacuous (not ok), none failed', async () => {
    const results = await runProperties(skipper, 'node', ['client_capability'], { numRuns: 5, seed: 1 });
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r).toMatchObject({ status: 'vacuous', ok: false, numRuns: 5, adapterSkips: 5 });
      expect(r.message).toContain('skipped');
    }
  });
});

describe('expectations are checked against the run', () => {
  const ids = new Set(['access_token/a', 'access_token/b']);
  it('an unknown vector id is an error naming it', () => {
    const e: Expectations = { adapters: { a: { knownFailures: ['access_token/a', 'access_token/typo'] } } };
    expect(() => checkExpectations(e, { adapters: ['a'], vectorIds: ids }, 'k.json')).toThrow(/k\.json: adapters\.a\.knownFailures names no vector: "access_token\/typo"/);
  });

  it('an adapter that is not in the run is an error naming it', () => {
    const e: Expectations = { adapters: { 'my-sdk': { knownFailures: [] } } };
    expect(() => checkExpectations(e, { adapters: ['a'], vectorIds: ids })).toThrow(/adapters\.my-sdk is not an adapter of this run/);
  });

  it('a file that names only known ids and adapters passes', () => {
    const e: Expectations = { adapters: { a: { knownFailures: ['access_token/b'] } } };
    expect(() => checkExpectations(e, { adapters: ['a', 'b'], vectorIds: ids })).not.toThrow();
  });
});

describe('end to end: the command exits as the gate says', () => {
  const gateAdapter = (mode: string): string => `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'test/fixtures/gate-adapter.mjs'))} --mode ${mode}`;
  let small: string;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gate-e2e-'));
    const doc = JSON.parse(readFileSync(join(ROOT, 'vectors/access_token/generated.json'), 'utf8'));
    // A few token cases and a few rejections of the node profile.
    const node = doc.vectors.filter((v: { expect: Record<string, unknown> }) => Object.keys(v.expect).some((k) => k.split(',').includes('node')));
    const isError = (v: { expect: Record<string, { error?: unknown }> }): boolean => Object.entries(v.expect).some(([k, e]) => k.split(',').includes('node') && e.error !== undefined);
    const picked = [...node.filter((v: never) => !isError(v)).slice(0, 3), ...node.filter((v: never) => isError(v)).slice(0, 3)];
    small = join(dir, 'small.json');
    writeFileSync(small, JSON.stringify({ ...doc, vectors: picked }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cliRun(args: string[]): Promise<{ code: number; text: string }> {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (written.push(String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (written.push(String(s)), true));
    try {
      return { code: await main(['run', '--vectors', small, '--timeout', '60000', ...args]), text: written.join('') };
    } finally {
      vi.restoreAllMocks();
    }
  }

  it('the unmodified fixture: 0', async () => {
    const r = await cliRun(['--adapter', gateAdapter('none')]);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain('result: conforms (6 case(s) judged)');
  });

  it('right message, wrong exception class: 1, at level rejection-type', async () => {
    const r = await cliRun(['--adapter', gateAdapter('wrong-type')]);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toContain('[rejection-type]');
    expect(r.text).toContain('result: 3 new failure(s)');
  });

  it('a token next to the error: never a pass; an invalid reply, so an adapter error: 2', async () => {
    const r = await cliRun(['--adapter', gateAdapter('token-and-error')]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/adapter error: .*3 case\(s\) not answered properly/);
  });

  it('an adapter that errors on every case: 2', async () => {
    const r = await cliRun(['--adapter', gateAdapter('error-everything')]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toContain('result: adapter error');
  });

  it('an adapter that skips every case: 2, saying that nothing was checked', async () => {
    const r = await cliRun(['--adapter', gateAdapter('skip-everything')]);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/result: nothing checked, so not conforming \(.*judged 0 of 6 cases \(6 skipped by the adapter\)/);
  });

  it('properties for an adapter that declares no profile, without --profile: 2, with the reason', async () => {
    const r = await cliRun(['--adapter', gateAdapter('no-profile'), '--properties', '--no-vectors', '--num-runs', '3', '--families', 'client_capability']);
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(/adapter error: .*declares no profile/);
  });

  it('... and with --profile they run: 0', async () => {
    const r = await cliRun(['--adapter', gateAdapter('no-profile'), '--properties', '--no-vectors', '--num-runs', '3', '--families', 'client_capability', '--profile', 'node']);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/ok {3}.* client_capability\/differential-layout \(3 runs/);
  });

  it('properties on an adapter that skips everything are vacuous: printed as such, not conforming', async () => {
    const r = await cliRun(['--adapter', gateAdapter('skip-everything'), '--properties', '--no-vectors', '--num-runs', '3', '--families', 'client_capability']);
    expect(r.code, r.text).not.toBe(0);
    expect(r.text).toMatch(/VACUOUS .* client_capability\/differential-layout \(3 runs, 3 skipped by the adapter/);
  });
});
