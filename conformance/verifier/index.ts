/**
 * The strict verifier of twilio-jwt-conformance: jose plus the checks jose leaves out that Twilio
 * tokens make matter. Every rejection is a {@link StrictVerificationError} subclass with a stable
 * `code`; vectors/verifier/ holds the Wycheproof-style negative vectors it is tested against.
 *
 * ```ts
 * import { verifyStrict, Expired } from 'twilio-jwt-conformance/verifier';
 * const { payload } = await verifyStrict(token, secret, { algorithms: ['HS256'], clockTolerance: 30, requiredCty: true });
 * ```
 *
 * A rejected token throws a {@link StrictVerificationError}; bad options or an unusable key throw
 * {@link InvalidVerifyOptions} (a TypeError naming the option) before the token is read.
 *
 * Policies beyond jose, each with its code:
 * - `exp`, `nbf` and `iat` are judged on their JSON text: a NumericDate is a number in
 *   [0, 2^53 - 1] seconds. Text too large for a double (`1e309`, which JSON.parse reads as
 *   Infinity and jose would let live forever), a negative value or one past 2^53 - 1 is
 *   `ERR_STRICT_NUMERIC_DATE`, before the signature is checked; a value in (10^10, 2^53 - 1] is
 *   `ERR_STRICT_MILLISECONDS`, after it.
 * - An HMAC secret that is public key material (PEM of any label, an OpenSSH or SSH2 public key,
 *   JWK or JWK-set JSON, DER or base64 DER of a key or certificate) is refused for HS tokens as
 *   `ERR_STRICT_HMAC_KEY_CONFUSION`, as jsonwebtoken 9 and PyJWT refuse it, whether it is given
 *   as bytes or as a secret KeyObject.
 * - A private key object verifies with its public half; an HS token meeting any asymmetric key,
 *   or an ES token meeting another curve, is `ERR_STRICT_ALG_KEY_MISMATCH`.
 *
 * @packageDocumentation
 */
export { verifyStrict, DEFAULT_MAX_TOKEN_LENGTH, MAX_PLAUSIBLE_SECONDS, MAX_NUMERIC_DATE, MAX_CLOCK_TOLERANCE, SUPPORTED_ALGORITHMS, TWILIO_CTYS, type StrictKey, type StrictVerifyOptions, type StrictVerifyResult } from './verify.ts';
export * from './errors.ts';
