/**
 * Credential providers and their builders. A provider is attached to a client, which asks it for
 * an auth strategy per request; whether that strategy (and so its token) is reused is the
 * profile's rule (node builds a new one every time).
 */
import type { Transport } from './http.ts';
import { environmentView, SafelyShown, shownSecret } from './safe-view.ts';
import type { Credential, ProviderClassName, ProviderEnvironment, ProviderRules } from './rules.ts';
import { AuthStrategy, NoAuthStrategy, systemClock, TokenAuthStrategy, usable, type Clock } from './strategies.ts';
import { ApiTokenManager, OrgsTokenManager, type TokenManager, type TokenManagerOptions } from './token-manager.ts';

/** Where providers live: the profile's rules, the clock, the token endpoint and the transport. */
export interface ProviderContext {
  readonly rules: ProviderRules;
  readonly clock?: Clock;
  /** Base URL of the token endpoint (default `https://oauth.twilio.com`). */
  readonly tokenBaseUrl?: string;
  readonly transport?: Transport;
  readonly environment?: ProviderEnvironment;
}

/** Base of every provider. */
export abstract class CredentialProvider extends SafelyShown {
  private readonly authType: string;

  protected constructor(authType: string) {
    super();
    this.authType = authType;
  }

  /** The library's name for this provider's kind of auth. */
  getAuthType(): string {
    return this.authType;
  }

  /** The strategy for the next request. */
  abstract toAuthStrategy(): AuthStrategy;

  /** What inspect and JSON show: the settings, never a secret (see `safe-view.ts`). */
  describe(): Record<string, unknown> {
    return { authType: this.authType };
  }
}

type ManagerClass = new (opts: TokenManagerOptions) => TokenManager;

/** Client credentials against the token endpoint; the shared body of both token providers. */
abstract class TokenCredentialProvider extends CredentialProvider {
  readonly grantType = 'client_credentials';
  clientId: Credential;
  clientSecret: Credential;
  tokenManager: TokenManager | null = null;
  private strategy: TokenAuthStrategy | undefined;

  protected constructor(
    authType: string,
    protected readonly ctx: ProviderContext,
    private readonly Manager: ManagerClass,
  ) {
    super(authType);
    this.clientId = ctx.rules.unsetCredential;
    this.clientSecret = ctx.rules.unsetCredential;
  }

  override describe(): Record<string, unknown> {
    return {
      ...super.describe(),
      grantType: this.grantType,
      clientId: this.clientId,
      clientSecret: shownSecret(this.clientSecret),
      tokenBaseUrl: this.ctx.tokenBaseUrl,
      environment: environmentView(this.ctx.environment),
      tokenManager: this.tokenManager,
    };
  }

  override toAuthStrategy(): AuthStrategy {
    this.tokenManager ??= new this.Manager({
      rules: this.ctx.rules,
      grantType: this.grantType,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      baseUrl: this.ctx.tokenBaseUrl,
      transport: this.ctx.transport,
      environment: this.ctx.environment,
    });
    const make = (): TokenAuthStrategy => new TokenAuthStrategy(this.tokenManager!, this.ctx.rules, this.ctx.clock ?? systemClock);
    if (this.ctx.rules.strategyPerRequest) return make();
    this.strategy ??= make();
    return this.strategy;
  }
}

/** OAuth2 client credentials for the public API (`ApiTokenManager`). */
export class ClientCredentialProvider extends TokenCredentialProvider {
  constructor(ctx: ProviderContext) {
    super(ctx.rules.authTypes.clientCredentialsProvider, ctx, ApiTokenManager);
  }
}

/** OAuth2 client credentials for Organizations APIs (`OrgsTokenManager`; the same behaviour). */
export class OrgsCredentialProvider extends TokenCredentialProvider {
  constructor(ctx: ProviderContext) {
    super(ctx.rules.authTypes.orgsProvider, ctx, OrgsTokenManager);
  }
}

/** A provider whose strategy sends no credentials (used for the token request itself in node). */
export class NoAuthCredentialProvider extends CredentialProvider {
  constructor(private readonly ctx: ProviderContext) {
    super(usable(ctx.rules.authTypes.noAuthProvider));
  }

  override toAuthStrategy(): AuthStrategy {
    return new NoAuthStrategy(this.ctx.rules);
  }
}

/**
 * Builds a token provider the node way (`setClientId`, `setClientSecret`, `setTokenManager`,
 * `build`). Like twilio-node it fills and returns one instance; `build()` applies the profile's
 * credential check, which is where python and ruby validate in their constructors.
 */
abstract class TokenProviderBuilder<P extends TokenCredentialProvider> {
  protected constructor(
    protected readonly instance: P,
    private readonly rules: ProviderRules,
    private readonly className: ProviderClassName,
  ) {}

  setClientId(clientId: Credential): this {
    this.instance.clientId = clientId;
    return this;
  }

  setClientSecret(clientSecret: Credential): this {
    this.instance.clientSecret = clientSecret;
    return this;
  }

  /** Replace the token manager (a custom one, or a strict one). */
  setTokenManager(tokenManager: TokenManager): this {
    this.instance.tokenManager = tokenManager;
    return this;
  }

  /** The provider; throws the library's error where it rejects the credentials. */
  build(): P {
    this.rules.checkCredentials(this.instance.clientId, this.instance.clientSecret, this.className);
    return this.instance;
  }
}

/** Builder of {@link ClientCredentialProvider}. */
export class ClientCredentialProviderBuilder extends TokenProviderBuilder<ClientCredentialProvider> {
  constructor(ctx: ProviderContext) {
    super(new ClientCredentialProvider(ctx), ctx.rules, 'ClientCredentialProvider');
  }
}

/** Builder of {@link OrgsCredentialProvider}. */
export class OrgsCredentialProviderBuilder extends TokenProviderBuilder<OrgsCredentialProvider> {
  constructor(ctx: ProviderContext) {
    super(new OrgsCredentialProvider(ctx), ctx.rules, 'OrgsCredentialProvider');
  }
}
