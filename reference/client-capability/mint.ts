import type { JsonValue } from '../json/value.ts';
import type { Minted } from '../jwt/compact.ts';
import type { HostMap } from '../lang/host.ts';
import { familyRules } from '../profiles/lacks.ts';
import type { Profile } from '../profiles/profile.ts';
import { readClientCapabilityInput, type ClientCapabilityArgs } from './input.ts';

/**
 * Build the ClientCapability token a library would emit for `args` at the frozen clock `clockMs`.
 * Throws `LibraryError` where the library rejects the input.
 */
export function buildClientCapability(args: ClientCapabilityArgs, profile: Profile, clockMs: number): Minted {
  const rules = familyRules(profile.clientCapability);
  const built = rules.build(args);
  const claims = (): HostMap => {
    // Every library joins its scopes with one space, in the order it holds them.
    const scope = built.rawScopes !== undefined && rules.renderRawScopes ? rules.renderRawScopes(built.rawScopes) : built.scopes.map((s) => rules.render(s)).join(' ');
    return new Map([['scope', scope]]);
  };
  return rules.sign(claims, built, args, clockMs);
}

/** Read a `client_capability` case input in the profile's vocabulary and mint it. */
export function mintClientCapability(input: JsonValue, profile: Profile, clockMs: number): Minted {
  return buildClientCapability(readClientCapabilityInput(input, familyRules(profile.clientCapability).vocabulary, profile.lang), profile, clockMs);
}
