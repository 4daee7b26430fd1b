import { mintAccessToken } from './access-token/mint.ts';
import { runBaseJwt } from './base-jwt/run.ts';
import { mintClientCapability } from './client-capability/mint.ts';
import type { FamilyResult } from './family.ts';
import type { JsonValue } from './json/value.ts';
import { UnsupportedInput } from './lang/lang.ts';
import { mintTaskRouterCapability } from './taskrouter/mint.ts';
import type { Profile } from './profiles/profile.ts';
import { mintValidationToken } from './validation-token/mint.ts';

/** Families the reference can mint, each from a case input in the protocol vocabulary. */
const FAMILIES = {
  access_token: mintAccessToken,
  client_capability: mintClientCapability,
  taskrouter_capability: mintTaskRouterCapability,
  validation_token: mintValidationToken,
  jwt: runBaseJwt,
} satisfies Record<string, (input: JsonValue, profile: Profile, clockMs: number) => FamilyResult>;

export type ReferenceFamily = keyof typeof FAMILIES;

/** Where a profile keeps each family's rules. */
const RULES = {
  access_token: 'accessToken',
  client_capability: 'clientCapability',
  taskrouter_capability: 'taskrouterCapability',
  validation_token: 'validationToken',
  jwt: 'jwt',
  credential_provider: 'providers',
} as const satisfies Record<string, keyof Profile>;

/**
 * Whether the profile's library has the family but the reference does not model it yet (its
 * rules are `{ unsupported, notModelled: true }`): no expectation of the profile is known for it.
 */
export function notModelled(profile: Profile, family: string): boolean {
  const field = (RULES as Record<string, keyof Profile>)[family];
  const rules = field === undefined ? undefined : profile[field];
  return typeof rules === 'object' && rules !== null && 'notModelled' in rules && rules.notModelled === true;
}

export const REFERENCE_FAMILIES = Object.keys(FAMILIES) as ReferenceFamily[];

/**
 * Mint the token a profile's library would emit for one case input at frozen clock `clockMs` (with
 * any outputs its family adds), or the decoded token for a decode case.
 * Throws `LibraryError` where the library rejects the input and `UnsupportedInput` where its API
 * cannot express it.
 */
export function mintCase(family: string, input: JsonValue, profile: Profile, clockMs: number): FamilyResult {
  const mint = (FAMILIES as Record<string, (typeof FAMILIES)[ReferenceFamily]>)[family];
  if (!mint) throw new UnsupportedInput(`the reference does not implement the ${family} family yet`);
  return mint(input, profile, clockMs);
}
