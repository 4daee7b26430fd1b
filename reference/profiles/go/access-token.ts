/**
 * twilio-go v1.30.9 `client/jwt` AccessToken (research/go-java-spec.md, "twilio-go"), called as
 * the oracle README's go vocabulary says: `CreateAccessToken(AccessTokenParams{...})` with typed
 * fields (absent = zero value, numbers float64), one `AddGrant` per grant (or
 * `AccessTokenParams.Grants` with `grantsVia`), then `ToJwt()`.
 *
 * The token: header `{alg, cty[, twr], typ}` and payload `{exp, grants, iss, jti, nbf[, sub]}`, both
 * maps that `json.Marshal` writes with sorted keys (identity sorted among the grant keys); no
 * `iat`; `nbf` the clock unless set (0 counts as unset); `exp` the clock plus `max(ttl, 3600)`
 * in float64, or `ValidUntil` when set; `sub` and identity left out when empty, `twr` when the
 * region is empty; every grant emitted even when empty, the last of one key winning.
 */
import { GRANTS, type GrantType } from '../../access-token/grants.ts';
import type { AccessTokenArgs, LibraryGrant } from '../../access-token/input.ts';
import type { AccessTokenRules } from '../../access-token/rules.ts';
import { compactHmac } from '../../jwt/compact.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { goJsonEncode } from '../../lang/go.ts';
import { callCount, goBoolParam, goFloatParam, goMapParam, goStringParam, goTtl } from './params.ts';

/** `AccessTokenParams` fields by input key, with their Go types. */
const STRING_PARAMS = ['accountSid', 'keySid', 'secret', 'identity', 'region'] as const;
const FLOAT_PARAMS = ['ttl', 'nbf', 'validUntil'] as const;
const TOP_KEYS = [...STRING_PARAMS, ...FLOAT_PARAMS, 'grantsVia', 'extraToJwtCalls'];
/** More `ToJwt()` calls than this are not replayed (each builds the same token again). */
const MAX_EXTRA_CALLS = 1000;

/** The grant types twilio-go has beyond the six shared ones. */
const LIBRARY_GRANTS: Readonly<Record<string, LibraryGrant>> = {
  // IpMessagingGrant: ChatGrant's four fields under its own key.
  ip_messaging: { key: 'ip_messaging', fields: GRANTS.chat.fields },
  // ConversationsGrant.
  rtc: { key: 'rtc', fields: [{ option: 'configurationProfileSid', claim: 'configuration_profile_sid' }] },
};

/** Each grant struct's fields (by option) and their Go types. */
const GRANT_STRUCTS: Readonly<Record<GrantType, Readonly<Record<string, 'string' | 'bool' | 'map'>>>> = {
  voice: { incomingAllow: 'bool', outgoingApplicationSid: 'string', outgoingApplicationParams: 'map', pushCredentialSid: 'string', endpointId: 'string' },
  video: { room: 'string' },
  chat: { serviceSid: 'string', endpointId: 'string', deploymentRoleSid: 'string', pushCredentialSid: 'string' },
  sync: { serviceSid: 'string', endpointId: 'string' },
  task_router: { workspaceSid: 'string', workerSid: 'string', role: 'string' },
  // PlaybackGrant is itself a map.
  playback: { grant: 'map' },
};

/** The Go class names, for the messages. */
const STRUCT_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(GRANTS).map(([type, g]) => [type, g.className])),
  ip_messaging: 'IpMessagingGrant',
  rtc: 'ConversationsGrant',
};

/** Check one grant's options (and fields set after) against its struct. */
function checkGrantFields(type: string, fields: Readonly<Record<string, 'string' | 'bool' | 'map'>>, options: Iterable<[string, HostValue]>, where: string): void {
  for (const [option, value] of options) {
    const t = fields[option];
    const what = `${where}.${option} (${STRUCT_NAMES[type]})`;
    if (t === undefined) throw new UnsupportedInput(`${what}: ${STRUCT_NAMES[type]} has no such field`);
    if (t === 'string') goStringParam(value, what);
    else if (t === 'bool') goBoolParam(value, what);
    else goMapParam(value, what, null);
  }
}

