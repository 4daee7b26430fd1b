/**
 * Builds `vectors/credential_provider/oracle-providers.json` from the recorded provider
 * transcripts (`../shared/oracle/providers/<lib>-transcripts.json`): each recorded scenario that
 * the family's vocabulary can express becomes a vector whose per-profile expectations are what
 * each library did, step by step. Expectations come only from the recordings.
 *
 *   npx tsx scripts/vectors/provider-transcripts.ts [SHARED_DIR]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARIES, type Library } from '../../libraries/index.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import type { ScenarioStep } from '../../protocol/provider-case.ts';
import type { ExpectedCall, ExpectedStep, ExpectedTokenRequest, ProviderExpectation } from '../../families/provider-cases.ts';
import { checkMockScript } from '../../oauth/mock-script.ts';

/** Where the recorded provider vectors are written. */
export const PROVIDER_TRANSCRIPTS_FILE = join(PACKAGE_ROOT, 'vectors', 'credential_provider', 'oracle-providers.json');

interface TStep {
  label: string;
  clock: number;
  result: { ok: boolean; value?: unknown; errorType?: string; error?: string };
}
interface TRequest {
  step: string;
  kind: 'token' | 'api';
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: string;
  issuedToken?: string;
  response?: { body?: string };
}
interface TCase {
  id: string;
  what: string;
  mock?: unknown;
  env?: Record<string, string>;
  result: { steps: TStep[] };
  requests: TRequest[];
}
interface Transcript {
  /** The library and version that recorded it. */
  library: string;
  version: string;
  now: number;
  constants: Record<string, string>;
  cases: TCase[];
}

/** A vector: the scenario in the family's vocabulary, and which recorded steps it covers. */
interface Scenario {
  id: string;
  from: string;
  description: string;
  input: Record<string, unknown>;
  /**
   * The recorded step indexes the vector's steps stand for, in every library whose recording of
   * the case has them (a library that did not record the case, or recorded fewer steps, has no
   * expectation for it).
   */
  steps: number[];
}

const C = { CLIENT_ID: 'OQ00000000000000000000000000000001', CLIENT_SECRET: 's3cr3t-client-secret-value', ACCOUNT_SID: 'AC00000000000000000000000000000001', AUTH_TOKEN: 'basic-auth-token-value' };
const CC = { type: 'client_credentials', clientId: C.CLIENT_ID, clientSecret: C.CLIENT_SECRET };
const api = (label: string, extra: Partial<ScenarioStep> = {}): ScenarioStep => ({ op: 'api', label, ...extra });
const auth = (label: string, extra: Partial<ScenarioStep> = {}): ScenarioStep => ({ op: 'authString', label, ...extra });
/** The same recorded steps in every library that recorded them. */
const all = (idx: number[]): number[] => idx;

/**
 * The scenarios, over the recordings in the registry's order: a case's mock and description come
 * from the first recording (the scripted servers are the same in every library's harness; a case
 * it lacks is described by its id).
 */
