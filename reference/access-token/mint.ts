import type { JsonValue } from '../json/value.ts';
import type { Minted } from '../jwt/compact.ts';
import type { HostMap, HostValue } from '../lang/host.ts';
import type { Profile } from '../profiles/profile.ts';
import { fastAccessToken } from './fast.ts';
import { GRANTS, fieldsPayload, grantPayload } from './grants.ts';
import { readAccessTokenInput, type AccessTokenArgs } from './input.ts';

/**
 * Build the AccessToken a library would emit for `args` at the frozen clock `clockMs`.
 * Throws `LibraryError` where the library rejects the input.
 */
export function buildAccessToken(args: AccessTokenArgs, profile: Profile, clockMs: number): Minted {
  return fastAccessToken(args, profile, clockMs) ?? buildAccessTokenGeneral(args, profile, clockMs);
}

/** {@link buildAccessToken} without the fast path: every rule applied value by value. */
export function buildAccessTokenGeneral(args: AccessTokenArgs, profile: Profile, clockMs: number): Minted {
  const { lang, accessToken: rules } = profile;
  rules.validate(args);
  const a = rules.afterConstruct ? rules.afterConstruct(args) : args;

  const grants: HostMap = new Map();
  const identity = rules.identity(a.values.get('identity'));
  if (identity !== undefined && rules.identityFirst) grants.set('identity', identity);
  for (const g of a.grants) {
    if (g.type === 'raw') continue; // rejected by validate() in the one library that has it
    const options = g.setAfter ? new Map([...g.options, ...g.setAfter]) : g.options;
    // A repeated grant type overwrites the value and keeps the first position, in every library.
    grants.set(GRANTS[g.type].key, grantPayload({ type: g.type, options }, lang, rules.playback, rules.grantFields?.[g.type]));
  }
  for (const g of a.libraryGrants ?? []) {
    const spec = rules.vocabulary.libraryGrants![g.type];
    grants.set(spec.key, fieldsPayload(g.setAfter ? new Map([...g.options, ...g.setAfter]) : g.options, spec.fields, lang));
  }
  if (identity !== undefined && !rules.identityFirst) grants.set('identity', identity);

  const jti = `${lang.str(a.values.get('keySid'))}-${lang.str(lang.nowSeconds(clockMs))}`;
  const claims: HostMap = new Map<string, HostValue>([
    ['jti', jti],
    ['grants', grants],
  ]);
  const header: HostMap = new Map([['cty', 'twilio-fpa;v=1']]);
  const twr = rules.region(a.values.get('region'));
  if (twr !== undefined) header.set('twr', twr);
  return rules.sign({ header, claims }, a, clockMs);
}

/** Read an `access_token` case input in the profile's vocabulary and mint it. */
export function mintAccessToken(input: JsonValue, profile: Profile, clockMs: number): Minted {
  return buildAccessToken(readAccessTokenInput(input, profile.accessToken.vocabulary, profile.lang), profile, clockMs);
}
