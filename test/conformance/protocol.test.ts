import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterProcess, DEFAULT_CASE_TIMEOUT_MS, MAX_TIMEOUT_MS } from '../../conformance/protocol/client.ts';
import { PROFILE_NAMES } from '../../conformance/libraries/index.ts';
import { readLines, type LineReaderOptions, type LineReaderStats } from '../../conformance/protocol/lines.ts';
import { checkRunReply, checkStartReply, schemaFiles } from '../../conformance/protocol/validate.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const SCHEMA_DIR = join(ROOT, 'conformance/protocol/schema');

function ajvWithProtocol(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  for (const f of schemaFiles(SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(f, 'utf8')));
  return ajv;
}

const ID = 'https://twilio-jwt-conformance.invalid/protocol/v1/';

/** Talk to an adapter for a whole session at once: lines in, lines out. */
function session(command: string[], lines: string[]): { out: string[]; status: number | null; stderr: string } {
  const r = spawnSync(command[0], command.slice(1), { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 60_000 });
  return { out: r.stdout.split('\n').filter((l) => l !== ''), status: r.status, stderr: r.stderr };
}

const RUN = (seq: number, input: string, family = 'access_token') => `{"cmd":"run","seq":${seq},"case":{"id":"t/${seq}","family":"${family}","now":1700000000,"input":${input}}}`;
const GOOD = '{"accountSid":"AC1","keySid":"SK1","secret":"s3cr3t","identity":"alice","grants":[]}';

