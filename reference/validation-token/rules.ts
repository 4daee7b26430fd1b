import type { Minted } from '../jwt/compact.ts';
import type { CanonicalRequest } from './canonical.ts';
import type { ValidationTokenArgs, ValidationTokenVocabulary } from './input.ts';

/** The two claims the family contributes: the signed header names and the request hash. */
export interface ValidationClaims {
  hrh: string;
  rqh: string;
}

/** One case's library objects, built: what remains is to canonicalize the request and sign. */
export interface ValidationTokenBuild {
  /** The canonical request as the library computes it; throws the library's error. */
  canonicalize(): CanonicalRequest;
  /**
   * Finish and sign the token the way the library does, calling `claims` at the point where the
   * library computes `hrh` and `rqh` (so that errors come in the library's order).
   */
  sign(claims: () => ValidationClaims, clockMs: number): Minted;
}

/**
 * Everything one library does differently for PKCV validation tokens, as data and small
 * functions. The family code ({@link mintValidationToken}) calls these and never asks which
 * library it is.
 */
export interface ValidationTokenRules {
  readonly vocabulary: ValidationTokenVocabulary;
  /** Construct the library's objects from the case (its constructor errors are thrown here). */
  construct(args: ValidationTokenArgs): ValidationTokenBuild;
  /** The bytes the library hashes for a canonical request text (throws where its encoder would). */
  encode(canonical: string): Uint8Array;
}
