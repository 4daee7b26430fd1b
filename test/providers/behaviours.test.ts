/**
 * The provider vector files beyond the transcripts (scripts/vectors/provider-behaviours.ts): each
 * is what the reference builds, and the vocabulary that expresses them refuses what it cannot
 * mean (a provider step in a case without a provider, a strategy class on another op).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusedUrl, startOAuthServer } from '../../conformance/oauth/server.ts';
import { readProviderCase } from '../../conformance/protocol/provider-case.ts';
import { judgeProvider, type ProviderExpectation } from '../../conformance/families/provider-cases.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { ApiClient } from '../../reference/providers/api-client.ts';
import { regionalHost } from '../../reference/providers/hosts.ts';
import type { ProviderRules } from '../../reference/providers/rules.ts';
import { nodeTransport, type Transport } from '../../reference/providers/http.ts';
import { TokenNetworkError } from '../../reference/providers/errors.ts';
import { StrictCredentialProvider, StrictTokenManager } from '../../reference/providers/strict.ts';
import { buildProviderVectorFile } from '../../scripts/vectors/provider-replies.ts';
import { CLIENTS, HOSTS, PROVIDER_FILES, REFUSALS, RETRIES, STRATEGIES } from '../../scripts/vectors/provider-behaviours.ts';
import { vocabularyRefusal } from '../helpers/provider-vocabulary.ts';

describe('provider vector files', () => {
  for (const f of PROVIDER_FILES) {
    it(`${f.path.split('/').pop()} is what the reference builds`, async () => {
      expect(readFileSync(f.path, 'utf8')).toBe(await buildProviderVectorFile(f));
    });
  }

  it('clients.json: Basic only, environment only and no credentials in every profile; the NoAuth provider only where the library has it', () => {
    const doc = JSON.parse(readFileSync(CLIENTS.path, 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, unknown> }> };
    const profiles = Object.fromEntries(doc.vectors.map((v) => [v.id.split('/').slice(1).join('/'), Object.keys(v.expect).sort()]));
    expect(profiles).toEqual({
      'precedence/basic_only': ['node', 'php', 'python', 'ruby'],
      'precedence/environment_only': ['node', 'php', 'python', 'ruby'],
      'precedence/no_credentials': ['node', 'php', 'python', 'ruby'],
      'noauth/strategy': ['node', 'php', 'python', 'ruby'],
      'noauth/provider_api': ['node', 'php'],
    });
  });

  it("files built after hosts were recorded carry every step's token and API hosts", () => {
    for (const f of PROVIDER_FILES) {
      const doc = JSON.parse(readFileSync(f.path, 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, { steps?: Array<Record<string, unknown>>; unsupported?: string }> }> };
      // An unsupported expectation (the library lacks the behaviour) has no steps.
      for (const v of doc.vectors) for (const e of Object.values(v.expect)) for (const st of e.steps ?? []) expect(Object.keys(st), v.id).toEqual(expect.arrayContaining(['tokenHosts', 'apiHosts']));
    }
  });
});

describe('the credential_provider vocabulary without a provider', () => {
  const refused = vocabularyRefusal;

  it('reads a case without a provider, and refuses the steps that need one', () => {
    expect(readProviderCase({ steps: [{ op: 'api' }] }).provider).toBeUndefined();
    expect(refused({ steps: [{ op: 'authString' }] })).toBe("credential_provider: steps[0].op authString needs the case's provider");
    expect(refused({ steps: [{ op: 'api' }, { op: 'build' }] })).toBe("credential_provider: steps[1].op build needs the case's provider");
  });

  it('takes strategyClass with op strategy only, and a known class only', () => {
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'noauth' }] })).toBe('accepted');
    expect(refused({ steps: [{ op: 'strategy' }] })).toMatch(/strategyClass goes with op strategy/);
    expect(refused({ steps: [{ op: 'api', strategyClass: 'noauth' }] })).toMatch(/strategyClass goes with op strategy/);
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'magic' }] })).toBe('credential_provider: steps[0].strategyClass "magic" is not known');
  });

  it('takes a token with strategyClass token only, and a non-empty one', () => {
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'token', token: 'a.b.c' }] })).toBe('accepted');
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'token' }] })).toMatch(/token goes with strategyClass token/);
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'noauth', token: 'a.b.c' }] })).toMatch(/token goes with strategyClass token/);
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'token', token: '' }] })).toBe('credential_provider: steps[0].token must be a non-empty string');
  });
});

describe('hosts under a region and an edge', () => {
  it('regionalHost builds them as the three libraries do (getHostname, get_hostname, build_uri)', () => {
    expect(regionalHost('api.twilio.com', {})).toBe('api.twilio.com');
    expect(regionalHost('api.twilio.com', { region: 'au1', edge: 'sydney' })).toBe('api.sydney.au1.twilio.com');
    expect(regionalHost('oauth.twilio.com', { region: 'ie1' })).toBe('oauth.ie1.twilio.com');
    expect(regionalHost('oauth.twilio.com', { edge: 'dublin' })).toBe('oauth.dublin.us1.twilio.com');
    // A host that already names a region (and edge) keeps what is not overridden.
    expect(regionalHost('api.au1.twilio.com', { edge: 'sydney' })).toBe('api.sydney.au1.twilio.com');
    expect(regionalHost('api.sydney.au1.twilio.com', { region: 'ie1' })).toBe('api.sydney.ie1.twilio.com');
  });

  it("hosts.json records each step's token and API hosts, and the environment moves the token request where the client options do not", () => {
    const doc = JSON.parse(readFileSync(HOSTS.path, 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, { steps: Array<{ tokenHosts: string[]; apiHosts: string[] }> }> }> };
    const of = (id: string) => doc.vectors.find((v) => v.id === `credential_provider/hosts/${id}`)!.expect;
    for (const profile of ['node', 'python', 'ruby', 'php']) {
      expect(of('env_region_edge')[profile].steps[0]).toMatchObject({ tokenHosts: ['oauth.sydney.au1.twilio.com'], apiHosts: ['api.sydney.au1.twilio.com'] });
      expect(of('client_region_edge')[profile].steps[0]).toMatchObject({ tokenHosts: ['oauth.twilio.com'], apiHosts: ['api.sydney.au1.twilio.com'] });
    }
    // node and php fetch a token per API call, python and ruby reuse theirs.
    expect(of('env_region_edge').node.steps[1].tokenHosts).toEqual(['oauth.sydney.au1.twilio.com']);
    expect(of('env_region_edge').php.steps[1].tokenHosts).toEqual(['oauth.sydney.au1.twilio.com']);
    expect(of('env_region_edge').python.steps[1].tokenHosts).toEqual([]);
  });

  it('the judge compares the hosts a vector records, as multisets, and only where it records them', () => {
    const result = {
      output: {
        steps: [{ label: 'api #1', ok: true }],
        server: { tokenRequests: [{ step: 0, method: 'POST', path: '/v2/token', host: 'oauth.twilio.com', headers: [], body: '' }], api: [{ step: 0, path: '/', host: 'api.twilio.com', authorization: 'Bearer <tok-1>' }] },
      },
    } as never;
    const want = (hosts: Partial<{ tokenHosts: string[]; apiHosts: string[] }>): ProviderExpectation => ({ kind: 'provider', steps: [{ result: { ok: true }, tokenRequests: 1, apiAuthorization: ['Bearer <tok-1>'], ...hosts }] });
    expect(judgeProvider(want({}), result).status).toBe('pass');
    expect(judgeProvider(want({ tokenHosts: ['oauth.twilio.com'], apiHosts: ['api.twilio.com'] }), result).status).toBe('pass');
    expect(judgeProvider(want({ apiHosts: ['api.sydney.au1.twilio.com'] }), result)).toMatchObject({ status: 'fail', detail: 'step 1: API hosts ["api.twilio.com"], expected ["api.sydney.au1.twilio.com"]' });
    expect(judgeProvider(want({ tokenHosts: [] }), result)).toMatchObject({ status: 'fail', detail: 'step 1: token request hosts ["oauth.twilio.com"], expected []' });
  });

  it('the server records the host a request names, and strict mode posts to the regional token host it is given', async () => {
    const srv = await startOAuthServer({ proxy: false });
    try {
      // Requests name Twilio's host and all go to the local server, as through a proxy.
      const routed: Transport = (req) => nodeTransport({ ...req, url: new URL(new URL(req.url).pathname, srv.url).href });
      const manager = (location: { region?: string; edge?: string }) => new StrictTokenManager({ clientId: 'OQ00000000000000000000000000000001', clientSecret: 'fixture-secret', transport: routed, location, clock: () => 1700000000000 });
      await manager({ region: 'au1', edge: 'sydney' }).fetchToken();
      await manager({ edge: 'dublin' }).fetchToken();
      await manager({}).fetchToken();
      expect(srv.requests.filter((r) => r.kind === 'token').map((r) => r.host)).toEqual(['oauth.sydney.au1.twilio.com', 'oauth.dublin.us1.twilio.com', 'oauth.twilio.com']);
    } finally {
      await srv.close();
    }
  });
});

describe('a token endpoint that refuses the connection', () => {
  it('refused.json: every library fails each call, makes no API request and no token request reaches anything', () => {
    const doc = JSON.parse(readFileSync(REFUSALS.path, 'utf8')) as {
      vectors: Array<{ id: string; expect: Record<string, { steps: Array<{ result: { ok?: boolean; parallel?: Array<{ ok: boolean }> }; tokenRequests: number; apiAuthorization: unknown[] }> }> }>;
    };
    expect(doc.vectors.length).toBe(5);
    for (const v of doc.vectors) {
      expect(Object.keys(v.expect).sort(), v.id).toEqual(['node', 'php', 'python', 'ruby']);
      for (const e of Object.values(v.expect)) {
        for (const st of e.steps) {
          expect(st.result.parallel ? st.result.parallel.every((c) => !c.ok) : st.result.ok === false, v.id).toBe(true);
          expect([st.tokenRequests, st.apiAuthorization.length]).toEqual([0, 0]);
        }
      }
    }
  });

  it('strict mode: concurrent callers share one connection attempt, and a refusal is not retried (no request storm)', async () => {
    const refused = await refusedUrl();
    let attempts = 0;
    const counting: Transport = (req) => {
      attempts++;
      return nodeTransport(req);
    };
    const provider = new StrictCredentialProvider({
      clientId: 'OQ00000000000000000000000000000001',
      clientSecret: 'fixture-secret',
      tokenBaseUrl: refused,
      transport: counting,
      sleep: () => Promise.reject(new Error('strict mode waited to retry a refusal')),
    });
    const strategy = provider.toAuthStrategy();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => strategy.getAuthString()));
    expect(attempts).toBe(1);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const e = (r as PromiseRejectedResult).reason as unknown;
      expect(e).toBeInstanceOf(TokenNetworkError);
      expect((e as TokenNetworkError).kind).toBe('refused');
    }
    // Nothing is cached from a failure: the next call makes one new attempt, not one per waiter.
    await Promise.allSettled(Array.from({ length: 50 }, () => strategy.getAuthString()));
    expect(attempts).toBe(2);
  });
});

describe("the user's HTTP client retries", () => {
  it('retries.json: node and python only (ruby has no such option)', () => {
    const doc = JSON.parse(readFileSync(RETRIES.path, 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, unknown> }> };
    expect(doc.vectors.map((v) => Object.keys(v.expect).sort())).toEqual(doc.vectors.map(() => ['node', 'python']));
  });

  const tooMany = (retryAfter?: string) => ({ kind: 'raw' as const, status: 429, ...(retryAfter ? { headers: { 'Retry-After': retryAfter } } : {}), body: '{"code":20429,"message":"Too Many Requests"}' });
  const run = async (profile: 'node' | 'python' | 'ruby', api: ReturnType<typeof tooMany>[], retries: number) => {
    const srv = await startOAuthServer({ proxy: false, script: { api } });
    const waits: number[] = [];
    try {
      const rules = PROFILES[profile].providers as ProviderRules;
      const client = new ApiClient({ rules, baseUrl: srv.url, username: 'AC00000000000000000000000000000001', password: 'fixture', retries, sleep: async (ms) => void waits.push(ms) });
      const outcome = await client.get('/2010-04-01/Accounts/AC00000000000000000000000000000001.json').then(
        () => 'ok',
        (e: Error & { type?: string }) => e.type ?? e.name,
      );
      return { outcome, requests: srv.requests.filter((r) => r.kind === 'api').length, waits };
    } finally {
      await srv.close();
    }
  };

  it('bounded: retries n make at most n + 1 requests, then the last reply stands', async () => {
    expect(await run('node', [tooMany()], 2)).toEqual({ outcome: 'RestException', requests: 3, waits: [0, 0] });
    expect(await run('python', [tooMany('3')], 2)).toEqual({ outcome: 'twilio.base.exceptions.TwilioRestException', requests: 3, waits: [3000, 3000] });
  });

  it('python waits what Retry-After says and resends only a reply that has one; node resends every 429', async () => {
    expect(await run('python', [tooMany('2'), tooMany()], 3)).toEqual({ outcome: 'twilio.base.exceptions.TwilioRestException', requests: 2, waits: [2000] });
    expect(await run('node', [tooMany(), { kind: 'raw', status: 200, body: '{}' } as never], 3)).toEqual({ outcome: 'ok', requests: 2, waits: [0] });
  });

  it('a library without the option cannot express it (the reference skips)', async () => {
    expect(await run('ruby', [tooMany('1')], 1)).toEqual({ outcome: 'UnsupportedInput', requests: 0, waits: [] });
  });
});

describe('the token strategy on crafted tokens', () => {
  it("strategies.json: each library's expiry rule at the boundaries (node's 30 s buffer, python and ruby none)", () => {
    const doc = JSON.parse(readFileSync(STRATEGIES.path, 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, { steps: Array<{ result: { ok: boolean; value?: { tokenExpired: boolean }; errorType?: string } }> }> }> };
    const boundaries = doc.vectors.find((v) => v.id.endsWith('token_expiry_boundaries'))!.expect;
    const expired = (p: string) => boundaries[p].steps.map((s) => s.result.value!.tokenExpired);
    // at now, exp - 31, exp - 29, at exp, exp + 1
    expect(expired('node')).toEqual([false, false, true, true, true]);
    expect(expired('python')).toEqual([false, false, false, false, true]);
    expect(expired('ruby')).toEqual([false, false, false, false, true]);
    const opaque = doc.vectors.find((v) => v.id.endsWith('token_not_a_jwt'))!.expect;
    expect(opaque.ruby.steps[0].result).toMatchObject({ ok: false, errorType: 'JWT::DecodeError' });
  });
});
