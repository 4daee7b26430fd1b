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

/** `alg` does not fit the key: HMAC with an asymmetric key (algorithm confusion), RSA or ECDSA with a secret, ECDSA on another curve. */
export class AlgKeyMismatch extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_ALG_KEY_MISMATCH';
}

/**
 * An HMAC token, and the HMAC secret is the text or encoding of an asymmetric key, a certificate or
 * a JWK (PEM armour, an OpenSSH public key line, DER, base64 DER, JWK JSON). That material is
 * public, so anyone could sign HMAC tokens with it: algorithm confusion through the secret
 * (jsonwebtoken 9 and PyJWT refuse such secrets too).
 */
export class HmacKeyConfusion extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_HMAC_KEY_CONFUSION';
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

/**
 * `exp`, `nbf` or `iat` is a number no NumericDate can be, judged on its text: too large for a
 * double (`1e309` reads as Infinity, which never expires), negative (before 1970), or past
 * 2^53 - 1 seconds (beyond any clock, and beyond what milliseconds could explain).
 */
export class NumericDateInvalid extends StrictVerificationError {
  static override readonly code = 'ERR_STRICT_NUMERIC_DATE';
}

/** A time claim past 10^10 seconds (year 2286) and at most 2^53 - 1: almost certainly milliseconds. */
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
  TokenTooLarge,
  MalformedToken,
  InvalidBase64url,
  NonCanonicalBase64url,
  InvalidUtf8,
  NotJson,
  NotAnObject,
  DuplicateKey,
  AlgNone,
  AlgNotAllowed,
  AlgKeyMismatch,
  HmacKeyConfusion,
  UnsupportedCritical,
  CtyNotAllowed,
  SignatureInvalid,
  ClaimTypeInvalid,
  ClaimMissing,
  NumericDateInvalid,
  MillisecondTimestamp,
  IatAfterExp,
  Expired,
  NotYetValid,
] as const;

/** The stable codes the strict verifier can reject with. */
export type StrictErrorCode = (typeof ERROR_CLASSES)[number]['code'];

/**
 * The caller's options or key are unusable (a negative or non-finite `clockTolerance`, an invalid
 * `currentDate`, an empty `algorithms`, a key that is no key, an RSA key under 2048 bits...). Not
 * a verdict on any token: it is thrown before the token is read, and it is a `TypeError` rather
 * than a {@link StrictVerificationError}, so that a configuration mistake is never taken for a
 * bad token (as jose throws `TypeError` for its options).
 */
export class InvalidVerifyOptions extends TypeError {
  /** A stable machine-readable code. */
  static readonly code = 'ERR_STRICT_OPTIONS';
  readonly code: string = InvalidVerifyOptions.code;
  /** The option at fault: `clockTolerance`, `currentDate`, `key`... */
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`verifyStrict option ${option}: ${problem}`);
    this.name = 'InvalidVerifyOptions';
    this.option = option;
  }
}
