/**
 * Auth strategies: what turns credentials into an `Authorization` value. The token strategy holds
 * one token and decides, by its profile's rules, when to fetch another.
 */
import { LibraryError, UnsupportedInput } from '../lang/lang.ts';
import type { HeldToken, ProviderRules, StrategyClassName } from './rules.ts';
import { SafelyShown, shownSecret } from './safe-view.ts';
import type { TokenManager } from './token-manager.ts';

/** Milliseconds since the epoch; injected so that tests and scenarios can move time. */
export type Clock = () => number;

/** The system clock. */
export const systemClock: Clock = () => Date.now();

/** Resolve a rule that is a value, or a reason the class cannot be used in this library. */
export function usable(v: string | Error): string {
  if (typeof v === 'string') return v;
  throw v;
}

/** Throw the library's error where its strategies cannot answer `requiresAuthentication()`. */
function askRequiresAuthentication(rules: ProviderRules, strategy: StrategyClassName): void {
  const missing = rules.missingRequiresAuthentication?.(strategy);
  if (missing) throw missing;
}

/** Base of every strategy: an auth type and an auth string. */
export abstract class AuthStrategy extends SafelyShown {
  private readonly authType: string;

  protected constructor(authType: string) {
    super();
    this.authType = authType;
  }

  /** The library's name for this kind of auth (`token`, `orgs_stoken`, `orgs_token`, ...). */
  getAuthType(): string {
    return this.authType;
  }

  /** The value for the `Authorization` header. */
  abstract getAuthString(): Promise<string>;

  /** Whether requests made with this strategy carry credentials. */
  abstract requiresAuthentication(): boolean;

  /** What inspect and JSON show: the settings, never a credential (see `safe-view.ts`). */
  describe(): Record<string, unknown> {
    return { authType: this.authType };
  }
}

/**
 * Bearer auth from a {@link TokenManager}, reusing its token until the profile's expiry rule says
 * otherwise. Concurrency follows the profile: node checks and fetches without coordination (N
 * concurrent callers, N fetches); python and ruby check and fetch under one lock.
 */
export class TokenAuthStrategy extends AuthStrategy {
  private held: HeldToken | undefined = undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly tokenManager: TokenManager,
    private readonly rules: ProviderRules,
    private readonly clock: Clock = systemClock,
  ) {
    super(rules.authTypes.tokenStrategy);
  }

  override async getAuthString(): Promise<string> {
    return this.rules.bearer(await this.fetchToken());
  }

  /** The held access token is a credential too: shown only as present or not. */
  override describe(): Record<string, unknown> {
    return { ...super.describe(), token: shownSecret(this.held), tokenManager: this.tokenManager };
  }

  override requiresAuthentication(): boolean {
    askRequiresAuthentication(this.rules, 'TokenAuthStrategy');
    return true;
  }

  /** The token to use now: the held one, or a freshly fetched one. */
  fetchToken(): Promise<HeldToken> {
    if (!this.rules.serializeRefresh) return this.checkAndFetch();
    const run = this.queue.then(() => this.checkAndFetch());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async checkAndFetch(): Promise<HeldToken> {
    if (!this.rules.needsFetch(this.held, this.clock())) return this.held as HeldToken;
    let token: HeldToken;
    try {
      token = await this.tokenManager.fetchToken();
    } catch (e) {
      throw e instanceof LibraryError ? this.rules.strategyError(e) : e;
    }
    this.held = token;
    return token;
  }
}

/** HTTP Basic from a username and password. */
export class BasicAuthStrategy extends AuthStrategy {
  constructor(
    private readonly rules: ProviderRules,
    private readonly username: string,
    private readonly password: string,
  ) {
    super(usable(rules.authTypes.basicStrategy));
  }

  override describe(): Record<string, unknown> {
    return { ...super.describe(), username: this.username, password: shownSecret(this.password) };
  }

  override getAuthString(): Promise<string> {
    const encode = this.rules.basicStrategyAuthString;
    // The constructor already refused a library without the class; this only keeps the types honest.
    if (!encode) return Promise.reject(new UnsupportedInput('the library has no BasicAuthStrategy class'));
    return Promise.resolve(encode(this.username, this.password));
  }

  override requiresAuthentication(): boolean {
    askRequiresAuthentication(this.rules, 'BasicAuthStrategy');
    return true;
  }
}

/** No credentials: an empty auth string. */
export class NoAuthStrategy extends AuthStrategy {
  constructor(private readonly rules: ProviderRules) {
    super(usable(rules.authTypes.noAuthStrategy));
  }

  override getAuthString(): Promise<string> {
    return Promise.resolve('');
  }

  override requiresAuthentication(): boolean {
    askRequiresAuthentication(this.rules, 'NoAuthStrategy');
    return false;
  }
}
