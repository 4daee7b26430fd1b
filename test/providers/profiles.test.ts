/**
 * The reference profiles' provider behaviour (providers-spec §2-§7), against the real local
 * OAuth2 server: expiry boundaries, concurrency counts, error shapes, builder validation, auth
 * types. Texts come from the spec's measured tables; the expiry rule of the node profile is also
 * checked against twilio-node's own TokenAuthStrategy.isTokenExpired.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { mintMockToken, refusedUrl, startOAuthServer, type OAuthServer, type ScriptedReply } from '../../conformance/oauth/server.ts';
import { LibraryError, UnsupportedInput } from '../../reference/lang/lang.ts';
import { nodeTokenExpired } from '../../reference/profiles/node/providers.ts';
import { PROFILES, type ProfileName } from '../../reference/profiles/index.ts';
import { familyRules } from '../../reference/profiles/lacks.ts';
import { ApiClient, ClientCredentialProviderBuilder, NoAuthStrategy, OrgsCredentialProviderBuilder, type AuthStrategy } from '../../reference/providers/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const NOW = 1700000000;
const T = NOW + 3600;
const ID = 'OQ00000000000000000000000000000001';
const SECRET = 's3cr3t-client-secret-value';
const ACCOUNT = '/2010-04-01/Accounts/AC00000000000000000000000000000001.json';

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

function setup(name: ProfileName, srv: { url: string }, clockSeconds = NOW) {
  const rules = familyRules(PROFILES[name].providers);
  const clock = { ms: clockSeconds * 1000 };
  const ctx = { rules, tokenBaseUrl: srv.url, clock: () => clock.ms };
  const provider = new ClientCredentialProviderBuilder(ctx).setClientId(ID).setClientSecret(SECRET).build();
  const client = new ApiClient({ rules, baseUrl: srv.url, credentialProvider: provider });
  return { rules, clock, ctx, provider, client };
}

const tokenCount = (s: OAuthServer) => s.requests.filter((r) => r.kind === 'token').length;
const apiAuth = (s: OAuthServer) => s.requests.filter((r) => r.kind === 'api').map((r) => s.labelTokens(r.headers.find(([k]) => k === 'Authorization')?.[1] ?? '<none>'));

async function rejection(p: Promise<unknown>): Promise<LibraryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LibraryError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('expiry decisions at the boundaries, with one strategy instance', () => {
  const at = async (name: ProfileName, offsets: number[]): Promise<string[]> => {
    const srv = await server([
      { kind: 'jwt', exp: T },
      { kind: 'jwt', exp: T + 100000 },
    ]);
    const { provider, clock } = setup(name, srv);
    const strategy = provider.toAuthStrategy();
    await strategy.getAuthString(); // tok-1 at NOW
    const out: string[] = [];
    for (const d of offsets) {
      clock.ms = (T + d) * 1000;
      out.push(srv.labelTokens(await strategy.getAuthString()));
    }
    return out;
  };
  it('node: reused at T-31 and T-30, refetched at T-29 (30 s buffer)', async () => {
    expect(await at('node', [-31, -30, -29])).toEqual(['Bearer <tok-1>', 'Bearer <tok-1>', 'Bearer <tok-2>']);
  });
  it('node: T-30 plus one millisecond is already expired (Date.now() > exp*1000 - 30000)', async () => {
    expect(nodeTokenExpired(mintMockToken({ exp: T }), (T - 30) * 1000)).toBe(false);
    expect(nodeTokenExpired(mintMockToken({ exp: T }), (T - 30) * 1000 + 1)).toBe(true);
  });
  for (const name of ['python', 'ruby'] as const) {
    it(`${name}: reused at T, refetched at T+1 (no buffer)`, async () => {
      expect(await at(name, [-31, -29, 0, 1])).toEqual(['Bearer <tok-1>', 'Bearer <tok-1>', 'Bearer <tok-1>', 'Bearer <tok-2>']);
    });
  }
  it('node agrees with twilio-node TokenAuthStrategy.isTokenExpired on any exp and clock', () => {
    const require = createRequire(import.meta.url);
    const Real = (require('twilio/lib/auth_strategy/TokenAuthStrategy') as { default: new (m: unknown) => { isTokenExpired(t: string): boolean } }).default;
    const real = new Real(null);
    const realNow = Date.now;
    const exp = fc.oneof(fc.integer({ min: NOW - 100, max: NOW + 100 }), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.constant(0), fc.array(fc.integer(), { maxLength: 2 }));
    try {
      fc.assert(
        fc.property(exp, fc.integer({ min: -100_000, max: 100_000 }), fc.boolean(), (e, dMs, typ) => {
          const b64 = (s: string) => Buffer.from(s).toString('base64url');
          const token = `${b64(JSON.stringify(typ ? { alg: 'HS256', typ: 'JWT' } : { alg: 'HS256' }))}.${b64(JSON.stringify({ exp: e }))}.sig`;
          const now = NOW * 1000 + dMs;
          Date.now = () => now;
          expect(nodeTokenExpired(token, now)).toBe(real.isTokenExpired(token));
        }),
        { numRuns: 500, seed: seedFromEnv(), path: pathFromEnv() },
      );
      for (const odd of ['', 'a.b', 'a.b.c', 'opaque-access-token-value', 'eyJ.eyJ.', '..', 'e30.e30.']) {
        Date.now = () => NOW * 1000;
        expect(nodeTokenExpired(odd, NOW * 1000)).toBe(real.isTokenExpired(odd));
      }
    } finally {
      Date.now = realNow;
    }
  });
});

describe('concurrency counts', () => {
  for (const [name, want] of [
    ['node', 25],
    ['python', 1],
    ['ruby', 1],
  ] as const) {
    it(`${name}: 25 concurrent API calls on a cold client make ${want} token request(s)`, async () => {
      const srv = await server([{ kind: 'jwt', delayMs: 20 }]);
      const { client } = setup(name, srv);
      await Promise.all(Array.from({ length: 25 }, () => client.get(ACCOUNT)));
      expect(tokenCount(srv)).toBe(want);
    });
  }
  it('python: a failing token endpoint is tried once per waiting caller (the lock is released on error)', async () => {
    const srv = await server([{ kind: 'raw', status: 500, contentType: 'text/plain', body: 'x' }]);
    const { client } = setup('python', srv);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.get(ACCOUNT)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(tokenCount(srv)).toBe(5);
  });
});

describe('error shapes (providers-spec §5)', () => {
  const twilio401 = JSON.stringify({ code: 20003, message: 'Authentication Error - invalid client credentials', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  const cases: Array<[string, ScriptedReply, Record<ProfileName, [string, string]>]> = [
    [
      '401 Twilio JSON',
      { kind: 'raw', status: 401, body: twilio401 },
      {
        node: ['Error', 'Failed to fetch access token: Error Status Code: 401\nFailed to fetch access token: Authentication Error - invalid client credentials'],
        python: ['twilio.base.exceptions.TwilioRestException', 'HTTP 401 error: Unable to create record: Authentication Error - invalid client credentials'],
        ruby: ['Twilio::REST::RestError', '[HTTP 401] 20003 : Unable to create record\nAuthentication Error - invalid client credentials\nhttps://www.twilio.com/docs/errors/20003\n\n'],
      },
    ],
    [
      '500 Twilio JSON',
      { kind: 'raw', status: 500, body: '{"code":20500,"message":"Internal Server Error"}' },
      {
        node: ['Error', 'Failed to fetch access token: Error Status Code: 500\nFailed to fetch access token: Internal Server Error'],
        python: ['twilio.base.exceptions.TwilioRestException', 'HTTP 500 error: Unable to create record: Internal Server Error'],
        ruby: ['Twilio::REST::RestError', '[HTTP 500] 500 : Unable to create record\nServer error (500)\n\n'],
      },
    ],
    [
      '429',
      { kind: 'raw', status: 429, body: '{"code":20429,"message":"Too Many Requests"}', headers: { 'Retry-After': '1' } },
      {
        node: ['Error', 'Failed to fetch access token: Error Status Code: 429\nFailed to fetch access token: Too Many Requests'],
        python: ['twilio.base.exceptions.TwilioRestException', 'HTTP 429 error: Unable to create record: Too Many Requests'],
        ruby: ['Twilio::REST::RestError', '[HTTP 429] 20429 : Unable to create record\nToo Many Requests\n\n'],
      },
    ],
  ];
  for (const [what, reply, want] of cases) {
    for (const name of ['node', 'python', 'ruby'] as const) {
      it(`${name}: ${what}; no API call; the next call tries the token endpoint again`, async () => {
        const srv = await server([reply, { kind: 'jwt' }]);
        const { client } = setup(name, srv);
        const e = await rejection(client.get(ACCOUNT));
        expect([e.type, e.message]).toEqual(want[name]);
        expect(apiAuth(srv)).toEqual([]);
        await client.get(ACCOUNT);
        expect(tokenCount(srv)).toBe(2);
        expect(apiAuth(srv)).toEqual(['Bearer <tok-1>']);
      });
    }
  }
  it('missing access_token: Bearer undefined / Bearer None / Basic Qjpl reach the API', async () => {
    const got: string[] = [];
    for (const name of ['node', 'python', 'ruby'] as const) {
      const srv = await server([{ kind: 'raw', status: 200, body: '{"token_type":"Bearer","expires_in":3600}' }]);
      await setup(name, srv).client.get(ACCOUNT);
      got.push(...apiAuth(srv));
    }
    expect(got).toEqual(['Bearer undefined', 'Bearer None', 'Basic Qjpl']);
  });
  it('ruby: a JWT without exp is used once, then TypeError; a non-JWT raises JWT::DecodeError on reuse', async () => {
    const srv = await server([{ kind: 'jwt', withoutExp: true }]);
    const { client } = setup('ruby', srv);
    await client.get(ACCOUNT);
    const e = await rejection(client.get(ACCOUNT));
    expect([e.type, e.message]).toEqual(['TypeError', "can't convert NilClass into an exact number"]);
    const srv2 = await server([{ kind: 'raw', status: 200, body: '{"access_token":"opaque"}' }]);
    const c2 = setup('ruby', srv2).client;
    await c2.get(ACCOUNT);
    expect((await rejection(c2.get(ACCOUNT))).type).toBe('JWT::DecodeError');
  });
  it('connection refused', async () => {
    const url = await refusedUrl();
    const e = await rejection(setup('node', { url }).provider.toAuthStrategy().getAuthString());
    expect(e.message).toMatch(/^Failed to fetch access token: Error Status Code: undefined\nFailed to fetch access token: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    // The harness reaches twilio-python through its proxy, so a refusal is requests' ProxyError (a ConnectionError).
    expect((await rejection(setup('python', { url }).provider.toAuthStrategy().getAuthString())).type).toBe('requests.exceptions.ProxyError');
    expect((await rejection(setup('ruby', { url }).provider.toAuthStrategy().getAuthString())).type).toBe('Twilio::REST::TwilioError');
  });
  it('API 401: the error propagates, no refresh; python and ruby reuse the token next time', async () => {
    const api401: ScriptedReply = { kind: 'raw', status: 401, body: '{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}' };
    const want: Record<ProfileName, [string, string, string[]]> = {
      node: ['RestException', 'Authenticate', ['Bearer <tok-1>', 'Bearer <tok-2>']],
      python: ['twilio.base.exceptions.TwilioRestException', 'HTTP 401 error: Unable to fetch record: Authenticate', ['Bearer <tok-1>', 'Bearer <tok-1>']],
      ruby: ['Twilio::REST::RestError', '[HTTP 401] 20003 : Unable to fetch record\nAuthenticate\nhttps://www.twilio.com/docs/errors/20003\n\n', ['Bearer <tok-1>', 'Bearer <tok-1>']],
    };
    for (const name of ['node', 'python', 'ruby'] as const) {
      const srv = await server([{ kind: 'jwt' }], [api401]);
      const { client } = setup(name, srv);
      const e1 = await rejection(client.get(ACCOUNT));
      await rejection(client.get(ACCOUNT));
      expect([e1.type, e1.message, apiAuth(srv)]).toEqual(want[name]);
    }
  });
});

describe('token request body and builder validation (providers-spec §2, §6)', () => {
  const bodyOf = async (name: ProfileName, build: (b: ClientCredentialProviderBuilder) => ClientCredentialProviderBuilder): Promise<string> => {
    const srv = await server();
    const rules = familyRules(PROFILES[name].providers);
    await build(new ClientCredentialProviderBuilder({ rules, tokenBaseUrl: srv.url }))
      .build()
      .toAuthStrategy()
      .getAuthString();
    return srv.requests[0].body;
  };
  it('node: no validation; unset values post as empty, undefined drops, null posts empty', async () => {
    expect(await bodyOf('node', (b) => b)).toBe('grant_type=client_credentials&client_id=&client_secret=');
    expect(await bodyOf('node', (b) => b.setClientId(undefined).setClientSecret(null))).toBe('grant_type=client_credentials&client_secret=');
  });
  it('python and ruby: field order, empty strings accepted', async () => {
    expect(await bodyOf('python', (b) => b.setClientId('').setClientSecret(''))).toBe('grant_type=client_credentials&client_id=&client_secret=');
    expect(await bodyOf('ruby', (b) => b.setClientId('').setClientSecret(''))).toBe('client_id=&client_secret=&grant_type=client_credentials');
  });
  it('python and ruby reject null (None, nil) with the library error', () => {
    const build = (name: ProfileName) => () => new OrgsCredentialProviderBuilder({ rules: familyRules(PROFILES[name].providers) }).setClientId(null).setClientSecret('x').build();
    expect(build('python')).toThrow(new LibraryError('twilio.base.exceptions.TwilioException', 'Client id and Client secret are mandatory'));
    expect(build('ruby')).toThrow(new LibraryError('ArgumentError', 'client_id and client_secret are required'));
    expect(() => new ClientCredentialProviderBuilder({ rules: familyRules(PROFILES.python.providers) }).setClientId('x').build()).toThrow("ClientCredentialProvider.__init__() missing 1 required positional argument: 'client_secret'");
  });
});

describe('auth types (providers-spec §4)', () => {
  it('per profile', () => {
    const types = (name: ProfileName) => {
      const ctx = { rules: familyRules(PROFILES[name].providers) };
      const cc = new ClientCredentialProviderBuilder(ctx).setClientId('a').setClientSecret('b').build();
      const orgs = new OrgsCredentialProviderBuilder(ctx).setClientId('a').setClientSecret('b').build();
      let noAuth: string;
      try {
        noAuth = new NoAuthStrategy(ctx.rules).getAuthType();
      } catch (e) {
        noAuth = `${(e as LibraryError).type}: ${(e as Error).message}`;
      }
      return [cc.getAuthType(), orgs.getAuthType(), (cc.toAuthStrategy() as AuthStrategy).getAuthType(), noAuth];
    };
    expect(types('node')).toEqual(['client-credentials', 'client-credentials', 'token', 'noauth']);
    expect(types('python')).toEqual(['client_credentials', 'client_credentials', 'orgs_stoken', "ModuleNotFoundError: No module named 'auth_type'"]);
    expect(types('ruby')).toEqual(['orgs_token', 'orgs_token', 'orgs_token', 'NameError: uninitialized constant Twilio::REST::AuthType::NONE']);
    expect(familyRules(PROFILES.python.providers).authTypes.noAuthProvider).toBeInstanceOf(UnsupportedInput);
  });
});
