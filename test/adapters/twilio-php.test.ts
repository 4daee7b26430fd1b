/**
 * The built-in twilio-php adapter (conformance/adapters/twilio-php/): every case of the shared php
 * oracle, core and object-API quirks alike, in all four families, reproduced against the real
 * library byte for byte or with the recorded rejection (type and message); requests that break the
 * protocol answered as errors without losing step; and the ways it is unavailable, reported as the
 * twilio-ruby adapter's are. twilio-php is in no registry here: the real-library tests run where
 * TWILIO_PHP_SRC names an exported twilio-php src folder (with php, php-mbstring and php-uopz), and
 * skip with that reason elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBuiltin } from '../../conformance/adapters/registry.ts';
import { main } from '../../conformance/cli.ts';
import { packageFile } from '../../conformance/libraries/launch.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT } from '../helpers/shared.ts';

const FAMILIES = { access_token: 135, client_capability: 52, taskrouter_capability: 28, jwt: 36 } as const;
const launch = launchBuiltin('twilio-php')!;
const unavailable = 'unavailable' in launch ? launch.unavailable : undefined;
const ADAPTER = packageFile('conformance/adapters/twilio-php/adapter.php');
const HAS_PHP = spawnSync('php', ['-v'], { stdio: 'ignore' }).status === 0;
/** credential_provider drives twilio-php's CurlClient: offered only where PHP has curl. */
const HAS_CURL = HAS_PHP && spawnSync('php', ['-r', 'exit(extension_loaded("curl") ? 0 : 1);'], { stdio: 'ignore' }).status === 0;

