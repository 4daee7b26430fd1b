/**
 * Verdicts do not depend on load. With a CPU burner on every core, the credential_provider family
 * against the real twilio-node (a child process per case) and every vector against the real
 * twilio-python get, vector by vector, the verdicts (status and level) of an unloaded run, with
 * the runner's default timeouts. Nothing here times anything: the burners only make every step
 * slower, as a busy CI machine does.
 *
 * Also: a run starts no more adapter processes than it can use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBuiltin, type AdapterLaunch } from '../../conformance/adapters/registry.ts';
import { hasOpenssl } from '../../conformance/oauth/tls.ts';
import { MAX_JOBS, runAdapter, type AdapterRun } from '../../conformance/runner/run.ts';
import { loadVectors, type Vector } from '../../conformance/vectors/read.ts';
import { ROOT } from '../helpers/shared.ts';

const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';
const all = loadVectors(join(ROOT, 'vectors'));
const providerVectors = all.filter((v) => v.family === 'credential_provider');

/** A burner ends itself after this long even if nobody kills it (a crashed test run). */
const BURNER_LIFETIME_MS = 6 * 60_000;
const burners = new Set<ChildProcess>();

/** One busy-looping process per core. */
function startBurners(): void {
  for (let i = 0; i < availableParallelism(); i++) {
    const p = spawn(process.execPath, ['-e', `const end = Date.now() + ${BURNER_LIFETIME_MS}; while (Date.now() < end) {}`], { stdio: 'ignore' });
    burners.add(p);
    p.once('exit', () => burners.delete(p));
  }
}

function stopBurners(): void {
  for (const p of burners) p.kill('SIGKILL');
}

afterAll(stopBurners);

/** Status and level of every vector's verdict, by id (`-` where nothing was judged). */
function verdicts(run: AdapterRun): Record<string, string> {
  return Object.fromEntries(run.records.map((r) => [r.vector.id, r.verdict ? `${r.verdict.status}${'level' in r.verdict ? `/${r.verdict.level}` : ''}` : '-']));
}

function problems(run: AdapterRun): string {
  const bad = run.records.filter((r) => r.verdict && r.verdict.status !== 'pass').map((r) => `${r.vector.id}: ${JSON.stringify(r.verdict)}`);
  return [...bad, ...(run.faults ?? []).map((f) => `fault: ${f}`)].slice(0, 20).join('\n');
}

const targets: Array<{ name: 'twilio-node' | 'twilio-python'; vectors: Vector[]; needs?: () => string | undefined }> = [
  // twilio-node's provider child trusts the case server's proxy CA, made with openssl.
  { name: 'twilio-node', vectors: providerVectors, needs: () => (hasOpenssl() ? undefined : 'openssl is not available') },
  { name: 'twilio-python', vectors: all },
];

describe('verdicts under load', () => {
  for (const t of targets) {
    const launch = launchBuiltin(t.name) as AdapterLaunch;
    const missing = 'unavailable' in launch ? launch.unavailable : t.needs?.();
    it.skipIf(!!missing && !REQUIRED)(
      `${t.name}: ${t.vectors === all ? 'every vector' : 'the credential_provider family'} gets the same verdicts with every core busy${missing ? ` (skipped: ${missing})` : ''}`,
      async () => {
        if (missing) throw new Error(missing);
        const unloaded = await runAdapter(launch, t.vectors);
        const expected = verdicts(unloaded);
        // The comparison means something only if cases were judged, and they all pass unloaded.
        const judged = Object.values(expected).filter((v) => v !== '-');
        expect(judged.length).toBeGreaterThan(t.vectors === all ? 400 : 15);
        expect(
          judged.filter((v) => !v.startsWith('pass')),
          problems(unloaded),
        ).toEqual([]);
        startBurners();
        try {
          const loaded = await runAdapter(launch, t.vectors);
          expect(verdicts(loaded), problems(loaded)).toEqual(expected);
        } finally {
          stopBurners();
        }
      },
      600_000,
    );
  }
});

describe('adapter processes', () => {
  // A minimal adapter that notes its pid in the file it is given and skips every case.
  const COUNTER = `
    require('fs').appendFileSync(process.argv[1], process.pid + '\\n');
    const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
    require('readline').createInterface({ input: process.stdin }).on('line', (l) => {
      const r = JSON.parse(l);
      if (r.cmd === 'start') out({ version: 1, implementation: { name: 'counter', version: '0', language: 'javascript', profile: 'node', families: ['access_token'] } });
      else if (r.cmd === 'stop') process.exit(0);
      else out({ seq: r.seq, skipped: { reason: 'counting processes' } });
    });`;
  // Made only when the tests here run (a filtered-out describe runs no hooks).
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tokens = all.filter((v) => v.family === 'access_token');

  for (const [jobs, cases, expected] of [
    [1000, 3, 3],
    [1000, 40, MAX_JOBS],
    [4, 40, 4],
  ] as const) {
    it(`--jobs ${jobs} with ${cases} cases starts ${expected} processes`, async () => {
      const log = join(dir, `${jobs}-${cases}.log`);
      // Another family's vector: the adapter will not run it, so it must not count.
      const vectors = [...tokens.slice(0, cases), providerVectors[0]];
      const run = await runAdapter({ name: 'counter', command: [process.execPath, '-e', COUNTER, log] }, vectors, { jobs });
      expect(run.records).toHaveLength(cases);
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(expected);
    });
  }
});

describe('openssl on a loaded machine', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'openssl-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** hasOpenssl with PATH holding only a fake `openssl` running this shell script (or none). */
  function withFake(script: string | undefined, timeoutMs: number): boolean {
    const bin = join(dir, String(Math.random()).slice(2));
    mkdirSync(bin);
    if (script !== undefined) writeFileSync(join(bin, 'openssl'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = bin;
    try {
      return hasOpenssl(timeoutMs);
    } finally {
      process.env.PATH = saved;
    }
  }

  it('one slow to answer is there (a skip of every proxied provider case is not a load effect to allow)', () => {
    expect(withFake('exec /bin/sleep 30', 300)).toBe(true);
  });

  it('a missing or failing one is not', () => {
    expect(withFake(undefined, 5000)).toBe(false);
    expect(withFake('exit 1', 5000)).toBe(false);
    expect(withFake('exit 0', 5000)).toBe(true);
  });
});
