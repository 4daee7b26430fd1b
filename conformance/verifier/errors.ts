/**
 * Every way the strict verifier rejects a token, as an error class with a stable `code` (in the
 * manner of jose's `ERR_JWT_EXPIRED`). Codes never change meaning; vectors and callers switch on
 * them, not on messages.
 */

/** The base class: a token the strict verifier refused. */
export class StrictVerificationError extends Error {
  /** A stable machine-readable code, `ERR_STRICT_*`. */
  static readonly code: string = 'ERR_STRICT_REJECTED';
  readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = (new.target as typeof StrictVerificationError).code;
  }
}

/** The token is longer than `maxTokenLength`. */
export class TokenTooLarge extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_TOKEN_TOO_LARGE';
}

/** Not three dot-separated segments, or an empty header or payload segment. */
export class MalformedToken extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_MALFORMED';
}

/** A segment holds characters outside the base64url alphabet (padding, `+`, `/`, whitespace) or has an impossible length. */
export class InvalidBase64url extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_BASE64URL';
}

/** A segment decodes, but its last character has non-zero unused bits: another text for the same bytes. */
export class NonCanonicalBase64url extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_BASE64URL_NON_CANONICAL';
}

/** The header or payload bytes are not UTF-8. */
export class InvalidUtf8 extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_UTF8';
}

/** The header or payload is not JSON. */
export class NotJson extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_NOT_JSON';
}

/** The header or payload is JSON, but not an object. */
export class NotAnObject extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_NOT_OBJECT';
}

/** An object in the header or payload repeats a member name (JSON.parse would silently keep the last). */
export class DuplicateKey extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_DUPLICATE_KEY';
}

/** `alg` is `none` (in any letter case): an unsecured token. */
export class AlgNone extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_ALG_NONE';
}

/** `alg` is missing, not a string, or not one of the allowed algorithms. */
export class AlgNotAllowed extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_ALG_NOT_ALLOWED';
}

/** `alg` does not fit the key: HMAC with an asymmetric key (algorithm confusion), RSA or ECDSA with a secret. */
export class AlgKeyMismatch extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_ALG_KEY_MISMATCH';
}

/** A header parameter listed in `crit` that is not understood (jose's own rule). */
export class UnsupportedCritical extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_CRIT';
}

/** `cty` is absent or not one of the required Twilio content types. */
export class CtyNotAllowed extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_CTY';
}

/** The signature is empty, truncated, modified, or made with another key or algorithm. */
export class SignatureInvalid extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_SIGNATURE';
}

/** A registered claim has the wrong type: exp, nbf, iat not numbers; iss, sub not strings. */
export class ClaimTypeInvalid extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_CLAIM_TYPE';
}

/** A required claim (by default `exp`) is absent. */
export class ClaimMissing extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_CLAIM_MISSING';
}

/** A time claim past 10^10 seconds (year 2286): almost certainly milliseconds. */
export class MillisecondTimestamp extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_MILLISECONDS';
}

/** `iat` is later than `exp`: the token was never valid. */
export class IatAfterExp extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_IAT_AFTER_EXP';
}

/** `exp` is at or before now minus the leeway. */
export class Expired extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_EXPIRED';
}

/** `nbf` is after now plus the leeway. */
export class NotYetValid extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_NOT_YET_VALID';
}

/** Every error class, by code. */
export const ERROR_CLASSES = [
  TokenTooLarge, MalformedToken, InvalidBase64url, NonCanonicalBase64url, InvalidUtf8, NotJson, NotAnObject, DuplicateKey,
  AlgNone, AlgNotAllowed, AlgKeyMismatch, UnsupportedCritical, CtyNotAllowed, SignatureInvalid, ClaimTypeInvalid, ClaimMissing,
  MillisecondTimestamp, IatAfterExp, Expired, NotYetValid,
] as const;

/** The stable codes the strict verifier can reject with. */
export type StrictErrorCode = (typeof ERROR_CLASSES)[number]['code'];
