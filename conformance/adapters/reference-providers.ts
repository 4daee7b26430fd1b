/**
 * The reference's side of the `credential_provider` family: a scenario run through
 * `reference/providers` in one profile, against the case's local server.
 */
import { LibraryError, UnsupportedInput } from '../../reference/lang/lang.ts';
import type { Profile } from '../../reference/profiles/profile.ts';
import { ApiClient } from '../../reference/providers/api-client.ts';
import { BASE_HOSTS, regionalHost } from '../../reference/providers/hosts.ts';
import { nodeTransport, TransportFailure, type Transport } from '../../reference/providers/http.ts';
import {
  ClientCredentialProviderBuilder,
  NoAuthCredentialProvider,
  OrgsCredentialProviderBuilder,
  type ClientCredentialProvider,
  type CredentialProvider,
  type OrgsCredentialProvider,
  type ProviderContext,
} from '../../reference/providers/providers.ts';
import { BasicAuthStrategy, NoAuthStrategy, TokenAuthStrategy, type AuthStrategy } from '../../reference/providers/strategies.ts';
import { ApiTokenManager } from '../../reference/providers/token-manager.ts';
import { readProviderCase, RESOURCE_PATHS, runScenario, VocabularyError, type ProviderCaseInput, type StrategyQuestions } from '../protocol/provider-case.ts';
import type { CaseResult } from '../protocol/types.ts';

/** Build the case's provider the profile's way: every call gives a new, independent provider. */
function buildProvider(c: ProviderCaseInput, ctx: ProviderContext): CredentialProvider {
  // readProviderCase refuses a step that needs a provider in a case without one.
  const spec = c.provider!;
  if (spec.type === 'noauth') return new NoAuthCredentialProvider(ctx);
  const builder = spec.type === 'orgs' ? new OrgsCredentialProviderBuilder(ctx) : new ClientCredentialProviderBuilder(ctx);
  if ('clientId' in spec) builder.setClientId(spec.clientId);
  if ('clientSecret' in spec) builder.setClientSecret(spec.clientSecret);
  return builder.build();
}

