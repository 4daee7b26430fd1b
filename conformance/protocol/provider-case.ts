/**
 * The `credential_provider` family of protocol v1 (see PROTOCOL.md, "credential_provider"): the
 * case vocabulary, its reader, the output shape, and the scenario loop every adapter shares.
 *
 * A case names a provider, optional client credentials and environment, and a list of steps (API
 * calls and auth-string requests at given clock times, some run concurrently). The runner starts a
 * local OAuth2 server ({@link ../oauth/server.ts}) for the case and adds its address as `server`;
 * the adapter drives its SDK against it, announcing each step with `GET /__conformance/step/<n>`
 * so that the server can attribute every request to a step.
 */
import { request } from 'node:http';

/** Which provider the scenario builds. */
export type ProviderKind = 'client_credentials' | 'orgs' | 'noauth';

/** The provider as the case describes it; an absent credential is a setter never called. */
export interface ProviderSpec {
  readonly type: ProviderKind;
  readonly clientId?: string | null;
  readonly clientSecret?: string | null;
}

/** The auth strategy classes a `strategy` step constructs on their own. */
export type StrategyClass = 'noauth' | 'token' | 'basic';

/**
 * The questions a `strategy` step asks each class, in the order asked when the step has no `ask`:
 * noauth and basic answer their auth type, auth string and `requiresAuthentication`; token its auth
 * type, `requiresAuthentication` and its expiry check on the step's `token`.
 */
export const STRATEGY_QUESTIONS: Readonly<Record<StrategyClass, readonly string[]>> = {
  noauth: ['authType', 'authString', 'requiresAuthentication'],
  token: ['authType', 'requiresAuthentication', 'tokenExpired'],
  basic: ['authType', 'authString', 'requiresAuthentication'],
};

/** One step of a scenario. `at` is the clock in seconds (default: the case's `now`). */
export interface ScenarioStep {
  /**
   * `api`: one API call through the client (with the provider attached, when the case has one);
   * `authString`: the auth string of a named strategy, taken once from its own freshly built
   * provider; `authTypes`: the provider's and its strategy's auth type; `build`: build the
   * provider (validation); `strategy`: construct the auth strategy `strategyClass` on its own and
   * ask it its questions ({@link STRATEGY_QUESTIONS}); `authTypeMembers`: the library's auth-type
   * enumeration, every member's name and value, names in code-point order; `tokenParams`: the
   * parameters the token manager of a fresh token provider's strategy holds (node `getParams()`).
   */
  readonly op: 'api' | 'authString' | 'authTypes' | 'build' | 'strategy' | 'authTypeMembers' | 'tokenParams';
  readonly label?: string;
  readonly at?: number;
  /** Run this many copies at once (default 1). */
  readonly parallel?: number;
  /** `api`: the resource fetched (default `account`). */
  readonly resource?: 'account' | 'organization_account';
  /** `api`: per-request basic credentials (`client.request(..., auth=...)`). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** `authString`: the strategy's name (default `s`). */
  readonly strategy?: string;
  /** `strategy`: the class constructed. */
  readonly strategyClass?: StrategyClass;
  /** `strategy` with `token`: the token whose expiry the strategy is asked about (at the step's clock). */
  readonly token?: string;
  /** `strategy` with `basic`: the strategy's username and password. */
  readonly username?: string;
  readonly password?: string;
  /** `strategy`: the questions asked, in this order (default: all of the class's, {@link STRATEGY_QUESTIONS}). */
  readonly ask?: readonly string[];
}

/** The server the runner started for the case. */
export interface CaseServer {
  /** `http://127.0.0.1:<port>`: token endpoint, REST API, step markers, and HTTPS proxy. */
  readonly url: string;
  /** The proxy's throwaway CA, for SDKs that can only be pointed at Twilio's hosts. */
  readonly caCertPem?: string;
  /**
   * The same CA as a file the runner made and removes itself, for adapters on the runner's file
   * system: using it, an adapter writes no file that would be left behind if it were killed.
   */
  readonly caCertFile?: string;
  /**
   * Where the SDK's requests go instead of `url` (its proxy setting), when the case's mock says
   * `connections: refused`: a loopback port that refuses connections. Step markers use `url`.
   */
  readonly proxyUrl?: string;
}