describe('twilio-php adapter against the real library', () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    if (!unavailable) proc = await AdapterProcess.start((launch as { command: string[] }).command, { caseTimeoutMs: 30_000 });
  });
  afterAll(async () => proc?.stop());

  it.skipIf(!!unavailable)(`says what it is${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const families = [...Object.keys(FAMILIES), ...(HAS_CURL ? ['credential_provider'] : [])];
    expect(proc.implementation).toEqual({ name: 'twilio-php', version: '8.12.0', language: 'php', profile: 'php', families });
  });

  for (const [family, count] of Object.entries(FAMILIES)) {
    it.skipIf(!!unavailable || !HAS_SHARED)(`reproduces all ${count} recorded ${family} cases${unavailable ? ` (skipped: ${unavailable})` : ''}`, async () => {
      const cases = oracleCases('php', family);
      expect(cases).toHaveLength(count);
      const { matched, problems } = await replay(proc, cases);
      expect(problems).toEqual([]);
      expect(matched).toBe(count);
    });
  }
});

describe('twilio-php adapter: credential_provider against the loopback server', () => {
  // Every provider vector with a php expectation, through the real providers over https_proxy and curl.cainfo.
  const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider')).filter((v) => v.expect.php);
  it.skipIf(!!unavailable || !HAS_CURL)(
    `passes every php expectation${unavailable ? ` (skipped: ${unavailable})` : !HAS_CURL ? ' (skipped: PHP has no curl extension)' : ''}`,
    async () => {
      expect(vectors.length).toBeGreaterThanOrEqual(27);
      const run = await runAdapter(launch, vectors);
      const judged = run.records.filter((r) => r.verdict);
      expect(judged.filter((r) => r.verdict!.status !== 'pass').map((r) => `${r.vector.id}: ${JSON.stringify(r.verdict)}`)).toEqual([]);
      // Vectors recording the library unable to express them are unjudged; the adapter must skip them.
      const unsupported = run.records.filter((r) => r.vector.expect.php?.kind === 'unsupported');
      expect(unsupported.filter((r) => !('skipped' in r.result)).map((r) => r.vector.id)).toEqual([]);
      expect(judged.length + unsupported.length).toBe(vectors.length);
    },
    300_000,
  );
});

/** Run the adapter over these request lines; its reply lines (parsed), stderr and exit status. */
function converse(lines: string[], args: string[]): { replies: Array<Record<string, any>>; stderr: string; status: number | null } {
  const r = spawnSync('php', [ADAPTER, ...args], { input: lines.map((l) => `${l}\n`).join(''), encoding: 'utf8', timeout: 60_000 });
  return {
    replies: r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
    stderr: r.stderr,
    status: r.status,
  };
}

const SECRET = 'secret_0123456789abcdef0123456789';
const RUN = (seq: number, input: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ cmd: 'run', seq, case: { id: `t/${seq}`, family: 'access_token', now: 1700000000, input, ...extra } });
const TOKEN_INPUT = { accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', keySid: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', secret: SECRET, identity: 'alice' };

describe('twilio-php adapter: the protocol', () => {
  it.skipIf(!!unavailable)(`answers every request in step, a bad one as an error naming why, and never crashes${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const src = (launch as { command: string[] }).command.slice(-2);
    const { replies, stderr, status } = converse(
      [
        '{"cmd":"start","version":1}',
        'not json',
        '[1,2]',
        '{"cmd":"dance","seq":1}',
        '{"cmd":"run","seq":"2","case":{}}',
        '{"cmd":"run","seq":3}',
        '{"cmd":"run","seq":4,"case":{"family":"access_token","input":{}}}',
        '{"cmd":"run","seq":5,"case":{"family":"access_token","now":"soon","input":{}}}',
        '{"cmd":"run","seq":6,"case":{"family":"access_token","now":1700000000}}',
        RUN(7, { ...TOKEN_INPUT, identiy: 'typo' }),
        RUN(8, { ...TOKEN_INPUT, identity: '\ud800' }).replace('"\ud800"', '"\\ud800"'),
        JSON.stringify({ cmd: 'run', seq: 9, case: { id: 't/9', family: 'validation_token', now: 1700000000, input: {} } }),
        RUN(10, { ...TOKEN_INPUT, ttl: [] }),
        RUN(11, TOKEN_INPUT, { nowMs: 1234567890999 }),
        '{"cmd":"stop"}',
        RUN(12, TOKEN_INPUT),
      ],
      src,
    );
    expect(status).toBe(0);
    expect(replies[0]).toMatchObject({ version: 1, implementation: { name: 'twilio-php' } });
    expect(replies.slice(1, 9)).toEqual([
      { seq: null, errored: { message: 'protocol error: request is not JSON: Syntax error' } },
      { seq: null, errored: { message: 'protocol error: request is not an object' } },
      { seq: 1, errored: { message: 'protocol error: unknown cmd "dance"' } },
      { seq: null, errored: { message: 'protocol error: run request has no integer seq' } },
      { seq: 3, errored: { message: 'protocol error: run request has no case object' } },
      { seq: 4, errored: { message: 'protocol error: case.now is missing' } },
      { seq: 5, errored: { message: 'protocol error: case.now is not a number' } },
      { seq: 6, errored: { message: 'protocol error: case.input is missing' } },
    ]);
    expect(replies[9]).toEqual({ seq: 7, skipped: { reason: 'unrecognised input key input.identiy' } });
    expect(replies[10]).toMatchObject({ seq: 8, skipped: { reason: expect.stringContaining('unpaired UTF-16 surrogate') } });
    expect(replies[11]).toEqual({ seq: 9, skipped: { reason: expect.stringMatching(/^twilio-php has no client-validation/) } });
    expect(replies[12]).toEqual({ seq: 10, output: { error: { type: 'TypeError', message: 'Twilio\\Jwt\\AccessToken::__construct(): Argument #4 ($ttl) must be of type int, array given' } } });
    // nowMs wins over now, floored to the second time() returns.
    const payload = JSON.parse(Buffer.from(replies[13].output.token.split('.')[1], 'base64url').toString());
    expect(replies[13].seq).toBe(11);
    expect(payload.jti).toBe('SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-1234567890');
    // Nothing after stop; nothing of the input (the secret) on stderr.
    expect(replies).toHaveLength(14);
    expect(stderr).not.toContain(SECRET);
  });
});

