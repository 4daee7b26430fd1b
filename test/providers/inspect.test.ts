import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiClient,
  ApiTokenManager,
  BasicAuthStrategy,
  ClientCredentialProviderBuilder,
  OrgsCredentialProviderBuilder,
  StrictCredentialProvider,
  StrictTokenManager,
  TokenRejectedError,
  withoutSecret,
  type HttpReply,
  type HttpRequest,
} from '../../reference/providers/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { familyRules } from '../../reference/profiles/lacks.ts';

const CLIENT_SECRET = "client-secret-*'()!-value";
const AUTH_TOKEN = 'auth-token-0123456789abcdef';
const PASSWORD = 'api-password-value';
const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.access-token-signature';

/** Every way the test's secrets could show up in text (raw, URL- and form-encoded, base64). */
const forms = (s: string): string[] => [s, encodeURIComponent(s), new URLSearchParams([['a', s]]).toString().slice(2), Buffer.from(s).toString('base64')];
const SECRET_FORMS = [CLIENT_SECRET, AUTH_TOKEN, PASSWORD, ACCESS_TOKEN].flatMap(forms);

/** inspect at full depth, with hidden properties, and JSON: none may show a secret. */
function shown(v: unknown): string[] {
  return [inspect(v, { depth: Infinity }), inspect(v, { depth: Infinity, showHidden: true }), JSON.stringify(v), String(v), `${JSON.stringify({ wrapped: [v] })}`];
}

function expectNoSecret(v: unknown): void {
  for (const text of shown(v)) for (const f of SECRET_FORMS) expect(text, text).not.toContain(f);
}

/** A transport that answers every token request with a token and every API call with 200. */
const transport = async (req: HttpRequest): Promise<HttpReply> =>
  req.url.endsWith('/v2/token')
    ? { status: 200, contentType: 'application/json', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3600 }) }
    : { status: 200, contentType: 'application/json', headers: { 'content-type': 'application/json' }, body: '{}' };

describe('providers, token managers and strategies never show their secrets', () => {
  for (const profile of ['node', 'python', 'ruby'] as const) {
    it(`${profile}: ClientCredentialProvider, its token manager and strategy (after fetching a token)`, async () => {
      const rules = familyRules(PROFILES[profile].providers);
      const provider = new ClientCredentialProviderBuilder({ rules, transport, tokenBaseUrl: 'http://127.0.0.1:9', environment: { accountSid: 'AC1', authToken: AUTH_TOKEN }, clock: () => 1_700_000_000_000 })
        .setClientId('OQ1')
        .setClientSecret(CLIENT_SECRET)
        .build();
      const strategy = provider.toAuthStrategy();
      expect(await strategy.getAuthString()).toContain(ACCESS_TOKEN);
      for (const v of [provider, strategy, provider.tokenManager]) expectNoSecret(v);
      // What is shown is useful: the settings, and the secret as present.
      expect(inspect(provider, { depth: Infinity })).toMatch(/ClientCredentialProvider \{[\s\S]*clientId: 'OQ1'[\s\S]*clientSecret: '\[redacted\]'[\s\S]*authToken: '\[redacted\]'/);
      expect(JSON.parse(JSON.stringify(provider))).toMatchObject({ type: 'ClientCredentialProvider', clientId: 'OQ1', clientSecret: '[redacted]' });
      expect(inspect(strategy, { depth: Infinity })).toContain("token: '[redacted]'");
    });
  }

  it('OrgsCredentialProvider and a bare ApiTokenManager', () => {
    const rules = familyRules(PROFILES.python.providers);
    const orgs = new OrgsCredentialProviderBuilder({ rules }).setClientId('OQ1').setClientSecret(CLIENT_SECRET).build();
    orgs.toAuthStrategy();
    expectNoSecret(orgs);
    expectNoSecret(new ApiTokenManager({ rules, clientId: 'OQ1', clientSecret: CLIENT_SECRET, environment: { authToken: AUTH_TOKEN } }));
  });

  it('strict mode: provider, strategy (holding a token) and manager', async () => {
    const provider = new StrictCredentialProvider({ clientId: 'OQ1', clientSecret: CLIENT_SECRET, transport, tokenBaseUrl: 'http://127.0.0.1:9', clock: () => 1_700_000_000_000 });
    const strategy = provider.toAuthStrategy();
    expect(await strategy.getAuthString()).toBe(`Bearer ${ACCESS_TOKEN}`);
    for (const v of [provider, strategy, new StrictTokenManager({ clientId: 'OQ1', clientSecret: CLIENT_SECRET })]) expectNoSecret(v);
    const text = inspect(provider, { depth: Infinity });
    expect(text).toContain("clientSecret: '[redacted]'");
    expect(text).toMatch(/expiresAt: '\d{4}-/);
  });

  it('Basic auth strategy and an API client with account credentials', () => {
    const rules = familyRules(PROFILES.node.providers);
    const provider = new ClientCredentialProviderBuilder({ rules }).setClientId('OQ1').setClientSecret(CLIENT_SECRET).build();
    expectNoSecret(new BasicAuthStrategy(rules, 'AC1', PASSWORD));
    expect(inspect(new BasicAuthStrategy(rules, 'AC1', PASSWORD))).toBe("BasicAuthStrategy { authType: 'basic', username: 'AC1', password: '[redacted]' }");
    expectNoSecret(new ApiClient({ rules, baseUrl: 'http://127.0.0.1:9', username: 'AC1', password: PASSWORD, credentialProvider: provider }));
  });

  it('an unset secret is shown as unset (that is worth seeing, and not a secret)', () => {
    for (const profile of ['node', 'python', 'ruby'] as const) {
      const rules = familyRules(PROFILES[profile].providers);
      const builder = new ClientCredentialProviderBuilder({ rules }).setClientId('OQ1');
      const instance = (builder as unknown as { instance: object }).instance;
      expect(JSON.parse(JSON.stringify(instance)).clientSecret).toBe(rules.unsetCredential ?? undefined);
      expect(inspect(instance)).not.toContain('[redacted]');
    }
  });
});

describe('strict errors never carry the secret', () => {
  it('a server that echoes the secret in its error code: the code is dropped, in any encoding', async () => {
    for (const echoed of forms(CLIENT_SECRET)) {
      const t = async (): Promise<HttpReply> => ({ status: 400, contentType: 'application/json', headers: {}, body: JSON.stringify({ error: `invalid_client ${echoed}` }) });
      const provider = new StrictCredentialProvider({ clientId: 'OQ1', clientSecret: CLIENT_SECRET, transport: t, tokenBaseUrl: 'http://127.0.0.1:9' });
      const e = await provider
        .toAuthStrategy()
        .getAuthString()
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TokenRejectedError);
      for (const text of [...shown(e), (e as Error).stack ?? '']) for (const f of SECRET_FORMS) expect(text).not.toContain(f);
    }
  });

  it('withoutSecret removes the form encodings of Python and WHATWG and base64 inside Basic', () => {
    const python = 'client-secret-%2A%27%28%29%21-value';
    const whatwg = new URLSearchParams([['a', CLIENT_SECRET]]).toString().slice(2);
    const basic = `Basic ${Buffer.from(`OQ1:${CLIENT_SECRET}`).toString('base64')}`;
    const out = withoutSecret(`${CLIENT_SECRET} ${python} ${whatwg} ${basic}`, CLIENT_SECRET);
    expect(out).toBe('[redacted] [redacted] [redacted] Basic [redacted]');
  });
});
