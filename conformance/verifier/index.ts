/**
 * The strict verifier of twilio-jwt-conformance: jose plus the checks jose leaves out that Twilio
 * tokens make matter. Every rejection is a {@link StrictVerificationError} subclass with a stable
 * `code`; vectors/verifier/ holds the Wycheproof-style negative vectors it is tested against.
 *
 * ```ts
 * import { verifyStrict, Expired } from './conformance/verifier/index.ts';
 * const { payload } = await verifyStrict(token, secret, { algorithms: ['HS256'], clockTolerance: 30, requiredCty: true });
 * ```
 *
 * A rejected token throws a {@link StrictVerificationError}; bad options or an unusable key throw
 * {@link InvalidVerifyOptions} (a TypeError naming the option) before the token is read.
 *
 * @packageDocumentation
 */
export {
  verifyStrict,
  DEFAULT_MAX_TOKEN_LENGTH,
  MAX_PLAUSIBLE_SECONDS,
  MAX_NUMERIC_DATE,
  MAX_CLOCK_TOLERANCE,
  SUPPORTED_ALGORITHMS,
  TWILIO_CTYS,
  type StrictKey,
  type StrictVerifyOptions,
  type StrictVerifyResult,
} from './verify.ts';
export * from './errors.ts';