describe('twilio-php adapter: unavailable', { timeout: 120_000 }, () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  /** The CLI in-process, capturing what it writes. */
  async function cli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    const stderr: string[] = [];
    const stdout: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (stdout.push(String(s)), true));
    try {
      return { code: await main(args), stderr: stderr.join(''), stdout: stdout.join('') };
    } finally {
      vi.restoreAllMocks();
    }
  }

  const BOGUS = '/nonexistent/twilio-php/src';

  it.skipIf(!HAS_PHP)("a folder that is not twilio-php's src, or none: unavailable with the install instructions", () => {
    const bogus = launchBuiltin('twilio-php', { 'php-src': BOGUS })!;
    expect(bogus).toMatchObject({ name: 'twilio-php', unavailable: expect.stringMatching(/^\/nonexistent\/twilio-php\/src is not a twilio-php src folder\. Install PHP with `apt-get install php-cli php-mbstring php-uopz`/) });
    vi.stubEnv('TWILIO_PHP_SRC', '');
    const none = launchBuiltin('twilio-php', {})!;
    expect(none).toMatchObject({ unavailable: expect.stringMatching(/^no twilio-php src folder given\. .*TWILIO_PHP_SRC/) });
    vi.stubEnv('TWILIO_PHP_SRC', BOGUS);
    expect(launchBuiltin('twilio-php', {})).toEqual(bogus);
  });

  it('adapter twilio-php --src BOGUS: the reason on stderr, exit 3, as adapter twilio-ruby --lib BOGUS', async () => {
    const php = await cli(['adapter', 'twilio-php', '--src', BOGUS]);
    const ruby = await cli(['adapter', 'twilio-ruby', '--lib', '/nonexistent/twilio-ruby/lib']);
    expect(ruby.code).toBe(3);
    expect(php.code).toBe(ruby.code);
    expect(php.stdout).toBe('');
    expect(php.stderr).toMatch(HAS_PHP ? /^\/nonexistent\/twilio-php\/src is not a twilio-php src folder\. .*php-uopz.*\n$/ : /^php is not available\. /);
  });

  it('run and smoke with only twilio-php --php-src BOGUS: nothing judged, exit 2, as twilio-ruby --ruby-lib BOGUS', async () => {
    const php = await cli(['run', '--adapter', 'twilio-php', '--php-src', BOGUS, '--families', 'jwt']);
    const ruby = await cli(['run', '--adapter', 'twilio-ruby', '--ruby-lib', '/nonexistent/twilio-ruby/lib', '--families', 'jwt']);
    expect(ruby.code).toBe(2);
    expect(php.code).toBe(ruby.code);
    expect(php.stdout + php.stderr).toContain('twilio-php');
    expect(php.stdout + php.stderr).toMatch(/unavailable: .*not a twilio-php src folder|unavailable: php is not available/);
    const smoke = await cli(['smoke', '--adapter', 'twilio-php', '--php-src', BOGUS]);
    expect(smoke.code).toBe(2);
    expect(smoke.stderr).toMatch(/^twilio-php is unavailable: /);
  });

  it.skipIf(!HAS_PHP)('adapter.php itself, started with a bogus --src: answers start unavailable (reason and install), then stops cleanly', () => {
    const { replies, status } = converse(['{"cmd":"start","version":1}', RUN(1, TOKEN_INPUT), '{"cmd":"stop"}'], ['--src', BOGUS]);
    expect(status).toBe(0);
    expect(replies[0]).toEqual({ version: 1, unavailable: { reason: `${BOGUS} is not twilio-php's src folder (no Twilio/Jwt/AccessToken.php in it)`, install: expect.stringContaining('php-uopz') } });
    expect(replies[1]).toMatchObject({ seq: 1, errored: { message: expect.stringContaining('twilio-php is unavailable') } });
  });
});
