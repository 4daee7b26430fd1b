/**
 * Protocol v1's way for a stdio adapter to say that its library is not installed: a start reply
 * `{"version":1,"unavailable":{"reason":…,"install":…}}`. The runner reports such an adapter exactly
 * like an unavailable built-in adapter (reported, not failed; the same exit codes), `open()` throws
 * an `AdapterUnavailableError` after the adapter has been stopped (nothing of it left running),
 * and a malformed `unavailable` reply is a start failure with a one-line reason.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../conformance/cli.ts';
import { AdapterUnavailableError } from '../../conformance/protocol/client.ts';
import { checkStartReply } from '../../conformance/protocol/validate.ts';
import { AdapterSession } from '../../conformance/runner/session.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { smoke } from '../../conformance/smoke.ts';
import { ROOT } from '../helpers/shared.ts';

const FIXTURE = join(ROOT, 'test/fixtures/unavailable-adapter.mjs');
// What the fixture says (kept in step with test/fixtures/unavailable-adapter.mjs).
const REASON = 'acme-twilio-php is not installed (no vendor/autoload.php under ./sdk)';
const INSTALL = 'composer require acme/twilio-php:^8.12';
const SHOWN = `${REASON} (install: ${INSTALL})`;
/** A built-in adapter that is unavailable on every machine: twilio-ruby given a lib folder that is not one. */
const BUILTIN_UNAVAILABLE = ['--adapter', 'twilio-ruby', '--ruby-lib', '/nonexistent/twilio-ruby/lib'];

let dir: string;
/** Three access_token vectors: enough for reference-node to be judged, quickly. */
let small: string;
let outs = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unavailable-adapter-'));
  const edge = JSON.parse(readFileSync(join(ROOT, 'vectors/access_token/edge.json'), 'utf8'));
  small = join(dir, 'small.json');
  writeFileSync(small, JSON.stringify({ ...edge, vectors: edge.vectors.slice(0, 3) }, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const fixture = (...extra: string[]): string => [process.execPath, FIXTURE, ...extra].join(' ');

/** Run the CLI in-process, capturing what it writes. */
async function cli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr: string[] = [];
  const stdout: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (stdout.push(String(s)), true));
  try {
    const code = await main(args);
    return { code, stderr: stderr.join(''), stdout: stdout.join('') };
  } finally {
    vi.restoreAllMocks();
  }
}

