import type { Minted } from '../jwt/compact.ts';
import type { GrantField, GrantType } from './grants.ts';
import type { AccessTokenLayout } from './layout.ts';
import type { HostMap, HostValue } from '../lang/host.ts';
import type { AccessTokenArgs, AccessTokenVocabulary } from './input.ts';

/** The family's own parts of the token, before the library's base JWT mechanics add theirs. */
export interface AccessTokenParts {
  /** `cty` and, where the library emits it, `twr`. */
  header: HostMap;
  /** `jti` and `grants`, in that order. */
  claims: HostMap;
}

/**
 * Everything one library does differently for AccessToken, as data and small functions. The
 * family code ({@link mintAccessToken}) calls these and never asks which library it is.
 */
export interface AccessTokenRules {
  readonly vocabulary: AccessTokenVocabulary;
  /** Constructor and add-grant checks, in the library's order; throws the library's error. */
  validate(args: AccessTokenArgs): void;
  /** Applies object-API writes made between construction and `toJwt` (node/ruby `setAfter`). */
  afterConstruct?(args: AccessTokenArgs): AccessTokenArgs;
  /** The identity claim as the library emits it, or `undefined` when it leaves it out. */
  identity(v: HostValue | undefined): HostValue | undefined;
  /** Whether identity is the first key of `grants` (else the last). */
  readonly identityFirst: boolean;
  /** The payload fields of grant classes that write more than `GRANTS` lists (twilio-php's SyncGrant), by grant type. */
  readonly grantFields?: Partial<Record<GrantType, readonly GrantField[]>>;
  /** The `player` grant value for a given `grant` option. */
  playback(grant: HostValue | undefined): HostValue;
  /** The `twr` header, or `undefined` when the library leaves it out. */
  region(v: HostValue | undefined): HostValue | undefined;
  /** Finishes and signs the token the way the library's base JWT class does. */
  sign(parts: AccessTokenParts, args: AccessTokenArgs, clockMs: number): Minted;
  /** The exact texts of a plain HS256 token, for the fast path (see access-token/fast.ts). */
  readonly layout?: AccessTokenLayout;
}
