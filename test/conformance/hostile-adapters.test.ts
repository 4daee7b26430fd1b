/**
 * The whole CLI (`run`, as CI calls it) against hostile adapters (test/fixtures/hostile-adapter.mjs):
 * for each behaviour the run ends within a bound, writes its report, exits with the code the
 * README promises, never passes a case the adapter did not answer properly, and leaves no process
 * behind (the adapter, its restarts and any grandchild are all gone shortly after the run).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../conformance/cli.ts';
import { PROFILE_NAMES } from '../../conformance/libraries/index.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../../conformance/protocol/lines.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { formatLossless } from '../../reference/json/stringify.ts';
import { JsonObject } from '../../reference/json/value.ts';
import { ROOT } from '../helpers/shared.ts';

const BIN = join(ROOT, 'bin/twilio-jwt-conformance.mjs');
const FIXTURE = join(ROOT, 'test/fixtures/hostile-adapter.mjs');
/** No run may take longer, on a loaded machine; the grandchild behaviour's sleep (120 s) is longer. */
const RUN_BOUND_MS = 100_000;
/** How long after the run every process it started must be gone. */
const SURVIVOR_GRACE_MS = 5_000;

// Ten access_token vectors, seven tokens and three rejections (typed `Error`), for a fast run.
const IDS = ['minimal', 'ttl-0', 'ttl-float-whole', 'ttl-float', 'ttl-true', 'identity-integer', 'region-us1', 'identity-empty', 'voice-full', 'all-grants'].map((s) => `access_token/edge/${s}`);
const REJECTIONS = ['access_token/edge/ttl-float', 'access_token/edge/ttl-true', 'access_token/edge/identity-empty'];

