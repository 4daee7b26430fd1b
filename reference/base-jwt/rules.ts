import type { FamilyDecoded } from '../family.ts';
import type { Minted } from '../jwt/compact.ts';
import type { BaseJwtArgs, BaseJwtVocabulary } from './input.ts';

/**
 * A library's public base JWT class (twilio-python's `Jwt`): encoding with a minimal subclass that
 * returns the case's payload and headers, and `from_jwt`. The family code ({@link runBaseJwt})
 * calls these and never asks which library it is.
 */
export interface BaseJwtRules {
  readonly vocabulary: BaseJwtVocabulary;
  /** Construct the subclass and call `to_jwt` once at clock `clockMs`; throws the library's error. */
  encode(args: BaseJwtArgs, clockMs: number): Minted;
  /** The class's `from_jwt` at clock `clockMs`, then the decoded header and payload as the object gives them. */
  decode(args: BaseJwtArgs, clockMs: number): FamilyDecoded;
}