/** `run` with tty and jsonl reports into a fresh folder; returns both reports as well. */
async function runWithReports(adapters: string[], extra: string[] = []): Promise<{ code: number; tty: string; jsonl: Array<Record<string, any>>; stderr: string; stdout: string }> {
  const out = join(dir, `out-${++outs}`);
  mkdirSync(out);
  const r = await cli(['run', ...adapters, '--vectors', small, '--reporter', `tty:${join(out, 'report.txt')}`, '--reporter', `jsonl:${join(out, 'report.jsonl')}`, ...extra]);
  const tty = existsSync(join(out, 'report.txt')) ? readFileSync(join(out, 'report.txt'), 'utf8') : '';
  const jsonl = existsSync(join(out, 'report.jsonl'))
    ? readFileSync(join(out, 'report.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  return { ...r, tty, jsonl };
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

/** The pids the fixture recorded in `pidDir`, and those of them still running after a grace period. */
async function survivors(pidDir: string): Promise<{ pids: number[]; left: number[] }> {
  const pids = (existsSync(pidDir) ? readdirSync(pidDir) : []).map((f) => Number(f.split('-')[1]));
  let left = pids.filter(alive);
  // The group is ended as the adapter exits; give a loaded machine a moment to deliver SIGKILL.
  for (let i = 0; i < 50 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter(alive);
  }
  for (const pid of left) process.kill(pid, 'SIGKILL'); // not left behind by a failing test
  return { pids, left };
}

describe('checkStartReply: the unavailable start reply', () => {
  it('accepts a reason with or without install', () => {
    expect(checkStartReply({ version: 1, unavailable: { reason: REASON, install: INSTALL } })).toEqual({ unavailable: { reason: REASON, install: INSTALL } });
    expect(checkStartReply({ version: 1, unavailable: { reason: REASON } })).toEqual({ unavailable: { reason: REASON } });
  });

  for (const [reply, why] of [
    [{ version: 1, unavailable: { reason: 42, install: INSTALL } }, 'unavailable.reason must be a string, not an integer'],
    [{ version: 1, unavailable: { reason: REASON, install: INSTALL, url: 'x' } }, 'unavailable has an unknown key "url"'],
    [{ version: 1, implementation: { name: 'x', version: '1', language: 'php', families: [] }, unavailable: { reason: REASON } }, 'must have one of implementation and unavailable, not both'],
    [{ version: 1, unavailable: { reason: '' } }, 'unavailable.reason must not be empty'],
    [{ version: 1, unavailable: { reason: REASON, install: '' } }, 'unavailable.install must not be empty'],
    [{ version: 1, unavailable: { reason: 'é'.repeat(1001) } }, 'unavailable.reason must have at most 1000 characters, not 1001'],
    [{ version: 1, unavailable: { install: INSTALL } }, 'unavailable.reason is missing'],
    [{ version: 1, unavailable: 'not installed' }, 'unavailable must be an object, not a string'],
    [{ version: 2, unavailable: { reason: REASON } }, 'version must be 1, not 2'],
    [{ unavailable: { reason: REASON } }, 'version is missing'],
    // The reply without either member keeps the message it always had.
    [{ version: 1 }, 'implementation is missing'],
  ] as const) {
    it(`refuses ${JSON.stringify(reply).slice(0, 90)}: ${why}`, () => {
      expect(checkStartReply(reply)).toEqual({ invalid: why });
    });
  }
});

describe('AdapterSession.open on an adapter that says it is unavailable', { timeout: 60_000 }, () => {
  it('throws AdapterUnavailableError with reason and install, after stopping the adapter and what it started', async () => {
    const pidDir = join(dir, 'pids-open');
    const session = new AdapterSession([process.execPath, FIXTURE, '--grandchild', '--pid-dir', pidDir], { startTimeoutMs: 30_000 });
    const error = await session.open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AdapterUnavailableError);
    const e = error as AdapterUnavailableError;
    expect(e.code).toBe('ERR_ADAPTER_UNAVAILABLE');
    expect(e.name).toBe('AdapterUnavailableError');
    expect(e.reason).toBe(REASON);
    expect(e.install).toBe(INSTALL);
    expect(e.message).toBe(`adapter is unavailable: ${SHOWN}`);
    expect(e.summary).toBe(SHOWN);
    const { pids, left } = await survivors(pidDir);
    expect(pids).toHaveLength(2); // the adapter and its grandchild
    expect(left).toEqual([]);
  });

  it('without install: install is absent and the message is the reason alone', async () => {
    const e = (await new AdapterSession([process.execPath, FIXTURE, '--reply', 'reason-only']).open().catch((x: unknown) => x)) as AdapterUnavailableError;
    expect(e).toBeInstanceOf(AdapterUnavailableError);
    expect(e.install).toBeUndefined();
    expect(e.message).toBe(`adapter is unavailable: ${REASON}`);
  });

  it('an adapter that ignores stop is ended after the grace period, with its group', async () => {
    const pidDir = join(dir, 'pids-ignore-stop');
    const e = await new AdapterSession([process.execPath, FIXTURE, '--ignore-stop', '--grandchild', '--pid-dir', pidDir]).open().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AdapterUnavailableError);
    const { pids, left } = await survivors(pidDir);
    expect(pids).toHaveLength(2);
    expect(left).toEqual([]);
  });
});

describe('the CLI', { timeout: 180_000 }, () => {
  it('run: reported unavailable with reason and install (tty and jsonl), the exit code of an unavailable built-in', async () => {
    const mine = await runWithReports(['--adapter', fixture(), '--adapter', 'reference-node']);
    const builtin = await runWithReports([...BUILTIN_UNAVAILABLE, '--adapter', 'reference-node']);
    expect(builtin.code, builtin.stderr).toBe(0); // reference-node conforms; the unavailable one does not count
    expect(mine.code, mine.stderr + mine.tty).toBe(builtin.code);

    const ttyLine = mine.tty.split('\n').find((l) => l.includes('unavailable: '));
    expect(ttyLine, mine.tty).toMatch(/unavailable: /);
    expect(ttyLine).toContain(SHOWN);
    const header = mine.jsonl.find((l) => l.type === 'header')!;
    const entry = header.adapters.find((a: { name: string }) => a.name === fixture());
    expect(entry).toMatchObject({ unavailable: SHOWN });
    expect(entry.startError).toBeUndefined();
    const summary = mine.jsonl.find((l) => l.type === 'summary')!;
    expect(summary.exitCode).toBe(builtin.code);
    expect(summary.adapterErrors).toEqual([]);
    // No case of it was run, and none is reported.
    expect(mine.jsonl.filter((l) => l.type === 'case' && l.adapter === fixture())).toEqual([]);
  });

  it('run with only that adapter: "nothing checked" exit 2, the same as with only an unavailable built-in', async () => {
    const mine = await runWithReports(['--adapter', fixture()]);
    const builtin = await runWithReports(BUILTIN_UNAVAILABLE);
    expect(builtin.code).toBe(2);
    expect(mine.code).toBe(2);
    const summary = mine.jsonl.find((l) => l.type === 'summary')!;
    expect(summary.adapterErrors).toEqual([]);
    expect(JSON.stringify(summary)).toContain('no adapter was available');
  });

  for (const [reply, why] of [
    ['reason-number', 'start reply: unavailable.reason must be a string, not an integer'],
    ['extra-field', 'start reply: unavailable has an unknown key "url"'],
    ['both', 'start reply: must have one of implementation and unavailable, not both'],
  ] as const) {
    it(`run: a malformed unavailable reply (${reply}) is a start failure naming why in one line`, async () => {
      const r = await runWithReports(['--adapter', fixture('--reply', reply), '--adapter', 'reference-node']);
      expect(r.code).toBe(2);
      const entry = r.jsonl.find((l) => l.type === 'header')!.adapters.find((a: { name: string }) => a.name === fixture('--reply', reply));
      expect(entry.unavailable).toBeUndefined();
      expect(entry.startError).toBe(`adapter failed to start: ${why}`);
      expect(entry.startError).not.toContain('\n');
    });
  }

  it('smoke: unavailable, exit 2 as for an unavailable built-in, and no FAIL lines', async () => {
    const mine = await cli(['smoke', '--adapter', fixture()]);
    const builtin = await cli(['smoke', ...BUILTIN_UNAVAILABLE]);
    expect(builtin.code).toBe(2);
    expect(mine.code).toBe(builtin.code);
    expect(mine.stderr).toBe(`${fixture()} is unavailable: ${SHOWN}\n`);
    expect(mine.stdout).not.toMatch(/FAIL|does not speak/);
  });

  it('smoke(): one check, not ok, carrying the unavailable text', async () => {
    const checks = await smoke([process.execPath, FIXTURE], loadVectors(small));
    expect(checks).toEqual([{ name: 'answers start', ok: false, detail: `adapter is unavailable: ${SHOWN}`, unavailable: SHOWN }]);
  });

  it('run --properties: unavailable for properties, not an adapter error', async () => {
    const r = await runWithReports(['--adapter', fixture(), '--adapter', 'reference-node'], ['--properties', '--no-vectors', '--families', 'access_token', '--only', 'access_token/ttl', '--num-runs', '5', '--seed', '1']);
    expect(r.stdout).toContain(`${fixture()}: unavailable for properties (${SHOWN})`);
    const summary = r.jsonl.find((l) => l.type === 'summary')!;
    expect(summary.adapterErrors, JSON.stringify(summary)).toEqual([]);
    expect(r.code, JSON.stringify(summary)).toBe(0);
  });
});
