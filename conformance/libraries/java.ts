/**
 * twilio-java's conformance-side entry: the Java dialect of the inputs (AccessToken's typed Builder:
 * no algorithm choice, no raw or foreign grant options, no validUntil; ClientCapability's Builder and
 * scope classes with String, Map<String, String> and int arguments; TaskRouterCapability's Builder
 * with Policy.Builder, UrlUtils and PolicyUtils, `policies(null)`), a milliseconds clock (`build()`
 * reads `new Date()`: cases carry `nowMs`), the object-API quirk keys its recordings use, and the
 * tables its properties check, written from research/go-java-spec.md, the oracle README and the
 * JDK's documented HashMap, URLEncoder and equalsIgnoreCase, apart from the reference's code.
 * twilio-java is compiled: there is no built-in adapter over it here (its cases are ground truth
 * recorded elsewhere), so `launch` answers unavailable. Its ValidationToken inputs are typed requests or
 * the token Builder's fields (`typed-request`).
 */
import { java as profile } from '../../reference/profiles/java/index.ts';
import type { AccessTokenSpec, Plain } from '../properties/spec.ts';
import { unavailableAdapter } from './launch.ts';
import type { ClientCapabilityTables, Library, TaskRouterTables } from './library.ts';

// ---------------------------------------------------------------------------------------------
// Java facts the properties need (JLS, java.util.HashMap's documented implementation)

/** `String.hashCode()` over UTF-16 units, 32-bit. */
function hashCode(s: string): number {
  let h = 0;
  for (const unit of s.split('').map((c) => c.charCodeAt(0))) h = (Math.imul(31, h) + unit) | 0;
  return h;
}

/** The spread hash a HashMap buckets a key by: `h ^ (h >>> 16)`. */
function spread(k: string): number {
  const h = hashCode(k);
  return h ^ (h >>> 16);
}

/** The table size of a HashMap that keys were put into in turn: 16 buckets, doubled until they fit under 0.75 of it. */
function putCapacity(n: number): number {
  let capacity = 16;
  while (n > capacity * 0.75) capacity *= 2;
  return capacity;
}

/**
 * The table size `putAll` gives an empty HashMap for n entries (JDK 17's putMapEntries):
 * `tableSizeFor((int)((float) n / 0.75f + 1.0f))`, the power of two at or above it.
 */
function putAllCapacity(n: number): number {
  const t = Math.trunc(Math.fround(Math.fround(n / 0.75) + 1));
  let capacity = 1;
  while (capacity < t) capacity *= 2;
  return capacity;
}

/**
 * A HashMap's iteration order for distinct keys arriving in the given order, stated as its
 * outcome: iteration is by bucket (`spread & (capacity - 1)`), then arrival order (a stable sort).
 * That holds while no bucket reaches eight entries, which the few keys of a token never do.
 */
