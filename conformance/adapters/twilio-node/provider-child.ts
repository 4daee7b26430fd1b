/**
 * One `credential_provider` scenario through the real twilio-node, in a child process of its own
 * (spawned by provider-driver.ts). The child's environment carries the loopback proxy in
 * `HTTP_PROXY` (which twilio-node's RequestClient reads for every client it builds, including the
 * private one its token manager makes) and the proxy's throwaway CA in `NODE_EXTRA_CA_CERTS`
 * (which Node reads only at start-up, hence the separate process). The case arrives as JSON on
 * stdin; the scenario's output is the single line written to stdout.
 *
 * A socket guard refuses any connection that is not to loopback, so nothing leaves the machine
 * even if a request were to bypass the proxy.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import { readProviderCase, runScenario, type ProviderCaseInput, type ScenarioStep, type StrategyQuestions } from '../../protocol/provider-case.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]): net.Socket {
  const first = args[0] as { host?: string; path?: string } | number | string;
  const host = typeof first === 'object' && first !== null ? (first.path ? 'localhost' : (first.host ?? 'localhost')) : typeof args[1] === 'string' ? args[1] : 'localhost';
  if (!LOOPBACK.has(host)) {
    process.nextTick(() => this.destroy(new Error(`conformance guard: refused a connection to ${host}`)));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

// stdout is the result channel.
console.log = console.error;
console.info = console.error;

interface Strategy {
  getAuthString(): Promise<string>;
  getAuthType(): string;
  requiresAuthentication(): boolean;
}
interface Provider {
  getAuthType(): string;
  toAuthStrategy(): Strategy;
}
interface Builder {
  setClientId(v: unknown): Builder;
  setClientSecret(v: unknown): Builder;
  build(): Provider;
}
interface Client {
  setCredentialProvider(p: Provider): void;
  request(opts: object): Promise<unknown>;
  api: { v2010: { accounts(sid: string): { fetch(): Promise<unknown> } } };
  previewIam: { organization(sid: string): { accounts(sid: string): { fetch(): Promise<unknown> } } };
}
interface TwilioModule {
  (username?: string, password?: string, opts?: object): Client;
  ClientCredentialProviderBuilder: new () => Builder;
  OrgsCredentialProviderBuilder: new () => Builder;
  NoAuthCredentialProvider: new () => Provider;
}
/** twilio/lib/auth_strategy/NoAuthStrategy (not re-exported from the package's index). */
interface NoAuthStrategyModule {
  default: new () => Strategy;
}
/** twilio/lib/auth_strategy/BasicAuthStrategy. */
interface BasicAuthStrategyModule {
  default: new (username: string, password: string) => Strategy;
}
/** A ClientCredentialProvider or OrgsCredentialProvider: its token manager once toAuthStrategy() ran. */
interface TokenProvider extends Provider {
  tokenManager: { getParams(): unknown } | null;
}
/** twilio/lib/auth_strategy/TokenAuthStrategy and twilio/lib/http/bearer_token/ApiTokenManager. */
interface TokenAuthStrategyModule {
  default: new (tokenManager: unknown) => Strategy & { isTokenExpired(token: string): boolean };
}
interface ApiTokenManagerModule {
  default: new (params: object) => unknown;
}

