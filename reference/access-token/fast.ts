/**
 * The AccessToken fast path. Nearly every production token is "plain": ASCII sids, identity and
 * option values, integer ttl/nbf, grants with string options, HS256. For those, every language
 * rule the general pipeline ({@link buildAccessToken}) applies has one outcome (truthiness, string
 * escaping, integer text, secret checks), so the token text can be assembled directly from the
 * profile's {@link AccessTokenLayout}. Anything else returns `undefined` and takes the general path.
 *
 * test/reference/access-token-fast.test.ts proves the two paths give identical bytes on generated
 * plain inputs in every profile; the oracle and differential suites run through it too.
 */
import type { Minted } from '../jwt/compact.ts';
import { hmacSignBase64url } from '../jwt/hmac.ts';
import type { HostValue } from '../lang/host.ts';
import type { Lang } from '../lang/lang.ts';
import type { Profile } from '../profiles/profile.ts';
import { GRANTS, isGrantType, type GrantType } from './grants.ts';
import type { AccessTokenArgs } from './input.ts';
import type { AccessTokenLayout } from './layout.ts';

// Printable ASCII without `"` and `\`: every library's JSON encoder writes these strings verbatim
// (PHP's also escapes `/`, which its layout does), and no library finds a non-empty one falsy but
// `"0"`, which PHP does: that one is left to the general path.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
// Printable ASCII without `-` or space: no library can take it for a PEM or SSH key, so it is an
// HMAC secret of its bytes everywhere.
const PLAIN_SECRET = /^[\x21-\x2c\x2e-\x7e]+$/;
// Keeps `now + ttl` and every integer well inside the range all three languages print as digits.
const MAX_TTL = 2 ** 40;
const MAX_CLOCK_MS = 2 ** 50;

const isPlain = (v: unknown): v is string => typeof v === 'string' && PLAIN.test(v) && v !== '0';

/** One grant as either caller holds it: its type and its options' entries. */
interface GrantEntries {
  type: string;
  entries: Iterable<[string, unknown]>;
}

/** `"key":{…}` of one plain grant, or `undefined` when an option is not plain; written by the layout's `grant` when it has one. */
function grantEntry(type: GrantType, entries: Iterable<[string, unknown]>, layout: AccessTokenLayout): string | undefined {
  // A playback grant's value is emitted as given: not plain.
  if (type === 'playback') return undefined;
  const spec = GRANTS[type];
  const given: Record<string, string | boolean> = {};
  for (const [option, value] of entries) {
    if (value === undefined) continue; // the public API leaves unset options undefined
    // Voice params are emitted as given, whatever their type: not plain.
    if (!spec.options.includes(option) || option === 'outgoingApplicationParams') return undefined;
    if (option === 'incomingAllow' ? typeof value !== 'boolean' : !isPlain(value)) return undefined;
    given[option] = value as string | boolean;
  }
  if (layout.grant) return `"${spec.key}":${layout.grant(type, given)}`;
  const parts: string[] = [];
  if (type === 'voice') {
    if (given.incomingAllow === true) parts.push('"incoming":{"allow":true}');
    if (given.outgoingApplicationSid) parts.push(`"outgoing":{"application_sid":"${given.outgoingApplicationSid}"}`);
    if (given.pushCredentialSid) parts.push(`"push_credential_sid":"${given.pushCredentialSid}"`);
    if (given.endpointId) parts.push(`"endpoint_id":"${given.endpointId}"`);
  } else {
    for (const { option, claim } of spec.fields) if (given[option]) parts.push(`"${claim}":"${given[option]}"`);
  }
  // `"a":…` sorts before `"ab":…` (`"` is below every key character): sorting the parts sorts the keys.
  if (layout.sortsKeys) parts.sort();
  return `"${spec.key}":{${parts.join(',')}}`;
}

/**
 * The grant entries in added order; with `identity` among them in key order for a layout that
 * sorts keys, or in the layout's own grants order.
 */
function grantEntries(grants: Iterable<GrantEntries>, layout: AccessTokenLayout, identity: string): string | undefined {
  const out: string[] = [];
  const keys: string[] = ['identity'];
  for (const g of grants) {
    // A repeated type keeps its first position with the last value: left to the general path.
    if (!isGrantType(g.type) || keys.includes(GRANTS[g.type].key)) return undefined;
    keys.push(GRANTS[g.type].key);
    const entry = grantEntry(g.type, g.entries, layout);
    if (entry === undefined) return undefined;
    out.push(entry);
  }
  if (layout.grantsOrder) {
    const order = layout.grantsOrder(keys);
    if (order === undefined) return undefined;
    return order.map((k) => (k === 'identity' ? `"identity":"${identity}"` : out[keys.indexOf(k) - 1])).join(',');
  }
  if (!layout.sortsKeys) return out.join(',');
  out.push(`"identity":"${identity}"`);
  return out.sort().join(',');
}

/** The scalar inputs of an AccessToken, as host values of the profile's language. */
export interface FastFields {
  accountSid: HostValue | undefined;
  keySid: HostValue | undefined;
  secret: HostValue | undefined;
  identity: HostValue | undefined;
  ttl: HostValue | undefined;
  nbf: HostValue | undefined;
  region: HostValue | undefined;
}

interface Segments {
  header: string;
  payload: string;
  token: string;
}