function inBuckets(keys: readonly string[], capacity: number): string[] {
  return keys
    .map((k, i) => ({ k, i, b: spread(k) & (capacity - 1) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}

/** Distinct keys put in turn into a new HashMap, in its iteration order. */
const hashMapKeys = (keys: readonly string[]): string[] => inBuckets(keys, putCapacity(keys.length));

/**
 * A map's keys after twilio-java's Builders `putAll` it into their own empty HashMap: the input
 * map (a HashMap filled in input order) iterated into a table of putAll's size.
 */
const putAllKeys = (keys: readonly string[]): string[] => inBuckets(hashMapKeys(keys), putAllCapacity(keys.length));

/** `Character.isWhitespace` (space separators but the no-break ones, line/paragraph separators, the ASCII controls it names). */
const JAVA_WHITESPACE = /^[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;

/** jjwt keeps a standard claim (iss, sub) only when it is a string with a character that is not whitespace. */
const hasText = (v: Plain | undefined): boolean => typeof v === 'string' && !JAVA_WHITESPACE.test(v);

/** research/go-java-spec.md "twilio-java": HashMap header with alg last, jjwt's payload order, no iat. */
const accessToken: AccessTokenSpec = {
  headerOrder: (region) => ['cty', 'typ', ...(typeof region === 'string' && region !== '' ? ['twr'] : []), 'alg'],
  // iss is the key sid, dropped by jjwt when null or blank.
  payloadOrder: ({ nbf, sub }, input) => [...(hasText(input?.keySid) ? ['iss'] : []), 'exp', 'grants', 'jti', ...(sub ? ['sub'] : []), ...(nbf ? ['nbf'] : [])],
  // exp = (nowMs + ttl * 1000 as an int) / 1000, truncated toward zero: a plain sum while ttl * 1000
  // fits in an int and the sum is not negative (a negative ttl near the epoch rounds toward zero).
  expOffset: (ttl) => (ttl === undefined ? 3600 : typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl <= 2147483 ? ttl : undefined),
  // new Date(nbf * 1000), written back in whole seconds (truncated); null or absent: no nbf.
  nbf: (nbf, hasKey) => (!hasKey || typeof nbf !== 'number' ? 'absent' : { value: Math.trunc(nbf) }),
  // identity(String): "" is kept, null left out.
  identity: (id) => (typeof id === 'string' ? { value: id } : 'absent'),
  // Java has no truthiness: the grant payloads leave out nulls only (voice below has its own rules).
  truthy: (v) => v !== undefined && v !== null,
  grantFields: {
    // ChatGrant's Payload declares deployment_role_sid before endpoint_id.
    chat: [
      ['serviceSid', 'service_sid'],
      ['deploymentRoleSid', 'deployment_role_sid'],
      ['endpointId', 'endpoint_id'],
      ['pushCredentialSid', 'push_credential_sid'],
    ],
  },
  grantPayload: (type, options) => {
    if (type !== 'voice') return undefined;
    const set = (k: string): boolean => Object.hasOwn(options, k) && options[k] !== null;
    const nonEmpty = (k: string): boolean => typeof options[k] === 'string' && options[k] !== '';
    const out: { [k: string]: Plain } = {};
    // VoiceGrant: incoming whenever the Boolean is not null (false included); outgoing and the sids only when non-empty.
    if (set('incomingAllow')) out.incoming = { allow: options.incomingAllow };
    if (nonEmpty('outgoingApplicationSid')) out.outgoing = { application_sid: options.outgoingApplicationSid, ...(set('outgoingApplicationParams') ? { params: options.outgoingApplicationParams } : {}) };
    if (nonEmpty('pushCredentialSid')) out.push_credential_sid = options.pushCredentialSid;
    if (nonEmpty('endpointId')) out.endpoint_id = options.endpointId;
    return out;
  },
  // PlaybackGrant's map itself: absent or null gives "player":null.
  playback: (g) => g ?? null,
  // The grants claim is a HashMap holding identity too; its place among them does not move the others.
  grantKeysOrder: (keys) => hashMapKeys(['identity', ...keys]).filter((k) => k !== 'identity'),
  hasIat: false,
  // Jackson writes UTF-8.
  headerIsUtf8: () => true,
};

// ---------------------------------------------------------------------------------------------
// ClientCapability and TaskRouterCapability (research/go-java-spec.md "twilio-java", oracle README)

/** `URLEncoder.decode` of what `URLEncoder.encode(s, "UTF-8")` wrote: `+` is a space, the rest percent-escapes. */
const urlDecode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * The Builders' `exp`: `build()` reads the clock in milliseconds and adds `ttl * 1000` computed as
 * an int (so it wraps past 2147483 seconds), and the claim is that Date in whole seconds, the
 * division truncating. A ttl that is no int cannot be written in Java: not stated.
 */
function capabilityExp(ttl: Plain | undefined, nowMs: number): number | undefined {
  const t = ttl === undefined ? 3600 : ttl;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < INT_MIN || t > INT_MAX) return undefined;
  return Math.trunc((nowMs + Math.imul(t, 1000)) / 1000);
}

/** `Character.toUpperCase` of one UTF-16 unit: JavaScript's where it stays one unit (`ß` has no one-unit capital). */
const upperUnit = (c: string): string => (c.toUpperCase().length === 1 ? c.toUpperCase() : c);
/** `Character.toLowerCase` of one UTF-16 unit (`İ` is `i` there, where JavaScript adds a combining dot). */
const lowerUnit = (c: string): string => (c === '\u0130' ? 'i' : c.toLowerCase().length === 1 ? c.toLowerCase() : c);

/** `String.equalsIgnoreCase`: unit by unit, equal, or equal upper cased, or equal lower cased after that. */
const equalsIgnoreCase = (a: string, b: string): boolean =>
  a.length === b.length && [...Array(a.length).keys()].every((i) => a[i] === b[i] || upperUnit(a[i]) === upperUnit(b[i]) || lowerUnit(upperUnit(a[i])) === lowerUnit(upperUnit(b[i])));

/** `HttpMethod.forValue`: the first constant, in declaration order, whose name the text equals ignoring case; none gives null (left out). */
const httpMethod = (given: string): string | undefined => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].find((m) => equalsIgnoreCase(given, m));

const EVENT_BRIDGE = 'https://event-bridge.twilio.com/v1/wschannels';

/** A Java String argument as `String.valueOf` prints it (absent is passed as null). */
const javaText = (v: Plain | undefined): string => (typeof v === 'string' ? v : 'null');

/** The claims `getClaims()` puts, in put order, and whether each is non-null (jjwt drops null claims). */
function taskRouterClaims(input: Readonly<Record<string, Plain>>): Array<[string, boolean]> {
  const set = (v: Plain | undefined): boolean => v !== undefined && v !== null;
  const channel = javaText(input.channelId);
  const sid: Array<[string, boolean]> = channel.startsWith('WK') ? [['worker_sid', true]] : channel.startsWith('WQ') ? [['taskqueue_sid', true]] : [];
  return [['version', true], ['account_sid', set(input.accountSid)], ['friendly_name', set(input.friendlyName)], ['workspace_sid', set(input.workspaceSid)], ['channel', true], ...sid, ['policies', true]];
}

const clientCapability: ClientCapabilityTables = {
  unescape: urlDecode,
  integerKeysFirst: false,
  // Outgoing params and event-stream filters: putAll into the scope Builder's HashMap.
  paramsOrder: putAllKeys,
  // IncomingClientScope writes `clientName=` + the name with no URLEncoder.
  rawIncomingClientName: true,
  token: {
    headerKeys: ['typ', 'alg'],
    // iss (the account sid, dropped by jjwt when null or blank), exp, then getClaims(): only scope.
    payloadKeys: (input) => [...(hasText(input.accountSid) ? ['iss'] : []), 'exp', 'scope'],
    exp: (input, now, nowMs) => capabilityExp(input.ttl, nowMs ?? now * 1000),
  },
};

const taskrouterCapability: TaskRouterTables = {
  // Jackson writes a Policy's properties alphabetically, leaving out null ones (allow is a primitive).
  policyKeys: ['allow', 'method', 'post_filter', 'query_filter', 'url'],
  optionalPolicyKeys: ['method', 'post_filter', 'query_filter', 'url'],
  denyStoredAsAllow: false,
  method: httpMethod,
  // A HashMap<String, FilterRequirement> filled in the input map's order, each requirement {"required": …}.
  filter: (entries) => {
    if (!entries.every(([, v]) => typeof v === 'boolean')) return undefined;
    const byName = new Map(entries);
    return hashMapKeys(entries.map(([k]) => k)).map((k): [string, Plain] => [k, { required: byName.get(k)! }]);
  },
  token: {
    headerKeys: ['typ', 'alg'],
    payloadKeys: (input) => {
      const claims = taskRouterClaims(input);
      const kept = new Set(claims.filter(([, set]) => set).map(([k]) => k));
      return [...(hasText(input.accountSid) ? ['iss'] : []), 'exp', ...hashMapKeys(claims.map(([k]) => k)).filter((k) => kept.has(k))];
    },
    exp: (input, now, nowMs) => capabilityExp(input.ttl, nowMs ?? now * 1000),
    helperPolicies: { addPolicy: 1, defaultWorkerPolicies: 4, defaultEventBridgePolicies: 2, toJwt: 0 },
    // getClaims() copies the Builder's list and adds the event-bridge GET and POST to the copy.
    appended: (input) => {
      const url = `${EVENT_BRIDGE}/${javaText(input.accountSid)}/${javaText(input.channelId)}`;
      return ['GET', 'POST'].map((method) => ({ allow: true, method, url }));
    },
  },
};

const clock = 'milliseconds';

const NO_ADAPTER =
  'twilio-java is compiled (Maven, a JVM): there is no built-in adapter over it here. Run the reference in the java profile with ' +
  "`adapter reference --profile java`, or write an adapter of your own over twilio-java and freeze the JVM's clock with libfaketime " +
  '(docs/adapter-guide.md, "A Java adapter")';

export const java: Library = {
  profile,
  clock,
  dialect: {
    accessToken: { clock, algorithmChoice: false, foreignGrantOptions: false, rawGrants: false, validUntil: false, toJwtTtl: false },
    // Builder(accountSid, authToken).ttl(int).scopes(list): typed arguments, scopes in a list, extra toJwt calls.
    clientCapability: {
      clock,
      selfParamKey: false,
      nonObjectParams: false,
      outgoingClientName: true,
      baseJwtFields: false,
      repeatedToJwt: true,
      constructorScopes: false,
      optionsObjectQuirks: false,
      scopeListQuirks: false,
      typed: true,
    },
    taskrouterCapability: { clock, style: 'builder', optionsObjectQuirks: false },
    // fromHttpRequest on a typed request (String headers and body, params of Strings), or the Builder's fields; RS256 or PS256.
    validationToken: { clock, style: 'typed-request', algorithmChoice: true },
  },
  // The oracle README's java inputs: grant setters after construction, Builder.grants(list), extra toJwt calls.
  quirkKeys: ['setAfter', 'grantsVia', 'extraToJwtCalls'],
  properties: { accessToken, clientCapability, taskrouterCapability },
  adapter: unavailableAdapter('twilio-java', NO_ADAPTER),
  // Compiled elsewhere, no adapter here: its computed expectations are the reference's own.
  confirmation: 'reference',
  vectorSeeds: { access_token: 1212, client_capability: 1414, taskrouter_capability: 1424, validation_token: 1434 },
};
