/**
 * A credential_provider case whose first attempt is abandoned gets a fresh attempt: a new local
 * OAuth2 server, request log and script, on a fresh adapter process, so that nothing the abandoned
 * attempt sent is judged with the retry (it used to be: "2 token requests, expected 1"). The
 * abandoned attempt's processes are ended, and the runner's server lives as long as the attempt,
 * however long the case waits.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { announceStep } from '../../conformance/protocol/provider-case.ts';
import { runProviderVector } from '../../conformance/runner/provider-cases.ts';
import { runAdapter, type AdapterRun } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/runner/vectors.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const FIXTURE = join(ROOT, 'test/fixtures/flaky-provider-adapter.mjs');
const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider'));
const dir = mkdtempSync(join(tmpdir(), 'provider-retry-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Status and level of every judged vector, by id. */
function verdicts(run: AdapterRun): Record<string, string> {
  return Object.fromEntries(run.records.filter((r) => r.verdict).map((r) => [r.vector.id, `${r.verdict!.status}${'level' in r.verdict! ? `/${r.verdict!.level}` : ''}`]));
}

/** Whether a process is still running (a zombie awaiting its reaper counts as ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    if (existsSync('/proc/self/stat')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

describe('a retried credential_provider case', () => {
  for (const profile of ['node', 'python'] as const) {
    it(`${profile}: every case that passes on the reference passes when the first attempt crashed after a token request`, async () => {
      const state = join(dir, `${profile}.json`);
      const [plain, flaky] = await Promise.all([
        runAdapter({ name: `reference-${profile}`, command: referenceAdapterCommand(profile) }, vectors),
        runAdapter({ name: 'flaky', command: [process.execPath, FIXTURE, '--profile', profile, '--state', state] }, vectors),
      ]);
      // The first attempt did crash halfway, and the cases in flight were retried on a new process.
      expect(existsSync(state)).toBe(true);
      expect(flaky.faults?.some((f) => /adapter exited/.test(f))).toBe(true);
      const passing = Object.entries(verdicts(plain)).filter(([, v]) => v.startsWith('pass'));
      expect(passing.length).toBeGreaterThanOrEqual(17);
      const details = flaky.records.filter((r) => r.verdict && r.verdict.status !== 'pass').map((r) => `${r.vector.id}: ${JSON.stringify(r.verdict)}`);
      expect(verdicts(flaky), details.join('\n')).toEqual(verdicts(plain));
      // The helper process the abandoned attempt started did not survive it.
      const { helperPid } = JSON.parse(readFileSync(state, 'utf8')) as { helperPid: number };
      await vi.waitFor(() => expect(alive(helperPid)).toBe(false), { timeout: 10_000, interval: 100 });
    });
  }
});

describe('the server of an attempt', () => {
  it('lives as long as the attempt, however long the case waits in the adapter queue', async () => {
    const v = vectors[0];
    let reachable: boolean | undefined;
    // The server's timers are fake so that a minute can pass at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await runProviderVector(
        async (input) => {
          vi.advanceTimersByTime(10 * 60_000);
          vi.useRealTimers();
          const url = ((input as { get(k: string): unknown }).get('server') as { get(k: string): unknown }).get('url') as string;
          reachable = await announceStep(url, 0).then(
            () => true,
            () => false,
          );
          return { output: { steps: [] } as never };
        },
        v.input,
        v.now,
      );
    } finally {
      vi.useRealTimers();
    }
    expect(reachable).toBe(true);
  });
});