describe('protocol v1 schemas', () => {
  const ajv = ajvWithProtocol();

  it('compile, and accept the examples of PROTOCOL.md', () => {
    const req = ajv.getSchema(`${ID}request.json`)!;
    expect(req({ cmd: 'start', version: 1 })).toBe(true);
    expect(req({ cmd: 'run', seq: 7, case: { id: 'a', family: 'access_token', now: 1700000000, nowMs: 1700000000123, input: {} } })).toBe(true);
    expect(req({ cmd: 'stop' })).toBe(true);
    expect(req({ cmd: 'run', seq: -1, case: { id: 'a', family: 'access_token', now: 1, input: {} } })).toBe(false);
    expect(req({ cmd: 'run', seq: 1, case: { id: 'a', family: 'nope', now: 1, input: {} } })).toBe(false);
    const run = ajv.getSchema(`${ID}run-response.json`)!;
    expect(run({ seq: 1, output: { token: 'a.b.c' } })).toBe(true);
    expect(run({ seq: 1, output: { error: { type: 'ValueError', message: 'x' } } })).toBe(true);
    expect(run({ seq: 1, skipped: { reason: 'quirk' } })).toBe(true);
    expect(run({ seq: 1, errored: { message: 'boom' } })).toBe(true);
    expect(run({ seq: 1, output: { token: 'a.b.c' }, skipped: { reason: 'x' } })).toBe(false);
    expect(run({ seq: 1 })).toBe(false);
    expect(run({ seq: 1, output: { error: { message: 'x' }, token: 't' } })).toBe(false);
    expect(run({ seq: 1, output: { decoded: { header: { alg: 'HS256' }, payload: { a: 1 } } } })).toBe(true);
    // A lenient decoder's header may be any JSON value: twilio-php's JWT::getHeader of `"HS256"` (unverified).
    expect(run({ seq: 1, output: { decoded: { header: 'HS256', payload: [1] } } })).toBe(true);
    expect(run({ seq: 1, output: { decoded: { header: {} } } })).toBe(false);
  });

  it('validate every reply of the reference adapter, in order, one line per request', () => {
    const lines = ['{"cmd":"start","version":1}', RUN(0, GOOD), RUN(1, '{"accountSid":"AC1","grants":[]}'), RUN(2, '{"bogus":1,"grants":[]}'), RUN(3, GOOD, 'credential_provider'), '{"cmd":"stop"}'];
    for (const profile of ['node', 'python', 'ruby']) {
      const { out, status } = session(referenceAdapterCommand(profile), lines);
      expect(status).toBe(0);
      expect(out).toHaveLength(5);
      const start = ajv.getSchema(`${ID}start-response.json`)!;
      expect(start(JSON.parse(out[0])), JSON.stringify(start.errors)).toBe(true);
      expect(JSON.parse(out[0]).implementation.profile).toBe(profile);
      const run = ajv.getSchema(`${ID}run-response.json`)!;
      const replies = out.slice(1).map((l) => JSON.parse(l));
      for (const r of replies) expect(run(r), JSON.stringify(run.errors)).toBe(true);
      expect(replies.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
      expect(Object.keys(replies[0].output)).toEqual(['token']);
      expect(replies[1].output.error.message).toBeTruthy();
      expect(replies[2].skipped.reason).toMatch(/bogus/);
      expect(replies[3].skipped.reason).toMatch(/credential_provider/);
    }
  });

  it('keeps answering after a malformed request, and exits 0 at end of input', () => {
    const { out, status } = session(referenceAdapterCommand('node'), ['{"cmd":"start","version":1}', 'not json', '{"cmd":"run","seq":5}', RUN(6, GOOD)]);
    expect(status).toBe(0);
    expect(out).toHaveLength(4);
    expect(JSON.parse(out[1]).errored.message).toMatch(/bad request/);
    expect(JSON.parse(out[2])).toMatchObject({ seq: 5, errored: {} });
    expect(JSON.parse(out[3]).output.token).toMatch(/^eyJ/);
  });

  it('reads the case input losslessly: 3600.0 is a float for python, an integer for node', () => {
    const input = '{"accountSid":"AC1","keySid":"SK1","secret":"s","identity":"alice","ttl":3600.0,"grants":[]}';
    const payloadOf = (profile: string): string => {
      const { out } = session(referenceAdapterCommand(profile), ['{"cmd":"start","version":1}', RUN(0, input), '{"cmd":"stop"}']);
      return Buffer.from(JSON.parse(out[1]).output.token.split('.')[1], 'base64url').toString();
    };
    expect(payloadOf('python')).toContain('"exp":1700003600.0');
    expect(payloadOf('ruby')).toContain('"exp":1700003600.0');
    expect(payloadOf('node')).toContain('"exp":1700003600,');
  });
});

describe('line reader', () => {
  const collect = (opts: LineReaderOptions = {}) => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const events: string[] = [];
    readLines(
      stream,
      (l) => lines.push(l),
      () => events.push('end'),
      { ...opts, onOverflow: (n) => events.push(`overflow ${n}`) },
    );
    return { stream, lines, events };
  };
  const drained = () => new Promise((r) => setImmediate(r));

  it('is linear: a 20 MB line in 64 KiB chunks is searched once and joined once', async () => {
    const stats: LineReaderStats = { scannedBytes: 0, copiedBytes: 0 };
    const { stream, lines } = collect({ stats });
    const size = 20 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent < size; sent += chunk.length) stream.write(chunk);
    stream.write('\nshort\n');
    await drained();
    expect(lines.map((l) => l.length)).toEqual([size, 5]);
    // Every byte searched exactly once, every byte of the long line copied once (a reader that
    // re-scans its buffer per chunk does ~320 times more: size^2 / (2 * chunk)).
    expect(stats.scannedBytes).toBe(size + 7);
    expect(stats.copiedBytes).toBe(size);
  });

  it('delivers many short lines of one chunk without copying', async () => {
    const stats: LineReaderStats = { scannedBytes: 0, copiedBytes: 0 };
    const { stream, lines } = collect({ stats });
    const text = Array.from({ length: 1000 }, (_, i) => `{"seq":${i}}`).join('\n') + '\n';
    stream.write(text);
    await drained();
    expect(lines).toHaveLength(1000);
    expect(lines[999]).toBe('{"seq":999}');
    expect(stats.scannedBytes).toBe(Buffer.byteLength(text));
    expect(stats.copiedBytes).toBe(0);
  });

  it('drops the \\r of CRLF (only at the end of a line), and decodes UTF-8 split across chunks', async () => {
    const { stream, lines } = collect();
    stream.write('a\r\nb\rc\r\n\r\n');
    const e = Buffer.from('é€😀\n');
    for (const b of e) stream.write(Buffer.from([b]));
    await drained();
    expect(lines).toEqual(['a', 'b\rc', '', 'é€😀']);
  });

  it('delivers a final unterminated line at end of stream, then ends', async () => {
    const { stream, lines, events } = collect();
    stream.end('x\nlast');
    await drained();
    expect(lines).toEqual(['x', 'last']);
    expect(events).toEqual(['end']);
  });

  it('stops at the maximum line length: overflow once, nothing buffered or delivered after, the stream destroyed', async () => {
    const stats: LineReaderStats = { scannedBytes: 0, copiedBytes: 0 };
    const { stream, lines, events } = collect({ maxLineBytes: 1000, stats });
    stream.write(`${'a'.repeat(1000)}\n`); // exactly the maximum is fine
    stream.write('b'.repeat(600));
    stream.write('b'.repeat(600)); // 1200 > 1000: stop here, without waiting for a newline
    await drained();
    expect(lines.map((l) => l.length)).toEqual([1000]);
    expect(events).toEqual(['overflow 1000']);
    expect(stream.destroyed).toBe(true);
    expect(stats.scannedBytes).toBe(2201);
  });

  it('counts a line that ends inside the chunk that makes it too long', async () => {
    const { stream, lines, events } = collect({ maxLineBytes: 10 });
    stream.write('123456');
    stream.write('789012\nok\n');
    await drained();
    expect(lines).toEqual([]);
    expect(events).toEqual(['overflow 10']);
  });
});

