/**
 * twilio-java 12.0.0 `com.twilio.jwt.client.ClientCapability` (research/go-java-spec.md,
 * "twilio-java"), called as the oracle README's java vocabulary says: `new Builder(accountSid,
 * authToken.getBytes(UTF_8)).ttl(ttl).scopes(list)` with `new IncomingClientScope(clientName)`,
 * `new OutgoingClientScope.Builder(applicationSid).clientName(…).params(…).build()` and
 * `new EventStreamScope.Builder().filters(…).build()`, then `build()` (which reads the clock) and
 * `toJwt()`.
 *
 * - Header `{typ}` + `{alg}` in HashMap order, jjwt's `alg` taking its place: `{"typ","alg"}`.
 * - Payload `iss` (the account sid), `exp`, `scope`: the scopes joined by spaces.
 * - Incoming: `clientName=` + the name as it is (not encoded; null prints `null`).
 * - Outgoing: `appSid`, `clientName` (unless null) and `appParams` (unless empty), each value
 *   through `URLEncoder`; `appParams` is `k=v&…` over the params encoded once, then encoded again.
 *   The params are a `HashMap` the Builder `putAll`s them into, so their order is a HashMap's of
 *   the size `putAll` picks. Event stream: `path=/2010-04-01/Events` and the filters likewise.
 */
import type { BuiltCapability, ClientCapabilityRules } from '../../client-capability/rules.ts';
import type { ScopeInput, ScopeType } from '../../client-capability/input.ts';
import { EVENTS_PATH, SCOPE_PREFIX, type HeldScope } from '../../client-capability/scopes.ts';
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { inHashMapOrder, intMul, INT_MAX, INT_MIN, javaUrlEncode, putAllOrder } from '../../lang/java.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { jjwtCompactHmac, jjwtSeconds } from './jjwt.ts';
import { javaSecretKey } from './secret.ts';

const npe = (message: string): LibraryError => new LibraryError('NullPointerException', message);

/** `URLEncoder.encode(s, "UTF-8")` of a String that may be null (an NPE inside, as JDK 17 words it). */
function encode(s: HostValue | undefined): string {
  if (s === undefined || s === null) throw npe('Cannot invoke "String.length()" because "s" is null');
  return javaUrlEncode(s as string);
}

/** `Builder.params(map)` / `filters(map)`: `putAll` into the Builder's empty HashMap (a null map: NPE at once). */
function putAll(where: string, m: HostValue | undefined): HostMap {
  if (m === undefined) return new Map();
  if (m === null) throw npe('Cannot invoke "java.util.Map.size()" because "m" is null');
  if (!isHostMap(m)) throw new UnsupportedInput(`${where}: the Builder takes a Map<String, String>`);
  for (const [k, v] of m) if (v !== null && typeof v !== 'string') throw new UnsupportedInput(`${where}.${k}: a Map<String, String> holds only strings`);
  // The map read from the input iterates in its own HashMap order; putAll re-buckets it.
  return new Map(putAllOrder([...m.keys()]).map((k) => [k, m.get(k)!]));
}

const str = (where: string, v: HostValue | undefined): void => {
  if (v !== undefined && v !== null && typeof v !== 'string') throw new UnsupportedInput(`${where}: the API takes a String`);
};

/** The scope objects, built in input order (a null params or filters map fails here, at the Builder). */
function newScope(s: ScopeInput, i: number): HeldScope {
  const k = s.keys;
  const where = `scopes[${i}]`;
  if (s.type === 'incoming') {
    str(`${where}.clientName`, k.get('clientName'));
    return { type: s.type, fields: new Map([['clientName', k.get('clientName') ?? null]]) };
  }
  if (s.type === 'outgoing') {
    str(`${where}.applicationSid`, k.get('applicationSid'));
    str(`${where}.clientName`, k.get('clientName'));
    if (!k.has('applicationSid')) throw new UnsupportedInput(`${where}: OutgoingClientScope.Builder takes the application sid`);
    return {
      type: s.type,
      fields: new Map<string, HostValue>([
        ['applicationSid', k.get('applicationSid')!],
        ['clientName', k.get('clientName') ?? null],
        ['params', putAll(`${where}.params`, k.get('params'))],
      ]),
    };
  }
  return { type: s.type, fields: new Map([['filters', putAll(`${where}.filters`, k.get('filters'))]]) };
}

/** `k=v&…` over a map's entries, each side URL-encoded. */
const query = (m: HostMap): string => [...m].map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');

const SCOPE_KEYS: Readonly<Record<ScopeType, readonly string[]>> = {
  incoming: ['clientName'],
  outgoing: ['applicationSid', 'clientName', 'params'],
  event_stream: ['filters'],
};

export const javaClientCapability: ClientCapabilityRules = {
  vocabulary: { keys: ['accountSid', 'authToken', 'ttl', 'toJwtTwice', 'extraToJwtCalls'], setAfter: false, scopeKeys: SCOPE_KEYS, rawScopes: false },
  build({ values: v, scopes }): BuiltCapability {
    str('accountSid', v.get('accountSid'));
    str('authToken', v.get('authToken'));
    const ttl = v.get('ttl');
    if (ttl !== undefined && !(typeof ttl === 'bigint' && ttl >= INT_MIN && ttl <= INT_MAX)) throw new UnsupportedInput('ttl: Builder.ttl takes an int');
    for (const k of ['toJwtTwice', 'extraToJwtCalls']) {
      const x = v.get(k);
      if (x !== undefined && typeof x !== 'boolean' && !(typeof x === 'bigint' && x >= 0n)) throw new UnsupportedInput(`${k} must be a boolean or a non-negative integer`);
    }
    return { fields: new Map(v), scopes: scopes.map(newScope) };
  },
  render({ type, fields: f }) {
    if (type === 'incoming') return `${SCOPE_PREFIX.incoming}?clientName=${String(f.get('clientName'))}`;
    if (type === 'outgoing') {
      const args = [`appSid=${encode(f.get('applicationSid'))}`];
      const name = f.get('clientName');
      if (name !== null && name !== undefined) args.push(`clientName=${encode(name)}`);
      const params = f.get('params') as HostMap;
      if (params.size > 0) args.push(`appParams=${encode(query(params))}`);
      return `${SCOPE_PREFIX.outgoing}?${args.join('&')}`;
    }
    const filters = f.get('filters') as HostMap;
    return `${SCOPE_PREFIX.event_stream}?${[`path=${EVENTS_PATH}`, ...(filters.size > 0 ? [`appParams=${encode(query(filters))}`] : [])].join('&')}`;
  },
  sign(claims, _built, { values: v }, clockMs) {
    // build(): the SecretKeySpec, then the clock; toJwt(): the headers, then getClaims().
    const key = javaSecretKey(v.get('authToken'));
    const ttl = Number((v.get('ttl') as bigint | undefined) ?? 3600n);
    const expMs = BigInt(clockMs) + BigInt(intMul(ttl, 1000));
    const headers = inHashMapOrder(
      new Map<string, HostValue>([
        ['typ', 'JWT'],
        ['alg', 'HS256'],
      ]),
    );
    return jjwtCompactHmac('HS256', key, headers, [
      { name: 'iss', value: v.get('accountSid'), standard: true },
      { name: 'exp', value: jjwtSeconds(expMs), standard: true },
      // getClaims() is a HashMap holding only `scope`.
      { name: 'scope', value: claims().get('scope')!, standard: false },
    ]);
  },
};
