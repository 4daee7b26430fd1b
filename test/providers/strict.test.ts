/**
 * Strict mode against the real local OAuth2 server: single flight under 1,000 concurrent API calls,
 * and every scripted fault ending in success or in its own typed error. Time that matters is
 * virtual (an injected clock and sleep); real time only bounds the slow-response case.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { refusedUrl, startOAuthServer, type OAuthServer, type ScriptedReply } from '../../conformance/oauth/server.ts';
import {
  ApiClient,
  ApiUnauthorizedError,
  CredentialError,
  StrictCredentialProvider,
  strictApiRules,
  TokenInvalidError,
  TokenMissingError,
  TokenNetworkError,
  TokenRateLimitedError,
  TokenRejectedError,
  TokenResponseMalformedError,
  TokenServerError,
  TokenTimeoutError,
  type StrictOptions,
} from '../../reference/providers/index.ts';

const NOW = 1700000000;
const SECRET = 's3cr3t value+/&=%é';
const ACCOUNT_PATH = '/2010-04-01/Accounts/AC00000000000000000000000000000001.json';

let servers: OAuthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(token?: ScriptedReply[], api?: ScriptedReply[]): Promise<OAuthServer> {
  const s = await startOAuthServer({ now: NOW, proxy: false, script: { token, api } });
  servers.push(s);
  return s;
}

/** A strict client on a fake clock whose sleep advances it, recording each wait. */
function strictClient(srv: { url: string }, extra: Partial<StrictOptions> = {}) {
  let clock = NOW * 1000;
  const sleeps: number[] = [];
  const provider = new StrictCredentialProvider({
    clientId: 'OQ00000000000000000000000000000001',
    clientSecret: SECRET,
    tokenBaseUrl: srv.url,
    clock: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    ...extra,
  });
  const client = new ApiClient({ rules: strictApiRules, baseUrl: srv.url, credentialProvider: provider, replayOnUnauthorized: true });
  return { provider, client, sleeps, advance: (ms: number) => (clock += ms), now: () => clock };
}

const tokenRequests = (s: OAuthServer) => s.requests.filter((r) => r.kind === 'token');
const apiAuth = (s: OAuthServer) => s.requests.filter((r) => r.kind === 'api').map((r) => s.labelTokens(r.headers.find(([k]) => k === 'Authorization')?.[1] ?? ''));

/** The typed error a promise rejects with (its cause, for API-side errors). */
async function failure(p: Promise<unknown>): Promise<CredentialError> {
  try {
    await p;
  } catch (e) {
    const typed = e instanceof CredentialError ? e : (e as { cause?: unknown }).cause;
    if (typed instanceof CredentialError) return typed;
    throw new Error(`not a typed error: ${String(e)}`);
  }
  throw new Error('expected a failure');
}

describe('strict mode has no process-global side effects', () => {
  it('leaves the environment, the global clock and the console alone', async () => {
    const srv = await server([{ kind: 'jwt' }]);
    const env = JSON.stringify(process.env);
    const { now, log, error, info } = { now: Date.now, log: console.log, error: console.error, info: console.info };
    const { client } = strictClient(srv);
    await Promise.all(Array.from({ length: 5 }, () => client.get(ACCOUNT_PATH)));
    expect(JSON.stringify(process.env)).toBe(env);
    expect([Date.now, console.log, console.error, console.info]).toEqual([now, log, error, info]);
  });
});

describe('strict mode, single flight', () => {
  it('1,000 concurrent API calls on a cold cache make exactly 1 token request', async () => {
    const srv = await server([{ kind: 'jwt', delayMs: 50 }]);
    const { client } = strictClient(srv);
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.get(ACCOUNT_PATH)));
    expect(results).toHaveLength(1000);
    expect(tokenRequests(srv)).toHaveLength(1);
    const auth = apiAuth(srv);
    expect(auth).toHaveLength(1000);
    expect(new Set(auth)).toEqual(new Set(['Bearer <tok-1>']));
  });

  it('refreshes ahead of expiry (buffer), once per window, and never uses an expired token', async () => {
    const srv = await server([{ kind: 'jwt', expIn: 3600 }]);
    const c = strictClient(srv, { refreshBufferMs: 60_000 });
    await c.client.get(ACCOUNT_PATH);
    c.advance((3600 - 61) * 1000); // T-61: still the first token
    await Promise.all(Array.from({ length: 20 }, () => c.client.get(ACCOUNT_PATH)));
    expect(tokenRequests(srv)).toHaveLength(1);
    c.advance(2000); // T-59: inside the buffer, one refresh for all
    await Promise.all(Array.from({ length: 20 }, () => c.client.get(ACCOUNT_PATH)));
    expect(tokenRequests(srv)).toHaveLength(2);
    expect(new Set(apiAuth(srv).slice(21))).toEqual(new Set(['Bearer <tok-2>']));
  });
});

