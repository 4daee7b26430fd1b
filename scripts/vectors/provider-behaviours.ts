/**
 * The provider vector files beyond the recorded transcripts (issue 19), each built like
 * api-replies.json (scripts/vectors/provider-replies.ts): every scenario run through every profile
 * of the reference against the runner's local server, expectations per profile whose library has
 * the behaviour. Each scenario was confirmed live against twilio-node 6.2.0 (vectors:crosscheck),
 * twilio-python 9.11.0 (its adapter with --lib over a `git archive` of the library) and
 * twilio-ruby 7.11.1 (locally, a scratch driver over a `git archive` of its lib folder).
 *
 *   npx tsx scripts/vectors/provider-behaviours.ts [--check]
 *
 * `npm run vectors:regen` writes these files and `vectors:check` compares them (PROVIDER_FILES).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLibraryModules } from '../../conformance/libraries/index.ts';
import { mintMockToken } from '../../conformance/oauth/server.ts';
import { PACKAGE_ROOT } from '../../conformance/package-root.ts';
import { ACCOUNT, API_REPLIES, buildProviderVectorFile, NOW, PROVIDER, type ProviderVectorFile } from './provider-replies.ts';

const dir = join(PACKAGE_ROOT, 'vectors', 'credential_provider');
const ENV_ACCOUNT = { accountSid: ACCOUNT.username, authToken: ACCOUNT.password };

/** Clients without a provider, and the NoAuth classes (issue 19, first gap). */
export const CLIENTS: ProviderVectorFile = {
  path: join(dir, 'clients.json'),
  description:
    'A client with only Basic credentials, with the account credentials of the environment only, or with none, and no provider; the NoAuth ' +
    'provider and the NoAuthStrategy on their own. Computed by each profile of the reference (scripts/vectors/provider-behaviours.ts) and ' +
    'confirmed live: twilio-node 6.2.0 by vectors:crosscheck, twilio-python 9.11.0 through its adapter (--lib), twilio-ruby 7.11.1 locally. ' +
    'A library without the class has no expectation (python and ruby have no NoAuthCredentialProvider).',
  scenarios: [
    {
      id: 'credential_provider/precedence/basic_only',
      description: 'a client with username and password and no provider: two API calls, Basic on both, no token request',
      input: { client: ACCOUNT, steps: [{ op: 'api', label: 'api #1' }, { op: 'api', label: 'api #2' }] },
    },
    {
      id: 'credential_provider/precedence/environment_only',
      description: 'a client without credentials or provider, the account credentials in the environment (ruby: Twilio.configure): Basic from them',
      input: { environment: ENV_ACCOUNT, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/precedence/no_credentials',
      description: 'a client with no credentials and no provider: node refuses before any request, python sends no Authorization, ruby Basic Og==',
      input: { steps: [{ op: 'api', label: 'api #1' }, { op: 'api', label: 'api #2' }] },
    },
    {
      id: 'credential_provider/noauth/strategy',
      description: "the NoAuthStrategy on its own: auth type, auth string, requiresAuthentication (python's module fails to import, ruby's constructor raises)",
      input: { steps: [{ op: 'strategy', strategyClass: 'noauth', label: 'NoAuthStrategy' }] },
    },
    {
      id: 'credential_provider/noauth/provider_api',
      description: 'the NoAuth provider on a client that had Basic credentials: an API call with an empty Authorization, its auth string and auth types',
      input: {
        provider: { type: 'noauth' },
        client: ACCOUNT,
        steps: [
          { op: 'api', label: 'api #1' },
          { op: 'authString', label: 'auth string' },
          { op: 'authTypes', label: 'auth types' },
        ],
      },
    },
  ],
};

const ORGS = { ...PROVIDER, type: 'orgs' };
const ORG_FETCH = { op: 'api', label: 'organization account fetch', resource: 'organization_account' } as const;

/** Which hosts the token and API requests go to under a region and an edge (issue 19, second gap). */
export const HOSTS: ProviderVectorFile = {
  path: join(dir, 'hosts.json'),
  description:
    'Where the token request and the API requests go under TWILIO_REGION and TWILIO_EDGE (ruby: Twilio.configure region and edge) and under ' +
    "the client's own region and edge options: each step's token and API hosts (the proxy's CONNECT authority for the libraries). The token " +
    "managers' private clients read the environment only. Computed by each profile of the reference (scripts/vectors/provider-behaviours.ts) " +
    'and confirmed live: twilio-node 6.2.0 by vectors:crosscheck, twilio-python 9.11.0 through its adapter (--lib), twilio-ruby 7.11.1 locally.',
  scenarios: [
    {
      id: 'credential_provider/hosts/default',
      description: 'no region or edge: the token from oauth.twilio.com, the account from api.twilio.com, the organization account from preview-iam.twilio.com',
      input: { provider: PROVIDER, steps: [{ op: 'api', label: 'api #1' }, ORG_FETCH] },
    },
    {
      id: 'credential_provider/hosts/env_region_edge',
      description: 'TWILIO_REGION=au1 and TWILIO_EDGE=sydney: token and API requests all go to <product>.sydney.au1.twilio.com',
      input: { provider: PROVIDER, environment: { region: 'au1', edge: 'sydney' }, steps: [{ op: 'api', label: 'api #1' }, ORG_FETCH] },
    },
    {
      id: 'credential_provider/hosts/env_region_only',
      description: 'TWILIO_REGION=ie1 alone: oauth.ie1.twilio.com and api.ie1.twilio.com',
      input: { provider: PROVIDER, environment: { region: 'ie1' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/hosts/env_edge_only',
      description: 'TWILIO_EDGE=sydney alone: the region defaults to us1 (oauth.sydney.us1.twilio.com, api.sydney.us1.twilio.com)',
      input: { provider: PROVIDER, environment: { edge: 'sydney' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/hosts/client_region_edge',
      description: "the client's own region au1 and edge sydney: the API moves, the token request stays on oauth.twilio.com",
      input: { provider: PROVIDER, client: { region: 'au1', edge: 'sydney' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/hosts/client_region_env_edge',
      description: "orgs: the client's region ie1, TWILIO_EDGE=dublin: the API to preview-iam.dublin.ie1, the token to oauth.dublin.us1",
      input: { provider: ORGS, client: { region: 'ie1' }, environment: { edge: 'dublin' }, steps: [ORG_FETCH] },
    },
    {
      id: 'credential_provider/hosts/basic_env_region',
      description: 'no provider, Basic credentials and TWILIO_REGION=au1: the API request goes to api.au1.twilio.com, no token request',
      input: { client: ACCOUNT, environment: { region: 'au1' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
  ],
};

const REFUSED = { connections: 'refused' } as const;

/** A token endpoint (and API) that refuses the connection (issue 19, third gap). */
export const REFUSALS: ProviderVectorFile = {
  path: join(dir, 'refused.json'),
  description:
    "Every request the SDK makes goes to a loopback port that refuses connections (mock connections: refused; the libraries' proxy setting): " +
    "the token fetch fails with each library's error, no API request is made, nothing is cached and the next call tries again; the port is " +
    "written <port>. python's message names a connection object's address and is compared by type only. Computed by each profile of the " +
    'reference (scripts/vectors/provider-behaviours.ts) and confirmed live: twilio-node 6.2.0 by vectors:crosscheck, twilio-python 9.11.0 ' +
    'through its adapter (--lib), twilio-ruby 7.11.1 locally.',
  scenarios: [
    {
      id: 'credential_provider/refused/token_two_calls',
      description: 'the token endpoint refuses the connection: two API calls, each fails fetching its token, no API request',
      input: { provider: PROVIDER, mock: REFUSED, steps: [{ op: 'api', label: 'api #1' }, { op: 'api', label: 'api #2' }] },
    },
    {
      id: 'credential_provider/refused/token_parallel',
      description: 'the token endpoint refuses the connection: three concurrent API calls on a cold client, every one fails',
      input: { provider: PROVIDER, mock: REFUSED, steps: [{ op: 'api', label: '3 concurrent calls', parallel: 3 }] },
    },
    {
      id: 'credential_provider/refused/auth_string',
      description: "the token endpoint refuses the connection: a strategy's getAuthString fails with the token manager's error",
      input: { provider: PROVIDER, mock: REFUSED, steps: [{ op: 'authString', label: 'auth string' }] },
    },
    {
      id: 'credential_provider/refused/orgs',
      description: 'orgs provider, the token endpoint refuses the connection: the organization account fetch fails',
      input: { provider: ORGS, mock: REFUSED, steps: [ORG_FETCH] },
    },
    {
      id: 'credential_provider/refused/basic_api',
      description: 'no provider, Basic credentials, the API refuses the connection: the HTTP client error of each library',
      input: { client: ACCOUNT, mock: REFUSED, steps: [{ op: 'api', label: 'api #1' }] },
    },
  ],
};

const TOO_MANY = '{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}';
const r429 = (retryAfter?: string): object => ({ kind: 'raw', status: 429, ...(retryAfter ? { headers: { 'Retry-After': retryAfter } } : {}), body: TOO_MANY });

/** The user's HTTP client retries (issue 19, fourth gap). */
export const RETRIES: ProviderVectorFile = {
  path: join(dir, 'retries.json'),
  description:
    "A client whose HTTP client retries (client.retries: node autoRetry with maxRetries, python TwilioHttpClient(max_retries=…); ruby has no such " +
    'option and no expectation): node resends every 429 and does not read Retry-After; python resends a 429 only when it carries Retry-After, ' +
    "after waiting it; both are bounded, the last reply standing; the token managers' private clients never retry. Computed by each profile " +
    'of the reference (scripts/vectors/provider-behaviours.ts) and confirmed live: twilio-node 6.2.0 by vectors:crosscheck, twilio-python ' +
    '9.11.0 through its adapter (--lib).',
  scenarios: [
    {
      id: 'credential_provider/retries/api_429_retry_after_then_ok',
      description: 'retries 3; the API answers 429 with Retry-After: 1, then the resource: both libraries resend once, with the same token',
      input: { provider: PROVIDER, client: { retries: 3 }, mock: { api: [r429('1'), { kind: 'resource' }] }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/retries/api_429_no_retry_after',
      description: 'retries 3; the API answers 429 without Retry-After, then the resource: node resends, python fails with the 429',
      input: { provider: PROVIDER, client: { retries: 3 }, mock: { api: [r429(), { kind: 'resource' }] }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/retries/api_429_bounded',
      description: 'retries 2, Basic credentials; the API always answers 429 with Retry-After: 1: three requests, then the 429 error',
      input: { client: { ...ACCOUNT, retries: 2 }, mock: { api: [r429('1')] }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/retries/token_429_not_retried',
      description: "retries 3; the token endpoint answers 429 with Retry-After: 1, then a token: the token manager's own client does not retry",
      input: { provider: PROVIDER, client: { retries: 3 }, mock: { token: [r429('1'), { kind: 'jwt' }] }, steps: [{ op: 'api', label: 'api #1' }] },
    },
  ],
};

/** A crafted token, minted as the local server mints its own (HS256 over the mock's key). */
const crafted = (claims: Record<string, unknown>): string => mintMockToken({ iss: 'mock-oauth', sub: PROVIDER.clientId, jti: 'crafted', iat: NOW, ...claims });
const askToken = (label: string, token: string, at?: number) => ({ op: 'strategy', strategyClass: 'token', token, label, ...(at === undefined ? {} : { at }) }) as const;

/** The token strategy's own answers on crafted tokens (issue 19, fifth gap). */
export const STRATEGIES: ProviderVectorFile = {
  path: join(dir, 'strategies.json'),
  description:
    "The token strategy on its own (op strategy, strategyClass token): its auth type, requiresAuthentication, and its expiry check on crafted " +
    'tokens at given clocks (node: expired 30 s before exp, never when exp is not a number; python: expired after exp, or when it cannot read ' +
    'one; ruby: expired after exp, raising for a token it cannot decode or an exp that is not a number). Computed by each profile of the reference ' +
    '(scripts/vectors/provider-behaviours.ts) and confirmed live: twilio-node 6.2.0 by vectors:crosscheck, twilio-python 9.11.0 through its ' +
    'adapter (--lib), twilio-ruby 7.11.1 locally.',
  scenarios: [
    {
      id: 'credential_provider/strategy/token_expiry_boundaries',
      description: 'exp = now + 60: asked at now, at exp - 31, exp - 29 (inside node\'s 30 s buffer), exp, exp + 1',
      input: {
        steps: [
          askToken('at now', crafted({ exp: NOW + 60 })),
          askToken('exp - 31', crafted({ exp: NOW + 60 }), NOW + 29),
          askToken('exp - 29', crafted({ exp: NOW + 60 }), NOW + 31),
          askToken('at exp', crafted({ exp: NOW + 60 }), NOW + 60),
          askToken('exp + 1', crafted({ exp: NOW + 60 }), NOW + 61),
        ],
      },
    },
    {
      id: 'credential_provider/strategy/token_without_exp',
      description: 'a JWT without exp: node and python call it expired, ruby raises TypeError',
      input: { steps: [askToken('no exp', crafted({}))] },
    },
    {
      id: 'credential_provider/strategy/token_exp_string',
      description: 'a JWT whose exp is the string "soon": node never expires it, python calls it expired, ruby raises',
      input: { steps: [askToken('exp "soon"', crafted({ exp: 'soon' }))] },
    },
    {
      id: 'credential_provider/strategy/token_not_a_jwt',
      description: 'an opaque token (no dots): node and python call it expired, ruby raises JWT::DecodeError',
      input: { steps: [askToken('opaque', 'opaque-access-token')] },
    },
    {
      id: 'credential_provider/strategy/token_exp_float',
      description: 'a JWT whose exp is a fraction (now + 0.5): expired half a second after now in python and ruby, 30 s before in node',
      input: { steps: [askToken('at now', crafted({ exp: NOW + 0.5 })), askToken('now + 1', crafted({ exp: NOW + 0.5 }), NOW + 1)] },
    },
  ],
};

const basic = (label: string, username: string, password: string, ask?: string[]) => ({ op: 'strategy', strategyClass: 'basic', username, password, label, ...(ask ? { ask } : {}) }) as const;
const AUTH = ['authType', 'authString'];

/**
 * The strategies' own questions beyond the token strategy (issue 19, fifth gap, rest): the
 * auth-type enumeration, the Basic strategy on its own, Basic credentials of the client in odd
 * characters, and the parameters a token provider's manager holds.
 */
export const QUESTIONS: ProviderVectorFile = {
  path: join(dir, 'strategy-questions.json'),
  recordUnsupported: true,
  description:
    "The strategies' own questions: the auth-type enumeration (python's AuthType Enum, ruby's AuthType constants; node and php pass string literals), " +
    'the BasicAuthStrategy on its own (node, php; python and ruby have no such class), Basic credentials of the client in odd characters (the HTTP ' +
    "clients' own encoding: python's requests encodes latin-1), and what a token provider's manager answers for its parameters (node getParams, " +
    'php getOptions; python and ruby have no such method). A library without the behaviour is recorded unsupported. Computed by each profile of ' +
    'the reference (scripts/vectors/provider-behaviours.ts) and confirmed live: twilio-node 6.2.0 by vectors:crosscheck, twilio-python 9.11.0 ' +
    'through its adapter (--lib), twilio-php 8.12.0 through its adapter (TWILIO_PHP_SRC), twilio-ruby 7.11.1 locally (a scratch driver) for the ' +
    "enumeration, the classes it lacks and the client's Basic header (Client#request through Debian's Faraday 1.1.0 to a loopback server: UTF-8 bytes).",
  scenarios: [
    {
      id: 'credential_provider/auth_type/members',
      description: "the library's auth-type enumeration: every member's name and value (names in code-point order; ruby's constants have no order)",
      input: { steps: [{ op: 'authTypeMembers', label: 'AuthType' }] },
    },
    {
      id: 'credential_provider/basic/strategy',
      description: "the BasicAuthStrategy on its own: auth type, auth string, requiresAuthentication (php's class has no requiresAuthentication)",
      input: { steps: [basic('BasicAuthStrategy', ACCOUNT.username, ACCOUNT.password)] },
    },
    {
      id: 'credential_provider/basic/requires_authentication',
      description: 'the BasicAuthStrategy asked requiresAuthentication alone: node true, php Error (no such method)',
      input: { steps: [basic('requiresAuthentication', ACCOUNT.username, ACCOUNT.password, ['requiresAuthentication'])] },
    },
    {
      id: 'credential_provider/basic/auth_string_edges',
      description: "BasicAuthStrategy's auth string for odd credentials: empty, colons, non-ASCII as UTF-8, outside the BMP (php: no 'Basic ' prefix)",
      input: {
        steps: [
          basic('both empty', '', '', AUTH),
          basic('empty password', ACCOUNT.username, '', AUTH),
          basic('empty username', '', 'pw', AUTH),
          basic('colon in username', 'AC:01', 'pw', AUTH),
          basic('colon in password', 'AC01', 'p:w:', AUTH),
          basic('latin-1 letters', 'Zoë', 'pässe', AUTH),
          basic('euro sign', 'AC01', '€1', AUTH),
          basic('emoji', '😀', 'x', AUTH),
          basic('space and tab', ' a b', '	', AUTH),
        ],
      },
    },
    {
      id: 'credential_provider/basic/client_colon',
      description: "a client's Basic credentials (no provider) with a colon in the username and the password: sent as they are, joined by one more",
      input: { client: { username: 'AC:01', password: 'p:w' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/basic/client_latin1',
      description: "a client's Basic credentials with latin-1 letters: node, ruby and php send UTF-8 bytes, python's requests latin-1 bytes",
      input: { client: { username: 'AC01', password: 'pässe' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/basic/client_outside_latin1',
      description: "a client's Basic credentials with a character outside latin-1: python's requests cannot encode it, the others send UTF-8",
      input: { client: { username: 'AC01', password: '€1' }, steps: [{ op: 'api', label: 'api #1' }] },
    },
    {
      id: 'credential_provider/token_params/client_credentials',
      description: "the parameters of a client-credentials provider's token manager (node getParams: three keys; php getOptions: eight)",
      input: { provider: PROVIDER, steps: [{ op: 'tokenParams', label: 'getParams' }] },
    },
    {
      id: 'credential_provider/token_params/orgs',
      description: "the parameters of an orgs provider's token manager",
      input: { provider: ORGS, steps: [{ op: 'tokenParams', label: 'getParams' }] },
    },
    {
      id: 'credential_provider/token_params/unset',
      description: "the parameters of a provider whose setters were never called: node's empty strings, php's nulls",
      input: { provider: { type: 'client_credentials' }, steps: [{ op: 'tokenParams', label: 'getParams' }] },
    },
    {
      id: 'credential_provider/token_params/null_id',
      description: "the parameters of a provider given a null client id: node keeps null, php's typed setter refuses it",
      input: { provider: { ...PROVIDER, clientId: null }, steps: [{ op: 'tokenParams', label: 'getParams' }] },
    },
  ],
};

/** Every provider vector file the regen builds (api-replies.json first). */
export const PROVIDER_FILES: readonly ProviderVectorFile[] = [API_REPLIES, CLIENTS, HOSTS, REFUSALS, RETRIES, STRATEGIES, QUESTIONS];

/** Each file's problems with the committed one (empty: none). */
export async function providerDrift(): Promise<string[]> {
  const problems: string[] = [];
  for (const f of PROVIDER_FILES) {
    const rel = f.path.slice(PACKAGE_ROOT.length + 1);
    let committed: string | undefined;
    try {
      committed = readFileSync(f.path, 'utf8');
    } catch {
      problems.push(`${rel}: missing (run npm run vectors:regen)`);
      continue;
    }
    if (committed !== (await buildProviderVectorFile(f))) problems.push(`${rel}: differs from the reference (run npm run vectors:regen)`);
  }
  return problems;
}

/** Write every provider vector file; returns one line per file. */
export async function writeProviderFiles(): Promise<string[]> {
  const lines: string[] = [];
  for (const f of PROVIDER_FILES) {
    writeFileSync(f.path, await buildProviderVectorFile(f));
    lines.push(`${f.path.slice(PACKAGE_ROOT.length + 1)}: ${f.scenarios.length} vectors`);
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await loadLibraryModules();
  if (process.argv.includes('--check')) {
    const problems = await providerDrift();
    for (const p of problems) console.error(p);
    process.exitCode = problems.length ? 1 : 0;
  } else {
    for (const line of await writeProviderFiles()) console.log(line);
  }
}
