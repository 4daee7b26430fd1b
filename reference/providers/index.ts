/**
 * OAuth2 client-credentials providers, auth strategies and token managers, in each library's
 * behaviour (pick a profile's `providers` rules) and in this project's strict mode.
 *
 * ```ts
 * const provider = new ClientCredentialProviderBuilder({ rules: PROFILES.python.providers })
 *   .setClientId(id).setClientSecret(secret).build();
 * const client = new ApiClient({ rules: PROFILES.python.providers, baseUrl, credentialProvider: provider });
 * ```
 */
export { ApiClient, type ApiClientOptions, type ApiResult, type RefreshableStrategy, type RequestAuth } from './api-client.ts';
export * from './errors.ts';
export { BASE_HOSTS, DEFAULT_REGION, regionalHost, type Location } from './hosts.ts';
export { nodeTransport, TransportFailure, type HttpReply, type HttpRequest, type Transport } from './http.ts';
export { ClientCredentialProvider, ClientCredentialProviderBuilder, CredentialProvider, NoAuthCredentialProvider, OrgsCredentialProvider, OrgsCredentialProviderBuilder, type ProviderContext } from './providers.ts';
export type { Credential, HeldToken, ProviderEnvironment, ProviderRules } from './rules.ts';
export { AuthStrategy, BasicAuthStrategy, NoAuthStrategy, systemClock, TokenAuthStrategy, type Clock } from './strategies.ts';
export { jwtExpiryMs, retryAfterMs, StrictCredentialProvider, StrictTokenAuthStrategy, StrictTokenManager, strictApiRules, type IssuedToken, type StrictOptions } from './strict.ts';
export { ApiTokenManager, DEFAULT_TOKEN_BASE_URL, OrgsTokenManager, type TokenManager, type TokenManagerOptions } from './token-manager.ts';
