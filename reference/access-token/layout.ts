/**
 * The exact texts of a plain AccessToken, per library: what the fast path (`fastAccessToken`
 * in fast.ts) assembles and what each profile's rules declare. Kept apart from fast.ts so the rules
 * (and the profile that holds them) need not import the fast path that reads the profile.
 */
import type { GrantType } from './grants.ts';

/** The claims of a plain token; every string is plain (see `isPlain` in fast.ts) so it is its own JSON text between quotes. */
export interface PlainClaims {
  accountSid: string;
  keySid: string;
  identity: string;
  /**
   * The grant entries (`"voice":{…},"video":{…}`) without identity, in added order; may be empty.
   * For a layout that {@link AccessTokenLayout.sortsKeys sorts keys}: every grant's fields and the
   * entries in key order, `"identity":…` among them. For a layout with a
   * {@link AccessTokenLayout.grantsOrder grants order}: the entries, `"identity":…` among them, in that order.
   */
  grants: string;
  /** Whole seconds of the clock. */
  now: number;
  /** The clock in milliseconds, as given (a finite number from 0 to 2^50, possibly fractional). */
  nowMs: number;
  ttl: number | undefined;
  nbf: number | undefined;
}

/**
 * A plain grant's options: each plain string option by its option name, `incomingAllow` a boolean.
 * Never a voice grant's params or a playback grant (neither is plain).
 */
export type PlainGrantOptions = Readonly<Record<string, string | boolean>>;

/**
 * How one library lays out a plain HS256 AccessToken: the exact header and payload JSON texts. The
 * general rules decide the same things value by value; this is their outcome for plain inputs.
 */
export interface AccessTokenLayout {
  /** The header JSON, with `twr` when `region` is given. */
  header(region: string | undefined): string;
  /**
   * The payload JSON, or `undefined` when these claims, plain as they are, are not plain for this
   * library after all (a ttl its API does not take, say): the general path decides them.
   */
  payload(c: PlainClaims): string | undefined;
  /** Every object's keys are written sorted (twilio-go's encoding/json): see {@link PlainClaims.grants}. */
  readonly sortsKeys?: boolean;
  /**
   * The `grants` object's keys (`identity` first, then the grants' keys in added order) in the
   * order the library writes them, or `undefined` where the library does not fix one (the general
   * path answers). For a library whose grants map orders its keys by their set (Java's HashMap).
   */
  grantsOrder?(keys: readonly string[]): readonly string[] | undefined;
  /**
   * A plain grant's object text (`{…}`), for a library whose grant payloads are not the common
   * ones (field order, a false `incoming.allow` written). Absent: the common payload of `GRANTS`.
   */
  grant?(type: Exclude<GrantType, 'playback'>, options: PlainGrantOptions): string;
  /** HMAC secrets of fewer bytes than this the library refuses: such tokens take the general path. */
  readonly minSecretBytes?: number;
}
