import type { Minted } from '../jwt/compact.ts';
import type { HostMap, HostValue } from '../lang/host.ts';
import type { ClientCapabilityArgs, ClientCapabilityVocabulary } from './input.ts';
import type { HeldScope } from './scopes.ts';

/** The capability object after construction, the scope-adding calls and any object-API writes. */
export interface BuiltCapability {
  /** The token object's own fields at `toJwt`, under the library's names. */
  fields: Map<string, HostValue | undefined>;
  /** The scopes it holds, in the order the claim lists them (python keeps one per kind). */
  scopes: HeldScope[];
  /** A scope collection that is no list (ruby's `scopes:` keyword or writer took it as it was). */
  rawScopes?: HostValue;
}

/**
 * Everything one library does differently for ClientCapability, as data and small functions. The
 * family code ({@link mintClientCapability}) calls these and never asks which library it is.
 */
export interface ClientCapabilityRules {
  readonly vocabulary: ClientCapabilityVocabulary;
  /**
   * The constructor, the scope constructors and adding calls, and object-API writes, in the order
   * the library (as the vocabulary drives it) runs them; throws the library's error.
   */
  build(args: ClientCapabilityArgs): BuiltCapability;
  /** One held scope as the library writes it into the `scope` claim (at `toJwt`). */
  render(scope: HeldScope): string;
  /** The `scope` claim of a scope collection that is no list, where the library allows one. */
  renderRawScopes?(scopes: HostValue): string;
  /**
   * Finishes and signs the token the way the library's base JWT does. `claims` builds `{scope}`;
   * it is called where the library builds its payload, so that errors come in the library's order.
   */
  sign(claims: () => HostMap, built: BuiltCapability, args: ClientCapabilityArgs, clockMs: number): Minted;
}