/**
 * A scripted adapter in plain Node (no TypeScript, so it starts fast), configured by one JSON
 * argument: `start` (the start reply, raw text or JSON), `replies` (raw lines, `$SEQ` replaced by
 * the request's seq; then a token answer), `delayMs` (per answer, one at a time), `bigFirst` (the
 * first answer padded to that many bytes), `closeAfterStart`, `ignoreStop`, `grandchild` (a file to
 * write the pid of a `sleep 30` that inherits stdout).
 */
const SCRIPTED = `
import { spawn } from 'node:child_process';
import { closeSync, writeFileSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
const o = JSON.parse(process.argv[2]);
let closed = false;
const w = (s) => { if (closed) return; const b = Buffer.from(s + '\\n'); let off = 0; while (off < b.length) { try { off += writeSync(1, b, off); } catch (e) { if (e.code !== 'EAGAIN') process.exit(0); } } };
if (o.grandchild) { const g = spawn('sleep', ['30'], { stdio: ['ignore', 'inherit', 'ignore'] }); g.unref(); writeFileSync(o.grandchild, String(g.pid)); }
const START = { version: 1, implementation: { name: 'scripted', version: '1', language: 'js', profile: 'node', families: ['access_token'] } };
let n = 0;
let chain = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line);
  if (req.cmd === 'start') { w(typeof o.start === 'string' ? o.start : JSON.stringify(o.start ?? START)); if (o.closeAfterStart) { closeSync(1); closed = true; } return; }
  if (req.cmd === 'stop') { if (!o.ignoreStop) process.exit(0); return; }
  let reply = (o.replies?.[n] ?? '{"seq":$SEQ,"output":{"token":"a.b.c"}}').replaceAll('$SEQ', String(req.seq));
  if (o.bigFirst && n === 0) reply = '{"seq":' + req.seq + ',"output":{"token":"' + 'A'.repeat(o.bigFirst) + '"}}';
  n++;
  chain = chain.then(() => new Promise((r) => setTimeout(() => { w(reply); r(); }, o.delayMs ?? 0)));
}).on('close', () => { if (!o.ignoreStop) void chain.then(() => process.exit(0)); });
if (o.closeAfterStart || o.ignoreStop) setInterval(() => {}, 1000);
setTimeout(() => process.exit(9), 60000).unref();
`;