function scenarios(t: ReadonlyArray<Transcript>): Scenario[] {
  const first = (id: string): TCase | undefined => t[0].cases.find((c) => c.id === id);
  const s = (id: string, steps: ScenarioStep[], map: number[], extra: Record<string, unknown> = {}, vid = id): Scenario => {
    const mock = first(id)?.mock ?? undefined;
    return {
      id: `credential_provider/${vid}`,
      from: id,
      description: `${first(id)?.what ?? id}${vid === id ? '' : ' (its strategy steps)'}`,
      input: { provider: CC, ...extra, ...(mock ? { mock } : {}), steps },
      steps: map,
    };
  };
  const NOW = t[0].now;
  return [
    s('cc/first_call', [api('api #1')], all([0])),
    s('cc/two_sequential_calls', [api('api #1'), api('api #2')], all([0, 1])),
    s('strategy/reuse_same_instance', [auth('auth string #1'), auth('auth string #2')], all([0, 1])),
    s(
      'strategy/expiry_boundaries',
      [0, 3569, 3570, 3571, 3599, 3600, 3601].map((d) => auth(`auth string at NOW+${d}`, { at: NOW + d })),
      all([0, 1, 2, 3, 4, 5, 6]),
    ),
    s('errors/token_400_rfc6749_json', [api('api #1')], all([0])),
    s('errors/token_500_text', [api('api #1')], all([0])),
    s('errors/token_200_malformed_json', [api('api #1')], all([0])),
    s('errors/token_200_empty_body', [api('api #1')], all([0])),
    s('errors/token_200_opaque_not_jwt', [api('api #1'), api('api #2'), auth('fresh strategy: auth string #1'), auth('fresh strategy: auth string #2')], all([0, 1, 2, 3])),
    s('errors/token_200_jwt_already_expired', [api('api #1'), api('api #2'), auth('fresh strategy: auth string #1'), auth('fresh strategy: auth string #2')], all([0, 1, 2, 3])),
    s('errors/token_network_reset', [api('api #1')], all([0])),
    s('concurrency/client_parallel_cold', [api('5 concurrent api calls', { parallel: 5 })], all([0])),
    s('concurrency/strategy_parallel_cold', [auth('5 concurrent auth strings on one strategy', { parallel: 5 })], all([0])),
    s('concurrency/client_parallel_warm', [api('api #1'), api('5 concurrent api calls', { parallel: 5 })], all([0, 1])),
    s(
      'concurrency/client_parallel_warm',
      [auth('strategy: auth string #1'), auth('strategy: 5 concurrent auth strings (warm)', { parallel: 5 })],
      [2, 3],
      {},
      'concurrency/strategy_parallel_warm',
    ),
    s(
      'orgs/first_call',
      [api('organization account fetch', { resource: 'organization_account' }), api('account fetch with the same client')],
      all([0, 1]),
      { provider: { ...CC, type: 'orgs' } },
    ),
    s('precedence/basic_then_provider', [api('api #1')], all([0]), { client: { username: C.ACCOUNT_SID, password: C.AUTH_TOKEN } }),
    s('env/process_account_sid', [api('api #1')], all([0]), { environment: { accountSid: C.ACCOUNT_SID, authToken: C.AUTH_TOKEN } }),
    s(
      'concurrency/client_parallel_slow_first_fetch',
      [auth('3 concurrent auth strings on a cold strategy', { parallel: 3 })],
      [0],
      { mock: { token: [{ kind: 'jwt', exp: NOW + 3600, delayMs: 300 }] } },
    ),
  ];
}

/** Which transcript fields are volatile across runtimes and transports (transcript `notes`). */
function expectedCall(lib: Library, r: TStep['result'], op: ScenarioStep['op']): ExpectedCall {
  if (!r.ok) {
    const call: Extract<ExpectedCall, { ok: false }> = { ok: false, errorType: r.errorType, error: r.error };
    // What the library's recordings say varies for this error (its entry's table).
    const volatile = lib.providerRecordings?.volatileError(r.errorType);
    if (volatile?.errorTypes) call.errorTypes = [...volatile.errorTypes];
    if (volatile?.messageVolatile) call.messageVolatile = true;
    if (/ECONNREFUSED|object at 0x/.test(r.error ?? '')) call.messageVolatile = true;
    return call;
  }
  return op === 'api' ? { ok: true } : { ok: true, value: r.value };
}

function expectedParallel(lib: Library, r: TStep['result'], op: ScenarioStep['op']): { parallel: ExpectedCall[] } {
  const items = r.value as unknown[];
  return {
    parallel: items.map((v) => {
      if (v === 'fulfilled') return { ok: true } as ExpectedCall;
      if (typeof v === 'string') return { ok: true, value: v } as ExpectedCall;
      return expectedCall(lib, v as TStep['result'], op);
    }),
  };
}

