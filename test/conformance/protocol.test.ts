import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const SCHEMA_DIR = join(ROOT, 'conformance/protocol/schema');

function ajvWithProtocol(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  for (const f of readdirSync(SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')));
  return ajv;
}

const ID = 'https://twilio-jwt-conformance.invalid/protocol/v1/';

/** Talk to an adapter for a whole session at once: lines in, lines out. */
function session(command: string[], lines: string[]): { out: string[]; status: number | null; stderr: string } {
  const r = spawnSync(command[0], command.slice(1), { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 60_000 });
  return { out: r.stdout.split('\n').filter((l) => l !== ''), status: r.status, stderr: r.stderr };
}

const RUN = (seq: number, input: string, family = 'access_token') =>
  `{"cmd":"run","seq":${seq},"case":{"id":"t/${seq}","family":"${family}","now":1700000000,"input":${input}}}`;
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
