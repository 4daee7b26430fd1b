/**
 * Strict mode: client credentials done the way none of the three libraries does them.
 *
 * - One token request per refresh window however many calls are waiting (single flight).
 * - Refresh ahead of expiry: a token is renewed `refreshBufferMs` before it expires (at most half
 *   its lifetime), and never used at or after its expiry.
 * - One bounded retry, with backoff, on 429 and 5xx; `Retry-After` is honoured, and a longer one
 *   than the retry cap ends the attempt at once with the typed error.
 * - One refresh and replay when the API answers 401 (see {@link ApiClient}'s `replayOnUnauthorized`).
 * - A per-request timeout on the token request.
 * - Typed errors ({@link CredentialError}) naming their cause, never containing the secret.
 * - No process-global side effects: clock, sleep, randomness and transport are injected; nothing
 *   reads the environment or logs.
 */
import { LibraryError, UnsupportedInput } from '../lang/lang.ts';
import {
  ApiNetworkError,
  ApiRequestError,
  ApiResponseMalformedError,
  ApiUnauthorizedError,
  TokenInvalidError,
  TokenMissingError,
  TokenNetworkError,
  TokenRateLimitedError,
  TokenRejectedError,
  TokenResponseMalformedError,
  TokenServerError,
  TokenTimeoutError,
  withoutSecret,
} from './errors.ts';
import { nodeTransport, TransportFailure, type HttpReply, type Transport } from './http.ts';
import { isPlainObject, segmentText, tryJson } from './jwt-peek.ts';
import { CredentialProvider } from './providers.ts';
import type { ProviderRules } from './rules.ts';
import { SafelyShown, shownSecret } from './safe-view.ts';
import { AuthStrategy, systemClock, type Clock } from './strategies.ts';
import { BASE_HOSTS, regionalHost, type Location } from './hosts.ts';
import { tokenUrl } from './token-manager.ts';

/** Settings of strict mode; only the credentials are required. */
export interface StrictOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Base URL of the token endpoint (default `https://oauth.twilio.com`, or its regional host under
   * `location`).
   */
  readonly tokenBaseUrl?: string;
  /**
   * The region and edge of the token endpoint when no `tokenBaseUrl` is given, chosen as the three
   * libraries choose it from `TWILIO_REGION`/`TWILIO_EDGE` (`oauth.<edge>.<region>.twilio.com`, an
   * edge alone in `us1`), but passed in: strict mode never reads the environment.
   */
  readonly location?: Location;
  readonly transport?: Transport;
  readonly clock?: Clock;
  /** How to wait before the retry (default: a timer). Tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1) for backoff jitter (default `Math.random`). */
  readonly random?: () => number;
  /** Refresh this long before expiry (default 60 s; at most half the token's lifetime). */
  readonly refreshBufferMs?: number;
  /** Per-request timeout of the token request (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** Backoff before the one retry: `base * (1 + jitter)`, capped (defaults 250 ms, 5 s). */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
}

/** An access token with the instant it stops being usable. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAtMs: number;
  /** When to renew it (before `expiresAtMs`). */
  readonly refreshAtMs: number;
}

