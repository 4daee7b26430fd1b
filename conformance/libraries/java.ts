/**
 * twilio-java's conformance-side entry: the Java dialect of AccessToken inputs (the typed Builder:
 * no algorithm choice, no raw or foreign grant options, no validUntil), a milliseconds clock
 * (`build()` reads `new Date()`: cases carry `nowMs`), the object-API quirk keys its recordings use,
 * and the tables its AccessToken properties check, written from research/go-java-spec.md and the
 * JDK's documented HashMap algorithm, apart from the reference's code. twilio-java is compiled: there
 * is no built-in adapter over it here (its cases are ground truth recorded elsewhere), so `launch`
 * answers unavailable. ClientCapability and TaskRouterCapability are modelled but have no dialect
 * here yet (generated vectors in other libraries' dialects carry java expectations where twilio-java's
 * vocabulary expresses them); ValidationToken is not modelled yet (issue 18).
 */
import { java as profile } from '../../reference/profiles/java/index.ts';
import type { AccessTokenSpec, Plain } from '../properties/spec.ts';
import { unavailableAdapter } from './launch.ts';
import type { Library } from './library.ts';

// ---------------------------------------------------------------------------------------------
// Java facts the properties need (JLS, java.util.HashMap's documented implementation)

/** `String.hashCode()` over UTF-16 units, 32-bit. */
function hashCode(s: string): number {
  let h = 0;
  for (const unit of s.split('').map((c) => c.charCodeAt(0))) h = (Math.imul(31, h) + unit) | 0;
  return h;
}

/**
 * A HashMap's iteration order for distinct keys put in turn, stated as its outcome: the table has
 * 16 buckets, doubled until the keys fit under 0.75 of it, and iteration is by bucket
 * (`(h ^ h >>> 16) & (capacity - 1)`), then put order (a stable sort). That holds while no bucket
 * reaches nine entries, which the few keys of a token never do.
 */
function hashMapKeys(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string): number => {
    const h = hashCode(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}

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
  },
  // The oracle README's java inputs: grant setters after construction, Builder.grants(list), extra toJwt calls.
  quirkKeys: ['setAfter', 'grantsVia', 'extraToJwtCalls'],
  properties: { accessToken },
  adapter: unavailableAdapter('twilio-java', NO_ADAPTER),
  // Compiled elsewhere, no adapter here: its computed expectations are the reference's own.
  confirmation: 'reference',
  vectorSeeds: { access_token: 1212 },
};
