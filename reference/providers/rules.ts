/**
 * What one library does with OAuth2 client credentials, as data and small functions. A profile
 * supplies one {@link ProviderRules}; the providers, strategies, token managers and API client in
 * this folder follow it and never ask which library they are emulating.
 */
import type { LibraryError } from '../lang/lang.ts';
import type { HttpReply, TransportFailure } from './http.ts';

/**
 * The token a strategy holds: a string, or `null` for the language's missing value (`undefined`,
 * `None`, `nil`) that a reply without `access_token` leaves there.
 */
export type HeldToken = string | null;

/**
 * A credential as the caller passed it: absent (`undefined`, the setter was not called or the
 * argument not given), the language's null (`null`), or a string.
 */
export type Credential = string | null | undefined;

/**
 * Account credentials from the process environment (node, python: `TWILIO_ACCOUNT_SID`,
 * `TWILIO_AUTH_TOKEN`) or from the library's global configuration (ruby: `Twilio.configure`).
 * Passed explicitly: the reference never reads `process.env`.
 */
export interface ProviderEnvironment {
  readonly accountSid?: string;
  readonly authToken?: string;
}

/** The token providers, by their class names. */
export type ProviderClassName = 'ClientCredentialProvider' | 'OrgsCredentialProvider';

/** The token managers, by their class names. */
export type TokenManagerClassName = 'ApiTokenManager' | 'OrgsTokenManager';

/** The auth strategies, by their class names. */
export type StrategyClassName = 'TokenAuthStrategy' | 'BasicAuthStrategy' | 'NoAuthStrategy';

/** What the token request's headers depend on. */
export interface TokenRequestContext {
  /** The encoded form body. */
  readonly body: string;
  /** The `Host` header value (host, and `:port` when it is not the scheme's default). */
  readonly host: string;
  readonly environment: ProviderEnvironment;
}

/** The REST resources the harness fetches (the instance classes a library builds from the reply). */
export type ApiResource = 'account' | 'organization_account';

/** What an API request's headers depend on. */
export interface ApiRequestContext {
  readonly host: string;
  /** The `Authorization` value, or `null` for none. */
  readonly authorization: string | null;
}

/**
 * `getAuthType()` / `auth_type` values. Where a class cannot be used: the {@link LibraryError} that
 * constructing it raises, or an `UnsupportedInput` where the library has no such class.
 */
export interface AuthTypes {
  readonly clientCredentialsProvider: string;
  readonly orgsProvider: string;
  readonly noAuthProvider: string | Error;
  readonly tokenStrategy: string;
  readonly basicStrategy: string | Error;
  readonly noAuthStrategy: string | Error;
}

/** How a library applies credentials to an API request when a provider is not the whole story. */
export interface ApiCredentialRules {
  /** The client has username/password and no provider. */
  basic(username: string, password: string): string;
  /** The client has no credentials and no provider: a header value, `null` for none, or a rejection. */
  none(): string | null | LibraryError;
  /**
   * Per-request username/password given to a client that has a provider: `basic-wins` (no token is
   * fetched, Basic is sent), `fetch-then-basic` (a token is fetched, Basic is sent), `provider-wins`.
   */
  readonly perRequestBasic: 'basic-wins' | 'fetch-then-basic' | 'provider-wins';
}

/**
 * What a user's HTTP client does with retries it was configured for (node `autoRetry` with
 * `maxRetries`, python `TwilioHttpClient(max_retries=…)`). The token managers never use it: their
 * private clients have no such setting.
 */
export interface UserRetryRules {
  /** After the `attempt`-th reply (1-based) with `retries` allowed: wait and resend, or stop (the reply stands). */
  next(reply: HttpReply, attempt: number, retries: number): { readonly waitMs: number } | 'stop';
}

/** What a token manager was given: the provider's grant type and credentials. */
export interface TokenManagerSettings {
  readonly grantType: string;
  readonly clientId: Credential;
  readonly clientSecret: Credential;
}

