/**
 * A credential_provider case whose first attempt is abandoned gets a fresh attempt: a new local
 * OAuth2 server, request log and script, on a fresh adapter process, so that nothing the abandoned
 * attempt sent is judged with the retry (it used to be: "2 token requests, expected 1"). The
 * abandoned attempt's processes are ended, and the runner's server lives as long as the attempt,
 * however long the case waits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findTwilioPython, launchBuiltin } from '../../conformance/adapters/registry.ts';
import { startOAuthServer } from '../../conformance/oauth/server.ts';
import { hasOpenssl } from '../../conformance/oauth/tls.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { announceStep } from '../../conformance/protocol/provider-case.ts';
import { runProviderVector } from '../../conformance/families/provider-cases.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { runAdapter, type AdapterRun } from '../../conformance/runner/run.ts';
import { AdapterSession } from '../../conformance/runner/session.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const FIXTURE = join(ROOT, 'test/fixtures/flaky-provider-adapter.mjs');
const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider'));
// Made only when some test here runs (a fully filtered-out file runs no hooks).
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'provider-retry-test-'));
});
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

describe('an attempt', () => {
  it('whose runner side fails is an errored case with the reason, not a crash of the run', async () => {
    const session = new AdapterSession(referenceAdapterCommand('node'));
    await session.open();
    try {
      const r = await session.attempt(async () => {
        throw new Error('the local server could not start');
      });
      expect(r).toEqual({ errored: { message: 'runner failure: the local server could not start' } });
      // The session goes on.
      expect(await session.run({ id: 'next', family: 'credential_provider', now: vectors[0].now, input: vectors[0].input })).toMatchObject({ skipped: {} });
    } finally {
      await session.close();
    }
  });
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

describe('temporary files of a provider case', () => {
  /** The `server` entry the runner added to a case input. */
  const serverOf = (input: JsonValue): Record<string, string> => Object.fromEntries(((input as JsonObject).get('server') as JsonObject).entries) as Record<string, string>;

  it.skipIf(!hasOpenssl())('the runner hands adapters its own CA file (server.caCertFile), holding the CA it gives as PEM', async () => {
    let server: Record<string, string> | undefined;
    await runProviderVector(
      async (input) => {
        server = serverOf(input);
        return { output: { steps: [] } as never };
      },
      vectors[0].input,
      vectors[0].now,
    );
    expect(server!.caCertPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(readFileSync(server!.caCertFile, 'utf8')).toBe(server!.caCertPem);
  });

  const node = launchBuiltin('twilio-node')!;
  it.skipIf('unavailable' in node || !hasOpenssl())('the twilio-node adapter, ended mid-scenario, leaves no temporary folder behind', async () => {
    // The adapter's temporary folder is a private one, so that only its own files are counted.
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    const starting = AdapterProcess.start((node as { command: string[] }).command);
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    const proc = await starting;
    // A token endpoint that answers only after 10 s holds the scenario's child process mid-case.
    const server = await startOAuthServer({ now: 1700000000, lifetimeMs: Number.POSITIVE_INFINITY, script: { token: [{ kind: 'jwt', delayMs: 10_000 }] } });
    try {
      const input = new JsonObject([
        [
          'provider',
          new JsonObject([
            ['type', 'client_credentials'],
            ['clientId', 'OQ00000000000000000000000000000001'],
            ['clientSecret', 'a-client-secret'],
          ]),
        ],
        ['steps', [new JsonObject([['op', 'api']])]],
        [
          'server',
          new JsonObject([
            ['url', server.url],
            ['caCertPem', server.ca!.caCertPem],
            ['caCertFile', server.ca!.caCertFile],
          ]),
        ],
      ]);
      const result = proc.run({ id: 'kill-mid-case', family: 'credential_provider', now: 1700000000, input });
      await vi.waitFor(() => expect(server.requests.some((r) => r.kind === 'token')).toBe(true), { timeout: 90_000, interval: 100 });
      proc.kill();
      expect(await result).toMatchObject({ errored: {} });
      expect(readdirSync(tmp).filter((f) => f.startsWith('twilio-node-provider-'))).toEqual([]);
    } finally {
      proc.kill();
      await server.close();
    }
  });

  const py = findTwilioPython();
  it.skipIf(!('python' in py))("the twilio-python providers use the runner's CA file and write none of their own", () => {
    const tmp = mkdtempSync(join(dir, 'py-'));
    const given = join(dir, 'given-ca.pem');
    const script = [
      'import os, sys',
      `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'conformance/adapters/twilio-python'))})`,
      'import providers',
      'def inside(server):',
      '    with providers.ca_file(server) as ca:',
      '        return os.path.basename(ca), sorted(os.listdir(os.environ["TMPDIR"]))',
      `open(${JSON.stringify(given)}, "w").write("PEM")`,
      `print(inside({"caCertPem": "PEM", "caCertFile": ${JSON.stringify(given)}}))`,
      'print(inside({"caCertPem": "PEM"}))',
      'print(sorted(os.listdir(os.environ["TMPDIR"])))',
    ].join('\n');
    const r = spawnSync((py as { python: string }).python, ['-c', script], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [withFile, without, after] = r.stdout.trim().split('\n');
    // With the runner's file: that file, and nothing written.
    expect(withFile).toBe("('given-ca.pem', [])");
    // Without one (another runner): a private folder, removed after the case.
    expect(without).toMatch(/^\('ca\.pem', \['tmp\w+'\]\)$/);
    expect(after).toBe('[]');
  });
});
