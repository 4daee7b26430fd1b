/**
 * Token managers: they post the client-credentials form to `<base>/v2/token` and return the
 * `access_token` of the reply. They cache nothing (caching is the strategy's business), which is
 * how all three libraries' managers behave.
 */
import { nodeTransport, TransportFailure, type Transport } from './http.ts';
import type { Credential, HeldToken, ProviderEnvironment, ProviderRules, TokenManagerClassName } from './rules.ts';
import { environmentView, SafelyShown, shownSecret } from './safe-view.ts';

/** Twilio's token endpoint host; every library posts to `<this>/v2/token`. */
export const DEFAULT_TOKEN_BASE_URL = 'https://oauth.twilio.com';

/** Fetches a fresh access token on every call. */
export interface TokenManager {
  /** A new access token, `null` where the reply had none; rejects with the library's error. */
  fetchToken(): Promise<HeldToken>;
}

/** How a token manager is set up. */
export interface TokenManagerOptions {
  readonly rules: ProviderRules;
  readonly grantType?: string;
  readonly clientId: Credential;
  readonly clientSecret: Credential;
  /** Scheme, host and port of the token endpoint (default {@link DEFAULT_TOKEN_BASE_URL}). */
  readonly baseUrl?: string;
  readonly transport?: Transport;
  readonly environment?: ProviderEnvironment;
}

/** The token URL under a base URL (a trailing slash on the base is allowed). */
export function tokenUrl(baseUrl: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, '')}/v2/token`);
}

/**
 * The manager behind `ClientCredentialProvider`: `POST /v2/token` with
 * `grant_type=client_credentials`, the client id and the client secret as a form body.
 */
export class ApiTokenManager extends SafelyShown implements TokenManager {
  private readonly opts: TokenManagerOptions;
  /** The library's name for this manager (some of its errors name it). */
  protected readonly className: TokenManagerClassName = 'ApiTokenManager';

  constructor(opts: TokenManagerOptions) {
    super();
    this.opts = opts;
  }

  /** What inspect and JSON show: the settings, the client secret and auth token as `[redacted]`. */
  describe(): Record<string, unknown> {
    return {
      grantType: this.opts.grantType ?? 'client_credentials',
      clientId: this.opts.clientId,
      clientSecret: shownSecret(this.opts.clientSecret),
      baseUrl: this.opts.baseUrl ?? DEFAULT_TOKEN_BASE_URL,
      environment: environmentView(this.opts.environment),
    };
  }

  /**
   * The parameters the manager was given, as the library's manager answers them (node
   * `getParams()`, php `getOptions()`); throws `UnsupportedInput` where it has no such method.
   */
  getParams(): Record<string, unknown> {
    const { tokenParams } = this.opts.rules;
    if (tokenParams instanceof Error) throw tokenParams;
    return tokenParams({ grantType: this.opts.grantType ?? 'client_credentials', clientId: this.opts.clientId, clientSecret: this.opts.clientSecret });
  }

  async fetchToken(): Promise<HeldToken> {
    const { rules } = this.opts;
    const url = tokenUrl(this.opts.baseUrl ?? DEFAULT_TOKEN_BASE_URL);
    const body = rules.tokenRequestBody(this.opts.grantType ?? 'client_credentials', this.opts.clientId, this.opts.clientSecret);
    const headers = rules.tokenRequestHeaders({ body, host: url.host, environment: this.opts.environment ?? {} });
    let reply;
    try {
      reply = await (this.opts.transport ?? nodeTransport)({ method: 'POST', url: url.href, headers, body });
    } catch (e) {
      if (e instanceof TransportFailure) throw rules.tokenTransportError(e);
      throw e;
    }
    return rules.readTokenReply(reply, this.className);
  }
}

/**
 * The manager behind `OrgsCredentialProvider`. In all three libraries it is a copy of the API
 * manager: same endpoint, same body, same reply handling.
 */
export class OrgsTokenManager extends ApiTokenManager {
  protected override readonly className: TokenManagerClassName = 'OrgsTokenManager';
}
