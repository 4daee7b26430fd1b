/**
 * twilio-java 12.0.0 `com.twilio.jwt.accesstoken.AccessToken` and its grants (research/go-java-spec.md,
 * "twilio-java"), called as the oracle README's java vocabulary says: `new Builder(accountSid,
 * keySid, secret.getBytes(UTF_8))`, `identity`/`region` when present (null allowed), `ttl(int)`,
 * `nbf(new Date(nbf * 1000))`, one `grant()` per grant built by its setters, `build()` (which reads
 * the clock), then `toJwt()`.
 *
 * - Header: a `HashMap` of `typ` and the token's own `cty` (and `twr` when the region is neither
 *   null nor empty), in HashMap order, then jjwt's `alg`: `{"cty","typ"[,"twr"],"alg"}`.
 * - Payload, in jjwt's call order: `iss`, `exp`, `grants`, `jti`, `sub`, then `nbf` when given; jjwt
 *   drops standard claims that are null or blank. No `iat`.
 * - `exp` = `(nowMs + ttl * 1000) / 1000` with the product a wrapping 32-bit int; `jti` = keySid,
 *   `-`, `(int) Math.floor(nowMs / 1000.0f)` (a float division).
 * - `grants`: a `HashMap` of `identity` (unless null; `""` kept) and each grant's payload, the
 *   payloads POJOs whose non-null fields come in declaration order.
 *
 * The fast layout ({@link AccessTokenLayout}) writes the same texts for plain inputs, its orders
 * read off the HashMap model at each call (so a fault planted in the model shows in both paths);
 * test/reference/access-token-fast.test.ts holds it to this general model byte for byte.
 */
import { GRANTS, type GrantType } from '../../access-token/grants.ts';
import type { AccessTokenArgs, GrantInput } from '../../access-token/input.ts';
import type { AccessTokenLayout, PlainClaims, PlainGrantOptions } from '../../access-token/layout.ts';
import type { AccessTokenRules } from '../../access-token/rules.ts';
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { doubleToLong, hashMapOrder, inHashMapOrder, intMul, INT_MAX, INT_MIN, javaStringHash, jtiSeconds, spread } from '../../lang/java.ts';
import { UnsupportedInput } from '../../lang/lang.ts';
import { IndeterminateOutput } from './indeterminate.ts';
import { javaSecretKey } from './secret.ts';
import { hasText, hmacMinKeyBytes, jjwtCompactHmac, jjwtSeconds } from './jjwt.ts';

type OptionType = 'String' | 'Boolean' | 'Map';

/** Each grant class's setters, by option, with the Java type they take. */
const SETTERS: Readonly<Record<GrantType, Readonly<Record<string, OptionType>>>> = {
  voice: { incomingAllow: 'Boolean', outgoingApplicationSid: 'String', outgoingApplicationParams: 'Map', pushCredentialSid: 'String', endpointId: 'String' },
  video: { room: 'String' },
  chat: { serviceSid: 'String', endpointId: 'String', deploymentRoleSid: 'String', pushCredentialSid: 'String' },
  sync: { serviceSid: 'String', endpointId: 'String' },
  task_router: { workspaceSid: 'String', workerSid: 'String', role: 'String' },
  playback: { grant: 'Map' },
};

/** The public fields of each field-per-option grant's `Payload`, in declaration order (Jackson's order). */
const PAYLOAD_FIELDS: Readonly<Record<'video' | 'chat' | 'sync' | 'task_router', ReadonlyArray<readonly [option: string, field: string]>>> = {
  video: [['room', 'room']],
  chat: [
    ['serviceSid', 'service_sid'],
    ['deploymentRoleSid', 'deployment_role_sid'],
    ['endpointId', 'endpoint_id'],
    ['pushCredentialSid', 'push_credential_sid'],
  ],
  sync: [
    ['serviceSid', 'service_sid'],
    ['endpointId', 'endpoint_id'],
  ],
  task_router: [
    ['workspaceSid', 'workspace_sid'],
    ['workerSid', 'worker_sid'],
    ['role', 'role'],
  ],
};

/** VoiceGrant's String fields after `incoming` and `outgoing`, in declaration order. */
const VOICE_STRING_FIELDS = [
  ['pushCredentialSid', 'push_credential_sid'],
  ['endpointId', 'endpoint_id'],
] as const;

const TOP_KEYS = ['accountSid', 'keySid', 'secret', 'identity', 'ttl', 'nbf', 'region', 'grantsVia', 'extraToJwtCalls'];

function fits(v: HostValue, type: OptionType): boolean {
  if (v === null) return true;
  if (type === 'String') return typeof v === 'string';
  if (type === 'Boolean') return typeof v === 'boolean';
  return isHostMap(v);
}

const typeName = (v: HostValue | undefined): string => (isHostMap(v) ? 'an object' : Array.isArray(v) ? 'a list' : typeof v === 'bigint' || typeof v === 'number' ? 'a number' : typeof v);