/** Refuse what the typed API cannot take, then raise twilio-go's panics in the order it would. */
function validate({ values: v, grants, libraryGrants = [] }: AccessTokenArgs): void {
  for (const k of STRING_PARAMS) goStringParam(v.get(k), k);
  for (const k of FLOAT_PARAMS) goFloatParam(v.get(k), k);
  const via = v.get('grantsVia');
  // `AccessTokenParams.Grants` (the recordings reuse python's name "constructor" for it).
  if (via !== undefined && via !== 'params' && via !== 'constructor') throw new UnsupportedInput('grantsVia must be "params" (AccessTokenParams.Grants)');
  callCount(v.get('extraToJwtCalls'), 'extraToJwtCalls', MAX_EXTRA_CALLS);
  for (const [i, g] of grants.entries()) {
    if (g.type === 'raw') continue;
    for (const options of [g.options, g.setAfter ?? new Map()]) checkGrantFields(g.type, GRANT_STRUCTS[g.type], options, `grants[${i}]`);
  }
  for (const g of libraryGrants) {
    const fields = Object.fromEntries(LIBRARY_GRANTS[g.type].fields.map((f) => [f.option, 'string' as const]));
    for (const options of [g.options, g.setAfter ?? new Map()]) checkGrantFields(g.type, fields, options, `grants (${g.type})`);
  }
  if (grants.some((g) => g.type === 'raw')) {
    // A nil in AccessTokenParams.Grants is only met in GeneratePayload, as a nil dereference: not recorded.
    if (via !== undefined) throw new UnsupportedInput('a nil grant in AccessTokenParams.Grants (grantsVia) was not recorded');
    throw new LibraryError('panic', 'Grant to add is nil');
  }
  // Jwt.ToJwt checks the key before building anything.
  if ((v.get('secret') ?? '') === '') throw new LibraryError('panic', 'JWT does not have a signing key configured.');
}

/** The token's fields as `CreateAccessToken` stores them: zero values for what is absent, the ttl floored. */
function construct(args: AccessTokenArgs): AccessTokenArgs {
  const v = args.values;
  const values = new Map<string, HostValue>();
  for (const k of STRING_PARAMS) values.set(k, goStringParam(v.get(k), k));
  for (const k of FLOAT_PARAMS) values.set(k, goFloatParam(v.get(k), k));
  values.set('ttl', goTtl(values.get('ttl') as number));
  return { ...args, values };
}

export const goAccessToken: AccessTokenRules = {
  vocabulary: { keys: TOP_KEYS, grantKeys: ['setAfter'], rawGrants: false, nullGrants: true, libraryGrants: LIBRARY_GRANTS },
  validate,
  afterConstruct: construct,
  identity: (v) => (v === '' || v === undefined ? undefined : v),
  // Marshal sorts the grants map: where identity is inserted does not matter.
  identityFirst: false,
  // PlaybackGrant is the map itself: absent is an empty map, null the nil map (written null).
  playback: (g) => (g === undefined ? new Map() : g),
  region: (v) => (v === '' || v === undefined ? undefined : v),
  // Plain strings hold nothing Marshal escapes but `<`, `>` and `&` (never structural in these texts).
  layout: {
    sortsKeys: true,
    header: (region) => `{"alg":"HS256","cty":"twilio-fpa;v=1",${region === undefined ? '' : `"twr":"${html(region)}",`}"typ":"JWT"}`,
    payload: (c) =>
      `{"exp":${c.now + goTtl(c.ttl ?? 0)},"grants":{${html(c.grants)}},"iss":"${html(c.keySid)}","jti":"${html(c.keySid)}-${c.now}",` + `"nbf":${c.nbf === undefined || c.nbf === 0 ? c.now : c.nbf},"sub":"${html(c.accountSid)}"}`,
  },
  sign({ header, claims }, { values: v }, clockMs) {
    const now = Math.floor(clockMs / 1000);
    const nbf = v.get('nbf') as number;
    const validUntil = v.get('validUntil') as number;
    const payload: HostMap = new Map<string, HostValue>([
      ['jti', claims.get('jti')!],
      ['grants', claims.get('grants')!],
      ['iss', v.get('keySid')!],
      ['exp', validUntil !== 0 ? validUntil : now + (v.get('ttl') as number)],
      ['nbf', nbf !== 0 ? nbf : now],
    ]);
    if (v.get('accountSid') !== '') payload.set('sub', v.get('accountSid')!);
    const h: HostMap = new Map<string, HostValue>([...header, ['alg', 'HS256'], ['typ', 'JWT']]);
    return compactHmac('HS256', v.get('secret') as string, Buffer.from(goJsonEncode(h), 'utf8'), Buffer.from(goJsonEncode(payload), 'utf8'));
  },
};

const HTML: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

/** encoding/json's HTML-safe escapes, for text whose strings are plain. */
function html(s: string): string {
  return /[<>&]/.test(s) ? s.replace(/[<>&]/g, (c) => HTML[c]) : s;
}