const USER_AGENT = 'twilio-jwt-conformance-strict/1';
const RFC6749_ERROR = /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or `undefined`. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The JWT `exp` of a token in milliseconds, if it is a JWT with a numeric `exp`. */
export function jwtExpiryMs(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const payload = tryJson(segmentText(parts[1]));
  if (!payload || !isPlainObject(payload.value)) return undefined;
  const exp = payload.value.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/**
 * Fetches tokens with a timeout and one retry on 429/5xx, and turns every failure into a
 * {@link CredentialError}.
 */
export class StrictTokenManager extends SafelyShown {
  private readonly opts: StrictOptions;

  constructor(opts: StrictOptions) {
    super();
    this.opts = opts;
  }

  /** What inspect and JSON show: the settings, the client secret as `[redacted]`. */
  describe(): Record<string, unknown> {
    const o = this.opts;
    return {
      clientId: o.clientId,
      clientSecret: shownSecret(o.clientSecret),
      tokenBaseUrl: this.tokenBaseUrl,
      requestTimeoutMs: o.requestTimeoutMs,
      refreshBufferMs: o.refreshBufferMs,
      retryBaseDelayMs: o.retryBaseDelayMs,
      retryMaxDelayMs: o.retryMaxDelayMs,
    };
  }

  private get clock(): Clock {
    return this.opts.clock ?? systemClock;
  }

  private get tokenBaseUrl(): string {
    return this.opts.tokenBaseUrl ?? `https://${regionalHost(BASE_HOSTS.token, this.opts.location ?? {})}`;
  }

  /** A new token, or the typed error of the failure. */
  async fetchToken(): Promise<IssuedToken> {
    const maxDelay = this.opts.retryMaxDelayMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      const startedMs = this.clock();
      const reply = await this.post();
      const retryable = reply.status === 429 || (reply.status >= 500 && reply.status <= 599);
      if (!retryable) return this.read(reply, startedMs);
      const after = retryAfterMs(reply.headers['retry-after'], this.clock());
      const fail = (): never => {
        throw reply.status === 429 ? new TokenRateLimitedError(attempt, after) : new TokenServerError(reply.status, attempt);
      };
      // Bounded: exactly one retry, and never sooner than the server asked, nor later than the cap.
      if (attempt >= 2 || (after !== undefined && after > maxDelay)) fail();
      const base = this.opts.retryBaseDelayMs ?? 250;
      const backoff = Math.min(maxDelay, base * (1 + (this.opts.random ?? Math.random)()));
      await (this.opts.sleep ?? defaultSleep)(after ?? backoff);
    }
  }

  private async post(): Promise<HttpReply> {
    const url = tokenUrl(this.tokenBaseUrl);
    const body = new URLSearchParams([
      ['grant_type', 'client_credentials'],
      ['client_id', this.opts.clientId],
      ['client_secret', this.opts.clientSecret],
    ]).toString();
    const timeoutMs = this.opts.requestTimeoutMs ?? 10_000;
    try {
      return await (this.opts.transport ?? nodeTransport)({
        method: 'POST',
        url: url.href,
        headers: [
          ['Host', url.host],
          ['User-Agent', USER_AGENT],
          ['Accept', 'application/json'],
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['Content-Length', String(Buffer.byteLength(body))],
        ],
        body,
        timeoutMs,
      });
    } catch (e) {
      if (e instanceof TransportFailure) {
        if (e.kind === 'timeout') throw new TokenTimeoutError(timeoutMs);
        throw new TokenNetworkError(e.kind);
      }
      throw e;
    }
  }

  private read(reply: HttpReply, startedMs: number): IssuedToken {
    if (reply.status < 200 || reply.status >= 300) {
      const parsed = tryJson(reply.body);
      const code = parsed && isPlainObject(parsed.value) ? parsed.value.error : undefined;
      // Only a well-formed RFC 6749 error code is shown, and never one that carries the secret.
      const safe = typeof code === 'string' && RFC6749_ERROR.test(code) && withoutSecret(code, this.opts.clientSecret) === code ? code : undefined;
      throw new TokenRejectedError(reply.status, safe);
    }
    if (reply.body.trim() === '') throw new TokenResponseMalformedError('empty');
    const parsed = tryJson(reply.body);
    if (!parsed) throw new TokenResponseMalformedError('not JSON');
    if (!isPlainObject(parsed.value)) throw new TokenResponseMalformedError('not a JSON object');
    const { access_token: token, expires_in: expiresIn } = parsed.value;
    if (typeof token !== 'string' || token === '') throw new TokenMissingError();
    const fromJwt = jwtExpiryMs(token);
    const fromReply = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? startedMs + expiresIn * 1000 : undefined;
    // The earlier of the two: the token's own claim and what the server said when asked.
    const candidates = [fromJwt, fromReply].filter((x): x is number => x !== undefined);
    if (candidates.length === 0) throw new TokenInvalidError('no expiry');
    const expiresAtMs = Math.min(...candidates);
    const now = this.clock();
    if (expiresAtMs <= now) throw new TokenInvalidError('expired on arrival');
    const buffer = Math.min(this.opts.refreshBufferMs ?? 60_000, (expiresAtMs - now) / 2);
    return { accessToken: token, expiresAtMs, refreshAtMs: expiresAtMs - buffer };
  }
}

/**
 * The strict token strategy: single-flight refresh ahead of expiry. While a still-valid token is
 * being renewed, a failed renewal does not fail callers: they keep the valid token.
 */
export class StrictTokenAuthStrategy extends AuthStrategy {
  private current: IssuedToken | undefined;
  private inflight: Promise<IssuedToken> | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly manager: StrictTokenManager,
    clock: Clock = systemClock,
  ) {
    super('strict-client-credentials');
    this.clock = clock;
  }

  override async getAuthString(): Promise<string> {
    return `Bearer ${(await this.token()).accessToken}`;
  }

  /** The held token only as its expiry (the access token is a credential). */
  override describe(): Record<string, unknown> {
    const t = this.current;
    return {
      ...super.describe(),
      token: t ? { accessToken: shownSecret(t.accessToken), expiresAt: new Date(t.expiresAtMs).toISOString(), refreshAt: new Date(t.refreshAtMs).toISOString() } : undefined,
      manager: this.manager,
    };
  }

  override requiresAuthentication(): boolean {
    return true;
  }

  /** A token valid now: the held one, or the one being (or now) fetched. */
  async token(): Promise<IssuedToken> {
    const now = this.clock();
    const held = this.current;
    if (held && now < held.refreshAtMs) return held;
    try {
      const fresh = await this.refresh();
      if (this.clock() < fresh.expiresAtMs) return fresh;
    } catch (e) {
      if (held && this.clock() < held.expiresAtMs) return held;
      throw e;
    }
    // The new token expired while we waited for it (a clock that jumped): fetch once more.
    const again = await this.refresh();
    if (this.clock() < again.expiresAtMs) return again;
    throw new TokenInvalidError('expired on arrival');
  }

  /** Drop the held token if it is the one in `authString` (the API refused it). */
  invalidate(authString: string): void {
    if (this.current && authString === `Bearer ${this.current.accessToken}`) this.current = undefined;
  }

  private refresh(): Promise<IssuedToken> {
    this.inflight ??= this.manager.fetchToken().then(
      (t) => {
        this.current = t;
        this.inflight = undefined;
        return t;
      },
      (e: unknown) => {
        this.inflight = undefined;
        throw e;
      },
    );
    return this.inflight;
  }
}