/** Refuse what the typed API cannot take, and what the real library does not decide the same way twice. */
function validate({ values: v, grants }: AccessTokenArgs): void {
  for (const k of ['accountSid', 'keySid', 'secret', 'identity', 'region']) {
    const x = v.get(k);
    if (x !== undefined && x !== null && typeof x !== 'string') throw new UnsupportedInput(`${k}: the Builder takes a String, not ${typeName(x)}`);
  }
  const ttl = v.get('ttl');
  if (ttl !== undefined && !(typeof ttl === 'bigint' && ttl >= INT_MIN && ttl <= INT_MAX)) throw new UnsupportedInput('ttl: Builder.ttl takes an int (a whole number from -2^31 to 2^31-1)');
  const nbf = v.get('nbf');
  if (nbf !== undefined && nbf !== null && typeof nbf !== 'bigint' && typeof nbf !== 'number') throw new UnsupportedInput('nbf: Builder.nbf takes a Date made from a number of seconds');
  if (typeof nbf === 'bigint' && (nbf * 1000n > 2n ** 63n - 1n || nbf * 1000n < -(2n ** 63n))) throw new UnsupportedInput("nbf: seconds beyond a Date's long milliseconds");
  const via = v.get('grantsVia');
  if (via !== undefined && via !== 'constructor') throw new UnsupportedInput('grantsVia: only "constructor" (Builder.grants(list)) is in the java vocabulary');
  const extra = v.get('extraToJwtCalls');
  if (extra !== undefined && (typeof extra !== 'bigint' || extra < 0n)) throw new UnsupportedInput('extraToJwtCalls must be a non-negative integer');

  const keys: string[] = [];
  grants.forEach((g, i) => {
    if (g.type === 'raw') throw new UnsupportedInput(`grants[${i}]: twilio-java takes only Grant objects`);
    for (const [option, value] of [...g.options, ...(g.setAfter ?? [])]) {
      const type = SETTERS[g.type][option];
      if (type === undefined) throw new UnsupportedInput(`grants[${i}]: ${GRANTS[g.type].className} has no setter for ${option}`);
      if (!fits(value, type)) throw new UnsupportedInput(`grants[${i}].${option}: the setter takes a ${type}, not ${typeName(value)}`);
    }
    keys.push(GRANTS[g.type].key);
  });
  // The grants are a HashSet<Grant> iterated in identity-hash order, which varies per run: which of
  // two grants of one type wins, and the order of two keys sharing a bucket, are not fixed.
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup !== undefined) throw new IndeterminateOutput(`two grants with the payload key "${dup}" (which one wins follows HashSet<Grant> order)`);
  const shared = sharedBucket(keys);
  if (shared) throw new IndeterminateOutput(`grants "${shared[0]}" and "${shared[1]}" share a HashMap bucket, so their order follows HashSet<Grant> order`);
}

/**
 * Two distinct grant payload keys that land in one bucket of the grants HashMap, if any: the
 * grants are put in HashSet<Grant> order, so the order of those two is not fixed. Identity and at
 * most six grant keys: the table never grows past its first 16 buckets.
 */
function sharedBucket(keys: readonly string[], from = 0): [string, string] | undefined {
  const buckets = keys.map((k) => 15 & spread(javaStringHash(k)));
  for (let i = from; i < keys.length; i++) {
    const j = buckets.indexOf(buckets[i], i + 1);
    if (j !== -1) return [keys[i], keys[j]];
  }
  return undefined;
}

/** A grant's state after its setters: the options, then any `setAfter` writes over them. */
const grantState = (g: Extract<GrantInput, { options: HostMap }>): HostMap => (g.setAfter ? new Map([...g.options, ...g.setAfter]) : g.options);

const nonEmpty = (x: HostValue | undefined): x is string => typeof x === 'string' && x !== '';

/** `grant.getPayload()`: a POJO's non-null fields in declaration order, or PlaybackGrant's map itself. */
function payload(type: GrantType, o: HostMap): HostValue {
  if (type === 'playback') return o.get('grant') ?? null;
  const p: HostMap = new Map();
  if (type === 'voice') {
    const allow = o.get('incomingAllow');
    if (allow !== undefined && allow !== null) p.set('incoming', new Map([['allow', allow]]));
    const sid = o.get('outgoingApplicationSid');
    if (nonEmpty(sid)) {
      const outgoing: HostMap = new Map([['application_sid', sid]]);
      const params = o.get('outgoingApplicationParams');
      if (params !== undefined && params !== null) outgoing.set('params', params);
      p.set('outgoing', inHashMapOrder(outgoing));
    }
    for (const [option, field] of VOICE_STRING_FIELDS) {
      const x = o.get(option);
      if (nonEmpty(x)) p.set(field, x);
    }
    return p;
  }
  for (const [option, field] of PAYLOAD_FIELDS[type]) {
    const x = o.get(option);
    if (x !== undefined && x !== null) p.set(field, x);
  }
  return p;
}

/** `new Date(nbf * 1000)`: the milliseconds of a whole or fractional number of seconds. */
function nbfMillis(nbf: HostValue): bigint {
  return typeof nbf === 'bigint' ? nbf * 1000n : doubleToLong((nbf as number) * 1000);
}

