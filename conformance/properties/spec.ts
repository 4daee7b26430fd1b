/**
 * What a library's AccessToken looks like, stated as relations a token must satisfy rather than
 * as bytes: key orders, the ttl and nbf rules, what happens to the identity. Each library's spec
 * lives in its conformance entry (conformance/libraries/), written from the measured specs
 * (research/*-spec.md) independently of the reference's code, so that a property failure on the
 * reference is a real disagreement and not the reference agreeing with itself.
 */

import { JsonObject, type JsonValue } from '../../reference/json/value.ts';

/** An input value as the properties see it: already read as plain JSON. */
export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/** One library's AccessToken, as relations. */
export interface AccessTokenSpec {
  /** Header keys in order; `twr` appears where `region` says. */
  headerOrder(region: Plain | undefined): string[];
  /** Payload keys in order, given which optional claims are present (and the input, for a library whose custom claims come first). */
  payloadOrder(present: { nbf: boolean; sub: boolean }, input?: Record<string, Plain>): string[];
  /**
   * `exp` minus the clock for a plain integer ttl (absent = undefined), or undefined when the
   * library rejects that ttl or the relation is not a plain sum.
   */
  expOffset(ttl: Plain | undefined): number | undefined;
  /** The nbf claim: `'now'`, a value, or `'absent'` (the input: for a custom claim named nbf). */
  nbf(nbf: Plain | undefined, hasKey: boolean, input?: Record<string, Plain>): 'now' | 'absent' | { value: Plain };
  /**
   * The identity claim for an identity input, or `'absent'`. `raw` is the input as written, for a
   * library that turns numbers into text (an integer beyond 2^53 is exact there, not in `identity`).
   */
  identity(identity: Plain | undefined, raw?: JsonValue): { value: Plain } | 'absent';
  /**
   * The value a grant object holds for an option given `value` (`raw` as written), where the
   * library's setters convert what they are given (PHP's coercive typing); absent: as given.
   */
  grantOption?(option: string, value: Plain, raw: JsonValue | undefined): Plain;
  /**
   * A grant's payload where the library's grant class has rules of its own (twilio-java's VoiceGrant
   * writes `incoming` for false too and drops empty sids): the value, or undefined for the common rules.
   */
  grantPayload?(type: string, options: Record<string, Plain>): Plain | undefined;
  /** The payload fields of a field-per-option grant where the library's class writes others than {@link GRANT_FIELDS}. */
  readonly grantFields?: Readonly<Record<string, ReadonlyArray<readonly [option: string, claim: string]>>>;
  /**
   * Whether the library writes a grant option with this value (the language's truthiness: node
   * drops `""`, `0` and `null`; python also empty lists, dicts and `0.0`; ruby only `nil` and `false`).
   */
  truthy(v: Plain | undefined): boolean;
  /** The `player` value for a PlaybackGrant's `grant` option (absent = undefined). */
  playback(grant: Plain | undefined): Plain;
  /** The order of the grant keys (identity aside) given them in first-added order; absent: as added. */
  grantKeysOrder?(keys: readonly string[]): string[];
  /** Whether the token has an `iat` claim. */
  hasIat: boolean;
  /**
   * Whether a header with this region is still UTF-8. twilio-node's jws writes the header latin1,
   * so a non-ASCII region gives header bytes that no standard verifier (jose included) will parse.
   */
  headerIsUtf8(region: Plain | undefined): boolean;
}

/** A whole JSON number. */
export const isInt = (v: Plain | undefined): v is number => typeof v === 'number' && Number.isInteger(v);

/** The payload key of each grant type, the same in every library. */
export const GRANT_KEYS: Record<string, string> = {
  voice: 'voice',
  video: 'video',
  chat: 'chat',
  sync: 'data_sync',
  task_router: 'task_router',
  playback: 'player',
};

/**
 * The payload fields of each field-per-option grant, in the order every library writes them (node
 * §2, python §3, ruby §2 of the research specs). Voice and playback have their own rules below.
 */
export const GRANT_FIELDS: Record<string, Array<[option: string, claim: string]>> = {
  video: [['room', 'room']],
  chat: [
    ['serviceSid', 'service_sid'],
    ['endpointId', 'endpoint_id'],
    ['deploymentRoleSid', 'deployment_role_sid'],
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

/** What one grant's payload value is for its options (`raw`: as written), under a library's spec. */
export function grantContents(spec: AccessTokenSpec, type: string, options: Record<string, Plain>, raw?: JsonValue): Plain {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(options, k);
  const held = (k: string): Plain => (spec.grantOption ? spec.grantOption(k, options[k], raw instanceof JsonObject ? raw.get(k) : undefined) : options[k]);
  const opt = (k: string): Plain | undefined => (has(k) ? held(k) : undefined);
  const own = spec.grantPayload?.(type, Object.fromEntries(Object.keys(options).map((k) => [k, held(k)])));
  if (own !== undefined) return own;
  if (type === 'playback') return spec.playback(opt('grant'));
  const out: { [k: string]: Plain } = {};
  if (type === 'voice') {
    // Every library needs the boolean true itself: false, "true" and 1 all write nothing.
    if (opt('incomingAllow') === true) out.incoming = { allow: true };
    if (spec.truthy(opt('outgoingApplicationSid'))) {
      const outgoing: { [k: string]: Plain } = { application_sid: opt('outgoingApplicationSid')! };
      // Params live inside `outgoing`: without an application sid they are dropped.
      if (spec.truthy(opt('outgoingApplicationParams'))) outgoing.params = opt('outgoingApplicationParams')!;
      out.outgoing = outgoing;
    }
    if (spec.truthy(opt('pushCredentialSid'))) out.push_credential_sid = opt('pushCredentialSid')!;
    if (spec.truthy(opt('endpointId'))) out.endpoint_id = opt('endpointId')!;
    return out;
  }
  for (const [option, claim] of spec.grantFields?.[type] ?? GRANT_FIELDS[type] ?? []) if (spec.truthy(opt(option))) out[claim] = opt(option)!;
  return out;
}

/**
 * The `grants` claim without `identity` for the grants added, or undefined when the input holds a
 * grant this model does not describe (an unknown type, which the libraries reject or cannot take).
 * A later grant of a type replaces the value but keeps the first one's position (JS objects,
 * Python dicts and Ruby hashes alike). Options another grant type takes are ignored (node) or
 * rejected (python), so they never reach the payload.
 */
export function grantsClaim(spec: AccessTokenSpec, grants: Plain | undefined, raw?: JsonValue): { [k: string]: Plain } | undefined {
  const out: { [k: string]: Plain } = {};
  for (const [i, g] of (Array.isArray(grants) ? grants : []).entries()) {
    if (typeof g !== 'object' || g === null || Array.isArray(g) || typeof g.type !== 'string' || !Object.prototype.hasOwnProperty.call(GRANT_KEYS, g.type)) return undefined;
    const options = g.options ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
    const rawGrant = Array.isArray(raw) ? raw[i] : undefined;
    out[GRANT_KEYS[g.type]] = grantContents(spec, g.type, options, rawGrant instanceof JsonObject ? rawGrant.get('options') : undefined);
  }
  return out;
}
