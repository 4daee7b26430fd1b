/**
 * The exact texts of a plain AccessToken, per library: what the fast path (`fastAccessToken`
 * in fast.ts) assembles and what each profile's rules declare. Kept apart from fast.ts so the rules
 * (and the profile that holds them) need not import the fast path that reads the profile.
 */

/** The claims of a plain token; every string is plain (see `isPlain` in fast.ts) so it is its own JSON text between quotes. */
export interface PlainClaims {
  accountSid: string;
  keySid: string;
  identity: string;
  /**
   * The grant entries (`"voice":{…},"video":{…}`) without identity, in added order; may be empty.
   * For a layout that {@link AccessTokenLayout.sortsKeys sorts keys}: every grant's fields and the
   * entries in key order, `"identity":…` among them.
   */
  grants: string;
  /** Whole seconds of the clock. */
  now: number;
  ttl: number | undefined;
  nbf: number | undefined;
}

/**
 * How one library lays out a plain HS256 AccessToken: the exact header and payload JSON texts. The
 * general rules decide the same things value by value; this is their outcome for plain inputs.
 */
export interface AccessTokenLayout {
  /** The header JSON, with `twr` when `region` is given. */
  header(region: string | undefined): string;
  /** The payload JSON. */
  payload(c: PlainClaims): string;
  /** Every object's keys are written sorted (twilio-go's encoding/json): see {@link PlainClaims.grants}. */
  readonly sortsKeys?: boolean;
}