// One header segment per profile layout and region; bounded so arbitrary regions cannot grow it.
const headerSegments = new WeakMap<AccessTokenLayout, Map<string, string>>();
const HEADER_CACHE_LIMIT = 64;

function headerSegment(layout: AccessTokenLayout, region: string | undefined): { json: string; segment: string } {
  let cache = headerSegments.get(layout);
  if (!cache) headerSegments.set(layout, (cache = new Map()));
  const json = layout.header(region);
  let segment = cache.get(json);
  if (segment === undefined) {
    segment = Buffer.from(json, 'latin1').toString('base64url');
    if (cache.size >= HEADER_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(json, segment);
  }
  return { json, segment };
}

function mintPlain(layout: AccessTokenLayout, lang: Lang, f: FastFields, grants: Iterable<GrantEntries>, clockMs: number): Segments | undefined {
  const { accountSid, keySid, secret, identity, region } = f;
  if (!isPlain(accountSid) || !isPlain(keySid) || !isPlain(identity)) return undefined;
  if (typeof secret !== 'string' || !PLAIN_SECRET.test(secret)) return undefined;
  // Plain secrets are ASCII: one byte a character.
  if (layout.minSecretBytes !== undefined && secret.length < layout.minSecretBytes) return undefined;
  if (region !== undefined && !isPlain(region)) return undefined;
  if (!(clockMs >= 0 && clockMs < MAX_CLOCK_MS)) return undefined;
  let ttl: number | undefined;
  if (f.ttl !== undefined) {
    ttl = lang.safeInteger(f.ttl);
    // ttl 0 is falsy in JavaScript and Python but not Ruby: only positive ttls are plain.
    if (ttl === undefined || ttl < 1 || ttl > MAX_TTL) return undefined;
  }
  let nbf: number | undefined;
  if (f.nbf !== undefined) {
    nbf = lang.safeInteger(f.nbf);
    if (nbf === undefined) return undefined;
  }
  const entries = grantEntries(grants, layout, identity);
  if (entries === undefined) return undefined;

  const payload = layout.payload({ accountSid, keySid, identity, grants: entries, now: Math.floor(clockMs / 1000), nowMs: clockMs, ttl, nbf });
  if (payload === undefined) return undefined;
  const header = headerSegment(layout, region);
  const signingInput = `${header.segment}.${Buffer.from(payload, 'latin1').toString('base64url')}`;
  return { header: header.json, payload, token: `${signingInput}.${hmacSignBase64url('HS256', secret, signingInput)}` };
}

const SCALAR = new Set(['number', 'bigint', 'boolean']);
const FIELD_KEYS = new Set(['accountSid', 'keySid', 'secret', 'identity', 'ttl', 'nbf', 'region']);

/**
 * The token for parsed case arguments when they are plain, else `undefined`. Any other input key
 * (an algorithm, `setAfter`, `validUntil`, …) leaves the decision to the general path.
 */
export function fastAccessToken(args: AccessTokenArgs, profile: Profile, clockMs: number): Minted | undefined {
  const layout = profile.accessToken.layout;
  if (!layout) return undefined;
  const v = args.values;
  if (args.libraryGrants) return undefined;
  for (const k of v.keys()) if (!FIELD_KEYS.has(k)) return undefined;
  const grants: GrantEntries[] = [];
  for (const g of args.grants) {
    if (g.type === 'raw' || g.setAfter) return undefined;
    grants.push({ type: g.type, entries: g.options });
  }
  const fields: FastFields = {
    accountSid: v.get('accountSid'),
    keySid: v.get('keySid'),
    secret: v.get('secret'),
    identity: v.get('identity'),
    ttl: v.get('ttl'),
    nbf: v.get('nbf'),
    region: v.get('region'),
  };
  const s = mintPlain(layout, profile.lang, fields, grants, clockMs);
  if (!s) return undefined;
  return { token: s.token, headerBytes: Buffer.from(s.header, 'latin1'), payloadBytes: Buffer.from(s.payload, 'latin1') };
}

/**
 * The token for the public API's fields and grants when they are plain, else `undefined`. Native
 * values are read the way the general path reads them (`lang.fromNative`).
 */
export function fastAccessTokenFromNative(profile: Profile, fields: Record<keyof FastFields, unknown>, grants: ReadonlyArray<{ type: string; options: object }>, clockMs: number): string | undefined {
  const layout = profile.accessToken.layout;
  if (!layout) return undefined;
  const { lang } = profile;
  // Scalars are read as the general path reads them; anything else becomes null, which no field
  // accepts as plain.
  const read = (x: unknown): HostValue | undefined => (x === undefined ? undefined : typeof x === 'string' ? x : SCALAR.has(typeof x) ? lang.fromNative(x) : null);
  const host: FastFields = {
    accountSid: read(fields.accountSid),
    keySid: read(fields.keySid),
    secret: read(fields.secret),
    identity: read(fields.identity),
    ttl: read(fields.ttl),
    nbf: read(fields.nbf),
    region: read(fields.region),
  };
  const entries: GrantEntries[] = [];
  for (const g of grants) {
    if (typeof g.options !== 'object' || g.options === null || Array.isArray(g.options)) return undefined;
    entries.push({ type: g.type, entries: Object.entries(g.options) });
  }
  return mintPlain(layout, lang, host, entries, clockMs)?.token;
}