/** A `credential_provider` case input. */
export interface ProviderCaseInput {
  /** Absent: no provider is attached, and the client uses the credentials it has (or none). */
  readonly provider?: ProviderSpec;
  /**
   * Basic credentials the client holds before the provider is attached, the client's own region
   * and edge options (which move its API requests, never the token request), and its HTTP
   * client's retries (node `autoRetry` with `maxRetries`; python `TwilioHttpClient(max_retries=…)`).
   */
  readonly client?: { readonly username?: string; readonly password?: string; readonly region?: string; readonly edge?: string; readonly retries?: number };
  /**
   * Account credentials, region and edge in the environment (node, python: `TWILIO_ACCOUNT_SID`,
   * `TWILIO_AUTH_TOKEN`, `TWILIO_REGION`, `TWILIO_EDGE`) or the global configuration (ruby).
   */
  readonly environment?: { readonly accountSid?: string; readonly authToken?: string; readonly region?: string; readonly edge?: string };
  readonly steps: readonly ScenarioStep[];
  /** The server's script; read by the runner, ignored by adapters. */
  readonly mock?: unknown;
  readonly server?: CaseServer;
}

/** What one call of a step gave. */
export type CallOutcome = { readonly ok: true; readonly value?: unknown } | { readonly ok: false; readonly error: { readonly type?: string; readonly message: string } };

/** What one step gave: one outcome, or one per concurrent copy. */
export type StepOutcome = { readonly label: string } & (CallOutcome | { readonly parallel: readonly CallOutcome[] });

/**
 * What a `strategy` step answers: each question asked ({@link STRATEGY_QUESTIONS}, or the step's
 * `ask`) with its answer, in the order asked. noauth and basic: `authType`, `authString`,
 * `requiresAuthentication`; token: `authType`, `requiresAuthentication` and `tokenExpired` (its
 * expiry check on the step's `token`, at the step's clock).
 */
export type StrategyAnswers = Readonly<Record<string, unknown>>;

/** The `output` of a `credential_provider` run. */
export interface ProviderCaseOutput {
  readonly steps: readonly StepOutcome[];
}

/** The vocabulary is outside what this reader knows: the adapter answers `skipped`. */
export class VocabularyError extends Error {}

const MAX_PARALLEL = 2000;
const OPS = ['api', 'authString', 'authTypes', 'build', 'strategy', 'authTypeMembers', 'tokenParams'];
/** The ops that need the case's provider. */
const PROVIDER_OPS = ['authString', 'authTypes', 'build', 'tokenParams'];
const STRATEGY_CLASSES = Object.keys(STRATEGY_QUESTIONS);
const MAX_STEPS = 200;

function keys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new VocabularyError(`credential_provider: key "${k}" in ${where} is not in the vocabulary`);
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new VocabularyError(`credential_provider: ${where} must be an object`);
  return v as Record<string, unknown>;
}

function optString(o: Record<string, unknown>, k: string, where: string, nullable = false): void {
  if (!(k in o)) return;
  if (typeof o[k] === 'string' || (nullable && o[k] === null)) return;
  throw new VocabularyError(`credential_provider: ${where}.${k} must be a string${nullable ? ' or null' : ''}`);
}

/** A region or edge: one host label, never empty (an empty one is read differently by each library). */
const LOCATION = /^[a-z0-9][a-z0-9-]{0,62}$/;

function location(o: Record<string, unknown>, where: string): void {
  for (const k of ['region', 'edge']) {
    if (k in o && (typeof o[k] !== 'string' || !LOCATION.test(o[k] as string))) throw new VocabularyError(`credential_provider: ${where}.${k} must be a host label (lower-case letters, digits, -)`);
  }
}