const ACCOUNT = 'AC00000000000000000000000000000001';
const ORG = 'OR00000000000000000000000000000001';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const { input, now } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input: unknown; now: number };
  const c: ProviderCaseInput = readProviderCase(input);
  const twilio = createRequire(import.meta.url)('twilio') as TwilioModule;

  const buildProvider = (): Provider => {
    // readProviderCase refuses a step that needs a provider in a case without one.
    const spec = c.provider!;
    if (spec.type === 'noauth') return new twilio.NoAuthCredentialProvider();
    const b = spec.type === 'orgs' ? new twilio.OrgsCredentialProviderBuilder() : new twilio.ClientCredentialProviderBuilder();
    if ('clientId' in spec) b.setClientId(spec.clientId);
    if ('clientSecret' in spec) b.setClientSecret(spec.clientSecret);
    return b.build();
  };
  let client: Client | undefined;
  const clientFor = (): Client => {
    if (!client) {
      // The client's own region and edge options, only where the case gives them.
      const options: Record<string, unknown> = Object.fromEntries((['region', 'edge'] as const).filter((k) => c.client?.[k] !== undefined).map((k) => [k, c.client![k]]));
      if (c.client?.retries !== undefined) Object.assign(options, { autoRetry: true, maxRetries: c.client.retries });
      client = twilio(c.client?.username, c.client?.password, options);
      if (c.provider) client.setCredentialProvider(buildProvider());
    }
    return client;
  };
  const requireFromHere = createRequire(import.meta.url);
  const strategies = new Map<string, Strategy>();
  let clockMs = now * 1000;
  // TokenAuthStrategy reads Date.now() for its expiry check; nothing else here depends on it.
  Date.now = () => clockMs;

  const output = await runScenario(c, now, {
    setClock: (ms) => {
      clockMs = ms;
    },
    build: () => buildProvider(),
    api: (step: ScenarioStep) => {
      const cl = clientFor();
      if (step.auth) {
        return cl.request({ method: 'get', uri: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}.json`, username: step.auth.username, password: step.auth.password });
      }
      return step.resource === 'organization_account' ? cl.previewIam.organization(ORG).accounts(ACCOUNT).fetch() : cl.api.v2010.accounts(ACCOUNT).fetch();
    },
    authString: (name) => {
      let s = strategies.get(name);
      if (!s) {
        s = buildProvider().toAuthStrategy();
        strategies.set(name, s);
      }
      return s.getAuthString();
    },
    strategy: (step: ScenarioStep): StrategyQuestions => {
      if (step.strategyClass === 'token') {
        const { default: TokenAuthStrategy } = requireFromHere('twilio/lib/auth_strategy/TokenAuthStrategy') as TokenAuthStrategyModule;
        const { default: ApiTokenManager } = requireFromHere('twilio/lib/http/bearer_token/ApiTokenManager') as ApiTokenManagerModule;
        const s = new TokenAuthStrategy(new ApiTokenManager({ grantType: 'client_credentials', clientId: 'unused', clientSecret: 'unused' }));
        return { authType: () => s.getAuthType(), requiresAuthentication: () => s.requiresAuthentication(), tokenExpired: () => s.isTokenExpired(step.token!) };
      }
      let s: Strategy;
      if (step.strategyClass === 'basic') {
        const { default: BasicAuthStrategy } = requireFromHere('twilio/lib/auth_strategy/BasicAuthStrategy') as BasicAuthStrategyModule;
        s = new BasicAuthStrategy(step.username!, step.password!);
      } else {
        const { default: NoAuthStrategy } = requireFromHere('twilio/lib/auth_strategy/NoAuthStrategy') as NoAuthStrategyModule;
        s = new NoAuthStrategy();
      }
      return { authType: () => s.getAuthType(), authString: () => s.getAuthString(), requiresAuthentication: () => s.requiresAuthentication() };
    },
    authTypeMembers: () => {
      throw new Error('not reached: the driver skips a case asking for the auth-type enumeration');
    },
    tokenParams: () => {
      // The provider builds its manager in toAuthStrategy(); tokenManager is a public field.
      const p = buildProvider() as TokenProvider;
      p.toAuthStrategy();
      return p.tokenManager!.getParams();
    },
    authTypes: () => {
      const p = buildProvider();
      return { provider: p.getAuthType(), strategy: p.toAuthStrategy().getAuthType() };
    },
    describeError: (e) => {
      const err = e as { constructor?: { name?: string }; message?: unknown };
      return { type: err?.constructor?.name ?? typeof e, message: typeof err?.message === 'string' ? err.message : String(e) };
    },
  });
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`provider child failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(70);
  },
);