/** Everything library-specific about credential providers. */
export interface ProviderRules {
  readonly authTypes: AuthTypes;
  /**
   * The library's auth-type enumeration (python's `AuthType` Enum, ruby's `AuthType` constants):
   * each member's name and value (reported with names in code-point order); an `UnsupportedInput`
   * where the library has none (its auth types are string literals).
   */
  readonly authTypeMembers: Readonly<Record<string, string>> | Error;
  /**
   * What the token manager a token provider builds answers when asked for its parameters (node
   * `getParams()`, php `getOptions()`), or an `UnsupportedInput` where it has no such method.
   */
  readonly tokenParams: ((settings: TokenManagerSettings) => Record<string, unknown>) | Error;
  /**
   * `BasicAuthStrategy.getAuthString()` where the library has the class (php leaves out the
   * `Basic ` prefix); absent where it has none (see `authTypes.basicStrategy`).
   */
  readonly basicStrategyAuthString?: (username: string, password: string) => string;
  /** A credential the caller never set: node's builder starts from `""`; python and ruby take arguments. */
  readonly unsetCredential: Credential;
  /**
   * Constructor/builder validation of client id and secret (`undefined`: not passed); throws
   * {@link LibraryError}. `provider` names the class being built, as some messages do.
   */
  checkCredentials(clientId: Credential, clientSecret: Credential, provider?: ProviderClassName): void;
  /** The form body of `POST /v2/token` (field order and escaping are the library's). */
  tokenRequestBody(grantType: string, clientId: Credential, clientSecret: Credential): string;
  /** The token request's headers, in the order the library sends them. */
  tokenRequestHeaders(ctx: TokenRequestContext): Array<[string, string]>;
  /**
   * The `access_token` of a token-endpoint reply, or the library's error for it. `manager` names
   * the token manager reading it, as some errors do (php's return-type TypeError).
   */
  readTokenReply(reply: HttpReply, manager: TokenManagerClassName): HeldToken;
  /** The library's error when the token request got no reply. */
  tokenTransportError(failure: TransportFailure): LibraryError;
  /** How the token strategy passes on a token-manager failure (node wraps it once more). */
  strategyError(error: LibraryError): LibraryError;
  /**
   * Must the strategy fetch before using what it holds (`undefined`: nothing fetched yet)? Reads
   * `exp` from the unverified token the library's way; may throw the library's error (ruby).
   */
  needsFetch(held: HeldToken | undefined, nowMs: number): boolean;
  /** The auth string for a held token (`Bearer undefined` / `Bearer None` / `Bearer `). */
  bearer(held: HeldToken): string;
  /** node: the client asks the provider for a new strategy on every request, so nothing is reused. */
  readonly strategyPerRequest: boolean;
  /** python, ruby: the check and the fetch run under one lock, so concurrent callers wait. */
  readonly serializeRefresh: boolean;
  /** The `Authorization` header an auth string becomes on an API request (`null`: none). */
  apiAuthorization(authString: string): string | null;
  /** The API request's headers, in the library's order. */
  apiRequestHeaders(ctx: ApiRequestContext): Array<[string, string]>;
  /** The library's error for a non-2xx API reply to a fetch. */
  apiError(reply: HttpReply): LibraryError;
  /**
   * What a fetch makes of a 2xx (or 3xx) API reply: the parsed record as the library holds it,
   * or the library's error for a body it cannot use (empty, not JSON, JSON its instance class
   * cannot read). `resource` is the class being built, whose first field read some errors name.
   */
  readApiRecord(reply: HttpReply, resource: ApiResource): unknown;
  /** The library's error when an API request got no reply. */
  apiTransportError(failure: TransportFailure): LibraryError;
  readonly credentials: ApiCredentialRules;
  /** The user's HTTP client's retry option; absent where the library's client has none. */
  readonly userRetries?: UserRetryRules;
  /**
   * Where the library's strategies have no `requiresAuthentication()` (php): the error a caller
   * asking one for it gets, by the strategy's class. Absent: every strategy answers.
   */
  readonly missingRequiresAuthentication?: (strategy: StrategyClassName) => LibraryError;
}