/** Run one `credential_provider` case (plain JSON input) through the reference in a profile. */
export async function runReferenceProviderCase(profile: Profile, input: unknown, nowSeconds: number): Promise<CaseResult> {
  let c: ProviderCaseInput;
  try {
    c = readProviderCase(input);
  } catch (e) {
    if (e instanceof VocabularyError) return { skipped: { reason: e.message } };
    throw e;
  }
  if (!c.server) return { skipped: { reason: 'credential_provider: the case has no server (the runner adds one)' } };
  // A library whose providers the reference does not model answers unsupported, with the reason.
  if ('unsupported' in profile.providers) return { skipped: { reason: profile.providers.unsupported } };
  const rules = profile.providers;
  // A question the library cannot be asked makes the whole case unsupported, whatever comes first.
  const unaskable = [
    c.steps.some((s) => s.op === 'tokenParams') && rules.tokenParams instanceof Error ? rules.tokenParams : undefined,
    c.steps.some((s) => s.op === 'authTypeMembers') && rules.authTypeMembers instanceof Error ? rules.authTypeMembers : undefined,
    c.steps.some((s) => s.strategyClass === 'basic') && rules.authTypes.basicStrategy instanceof UnsupportedInput ? rules.authTypes.basicStrategy : undefined,
  ].find((e) => e !== undefined);
  if (unaskable) return { skipped: { reason: unaskable.message } };
  let clockMs = nowSeconds * 1000;
  // Requests name Twilio's hosts (so their Host headers are the library's) and all go to the
  // case's server, as the real libraries' go through its proxy.
  // proxyUrl (a port that refuses connections) takes every request when the runner gives one.
  const server = c.server.proxyUrl ?? c.server.url;
  const transport: Transport = async (req) => {
    const u = new URL(req.url);
    try {
      return await nodeTransport({ ...req, url: new URL(`${u.pathname}${u.search}`, server).href });
    } catch (e) {
      // A failure names the URL asked for, as a library's error does when its proxy fails it.
      if (e instanceof TransportFailure) throw new TransportFailure(e.kind, e.message, e.code, req.url);
      throw e;
    }
  };
  const env = c.environment ?? {};
  // The token managers' private clients read only the environment's region and edge; the
  // user's client takes its own options first.
  const ctx: ProviderContext = {
    rules,
    clock: () => clockMs,
    tokenBaseUrl: `https://${regionalHost(BASE_HOSTS.token, env)}`,
    transport,
    environment: env,
  };
  const clientLocation = { region: c.client?.region ?? env.region, edge: c.client?.edge ?? env.edge };
  const urlOf = (resource: keyof typeof RESOURCE_PATHS): string => `https://${regionalHost(BASE_HOSTS[resource], clientLocation)}${RESOURCE_PATHS[resource]}`;
  let client: ApiClient | undefined;
  // A client's credentials default to the account ones of the environment (node, python:
  // TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN; ruby: Twilio.configure), as in all three libraries.
  const clientFor = (): ApiClient =>
    (client ??= new ApiClient({
      rules,
      baseUrl: `https://${BASE_HOSTS.account}`,
      transport,
      ...(c.provider ? { credentialProvider: buildProvider(c, ctx) } : {}),
      username: c.client?.username ?? c.environment?.accountSid,
      password: c.client?.password ?? c.environment?.authToken,
      retries: c.client?.retries,
    }));
  const strategies = new Map<string, AuthStrategy>();
  try {
    const output = await runScenario(c, nowSeconds, {
      setClock: (ms) => {
        clockMs = ms;
      },
      build: () => buildProvider(c, ctx),
      // Per-request credentials go through the client's low-level request(), which does not raise
      // on an HTTP error status; resource fetches do.
      api: (step) => {
        if (step.auth) return clientFor().request(urlOf('account'), step.auth);
        const resource = step.resource ?? 'account';
        return clientFor().get(urlOf(resource), undefined, resource);
      },
      authString: (name) => {
        let s = strategies.get(name);
        if (!s) {
          s = buildProvider(c, ctx).toAuthStrategy();
          strategies.set(name, s);
        }
        return s.getAuthString();
      },
      strategy: (step): StrategyQuestions => {
        if (step.strategyClass === 'token') {
          // A manager the strategy is never asked to use: only its expiry check runs.
          const s = new TokenAuthStrategy({ fetchToken: () => Promise.reject(new Error('not fetched')) }, rules, () => clockMs);
          // For a non-empty token the library's "must fetch" check is its expiry check.
          return { authType: () => s.getAuthType(), requiresAuthentication: () => s.requiresAuthentication(), tokenExpired: () => rules.needsFetch(step.token!, clockMs) };
        }
        // readProviderCase gives basic its username and password.
        const s = step.strategyClass === 'basic' ? new BasicAuthStrategy(rules, step.username!, step.password!) : new NoAuthStrategy(rules);
        return { authType: () => s.getAuthType(), authString: () => s.getAuthString(), requiresAuthentication: () => s.requiresAuthentication() };
      },
      authTypeMembers: () => {
        if (rules.authTypeMembers instanceof Error) throw rules.authTypeMembers;
        // Names in code-point order: ruby's constant table has no order to report.
        return Object.fromEntries(Object.entries(rules.authTypeMembers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      },
      tokenParams: () => {
        // readProviderCase allows tokenParams with a token provider only.
        const p = buildProvider(c, ctx) as ClientCredentialProvider | OrgsCredentialProvider;
        p.toAuthStrategy();
        if (!(p.tokenManager instanceof ApiTokenManager)) throw new Error('the provider built no token manager');
        return p.tokenManager.getParams();
      },
      authTypes: () => {
        const p = buildProvider(c, ctx);
        return { provider: p.getAuthType(), strategy: p.toAuthStrategy().getAuthType() };
      },
      describeError: (e) => {
        if (e instanceof LibraryError) return { type: e.type, message: e.message };
        throw e;
      },
    });
    return { output: { steps: output.steps.map((st) => ({ ...st })) } };
  } catch (e) {
    if (e instanceof UnsupportedInput) return { skipped: { reason: e.message } };
    return { errored: { message: `reference failure: ${(e as Error)?.stack ?? String(e)}` } };
  }
}