/** Read and check a case input (plain JSON); throws {@link VocabularyError} outside the vocabulary. */
export function readProviderCase(input: unknown): ProviderCaseInput {
  const o = obj(input, 'input');
  keys(o, ['provider', 'client', 'environment', 'steps', 'mock', 'server'], 'input');
  if (o.provider !== undefined) {
    const p = obj(o.provider, 'provider');
    keys(p, ['type', 'clientId', 'clientSecret'], 'provider');
    if (!['client_credentials', 'orgs', 'noauth'].includes(p.type as string)) throw new VocabularyError(`credential_provider: provider.type ${JSON.stringify(p.type)} is not known`);
    optString(p, 'clientId', 'provider', true);
    optString(p, 'clientSecret', 'provider', true);
  }
  if (o.client !== undefined) {
    const c = obj(o.client, 'client');
    keys(c, ['username', 'password', 'region', 'edge', 'retries'], 'client');
    if (c.retries !== undefined && (!Number.isInteger(c.retries) || (c.retries as number) < 1 || (c.retries as number) > 5)) throw new VocabularyError('credential_provider: client.retries must be an integer from 1 to 5');
    optString(c, 'username', 'client');
    optString(c, 'password', 'client');
    location(c, 'client');
  }
  if (o.environment !== undefined) {
    const e = obj(o.environment, 'environment');
    keys(e, ['accountSid', 'authToken', 'region', 'edge'], 'environment');
    optString(e, 'accountSid', 'environment');
    optString(e, 'authToken', 'environment');
    location(e, 'environment');
  }
  if (!Array.isArray(o.steps) || o.steps.length === 0 || o.steps.length > MAX_STEPS) throw new VocabularyError(`credential_provider: steps must be a list of 1 to ${MAX_STEPS} steps`);
  o.steps.forEach((raw, i) => {
    const s = obj(raw, `steps[${i}]`);
    keys(s, ['op', 'label', 'at', 'parallel', 'resource', 'auth', 'strategy', 'strategyClass', 'token', 'username', 'password', 'ask'], `steps[${i}]`);
    if ((s.strategyClass === 'token') !== (s.token !== undefined)) throw new VocabularyError(`credential_provider: steps[${i}]: token goes with strategyClass token, and only there`);
    if (s.token !== undefined && (typeof s.token !== 'string' || s.token === '')) throw new VocabularyError(`credential_provider: steps[${i}].token must be a non-empty string`);
    for (const k of ['username', 'password']) {
      if ((s.strategyClass === 'basic') !== (s[k] !== undefined)) throw new VocabularyError(`credential_provider: steps[${i}]: ${k} goes with strategyClass basic, and only there`);
      if (s[k] !== undefined && typeof s[k] !== 'string') throw new VocabularyError(`credential_provider: steps[${i}].${k} must be a string`);
    }
    if (!OPS.includes(s.op as string)) throw new VocabularyError(`credential_provider: steps[${i}].op ${JSON.stringify(s.op)} is not known`);
    if (PROVIDER_OPS.includes(s.op as string) && o.provider === undefined) throw new VocabularyError(`credential_provider: steps[${i}].op ${s.op} needs the case's provider`);
    // Only a token provider has a token manager to ask.
    if (s.op === 'tokenParams' && (o.provider as { type?: unknown }).type === 'noauth') throw new VocabularyError(`credential_provider: steps[${i}].op tokenParams needs a client_credentials or orgs provider`);
    if ((s.op === 'strategy') !== (s.strategyClass !== undefined)) throw new VocabularyError(`credential_provider: steps[${i}]: strategyClass goes with op strategy, and only there`);
    if (s.strategyClass !== undefined && !STRATEGY_CLASSES.includes(s.strategyClass as string)) throw new VocabularyError(`credential_provider: steps[${i}].strategyClass ${JSON.stringify(s.strategyClass)} is not known`);
    if (s.ask !== undefined) {
      const known = s.op === 'strategy' ? STRATEGY_QUESTIONS[s.strategyClass as StrategyClass] : [];
      if (s.op !== 'strategy') throw new VocabularyError(`credential_provider: steps[${i}]: ask goes with op strategy, and only there`);
      if (!Array.isArray(s.ask) || s.ask.length === 0 || new Set(s.ask).size !== s.ask.length || !s.ask.every((q) => known.includes(q as string))) {
        throw new VocabularyError(`credential_provider: steps[${i}].ask must list distinct questions of strategyClass ${String(s.strategyClass)} (${known.join(', ')})`);
      }
    }
    if (s.at !== undefined && (typeof s.at !== 'number' || !Number.isFinite(s.at))) throw new VocabularyError(`credential_provider: steps[${i}].at must be a number`);
    if (s.parallel !== undefined && (!Number.isInteger(s.parallel) || (s.parallel as number) < 1 || (s.parallel as number) > MAX_PARALLEL)) {
      throw new VocabularyError(`credential_provider: steps[${i}].parallel must be an integer from 1 to ${MAX_PARALLEL}`);
    }
    if (s.resource !== undefined && s.resource !== 'account' && s.resource !== 'organization_account') throw new VocabularyError(`credential_provider: steps[${i}].resource is not known`);
    if (s.auth !== undefined) {
      const a = obj(s.auth, `steps[${i}].auth`);
      keys(a, ['username', 'password'], `steps[${i}].auth`);
      if (typeof a.username !== 'string' || typeof a.password !== 'string') throw new VocabularyError(`credential_provider: steps[${i}].auth needs username and password`);
    }
    optString(s, 'label', `steps[${i}]`);
    optString(s, 'strategy', `steps[${i}]`);
  });
  if (o.server !== undefined) {
    const sv = obj(o.server, 'server');
    keys(sv, ['url', 'caCertPem', 'caCertFile', 'proxyUrl'], 'server');
    if (typeof sv.url !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(sv.url)) throw new VocabularyError('credential_provider: server.url must be http://127.0.0.1:<port>');
    if (sv.proxyUrl !== undefined && (typeof sv.proxyUrl !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(sv.proxyUrl))) throw new VocabularyError('credential_provider: server.proxyUrl must be http://127.0.0.1:<port>');
  }
  return o as unknown as ProviderCaseInput;
}

