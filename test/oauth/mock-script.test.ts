/**
 * The mock script's schema: a reply the server would not understand is refused before the case
 * runs, with a typed error naming the JSON path and the field or kind; the runner makes such a
 * case an error for every adapter (never a pass) without sending it; every committed vector's
 * mock, and every mock the transcript conversion copies, is inside the schema.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMockScript, MockScriptError } from '../../conformance/oauth/mock-script.ts';
import { startOAuthServer } from '../../conformance/oauth/server.ts';
import { buildVectors } from '../../conformance/vectors/build/provider-transcripts.ts';
import { judgeProvider, runProviderVector, type ProviderExpectation } from '../../conformance/families/provider-cases.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { ROOT } from '../helpers/shared.ts';

const refused = (script: unknown): MockScriptError => {
  try {
    checkMockScript(script);
  } catch (e) {
    if (e instanceof MockScriptError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(script)}`);
};

describe('the mock script schema', () => {
  it('refuses an unknown kind, naming it, its path and the kinds the list takes', () => {
    const e = refused({ api: [{ kind: 'ok' }] });
    expect(e.code).toBe('ERR_MOCK_SCRIPT');
    expect(e.message).toContain('mock.api[0].kind: "ok" is not a kind of reply in the api list (known: raw, resource, destroy)');
    // A kind of the other list is refused too: a JWT is not an API answer, nor a resource a token.
    expect(refused({ api: [{ kind: 'raw', status: 429, body: '{}' }, { kind: 'jwt' }] }).problems).toEqual(['mock.api[1].kind: "jwt" is not a kind of reply in the api list (known: raw, resource, destroy)']);
    expect(refused({ token: [{ kind: 'resource' }] }).problems).toEqual(['mock.token[0].kind: "resource" is not a kind of reply in the token list (known: jwt, raw, destroy)']);
    expect(refused({ token: [{}] }).problems).toEqual(['mock.token[0].kind is missing (one of jwt, raw, destroy)']);
    expect(refused({ token: [{ kind: 7 }] }).problems).toEqual(['mock.token[0].kind: must be one of jwt, raw, destroy, not an integer']);
  });

  it('refuses an unknown field, naming it and what the kind allows', () => {
    expect(refused({ token: [{ kind: 'jwt', expiresIn: 60 }] }).problems).toEqual(['mock.token[0]: unknown field "expiresIn" for kind "jwt" (allowed: kind, exp, expIn, withoutExp, delayMs)']);
    expect(refused({ token: [{ kind: 'destroy', status: 500 }] }).problems).toEqual(['mock.token[0]: unknown field "status" for kind "destroy" (allowed: kind, delayMs)']);
    expect(refused({ tokens: [] }).problems).toEqual(['mock: unknown field "tokens" (allowed: token, api, connections)']);
  });

  it('refuses null where a value is meant, instead of reading it as the default', () => {
    // The server used to mint a token expiring at now + 3600 for "exp": null.
    expect(refused({ token: [{ kind: 'jwt', exp: null }] }).problems).toEqual(['mock.token[0].exp: must be a number or a string (null is not accepted: leave the field out for its default)']);
    expect(refused(null).problems).toEqual(['mock: must be an object (null is not accepted: leave the field out for its default)']);
  });

  it('asks a raw reply for its status and body: an empty body is written "body": ""', () => {
    expect(refused({ api: [{ kind: 'raw', status: 200 }] }).problems).toEqual(['mock.api[0].body is missing']);
    expect(refused({ api: [{ kind: 'raw', body: '' }] }).problems).toEqual(['mock.api[0].status is missing']);
    expect(() => checkMockScript({ api: [{ kind: 'raw', status: 200, body: '' }] })).not.toThrow();
  });

  it('refuses contradictions and values the server could not send', () => {
    expect(refused({ token: [{ kind: 'jwt', exp: 1700003600, expIn: 60 }] }).problems).toEqual(['mock.token[0]: expIn cannot be given with exp']);
    expect(refused({ token: [{ kind: 'jwt', withoutExp: true, expIn: 60 }] }).problems).toEqual(['mock.token[0]: expIn cannot be given with withoutExp']);
    expect(refused({ api: [{ kind: 'raw', status: 42, body: '', delayMs: 60_000 }] }).problems).toEqual(['mock.api[0].status: must be at least 100, not 42', 'mock.api[0].delayMs: must be at most 10000, not 60000']);
    expect(refused({ api: [{ kind: 'raw', status: 200, body: '', headers: { 'Retry After': '1', 'X-Ok': 'a\r\nb' } }] }).problems).toEqual([
      'mock.api[0].headers: "Retry After" is not a header name',
      'mock.api[0].headers["X-Ok"]: "a\\r\\nb" cannot be sent as a header',
    ]);
    expect(refused({ token: [] }).problems).toEqual(['mock.token: must have at least 1 reply (leave the list out for the default)']);
  });

  it('accepts every reply the server documents', () => {
    const script = {
      token: [
        { kind: 'jwt', exp: 1700003600, delayMs: 300 },
        { kind: 'jwt', exp: 'soon' },
        { kind: 'jwt', expIn: -10 },
        { kind: 'jwt', withoutExp: true },
        { kind: 'raw', status: 500, contentType: 'text/plain', body: 'x' },
        { kind: 'destroy' },
      ],
      api: [{ kind: 'raw', status: 429, body: '{}', headers: { 'Retry-After': '1' } }, { kind: 'resource' }, { kind: 'destroy', delayMs: 0 }],
    };
    expect(checkMockScript(script)).toBe(script);
  });
});

describe('the server and the runner check the script before anything runs', () => {
  it('startOAuthServer and setScript throw MockScriptError', async () => {
    await expect(startOAuthServer({ proxy: false, script: { api: [{ kind: 'ok' }] } as never })).rejects.toThrow(MockScriptError);
    const s = await startOAuthServer({ proxy: false });
    try {
      expect(() => s.setScript({ token: [{ kind: 'jwt', exp: null }] } as never)).toThrow(/mock\.token\[0\]\.exp: must be a number or a string \(null is not accepted/);
    } finally {
      await s.close();
    }
  });

  it('answers "body": "" with an empty body and resource with the resource, as written', async () => {
    const s = await startOAuthServer({ proxy: false, script: { api: [{ kind: 'raw', status: 200, body: '' }, { kind: 'resource' }] } });
    try {
      const path = '/2010-04-01/Accounts/AC00000000000000000000000000000001.json';
      const first = await fetch(`${s.url}${path}`);
      expect([first.status, first.headers.get('content-type'), await first.text()]).toEqual([200, 'application/json', '']);
      const second = await fetch(`${s.url}${path}`);
      expect([second.status, (JSON.parse(await second.text()) as { sid: string }).sid]).toEqual([200, 'AC00000000000000000000000000000001']);
    } finally {
      await s.close();
    }
  });

  it('an invalid mock is an error for every adapter, never a pass, and the case is not sent', async () => {
    const input = parseLossless(JSON.stringify({ provider: { type: 'client_credentials', clientId: 'OQ1', clientSecret: 'secret' }, mock: { api: [{ kind: 'ok' }] }, steps: [{ op: 'api', label: 'api #1' }] }));
    // What the old server did with {"kind":"ok"} (200, empty body) is what this adapter claims.
    const expectation: ProviderExpectation = { kind: 'provider', steps: [{ label: 'api #1', result: { ok: true }, tokenRequests: 1, apiAuthorization: ['Bearer <tok-1>'] }] };
    let sent = 0;
    const result = await runProviderVector(
      async () => {
        sent++;
        return { output: { steps: [{ label: 'api #1', ok: true }] } };
      },
      input,
      1700000000,
    );
    expect(sent).toBe(0);
    expect(result).toEqual({ errored: { message: expect.stringContaining('mock.api[0].kind: "ok" is not a kind of reply in the api list') } });
    expect(judgeProvider(expectation, result)).toMatchObject({ status: 'error', message: expect.stringMatching(/^the case was not run: its input is invalid: invalid mock script: mock\.api\[0\]\.kind/) });
    // "mock": null is not the default script either.
    const nullMock = await runProviderVector(async () => ({ output: { steps: [] } }), parseLossless('{"provider":{"type":"noauth"},"mock":null,"steps":[{"op":"build"}]}'), 1700000000);
    expect(nullMock).toEqual({ errored: { message: expect.stringContaining('mock: must be an object (null is not accepted') } });
  });
});

describe('mocks in vectors and conversions', () => {
  it('every committed credential_provider vector has a mock inside the schema', () => {
    const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider'));
    expect(vectors.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const v of vectors) {
      const input = toJavaScript(v.input) as { mock?: unknown };
      if (!('mock' in input)) continue;
      try {
        checkMockScript(input.mock, { context: v.id });
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the transcript conversion refuses a recorded mock the server would misread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-script-'));
    try {
      mkdirSync(join(dir, 'oracle', 'providers'), { recursive: true });
      for (const [lib, library] of [
        ['node', 'twilio-node'],
        ['python', 'twilio-python'],
        ['ruby', 'twilio-ruby'],
      ]) {
        const transcript = {
          library,
          version: '0',
          now: 1700000000,
          constants: {},
          cases: [{ id: 'cc/first_call', what: 'one API call', mock: { token: [{ kind: 'jwt', exp: null }] }, result: { steps: [{ label: 'api #1', clock: 1700000000, result: { ok: true } }] }, requests: [] }],
        };
        writeFileSync(join(dir, 'oracle', 'providers', `${lib}-transcripts.json`), JSON.stringify(transcript));
      }
      expect(() => buildVectors(dir)).toThrow(/credential_provider\/cc\/first_call: invalid mock script: mock\.token\[0\]\.exp: must be a number or a string \(null is not accepted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