/** The header of `toJwt()`: `{typ}` + `{cty[, twr]}` put in their HashMap orders, then jjwt's `alg`. */
function layoutHeader(region: string | undefined): string {
  let out = '{';
  for (const k of hashMapOrder(['typ', ...hashMapOrder(region === undefined ? ['cty'] : ['cty', 'twr'])])) out += `"${k}":"${k === 'typ' ? 'JWT' : k === 'cty' ? 'twilio-fpa;v=1' : region}",`;
  return `${out}"alg":"HS256"}`;
}

/** A plain grant's `getPayload()` as Jackson writes it: the POJO's set fields in declaration order. */
function layoutGrant(type: Exclude<GrantType, 'playback'>, o: PlainGrantOptions): string {
  let out = '';
  if (type === 'voice') {
    // A Boolean: false is written too, only null is left out.
    if (o.incomingAllow !== undefined) out += `,"incoming":{"allow":${o.incomingAllow}}`;
    if (o.outgoingApplicationSid !== undefined) out += `,"outgoing":{"application_sid":"${o.outgoingApplicationSid}"}`;
  }
  for (const [option, field] of type === 'voice' ? VOICE_STRING_FIELDS : PAYLOAD_FIELDS[type]) if (o[option] !== undefined) out += `,"${field}":"${o[option]}"`;
  return `{${out.slice(1)}}`;
}

/**
 * The payload of `toJwt()` for plain claims: `iss`, `exp`, `grants`, `jti`, `sub`, `nbf`, jjwt
 * leaving out the sids without text. Declines a ttl `Builder.ttl(int)` cannot take and a clock
 * that is not whole milliseconds (`currentTimeMillis` is a long).
 */
function layoutPayload(c: PlainClaims): string | undefined {
  const ttl = c.ttl ?? 3600;
  if (ttl > INT_MAX || !Number.isInteger(c.nowMs)) return undefined;
  // (nowMs + ttl * 1000 as a wrapping int) / 1000 as a long: truncated toward zero. Below 2^51 the
  // double quotient is never within rounding of a whole number it does not equal, so truncating it is exact.
  const exp = Math.trunc((c.nowMs + intMul(ttl, 1000)) / 1000);
  const iss = hasText(c.keySid) ? `"iss":"${c.keySid}",` : '';
  const sub = hasText(c.accountSid) ? `,"sub":"${c.accountSid}"` : '';
  const nbf = c.nbf === undefined ? '' : `,"nbf":${c.nbf}`;
  return `{${iss}"exp":${exp},"grants":{${c.grants}},"jti":"${c.keySid}-${jtiSeconds(c.nowMs)}"${sub}${nbf}}`;
}

/** twilio-java's plain AccessToken texts, for the fast path (reference/access-token/fast.ts). */
const layout: AccessTokenLayout = {
  header: layoutHeader,
  payload: layoutPayload,
  // identity is put first, then each grant's key: their HashMap order, unless two grants share a bucket.
  grantsOrder: (keys) => (sharedBucket(keys, 1) ? undefined : hashMapOrder(keys)),
  grant: layoutGrant,
  minSecretBytes: hmacMinKeyBytes('HS256'),
};

export const javaAccessToken: AccessTokenRules = {
  vocabulary: { keys: TOP_KEYS, grantKeys: ['setAfter'], rawGrants: false },
  validate,
  identity: (v) => (v === undefined || v === null ? undefined : v),
  identityFirst: true,
  playback: (g) => g ?? null,
  region: (v) => (typeof v === 'string' && v !== '' ? v : undefined),
  layout,
  sign({ header: parts, claims }, { values: v, grants }, clockMs) {
    // build(): the SecretKeySpec first, then the clock.
    const key = javaSecretKey(v.get('secret'));
    const nowMs = BigInt(clockMs);
    const ttl = Number((v.get('ttl') as bigint | undefined) ?? 3600n);
    const expMs = nowMs + BigInt(intMul(ttl, 1000));

    const grantMap: HostMap = new Map();
    const identity = v.get('identity');
    if (identity !== undefined && identity !== null) grantMap.set('identity', identity);
    for (const g of grants) if (g.type !== 'raw') grantMap.set(GRANTS[g.type].key, payload(g.type, grantState(g)));

    // toJwt(): headers = {typ} + getHeaders() ({cty[, twr]}, itself a HashMap), all in HashMap order.
    const own = inHashMapOrder(new Map([...parts].filter(([k]) => k === 'cty' || k === 'twr')));
    const headers = inHashMapOrder(new Map<string, HostValue>([['typ', 'JWT'], ...own]));
    const nbf = v.get('nbf');
    return jjwtCompactHmac('HS256', key, headers, [
      { name: 'iss', value: v.get('keySid'), standard: true },
      { name: 'exp', value: jjwtSeconds(expMs), standard: true },
      // getClaims() is a HashMap holding only `grants`.
      { name: 'grants', value: inHashMapOrder(grantMap), standard: false },
      { name: 'jti', value: claims.get('jti'), standard: true },
      { name: 'sub', value: v.get('accountSid'), standard: true },
      { name: 'nbf', value: nbf === undefined || nbf === null ? undefined : jjwtSeconds(nbfMillis(nbf)), standard: true },
    ]);
  },
};