/** A provider whose one strategy is shared by every request (that is what makes it single-flight). */
export class StrictCredentialProvider extends CredentialProvider {
  private readonly strategy: StrictTokenAuthStrategy;

  constructor(opts: StrictOptions) {
    super('strict-client-credentials');
    if (typeof opts.clientId !== 'string' || opts.clientId === '') throw new TypeError('strict mode needs a non-empty clientId');
    if (typeof opts.clientSecret !== 'string' || opts.clientSecret === '') throw new TypeError('strict mode needs a non-empty clientSecret');
    this.strategy = new StrictTokenAuthStrategy(new StrictTokenManager(opts), opts.clock);
  }

  override toAuthStrategy(): StrictTokenAuthStrategy {
    return this.strategy;
  }

  override describe(): Record<string, unknown> {
    return { ...super.describe(), strategy: this.strategy };
  }
}

function strictApiError(reply: HttpReply): LibraryError {
  const e = reply.status === 401 ? new ApiUnauthorizedError() : new ApiRequestError(reply.status);
  return Object.assign(new LibraryError(e.name, e.message), { cause: e });
}

/** A 2xx API body must be a JSON object: an empty or non-JSON body is an error, never a success. */
function strictApiRecord(reply: HttpReply): Record<string, unknown> {
  const malformed = (detail: ApiResponseMalformedError['detail']): LibraryError => {
    const e = new ApiResponseMalformedError(reply.status, detail);
    return Object.assign(new LibraryError(e.name, e.message), { cause: e });
  };
  if (reply.body.trim() === '') throw malformed('empty');
  const parsed = tryJson(reply.body);
  if (!parsed) throw malformed('not JSON');
  if (!isPlainObject(parsed.value)) throw malformed('not a JSON object');
  return parsed.value;
}

/**
 * Rules for the {@link ApiClient} in strict mode (only the API side is used: the strict provider
 * brings its own strategy). API failures are {@link LibraryError}s whose `cause` is the typed
 * {@link CredentialError}.
 */
export const strictApiRules: ProviderRules = {
  authTypes: {
    clientCredentialsProvider: 'strict-client-credentials',
    orgsProvider: 'strict-client-credentials',
    noAuthProvider: 'noauth',
    tokenStrategy: 'strict-client-credentials',
    basicStrategy: 'basic',
    noAuthStrategy: 'noauth',
  },
  authTypeMembers: new UnsupportedInput('strict mode has no auth-type enumeration'),
  tokenParams: new UnsupportedInput('strict mode brings its own token manager'),
  basicStrategyAuthString: (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
  unsetCredential: undefined,
  checkCredentials: () => {},
  tokenRequestBody: () => {
    throw new Error('strict mode posts its own token request');
  },
  tokenRequestHeaders: () => [],
  readTokenReply: () => {
    throw new Error('strict mode reads its own token reply');
  },
  tokenTransportError: (f) => new LibraryError('TokenNetworkError', new TokenNetworkError(f.kind === 'timeout' ? 'other' : f.kind).message),
  strategyError: (e) => e,
  needsFetch: () => true,
  bearer: (held) => `Bearer ${held ?? ''}`,
  strategyPerRequest: false,
  serializeRefresh: false,
  apiAuthorization: (s) => s,
  apiRequestHeaders: ({ host, authorization }) => [['Host', host], ['User-Agent', USER_AGENT], ['Accept', 'application/json'], ...(authorization === null ? [] : [['Authorization', authorization] as [string, string]])],
  apiError: strictApiError,
  readApiRecord: strictApiRecord,
  apiTransportError: (f) => Object.assign(new LibraryError('ApiNetworkError', new ApiNetworkError(f.kind).message), { cause: new ApiNetworkError(f.kind) }),
  credentials: {
    basic: (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
    none: () => null,
    perRequestBasic: 'provider-wins',
  },
};
