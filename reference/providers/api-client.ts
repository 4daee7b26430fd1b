/**
 * A minimal REST client: just enough of each library's client to show what reaches the API. It
 * asks the provider for a strategy per request, applies the auth string the way the library's
 * HTTP layer does, and turns non-2xx replies, and 2xx bodies the library cannot read, into the
 * library's error.
 */
import { UnsupportedInput } from '../lang/lang.ts';
import { nodeTransport, TransportFailure, type Transport } from './http.ts';
import type { CredentialProvider } from './providers.ts';
import type { ApiResource, ProviderRules } from './rules.ts';
import { SafelyShown, shownSecret } from './safe-view.ts';
import type { AuthStrategy } from './strategies.ts';

/** A strategy that can drop a token the API refused (strict mode), so the next call refreshes. */
export interface RefreshableStrategy {
  invalidate(authString: string): void;
}

function isRefreshable(s: AuthStrategy): s is AuthStrategy & RefreshableStrategy {
  return typeof (s as Partial<RefreshableStrategy>).invalidate === 'function';
}

/** How an API client is set up. */
export interface ApiClientOptions {
  readonly rules: ProviderRules;
  /** Scheme, host and port of the REST API. */
  readonly baseUrl: string;
  readonly credentialProvider?: CredentialProvider;
  /** Account credentials kept by the client (node's `setCredentialProvider` clears them; the caller decides). */
  readonly username?: string;
  readonly password?: string;
  readonly transport?: Transport;
  /** Strict mode: on an API 401, drop the token, fetch a new one and replay the request once. */
  readonly replayOnUnauthorized?: boolean;
  readonly timeoutMs?: number;
  /** The user's HTTP client retries (see {@link ProviderRules.userRetries}); absent: none configured. */
  readonly retries?: number;
  /** How to wait before a retry (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Per-request credentials, as `client.request(..., auth=...)` passes them. */
export interface RequestAuth {
  readonly username: string;
  readonly password: string;
}

/** A successful API reply. */
export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
}

/** The part of a library's REST client that applies credentials. */
export class ApiClient extends SafelyShown {
  constructor(private readonly opts: ApiClientOptions) {
    super();
  }

  /** What inspect and JSON show: the settings, the password as `[redacted]`. */
  describe(): Record<string, unknown> {
    const o = this.opts;
    return { baseUrl: o.baseUrl, username: o.username, password: shownSecret(o.password), credentialProvider: o.credentialProvider, replayOnUnauthorized: o.replayOnUnauthorized, timeoutMs: o.timeoutMs };
  }

  /**
   * `GET <baseUrl><path>` as a fetch of `resource` (default `account`): a non-2xx reply rejects
   * with the library's error, and so does a 2xx body the library cannot read (see
   * {@link ProviderRules.readApiRecord}).
   */
  async get(path: string, auth?: RequestAuth, resource: ApiResource = 'account'): Promise<ApiResult> {
    const reply = await this.exchange(path, auth);
    if (reply.status < 200 || reply.status >= 400) throw this.opts.rules.apiError(reply);
    return { status: reply.status, body: this.opts.rules.readApiRecord(reply, resource) };
  }

  /**
   * `GET <baseUrl><path>` as the client's low-level `request()`: any HTTP status resolves (as
   * twilio-node's `client.request` and twilio-python's `Client.request` do); only a failure to get
   * a reply rejects.
   */
  async request(path: string, auth?: RequestAuth): Promise<{ status: number; body: string }> {
    const reply = await this.exchange(path, auth);
    return { status: reply.status, body: reply.body };
  }

  private async exchange(path: string, auth?: RequestAuth): Promise<Awaited<ReturnType<ApiClient['send']>>> {
    const { rules, credentialProvider } = this.opts;
    if (this.opts.retries !== undefined && !rules.userRetries) throw new UnsupportedInput('this library has no HTTP client retry option');
    let strategy: AuthStrategy | undefined;
    let authorization: string | null;
    if (credentialProvider) {
      const perRequest = auth ? rules.credentials.perRequestBasic : 'provider-wins';
      if (perRequest === 'basic-wins') {
        authorization = rules.credentials.basic(auth!.username, auth!.password);
      } else {
        strategy = credentialProvider.toAuthStrategy();
        authorization = rules.apiAuthorization(await strategy.getAuthString());
        if (perRequest === 'fetch-then-basic') authorization = rules.credentials.basic(auth!.username, auth!.password);
      }
    } else if (auth) {
      authorization = rules.credentials.basic(auth.username, auth.password);
    } else if (this.opts.username !== undefined && this.opts.password !== undefined) {
      authorization = rules.credentials.basic(this.opts.username, this.opts.password);
    } else {
      const none = rules.credentials.none();
      if (none instanceof Error) throw none;
      authorization = none;
    }
    const first = await this.sendRetrying(path, authorization);
    if (first.status === 401 && this.opts.replayOnUnauthorized && strategy && isRefreshable(strategy) && authorization !== null) {
      strategy.invalidate(authorization);
      const again = rules.apiAuthorization(await strategy.getAuthString());
      return this.send(path, again);
    }
    return first;
  }

  /** {@link send}, resent as the user's HTTP client's retry option says. */
  private async sendRetrying(path: string, authorization: string | null): ReturnType<ApiClient['send']> {
    const { retries, rules } = this.opts;
    let reply = await this.send(path, authorization);
    const policy = rules.userRetries;
    if (retries === undefined || !policy) return reply;
    for (let attempt = 1; ; attempt++) {
      const next = policy.next(reply, attempt, retries);
      if (next === 'stop') return reply;
      await (this.opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(next.waitMs);
      reply = await this.send(path, authorization);
    }
  }

  private async send(path: string, authorization: string | null): Promise<{ status: number; contentType: string | undefined; headers: Readonly<Record<string, string>>; body: string }> {
    const url = new URL(path, this.opts.baseUrl);
    const headers = this.opts.rules.apiRequestHeaders({ host: url.host, authorization });
    try {
      return await (this.opts.transport ?? nodeTransport)({ method: 'GET', url: url.href, headers, timeoutMs: this.opts.timeoutMs });
    } catch (e) {
      if (e instanceof TransportFailure) throw this.opts.rules.apiTransportError(e);
      throw e;
    }
  }
}