/** The REST paths of the resources a step can fetch. */
export const RESOURCE_PATHS = {
  account: '/2010-04-01/Accounts/AC00000000000000000000000000000001.json',
  organization_account: '/Organizations/OR00000000000000000000000000000001/Accounts/AC00000000000000000000000000000001',
} as const;

/** Tell the server that step `n` starts (plain HTTP to loopback, outside any SDK). */
export function announceStep(serverUrl: string, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = request(`${serverUrl}/__conformance/step/${n}`, { method: 'GET', agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    r.on('timeout', () => r.destroy(new Error('step marker timed out')));
    r.on('error', reject);
    r.end();
  });
}

/** How an adapter performs each kind of call on its SDK. Errors it throws are the SDK's answers. */
export interface ScenarioBinding {
  /** Freeze the SDK's clock at this instant (milliseconds). */
  setClock(ms: number): void;
  build(): Promise<unknown> | unknown;
  api(step: ScenarioStep): Promise<unknown>;
  /**
   * Construct the strategy class on its own and give each of its questions as a call (see
   * {@link STRATEGY_QUESTIONS}); throws what constructing it raises. The scenario asks them.
   */
  strategy(step: ScenarioStep): Promise<StrategyQuestions> | StrategyQuestions;
  authString(strategy: string): Promise<string>;
  authTypes(): Promise<unknown> | unknown;
  /** The library's auth-type enumeration as `{NAME: value}`, names in code-point order. */
  authTypeMembers(): unknown;
  /** The parameters of the token manager behind a fresh provider's strategy. */
  tokenParams(): Promise<unknown> | unknown;
  /** How an error the SDK raised is reported; throw to treat it as an adapter fault. */
  describeError(e: unknown): { type?: string; message: string };
}

/** A strategy's questions, each a call on the strategy the binding built. */
export type StrategyQuestions = Readonly<Record<string, () => unknown>>;

/**
 * Ask a strategy the step's questions in order (its `ask`, else all of its class's): the answers
 * by question, or the error the first failing question raises.
 */
export async function askStrategy(step: ScenarioStep, questions: StrategyQuestions): Promise<StrategyAnswers> {
  const asked = step.ask ?? STRATEGY_QUESTIONS[step.strategyClass ?? 'noauth'];
  const answers: Record<string, unknown> = {};
  for (const q of asked) {
    const ask = questions[q];
    if (!ask) throw new Error(`the binding gives no question ${q} for strategyClass ${String(step.strategyClass)}`);
    answers[q] = await ask();
  }
  return answers;
}

/** Run a scenario's steps in order, announcing each; concurrent copies start together. */
export async function runScenario(c: ProviderCaseInput, nowSeconds: number, binding: ScenarioBinding): Promise<ProviderCaseOutput> {
  const steps: StepOutcome[] = [];
  for (const [i, step] of c.steps.entries()) {
    if (c.server) await announceStep(c.server.url, i);
    binding.setClock(Math.round((step.at ?? nowSeconds) * 1000));
    const call = async (): Promise<CallOutcome> => {
      try {
        let value: unknown;
        switch (step.op) {
          case 'api':
            await binding.api(step);
            return { ok: true };
          case 'authString':
            value = await binding.authString(step.strategy ?? 's');
            break;
          case 'authTypes':
            value = await binding.authTypes();
            break;
          case 'build':
            await binding.build();
            return { ok: true };
          case 'strategy':
            value = await askStrategy(step, await binding.strategy(step));
            break;
          case 'authTypeMembers':
            value = await binding.authTypeMembers();
            break;
          case 'tokenParams':
            value = await binding.tokenParams();
            break;
        }
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: binding.describeError(e) };
      }
    };
    const label = step.label ?? `${step.op} #${i + 1}`;
    if (step.parallel === undefined) steps.push({ label, ...(await call()) });
    else steps.push({ label, parallel: await Promise.all(Array.from({ length: step.parallel }, call)) });
  }
  return { steps };
}
