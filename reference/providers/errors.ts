/**
 * Strict mode's typed errors. Each names its cause in `code` and in its message, carries only
 * what is safe to log (status, an RFC 6749 error code, a Retry-After delay), and never the client
 * secret: messages are built from fixed text and numbers, and a last redaction pass removes the
 * secret should a server have echoed it into a field we show.
 */
import { anyOf, base64Fragments, isRedactable, pemPrivateParts, REDACTED, replaceForms, secretEncodings, textEncodings } from './secret-encodings.ts';

/** Base of every strict-mode credential error. */
export abstract class CredentialError extends Error {
  /** A stable, machine-readable cause. */
  abstract readonly code: string;
}

/** The token endpoint refused the credentials (a 4xx other than 429). */
export class TokenRejectedError extends CredentialError {
  override name = 'TokenRejectedError';
  readonly code = 'token_rejected';
  constructor(
    readonly status: number,
    /** The RFC 6749 `error` code of the reply, when it had a well-formed one. */
    readonly oauthError: string | undefined,
  ) {
    super(`the token endpoint rejected the client credentials (HTTP ${status}${oauthError ? `, ${oauthError}` : ''})`);
  }
}

/** The token endpoint answered 429 and the one retry did not help (or Retry-After was too long). */
export class TokenRateLimitedError extends CredentialError {
  override name = 'TokenRateLimitedError';
  readonly code = 'token_rate_limited';
  constructor(
    readonly attempts: number,
    /** The server's Retry-After, in milliseconds, when it gave one. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`the token endpoint is rate limiting (HTTP 429 after ${attempts} attempt${attempts === 1 ? '' : 's'}${retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(retryAfterMs / 1000)} s`})`);
  }
}

/** The token endpoint failed with a 5xx, also on the one retry. */
export class TokenServerError extends CredentialError {
  override name = 'TokenServerError';
  readonly code = 'token_server_error';
  constructor(
    readonly status: number,
    readonly attempts: number,
  ) {
    super(`the token endpoint failed (HTTP ${status} after ${attempts} attempt${attempts === 1 ? '' : 's'})`);
  }
}

/** A 2xx reply whose body is not a JSON object. */
export class TokenResponseMalformedError extends CredentialError {
  override name = 'TokenResponseMalformedError';
  readonly code = 'token_response_malformed';
  constructor(readonly detail: 'not JSON' | 'not a JSON object' | 'empty') {
    super(`the token endpoint's reply is malformed (${detail})`);
  }
}

/** A 2xx JSON reply without a non-empty string `access_token`. */
export class TokenMissingError extends CredentialError {
  override name = 'TokenMissingError';
  readonly code = 'token_missing';
  constructor() {
    super("the token endpoint's reply has no access_token");
  }
}

/** An access token that cannot be used: no expiry to go by, or already expired on arrival. */
export class TokenInvalidError extends CredentialError {
  override name = 'TokenInvalidError';
  readonly code = 'token_invalid';
  constructor(readonly reason: 'no expiry' | 'expired on arrival') {
    super(`the access token cannot be used (${reason === 'no expiry' ? 'neither a JWT exp nor expires_in gives its expiry' : 'it had expired when it arrived'})`);
  }
}

/** The token request got no complete reply within the per-request timeout. */
export class TokenTimeoutError extends CredentialError {
  override name = 'TokenTimeoutError';
  readonly code = 'token_timeout';
  constructor(readonly timeoutMs: number) {
    super(`the token endpoint did not answer within ${timeoutMs} ms`);
  }
}

/** The token request failed at the connection: refused or dropped. */
export class TokenNetworkError extends CredentialError {
  override name = 'TokenNetworkError';
  readonly code = 'token_network';
  constructor(readonly kind: 'refused' | 'reset' | 'other') {
    super(`the token request failed at the connection (${kind === 'refused' ? 'connection refused' : kind === 'reset' ? 'connection dropped before a reply' : 'network error'})`);
  }
}

/** The API refused the token even after one refresh and replay. */
export class ApiUnauthorizedError extends CredentialError {
  override name = 'ApiUnauthorizedError';
  readonly code = 'api_unauthorized';
  constructor() {
    super('the API refused the access token (HTTP 401), also after a refresh');
  }
}

/** Any other non-2xx API reply. */
export class ApiRequestError extends CredentialError {
  override name = 'ApiRequestError';
  readonly code = 'api_error';
  constructor(readonly status: number) {
    super(`the API request failed (HTTP ${status})`);
  }
}

/** A 2xx API reply whose body is not a JSON object: nothing was fetched, whatever the status says. */
export class ApiResponseMalformedError extends CredentialError {
  override name = 'ApiResponseMalformedError';
  readonly code = 'api_response_malformed';
  constructor(
    readonly status: number,
    readonly detail: 'not JSON' | 'not a JSON object' | 'empty',
  ) {
    super(`the API's reply is malformed (HTTP ${status}, ${detail})`);
  }
}

/** The API request failed at the connection or timed out. */
export class ApiNetworkError extends CredentialError {
  override name = 'ApiNetworkError';
  readonly code = 'api_network';
  constructor(readonly kind: string) {
    super(`the API request failed at the connection (${kind})`);
  }
}

/**
 * Remove `secret` from `text` in every encoding of {@link secretEncodings} (raw, JSON-escaped,
 * URL and form encodings, base64 and base64 inside longer base64 such as `Basic` credentials; a
 * PEM private key's body and lines too). `text` is unchanged when it has none. A secret shorter
 * than `MIN_SECRET_LENGTH` is still removed raw and URL-encoded: these messages are short
 * fixed text, so there is nothing to wreck, and an echoed short secret is still the secret.
 */
export function withoutSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const forms = isRedactable(secret) ? [...secretEncodings(secret), ...pemPrivateParts(secret).flatMap(textEncodings)] : [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  const re = anyOf(forms);
  const fragments = new Set(isRedactable(secret) ? base64Fragments(secret) : []);
  return re ? replaceForms(text, re, fragments, () => REDACTED) : text;
}
