/**
 * twilio-jwt-conformance/reference: Twilio tokens exactly as twilio-node, twilio-python or
 * twilio-ruby emit them, chosen by `profile`. No runtime dependencies beyond `node:crypto`.
 *
 * @packageDocumentation
 */
export { AccessToken, ChatGrant, Grant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant, type AccessTokenOptions } from './access-token/api.ts';
export { mintCase, REFERENCE_FAMILIES } from './cases.ts';
export { isDecoded, type FamilyDecoded, type FamilyResult, type FamilyToken } from './family.ts';
export { parseLossless, JsonParseError } from './json/parse.ts';
export { stringifyLossless, formatLossless } from './json/stringify.ts';
export { JsonNumber, JsonObject, type JsonValue } from './json/value.ts';
export { LibraryError, UnsupportedInput } from './lang/lang.ts';
export { DEFAULT_PROFILE, getProfile, isProfileName, profileNames, PROFILES, registerProfile, type Profile, type ProfileName } from './profiles/index.ts';
