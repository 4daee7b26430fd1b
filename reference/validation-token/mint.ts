import type { JsonValue } from '../json/value.ts';
import type { FamilyToken } from '../family.ts';
import type { Profile } from '../profiles/profile.ts';
import { familyRules } from '../profiles/lacks.ts';
import { formatCanonicalRequest, sha256Hex } from './canonical.ts';
import { readValidationTokenInput } from './input.ts';

/**
 * Mint the PKCV validation token a profile's library would send for one case input at frozen
 * clock `clockMs`, with the canonical request it signed and that request's hash.
 * Throws `LibraryError` where the library rejects the input and `UnsupportedInput` where its API
 * cannot express it (or the library has no ValidationToken).
 */
export function mintValidationToken(input: JsonValue, profile: Profile, clockMs: number): FamilyToken {
  const rules = familyRules(profile.validationToken);
  const args = readValidationTokenInput(input, rules.vocabulary, profile.lang);
  const build = rules.construct(args);
  let canonicalRequest = '';
  let requestHash = '';
  const minted = build.sign(() => {
    const c = build.canonicalize();
    canonicalRequest = formatCanonicalRequest(c);
    requestHash = sha256Hex(rules.encode(canonicalRequest));
    return { hrh: c.signedHeaders.join(';'), rqh: requestHash };
  }, clockMs);
  return { ...minted, extras: { canonicalRequest, requestHash } };
}