describe('AdapterProcess at the protocol boundary', () => {
  let tmp: string;
  let script: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'protocol-client-'));
    script = join(tmp, 'scripted.mjs');
    writeFileSync(script, SCRIPTED);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const scripted = (o: Record<string, unknown> = {}): string[] => [process.execPath, script, JSON.stringify(o)];
  const CASE = { id: 't/1', family: 'access_token' as const, now: 1700000000, input: null };

  /** Gone, or a zombie (exited, waiting to be reaped by a PID 1 that may never do it). */
  const gone = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^[\s\S]*\) /, '')[0] === 'Z';
    } catch {
      return true;
    }
  };
  const eventually = async (check: () => boolean, ms = 5000): Promise<boolean> => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return check();
  };

  for (const [start, reason] of [
    ['null', 'start reply: must be a JSON object, not null'],
    ['42', 'start reply: must be a JSON object, not an integer'],
    ['"hello"', 'start reply: must be a JSON object, not a string'],
    ['{"version":1,"implementation":{"name":"x","version":"1","language":"js","profile":"perl","families":[]}}', `start reply: implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "perl"`],
    ['{"version":1,"implementation":{"name":"x","version":"1","language":"js","profile":"__proto__","families":[]}}', `start reply: implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "__proto__"`],
    ['{"version":1,"implementation":{"name":"x","version":"1","language":"js","profile":"constructor","families":[]}}', `start reply: implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "constructor"`],
    ['{"version":1,"implementation":{"name":"x","version":"1","language":"js","profile":"node"}}', 'start reply: implementation.families is missing'],
    [
      '{"version":1,"implementation":{"name":"x","version":"1","language":"js","families":["access_token","__proto__"]}}',
      'start reply: implementation.families[1] must be one of access_token, client_capability, taskrouter_capability, validation_token, jwt, credential_provider, not "__proto__"',
    ],
    ['{"version":1}', 'start reply: implementation is missing'],
  ] as const) {
    it(`refuses the start reply ${start.slice(0, 60)} with one line naming why`, async () => {
      const err = await AdapterProcess.start(scripted({ start })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(TypeError);
      expect((err as Error).message).toBe(reason);
    });
  }

  it('errors each invalid run reply with its reason and stays in step (the valid answer after them is used)', async () => {
    const replies = [
      'null',
      '42',
      '"hello"',
      '[]',
      '{"seq":$SEQ,"output":null}',
      '{"seq":$SEQ,"output":"tok"}',
      '{"seq":$SEQ,"output":{"token":"a.b.c","error":{"type":"Error","message":"no"}}}',
      '{"seq":$SEQ,"output":{"token":"a.b.c"},"skipped":{"reason":"x"}}',
      '{"seq":$SEQ,"output":{"token":5}}',
      '{"seq":$SEQ}',
      '{"errored":{"message":"bad request"}}',
    ];
    const proc = await AdapterProcess.start(scripted({ replies }));
    const results = await Promise.all([...replies, 'valid'].map(() => proc.run(CASE)));
    expect(results.map((r) => ('errored' in r ? r.errored.message : r))).toEqual([
      'invalid reply: must be a JSON object, not null',
      'invalid reply: must be a JSON object, not an integer',
      'invalid reply: must be a JSON object, not a string',
      'invalid reply: must be a JSON object, not an array',
      'invalid reply: output must be an object, not null',
      'invalid reply: output must be an object, not a string',
      'invalid reply: output must have exactly one of token, error, decoded, steps, not token and error',
      'invalid reply: must have exactly one of output, skipped, errored, not output and skipped',
      'invalid reply: output.token must be a string, not an integer',
      'invalid reply: must have exactly one of output, skipped, errored, not none',
      'invalid reply: seq is missing (the adapter said: bad request)',
      { output: { token: 'a.b.c' } },
    ]);
    expect(proc.broken).toBeUndefined();
    await proc.stop();
    expect(proc.exitStatus).toBe('code 0');
  });

  it('a wrong seq still breaks the stream', async () => {
    const proc = await AdapterProcess.start(scripted({ replies: ['{"seq":7,"output":{"token":"a.b.c"}}'] }));
    expect(await proc.run(CASE)).toEqual({ errored: { message: 'adapter answered seq 7 to seq 0' } });
    expect(proc.broken).toBe('answered seq 7 to seq 0');
    proc.kill();
  });

  it('times only the oldest request: 20 pipelined answers 200 ms apart, 3000 ms timeout, none times out', async () => {
    const proc = await AdapterProcess.start(scripted({ delayMs: 200 }), { caseTimeoutMs: 3000 });
    const results = await Promise.all(Array.from({ length: 20 }, () => proc.run(CASE)));
    // Timed from when each was written, the last ones would wait 4 s for their turn.
    expect(results.filter((r) => 'errored' in r)).toEqual([]);
    expect(proc.broken).toBeUndefined();
    await proc.stop();
  });

  it('still times out an adapter that does not answer, and ends it', async () => {
    const proc = await AdapterProcess.start(scripted({ delayMs: 30_000 }), { caseTimeoutMs: 300 });
    expect(await proc.run(CASE)).toEqual({ errored: { message: 'no answer within 300 ms' } });
    expect(await eventually(() => proc.exitStatus === 'SIGKILL')).toBe(true);
  });

  it('clamps timeouts above 2^31-1 ms (Node would fire them after 1 ms) and refuses the meaningless ones', async () => {
    for (const caseTimeoutMs of [Infinity, 2 ** 31, 1e12]) {
      const proc = await AdapterProcess.start(scripted({ delayMs: 50 }), { caseTimeoutMs, startTimeoutMs: caseTimeoutMs });
      expect(await proc.run(CASE)).toEqual({ output: { token: 'a.b.c' } });
      await proc.stop();
    }
    expect(MAX_TIMEOUT_MS).toBe(2 ** 31 - 1);
    for (const bad of [0, -1, Number.NaN]) {
      await expect(AdapterProcess.start(scripted(), { caseTimeoutMs: bad })).rejects.toThrow(RangeError);
    }
    await expect(AdapterProcess.start(scripted(), { maxLineBytes: 0 })).rejects.toThrow(RangeError);
    expect(DEFAULT_CASE_TIMEOUT_MS).toBeGreaterThanOrEqual(10_000);
    expect(DEFAULT_CASE_TIMEOUT_MS).toBeLessThanOrEqual(MAX_TIMEOUT_MS);
  });

  it('errors an answer longer than maxLineBytes, and ends the adapter', async () => {
    const proc = await AdapterProcess.start(scripted({ bigFirst: 5000 }), { maxLineBytes: 1000 });
    const [first, second] = await Promise.all([proc.run(CASE), proc.run(CASE)]);
    expect(first).toEqual({ errored: { message: 'answer longer than 1000 bytes' } });
    expect(second).toEqual({ errored: { message: 'adapter stopped after an answer longer than 1000 bytes' } });
    expect(proc.broken).toBe('answer longer than 1000 bytes');
    expect(await eventually(() => proc.exitStatus !== undefined)).toBe(true);
  });

  it('notices a closed stdout at once, not at the timeout', async () => {
    const proc = await AdapterProcess.start(scripted({ closeAfterStart: true }), { caseTimeoutMs: 60_000 });
    const results = await Promise.all([proc.run(CASE), proc.run(CASE)]);
    expect(results).toEqual([{ errored: { message: 'adapter closed its stdout' } }, { errored: { message: 'adapter closed its stdout' } }]);
    expect(proc.broken).toBe('adapter closed its stdout');
    expect(await eventually(() => proc.exitStatus === 'SIGKILL')).toBe(true);
  });

  it('stop resolves when the adapter exits, though a grandchild holds its stdout, and the grandchild is ended', async () => {
    const pidFile = join(tmp, 'grandchild-stop');
    const proc = await AdapterProcess.start(scripted({ grandchild: pidFile }));
    expect(await proc.run(CASE)).toEqual({ output: { token: 'a.b.c' } });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(gone(pid)).toBe(false);
    await proc.stop();
    expect(proc.exitStatus).toBe('code 0');
    expect(await eventually(() => gone(pid))).toBe(true);
  });

  it('stop ends the whole group of an adapter that ignores it, after the grace period', async () => {
    const pidFile = join(tmp, 'grandchild-ignore');
    const proc = await AdapterProcess.start(scripted({ ignoreStop: true, grandchild: pidFile }));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await proc.stop(300);
    expect(proc.exitStatus).toBe('SIGKILL');
    expect(await eventually(() => gone(pid))).toBe(true);
  });

  it('kill ends the whole group', async () => {
    const pidFile = join(tmp, 'grandchild-kill');
    const proc = await AdapterProcess.start(scripted({ grandchild: pidFile }));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    proc.kill();
    expect(await eventually(() => gone(pid) && proc.exitStatus === 'SIGKILL')).toBe(true);
  });

  it('when the runner exits, every adapter group still running is ended', async () => {
    const pidFile = join(tmp, 'grandchild-exit');
    const runner = join(tmp, 'runner.mts');
    writeFileSync(
      runner,
      `import { AdapterProcess } from ${JSON.stringify(join(ROOT, 'conformance/protocol/client.ts'))};\n` +
        `const p = await AdapterProcess.start(${JSON.stringify(scripted({ ignoreStop: true, grandchild: pidFile }))});\n` +
        `process.stdout.write(String(p['child'].pid) + '\\n');\nprocess.exit(0);\n`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', runner], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const adapterPid = Number(r.stdout.trim());
    const grandchildPid = Number(readFileSync(pidFile, 'utf8'));
    expect(await eventually(() => gone(adapterPid) && gone(grandchildPid))).toBe(true);
  });

  it('a command that cannot be run is a start error, not a crash', async () => {
    await expect(AdapterProcess.start([join(tmp, 'no-such-adapter')])).rejects.toThrow(/adapter did not answer start: could not run adapter: .*ENOENT/);
  });
});

describe('protocol validators', () => {
  it('know exactly the profiles the reference has', () => {
    const defs = JSON.parse(readFileSync(join(SCHEMA_DIR, 'definitions.json'), 'utf8'));
    expect([...defs.definitions.profile.enum].sort()).toEqual(Object.keys(PROFILES).sort());
  });

  it('explain a reply without reading inherited properties', () => {
    const reply = JSON.parse('{"seq":0,"__proto__":{"output":{"token":"a.b.c"}}}');
    expect(checkRunReply(reply)).toEqual({ invalid: 'must have exactly one of output, skipped, errored, not none' });
    expect(checkStartReply(JSON.parse('{"__proto__":{"version":1}}'))).toMatchObject({ invalid: expect.stringMatching(/version is missing/) });
  });
});