let dir: string;
let vectorsFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-adapters-'));
  vectorsFile = join(dir, 'vectors.json');
  // Lossless, so that number texts such as 3600.0 reach the adapter as the vector wrote them.
  const doc = parseLossless(readFileSync(join(ROOT, 'vectors/access_token/edge.json'), 'utf8')) as JsonObject;
  const kept = (doc.get('vectors') as JsonObject[]).filter((v) => IDS.includes(v.get('id') as string));
  expect(kept).toHaveLength(IDS.length);
  writeFileSync(vectorsFile, `${formatLossless(new JsonObject(doc.entries.map(([k, v]) => [k, k === 'vectors' ? kept : v])))}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CaseLine {
  id: string;
  status: string;
  detail?: string;
}
interface CliRun {
  code: number | null;
  elapsedMs: number;
  stderr: string;
  reportWritten: boolean;
  header?: { adapters: Array<{ startError?: string; faults: string[] }> };
  cases: CaseLine[];
  summary?: { exitCode: number };
  pids: { adapters: number[]; grandchildren: number[] };
}

/** Still running? A zombie has exited (it only waits to be reaped, which PID 1 may never do here). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^[\s\S]*\) /, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

function pidsIn(pidDir: string): CliRun['pids'] {
  const files = existsSync(pidDir) ? readdirSync(pidDir) : [];
  const of = (kind: string): number[] => files.filter((f) => f.startsWith(`${kind}-`)).map((f) => Number(f.slice(kind.length + 1)));
  return { adapters: of('adapter'), grandchildren: of('grandchild') };
}

async function survivors(pids: number[]): Promise<number[]> {
  const until = Date.now() + SURVIVOR_GRACE_MS;
  let left = pids.filter(alive);
  while (left.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter(alive);
  }
  return left;
}

/**
 * `twilio-jwt-conformance run` against one behaviour: in this process through `main()` or, where
 * what matters is that the command itself exits (nothing left holding its event loop), as a CI job
 * runs it, as a child process.
 */
async function runCli(behaviour: string, timeoutMs: number, how: 'main' | 'process' = 'main'): Promise<CliRun> {
  const pidDir = join(dir, behaviour, 'pids');
  const report = join(dir, behaviour, 'report.jsonl');
  mkdirSync(join(dir, behaviour), { recursive: true });
  const adapter = `${process.execPath} ${FIXTURE} --behaviour ${behaviour} --pid-dir ${pidDir}`;
  const args = ['run', '--adapter', adapter, '--vectors', vectorsFile, '--reporter', `jsonl:${report}`, '--timeout', String(timeoutMs)];
  const t0 = Date.now();
  let stderr = '';
  const endAll = (): void => {
    for (const pid of [...pidsIn(pidDir).adapters, ...pidsIn(pidDir).grandchildren]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  let code: number | null;
  if (how === 'main') {
    let bound: NodeJS.Timeout | undefined;
    code = await Promise.race([
      main(args).catch((e: Error) => {
        stderr = `main threw: ${e?.stack ?? String(e)}`;
        return null;
      }),
      new Promise<null>((resolve) => {
        bound = setTimeout(() => {
          endAll();
          resolve(null);
        }, RUN_BOUND_MS);
      }),
    ]);
    clearTimeout(bound);
  } else {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    code = await new Promise<number | null>((resolve) => {
      const bound = setTimeout(() => {
        // Over the bound: end everything it started, then fail below.
        child.kill('SIGKILL');
        endAll();
      }, RUN_BOUND_MS);
      child.on('exit', (c) => {
        clearTimeout(bound);
        resolve(c);
      });
    });
  }
  const elapsedMs = Date.now() - t0;
  expect(elapsedMs, `run --adapter ${behaviour} did not end within ${RUN_BOUND_MS} ms`).toBeLessThan(RUN_BOUND_MS);
  const reportWritten = existsSync(report);
  // Every behaviour gets a report, start failures included.
  expect(reportWritten, `no report written (exit ${code}): ${stderr.slice(-2000)}`).toBe(true);
  const lines = reportWritten
    ? readFileSync(report, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  return {
    code,
    elapsedMs,
    stderr,
    reportWritten,
    header: lines.find((l) => l.type === 'header'),
    cases: lines.filter((l) => l.type === 'case'),
    summary: lines.find((l) => l.type === 'summary'),
    pids: pidsIn(pidDir),
  };
}

/** What every behaviour must do: a report, no stack trace, a code matching it, nothing left running. */
async function expectCleanEnd(run: CliRun): Promise<void> {
  expect(run.reportWritten).toBe(true);
  expect(run.summary?.exitCode).toBe(run.code);
  expect(run.stderr).not.toMatch(/TypeError|\n\s+at /);
  expect(run.pids.adapters.length).toBeGreaterThan(0);
  expect(await survivors([...run.pids.adapters, ...run.pids.grandchildren])).toEqual([]);
}

// Concurrent: most of the time is spent waiting on adapters (starting, sleeping, ignoring stop).
describe.concurrent('the CLI against hostile adapters', { timeout: 150_000 }, () => {
  // A start reply the runner cannot use: an adapter error, with the reason, before any case runs.
  for (const [behaviour, reason] of [
    ['unknown-profile', `start reply: implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "perl"`],
    ['proto-profile', `start reply: implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "__proto__"`],
    ['constructor-profile', `start reply: implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "constructor"`],
    ['no-families', 'start reply: implementation.families is missing'],
  ] as const) {
    it(`${behaviour}: an adapter error (exit 2) naming the reason, in the report`, async () => {
      const run = await runCli(behaviour, 30_000);
      expect(run.code).toBe(2);
      expect(run.header!.adapters[0].startError).toContain(reason);
      expect(run.cases).toEqual([]);
      await expectCleanEnd(run);
    });
  }

  // Valid JSON, invalid replies: each case is errored with the reason; the stream stays in step,
  // so one process answers every case (no restart, no fault).
  for (const [behaviour, reason] of [
    ['reply-null', 'invalid reply: must be a JSON object, not null'],
    ['reply-number', 'invalid reply: must be a JSON object, not an integer'],
    ['reply-string', 'invalid reply: must be a JSON object, not a string'],
    ['output-null', 'invalid reply: output must be an object, not null'],
    ['output-string', 'invalid reply: output must be an object, not a string'],
    ['token-plus-error', 'invalid reply: output must have exactly one of token, error, decoded, steps, not token and error'],
  ] as const) {
    it(`${behaviour}: every case errored with the reason, never a pass, exit 2`, async () => {
      const run = await runCli(behaviour, 30_000);
      expect(run.cases).toHaveLength(IDS.length);
      for (const c of run.cases) expect(c).toMatchObject({ status: 'error', detail: reason });
      expect(run.code).toBe(2);
      expect(run.header!.adapters[0].faults).toEqual([]);
      expect(run.pids.adapters).toHaveLength(1);
      await expectCleanEnd(run);
    });
  }

  it('wrong-error-type: the right rejection message with another type fails those cases (exit 1)', async () => {
    const run = await runCli('wrong-error-type', 30_000);
    const failed = run.cases.filter((c) => c.status !== 'pass').map((c) => c.id);
    expect(failed.sort()).toEqual([...REJECTIONS].sort());
    for (const c of run.cases.filter((x) => x.status !== 'pass')) expect(c.status).toBe('fail');
    expect(run.code).toBe(1);
    await expectCleanEnd(run);
  });

  // Over-long lines: the answer is errored, the reader stops at the limit (no 50 MB, no endless growth).
  for (const behaviour of ['huge-answer', 'endless-line']) {
    it(`${behaviour}: errored as longer than the maximum line, the run goes on, exit 2`, async () => {
      const run = await runCli(behaviour, 30_000);
      expect(run.cases).toHaveLength(IDS.length);
      expect(run.cases.every((c) => c.status === 'error')).toBe(true);
      expect(run.cases.some((c) => c.detail === `answer longer than ${DEFAULT_MAX_LINE_BYTES} bytes`)).toBe(true);
      for (const c of run.cases) expect(c.detail).toContain(`answer longer than ${DEFAULT_MAX_LINE_BYTES} bytes`);
      expect(run.code).toBe(2);
      await expectCleanEnd(run);
    });
  }

  it('closed-stdout: noticed when stdout ends, not at the case timeout (60 s here)', async () => {
    const run = await runCli('closed-stdout', 60_000);
    expect(run.cases).toHaveLength(IDS.length);
    for (const c of run.cases) expect(c).toMatchObject({ status: 'error', detail: 'adapter closed its stdout' });
    expect(run.code).toBe(2);
    await expectCleanEnd(run);
  });

  it('grandchild-holds-stdout: the run ends without waiting for the grandchild, which is ended too', async () => {
    const run = await runCli('grandchild-holds-stdout', 30_000, 'process');
    expect(run.cases.map((c) => c.status)).toEqual(IDS.map(() => 'pass'));
    expect(run.code).toBe(0);
    expect(run.pids.grandchildren).toHaveLength(1);
    await expectCleanEnd(run);
  });

  it('ignore-eof: an adapter that never exits on stop is ended after the grace period; the run conforms', async () => {
    const run = await runCli('ignore-eof', 30_000, 'process');
    expect(run.cases.map((c) => c.status)).toEqual(IDS.map(() => 'pass'));
    expect(run.code).toBe(0);
    await expectCleanEnd(run);
  });

  it('slow-healthy: 1.5 s per case, 8 in flight, --timeout 5000: every case passes (the timeout is per case of adapter time)', async () => {
    const run = await runCli('slow-healthy', 5_000);
    expect(run.cases.map((c) => c.status)).toEqual(IDS.map(() => 'pass'));
    expect(run.code).toBe(0);
    expect(run.pids.adapters).toHaveLength(1);
    await expectCleanEnd(run);
  });
});