describe('strict mode, every fault ends in success or its own typed error', () => {
  const jwt: ScriptedReply = { kind: 'jwt' };
  const cases: Array<{ name: string; token: ScriptedReply[]; check: (r: { ok: true } | { ok: false; e: CredentialError }, srv: OAuthServer, sleeps: number[]) => void }> = [
    {
      name: '401 Twilio JSON',
      token: [{ kind: 'raw', status: 401, body: JSON.stringify({ code: 20003, message: 'Authentication Error - invalid client credentials', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }) }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenRejectedError && r.e.status === 401).toBe(true),
    },
    {
      name: '400 with an RFC 6749 body',
      token: [{ kind: 'raw', status: 400, body: '{"error":"invalid_client","error_description":"Client authentication failed"}' }],
      check: (r) => {
        expect(r.ok === false && r.e instanceof TokenRejectedError && r.e.oauthError === 'invalid_client').toBe(true);
      },
    },
    {
      name: '429 with Retry-After: 2, then a token',
      token: [{ kind: 'raw', status: 429, body: '{"code":20429,"message":"Too Many Requests"}', headers: { 'Retry-After': '2' } }, jwt],
      check: (r, srv, sleeps) => {
        expect(r.ok).toBe(true);
        expect(sleeps).toEqual([2000]);
        expect(tokenRequests(srv)).toHaveLength(2);
      },
    },
    {
      name: '429 twice',
      token: [{ kind: 'raw', status: 429, body: '{}', headers: { 'Retry-After': '1' } }],
      check: (r, srv) => {
        expect(r.ok === false && r.e instanceof TokenRateLimitedError && r.e.attempts === 2 && r.e.retryAfterMs === 1000).toBe(true);
        expect(tokenRequests(srv)).toHaveLength(2);
      },
    },
    {
      name: '429 with a Retry-After longer than the cap',
      token: [{ kind: 'raw', status: 429, body: '{}', headers: { 'Retry-After': '3600' } }],
      check: (r, srv, sleeps) => {
        expect(r.ok === false && r.e instanceof TokenRateLimitedError && r.e.attempts === 1).toBe(true);
        expect(sleeps).toEqual([]);
        expect(tokenRequests(srv)).toHaveLength(1);
      },
    },
    {
      name: '500, then a token (backoff without Retry-After)',
      token: [{ kind: 'raw', status: 500, contentType: 'text/plain', body: 'Internal Server Error' }, jwt],
      check: (r, _srv, sleeps) => {
        expect(r.ok).toBe(true);
        expect(sleeps).toEqual([375]);
      },
    },
    {
      name: '500 twice',
      token: [{ kind: 'raw', status: 500, contentType: 'text/plain', body: 'Internal Server Error' }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenServerError && r.e.status === 500 && r.e.attempts === 2).toBe(true),
    },
    {
      name: 'malformed JSON (detected, not timed out)',
      token: [{ kind: 'raw', status: 200, body: '{"access_token": "eyJhbGciOi' }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenResponseMalformedError && r.e.detail === 'not JSON').toBe(true),
    },
    {
      name: 'empty body',
      token: [{ kind: 'raw', status: 200, body: '' }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenResponseMalformedError && r.e.detail === 'empty').toBe(true),
    },
    {
      name: 'missing access_token',
      token: [{ kind: 'raw', status: 200, body: '{"token_type":"Bearer","expires_in":3600}' }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenMissingError).toBe(true),
    },
    {
      name: 'opaque token with expires_in (usable)',
      token: [{ kind: 'raw', status: 200, body: '{"access_token":"opaque-access-token-value","token_type":"Bearer","expires_in":3600}' }],
      check: (r, srv) => {
        expect(r.ok).toBe(true);
        expect(apiAuth(srv)).toEqual(['Bearer opaque-access-token-value']);
      },
    },
    {
      name: 'opaque token without expires_in',
      token: [{ kind: 'raw', status: 200, body: '{"access_token":"opaque-access-token-value"}' }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenInvalidError && r.e.reason === 'no expiry').toBe(true),
    },
    {
      name: 'JWT without exp and without expires_in',
      token: [{ kind: 'jwt', withoutExp: true }],
      // the mock still sends expires_in 3600, so the reply's lifetime is used
      check: (r) => expect(r.ok).toBe(true),
    },
    {
      name: 'JWT already expired',
      token: [{ kind: 'jwt', expIn: -10 }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenInvalidError && r.e.reason === 'expired on arrival').toBe(true),
    },
    {
      name: 'connection reset after the request',
      token: [{ kind: 'destroy' }],
      check: (r) => expect(r.ok === false && r.e instanceof TokenNetworkError && r.e.kind === 'reset').toBe(true),
    },
  ];
  for (const tc of cases) {
    it(tc.name, async () => {
      const srv = await server(tc.token);
      const c = strictClient(srv);
      let r: { ok: true } | { ok: false; e: CredentialError };
      try {
        await c.client.get(ACCOUNT_PATH);
        r = { ok: true };
      } catch (e) {
        r = { ok: false, e: await failure(Promise.reject(e)) };
      }
      tc.check(r, srv, c.sleeps);
      if (!r.ok) {
        expect(`${r.e.message} ${JSON.stringify(r.e)}`).not.toContain(SECRET);
        expect(apiAuth(srv)).toEqual([]); // no API call without a token
      }
    });
  }

  it('slow response: the per-request timeout', async () => {
    const srv = await server([{ kind: 'jwt', delayMs: 5000 }]);
    const c = strictClient(srv, { requestTimeoutMs: 100 });
    const e = await failure(c.client.get(ACCOUNT_PATH));
    expect(e).toBeInstanceOf(TokenTimeoutError);
  });

  it('connection refused', async () => {
    const c = strictClient({ url: await refusedUrl() });
    const e = await failure(c.provider.toAuthStrategy().getAuthString());
    expect(e).toBeInstanceOf(TokenNetworkError);
    expect((e as TokenNetworkError).kind).toBe('refused');
  });

  it('API 401: one refresh and replay, then success', async () => {
    const srv = await server(
      [{ kind: 'jwt' }],
      [
        { kind: 'raw', status: 401, body: '{"code":20003,"message":"Authenticate"}' },
        { kind: 'raw', status: 200, body: '{}' },
      ],
    );
    const c = strictClient(srv);
    await c.client.get(ACCOUNT_PATH);
    expect(tokenRequests(srv)).toHaveLength(2);
    expect(apiAuth(srv)).toEqual(['Bearer <tok-1>', 'Bearer <tok-2>']);
  });

  it('API 401 again after the replay: ApiUnauthorizedError, no third attempt', async () => {
    const srv = await server([{ kind: 'jwt' }], [{ kind: 'raw', status: 401, body: '{"code":20003,"message":"Authenticate"}' }]);
    const c = strictClient(srv);
    expect(await failure(c.client.get(ACCOUNT_PATH))).toBeInstanceOf(ApiUnauthorizedError);
    expect(apiAuth(srv)).toHaveLength(2);
    expect(tokenRequests(srv)).toHaveLength(2);
  });

  it('a server echoing the secret into its error fields does not get it into the message', async () => {
    const echo = JSON.stringify({ error: SECRET, error_description: `bad secret ${SECRET}`, message: SECRET });
    const srv = await server([{ kind: 'raw', status: 401, body: echo }]);
    const e = await failure(strictClient(srv).client.get(ACCOUNT_PATH));
    expect(e).toBeInstanceOf(TokenRejectedError);
    expect(`${e.message}${e.stack}${JSON.stringify(e)}`).not.toContain(SECRET);
  });
});