function tokenTemplate(req: TRequest): ExpectedTokenRequest {
  const volatile = new Set(['user-agent', 'host']);
  return {
    method: req.method,
    path: req.path,
    headers: req.headers.map(([k, v]) => [k, volatile.has(k.toLowerCase()) ? null : v]),
    body: req.body.split(C.CLIENT_SECRET).join('<client_secret>'),
  };
}

function expectation(lib: Library, c: TCase, indexes: number[], steps: ScenarioStep[]): ProviderExpectation {
  const tokens = new Map<string, string>();
  for (const r of c.requests) {
    if (r.kind !== 'token' || !r.issuedToken || !r.response?.body) continue;
    try {
      const at = (JSON.parse(r.response.body) as { access_token?: string }).access_token;
      if (at) tokens.set(at, `<${r.issuedToken}>`);
    } catch {
      // a scripted fault: no token
    }
  }
  const label = (s: string): string => {
    let out = s;
    for (const [tok, l] of tokens) out = out.split(tok).join(l);
    return out;
  };
  const out: ExpectedStep[] = indexes.map((ti, k) => {
    const ts = c.result.steps[ti];
    const step = steps[k];
    // A one-step recording may label its requests differently from its result (python's
    // slow_first_fetch); all of its requests belong to that step.
    const reqs = c.result.steps.length === 1 ? c.requests : c.requests.filter((r) => r.step === ts.label);
    return {
      label: step.label,
      result: step.parallel ? expectedParallel(lib, ts.result, step.op) : expectedCall(lib, ts.result, step.op),
      tokenRequests: reqs.filter((r) => r.kind === 'token').length,
      apiAuthorization: reqs.filter((r) => r.kind === 'api').map((r) => {
        const h = r.headers.find(([k]) => k.toLowerCase() === 'authorization');
        return h ? label(h[1]) : null;
      }),
    };
  });
  const firstToken = c.requests.find((r) => r.kind === 'token' && (c.result.steps.length === 1 || indexes.some((i) => c.result.steps[i].label === r.step)));
  return { kind: 'provider', steps: out, ...(firstToken ? { tokenRequest: tokenTemplate(firstToken) } : {}) } as ProviderExpectation;
}

/** `a, b and c`. */
const joined = (xs: string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export function buildVectors(shared: string): unknown {
  // Every registered library with provider recordings, in the registry's order.
  const libs = LIBRARIES.filter((l) => l.providerRecordings);
  const t = libs.map((l) => JSON.parse(readFileSync(join(shared, 'oracle', 'providers', l.providerRecordings!.file), 'utf8')) as Transcript);
  const vectors = scenarios(t).map((sc) => {
    // Recorded mocks are copied as they are: one the server would not read as recorded is refused here.
    if (sc.input.mock !== undefined) checkMockScript(sc.input.mock, { context: sc.id });
    const expect: Record<string, unknown> = {};
    const source: Record<string, unknown> = {};
    for (const [i, lib] of libs.entries()) {
      const c = t[i].cases.find((x) => x.id === sc.from);
      if (!c || sc.steps.some((k) => k >= c.result.steps.length)) continue;
      const p = lib.profile.name;
      const { kind: _kind, ...e } = expectation(lib, c, sc.steps, sc.input.steps as ScenarioStep[]);
      expect[p] = e;
      // The vector schema's source: which library recorded it (as the transcript names itself), and where.
      source[p] = { library: t[i].library, version: t[i].version, how: 'oracle', oracleId: `providers/${lib.providerRecordings!.file}#${sc.from}@${sc.steps.join(',')}` };
    }
    return { id: sc.id, description: sc.description, family: 'credential_provider', now: t[0].now, input: sc.input, expect, flags: [], source };
  });
  return {
    family: 'credential_provider',
    description:
      `Recorded ${joined(t.map((x) => `${x.library} ${x.version}`))} provider scenarios (shared oracle transcripts), ` +
      'in the credential_provider vocabulary. Expectations per profile: each step\'s result, token requests and API Authorization ' +
      'headers; tokens as <tok-N> (compared up to renaming), the client secret as <client_secret>.',
    vectors,
  };
}
