/**
 * twilio-java 12.0.0 `com.twilio.jwt.taskrouter.TaskRouterCapability` (research/go-java-spec.md,
 * "twilio-java"), called as the oracle README's java vocabulary says: `new Builder(accountSid,
 * authToken.getBytes(UTF_8), workspaceSid, channelId).friendlyName(…).ttl(int).policies(list)`,
 * the helpers filling the list (`addPolicy` of a `Policy.Builder` with a url or a `UrlUtils`
 * function, `PolicyUtils.defaultWorkerPolicies` / `defaultEventBridgePolicies`, `policies(null)`,
 * an extra `toJwt()`), then `build()` (the key, then the clock) and `toJwt()`.
 *
 * - Header `{typ}` + `{alg}` in HashMap order, jjwt's `alg` taking its place: `{"typ","alg"}`.
 * - Payload `iss` (the account sid, dropped by jjwt when null or blank), `exp`, then `getClaims()`:
 *   a HashMap of `version`, `account_sid`, `friendly_name`, `workspace_sid`, `channel`,
 *   `worker_sid` or `taskqueue_sid` for a `WK` or `WQ` channel, and `policies`, in HashMap order,
 *   the null ones dropped by jjwt. No `nbf`, no `sub`.
 * - `policies`: a copy of the user's list, then the event-bridge GET and POST (so nothing piles up
 *   across `toJwt()` calls). Each `Policy` is written with its properties alphabetical (`allow`,
 *   `method`, `post_filter`, `query_filter`, `url`), the null ones left out (`@JsonInclude(NON_NULL)`;
 *   `allow` is a primitive, always there); a filter is a `HashMap<String, FilterRequirement>`,
 *   each requirement an object `{"required":true|false}`.
 * - `getClaims()` reads `channelId.startsWith` before copying the list: a null channel is an NPE
 *   before a null list's.
 */
import type { Minted } from '../../jwt/compact.ts';
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { hashMapOrder, intMul, INT_MAX, INT_MIN } from '../../lang/java.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import type { HelperCall } from '../../taskrouter/input.ts';
import { EVENT_BRIDGE_URL, TASKROUTER_BASE_URL, TASKROUTER_VERSION, channelSidClaim, workerPolicyPaths } from '../../taskrouter/policy.ts';
import type { HelperStep, TaskRouterRules, TaskRouterState } from '../../taskrouter/rules.ts';
import { jjwtCompactHmac, jjwtSeconds } from './jjwt.ts';
import { javaSecretKey } from './secret.ts';

const npe = (message: string): LibraryError => new LibraryError('NullPointerException', message);

/** A Java `String` argument: a string or null (absent = null, as the recorder passes it). */
function javaString(v: HostValue | undefined, where: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new UnsupportedInput(`${where}: the API takes a String`);
  return v;
}

/** `String.join("/", parts…)`: a null part is written `null` (StringJoiner appends `String.valueOf`). */
const join = (parts: ReadonlyArray<string | null>): string => parts.map((p) => (p === null ? 'null' : p)).join('/');

const workspace = (ws: string | null): Array<string | null> => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', ws];

type Parts = (a: Array<string | null>) => Array<string | null>;

/** `UrlUtils`'s static methods: their arity and the parts they join. */
const URL_UTILS: Readonly<Record<string, { arity: number; parts: Parts }>> = {
  workspaces: { arity: 0, parts: () => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces'] },
  allWorkspaces: { arity: 0, parts: () => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', '**'] },
  workspace: { arity: 1, parts: ([ws]) => workspace(ws) },
  ...Object.fromEntries(
    (
      [
        ['taskQueues', 'taskQueue', 'TaskQueues'],
        ['tasks', 'task', 'Tasks'],
        ['activities', 'activity', 'Activities'],
        ['workers', 'worker', 'Workers'],
      ] as const
    ).flatMap(([many, one, segment]) => [
      [many, { arity: 1, parts: ([ws]: Array<string | null>) => [...workspace(ws), segment] }],
      [`all${many[0].toUpperCase()}${many.slice(1)}`, { arity: 1, parts: ([ws]: Array<string | null>) => [...workspace(ws), segment, '**'] }],
      [one, { arity: 2, parts: ([ws, sid]: Array<string | null>) => [...workspace(ws), segment, sid] }],
    ]),
  ),
  reservations: { arity: 2, parts: ([ws, wk]) => [...workspace(ws), 'Workers', wk, 'Reservations'] },
  allReservations: { arity: 2, parts: ([ws, wk]) => [...workspace(ws), 'Workers', wk, 'Reservations', '**'] },
  reservation: { arity: 3, parts: ([ws, wk, r]) => [...workspace(ws), 'Workers', wk, 'Reservations', r] },
};

/** `HttpMethod`'s constants, in declaration order. */
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * The ASCII capital `equalsIgnoreCase` matches a UTF-16 unit with, if any: its own, a lower-case
 * letter's, and the four non-ASCII letters whose `Character.toUpperCase` (ı → I, ſ → S) or
 * lower case of it (İ → i, the Kelvin sign → k) is ASCII.
 */
function upperForAscii(c: string): string {
  const special: Readonly<Record<string, string>> = { '\u0131': 'I', '\u017f': 'S', '\u0130': 'I', '\u212a': 'K' };
  return special[c] ?? (c >= 'a' && c <= 'z' ? c.toUpperCase() : c);
}

/**
 * `HttpMethod.forValue(value)` (`Promoter.enumFromString`): the first constant whose name equals
 * the value ignoring case, UTF-16 unit by unit; none (or a null value) gives null.
 */
function httpMethod(value: string | null): string | null {
  if (value === null) return null;
  return HTTP_METHODS.find((m) => m.length === value.length && [...m].every((c, i) => upperForAscii(value[i]) === c)) ?? null;
}

/** The keys a policy object of the vocabulary may carry. */
const POLICY_KEYS = ['url', 'urlHelper', 'method', 'allow', 'queryFilter', 'postFilter'];

/** A filter `{name: true|false}` as the `HashMap<String, FilterRequirement>` it becomes (REQUIRED / OPTIONAL). */
function filterMap(v: HostValue | undefined, where: string): HostMap | null {
  if (v === undefined || v === null) return null;
  if (!isHostMap(v)) throw new UnsupportedInput(`${where}: the Builder takes a Map<String, FilterRequirement>`);
  const out: HostMap = new Map();
  // The input map already iterates in its HashMap order; filled again in that order, a HashMap keeps it.
  for (const [k, x] of v) {
    if (typeof x !== 'boolean') throw new UnsupportedInput(`${where}.${k}: a FilterRequirement is given as true (REQUIRED) or false (OPTIONAL)`);
    out.set(k, new Map([['required', x]]));
  }
  return out;
}

/** A `Policy` as Jackson writes it: properties alphabetical, nulls left out. */
function policy(url: string | null, method: string | null, allow: boolean, postFilter: HostMap | null = null, queryFilter: HostMap | null = null): HostMap {
  const out: HostMap = new Map<string, HostValue>([['allow', allow]]);
  if (method !== null) out.set('method', method);
  if (postFilter !== null) out.set('post_filter', postFilter);
  if (queryFilter !== null) out.set('query_filter', queryFilter);
  if (url !== null) out.set('url', url);
  return out;
}

/** Positional String arguments of a Java method of fixed arity; another count does not compile. */
function stringArgs(v: HostValue | undefined, arity: number, where: string): Array<string | null> {
  const args = v ?? [];
  if (!Array.isArray(args)) throw new UnsupportedInput(`${where}.args is not a list`);
  if (args.length !== arity) throw new UnsupportedInput(`${where} takes ${arity} arguments, not ${args.length} (Java checks arity when compiling)`);
  return args.map((a, i) => javaString(a, `${where}.args[${i}]`));
}

/** `new Policy.Builder().url(…).method(HttpMethod.forValue(…)).allowed(…).queryFilter(…).postFilter(…).build()`; absent keys keep the Builder's defaults. */
function newPolicy(keys: Map<string, HostValue>, where: string): HostMap {
  const spec = keys.get('policy');
  if (!isHostMap(spec)) throw new UnsupportedInput(`${where}.policy must be an object`);
  for (const k of spec.keys()) if (!POLICY_KEYS.includes(k)) throw new UnsupportedInput(`${where}.policy.${k} is not a Policy.Builder setter`);
  if (spec.has('url') && spec.has('urlHelper')) throw new UnsupportedInput(`${where}.policy has both url and urlHelper`);
  let url = javaString(spec.get('url'), `${where}.policy.url`);
  if (spec.has('urlHelper')) {
    const helper = spec.get('urlHelper');
    if (!isHostMap(helper)) throw new UnsupportedInput(`${where}.policy.urlHelper must be an object`);
    for (const k of helper.keys()) if (k !== 'call' && k !== 'args') throw new UnsupportedInput(`${where}.policy.urlHelper.${k} is not modelled`);
    const name = helper.get('call');
    if (typeof name !== 'string' || !Object.hasOwn(URL_UTILS, name)) throw new UnsupportedInput(`${where}.policy.urlHelper.call ${JSON.stringify(name)} is not a UrlUtils method`);
    url = join(URL_UTILS[name].parts(stringArgs(helper.get('args'), URL_UTILS[name].arity, `${where}.policy.urlHelper`)));
  }
  const method = spec.has('method') ? httpMethod(javaString(spec.get('method'), `${where}.policy.method`)) : 'GET';
  const allow = spec.get('allow') ?? true;
  if (typeof allow !== 'boolean') throw new UnsupportedInput(`${where}.policy.allow: Policy.Builder.allowed takes a boolean`);
  return policy(url, method, allow, filterMap(spec.get('postFilter'), `${where}.policy.postFilter`), filterMap(spec.get('queryFilter'), `${where}.policy.queryFilter`));
}

/** `PolicyUtils.defaultEventBridgePolicies(accountSid, channelId)`: GET and POST on the channel's event-bridge URL. */
function eventBridgePolicies(ac: string | null, channel: string | null): HostMap[] {
  const url = join([EVENT_BRIDGE_URL, ac, channel]);
  return [policy(url, 'GET', true), policy(url, 'POST', true)];
}

/** `PolicyUtils.defaultWorkerPolicies(workspaceSid, workerSid)`: the worker's four GETs. */
function workerPolicies(ws: string | null, wk: string | null): HostMap[] {
  return workerPolicyPaths<string | null>(wk).map((tail) => policy(join([...workspace(ws), ...tail]), 'GET', true));
}

const BUILDER_STRINGS = ['accountSid', 'workspaceSid', 'channelId', 'friendlyName'] as const;
/** Where the state keeps that `policies(null)` was called. */
const POLICIES_NULL = 'policiesNull';
/** Discarded `toJwt()` calls the reference replays at most (each is a whole signing). */
const MAX_EXTRA_CALLS = 1000n;

function extraCalls(v: HostValue | undefined): number {
  if (v === undefined) return 0;
  if (typeof v !== 'bigint' || v < 0n || v > MAX_EXTRA_CALLS) throw new UnsupportedInput(`extraToJwtCalls must be a whole number from 0 to ${MAX_EXTRA_CALLS}`);
  return Number(v);
}

const field = (s: TaskRouterState, k: string): string | null => (s.fields.get(k) as string | null | undefined) ?? null;

/** twilio-java's TaskRouter capability rules, for the family code in reference/taskrouter. */
export const javaTaskRouter: TaskRouterRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'friendlyName', 'ttl', 'policies', 'extraToJwtCalls'],
    helpers: { addPolicy: ['policy'], defaultWorkerPolicies: ['args'], defaultEventBridgePolicies: ['args'], policiesNull: [], toJwt: [] },
  },
  helper({ call, keys }: HelperCall, i): HelperStep {
    const where = `input.helpers[${i}]`;
    if (call === 'toJwt') return (_s, toJwt) => void toJwt();
    if (call === 'policiesNull') return (s) => void s.fields.set(POLICIES_NULL, true);
    if (call === 'addPolicy') {
      const p = newPolicy(keys, where);
      return (s) => void s.policies.push(p);
    }
    const [a, b] = stringArgs(keys.get('args'), 2, where);
    const policies = call === 'defaultWorkerPolicies' ? workerPolicies(a, b) : eventBridgePolicies(a, b);
    return (s) => void s.policies.push(...policies);
  },
  construct({ values: v }) {
    const fields = new Map<string, HostValue | undefined>();
    for (const k of BUILDER_STRINGS) fields.set(k, javaString(v.get(k), k));
    javaString(v.get('authToken'), 'authToken');
    const ttl = v.get('ttl');
    if (ttl !== undefined && !(typeof ttl === 'bigint' && ttl >= INT_MIN && ttl <= INT_MAX)) throw new UnsupportedInput('ttl: Builder.ttl takes an int (a whole number from -2^31 to 2^31-1)');
    extraCalls(v.get('extraToJwtCalls'));
    return { fields, policies: [] };
  },
  extraToJwtCalls: ({ values }) => extraCalls(values.get('extraToJwtCalls')),
  toJwt(state, { values: v }, clockMs): Minted {
    // build(): the SecretKeySpec, then the clock (exp = now + ttl * 1000 as a wrapping int).
    const key = javaSecretKey(v.get('authToken'));
    const ttl = Number((v.get('ttl') as bigint | undefined) ?? 3600n);
    const expMs = BigInt(clockMs) + BigInt(intMul(ttl, 1000));
    const [ac, channel] = [field(state, 'accountSid'), field(state, 'channelId')];

    // getClaims(), in its put order.
    const claims = new Map<string, HostValue>([
      ['version', TASKROUTER_VERSION],
      ['account_sid', ac],
      ['friendly_name', field(state, 'friendlyName')],
      ['workspace_sid', field(state, 'workspaceSid')],
      ['channel', channel],
    ]);
    if (channel === null) throw npe('Cannot invoke "String.startsWith(String)" because "this.channelId" is null');
    const sidClaim = channelSidClaim(channel);
    if (sidClaim) claims.set(sidClaim[0], sidClaim[1]);
    if (state.fields.get(POLICIES_NULL) === true) throw npe('Cannot invoke "java.util.Collection.toArray()" because "c" is null');
    claims.set('policies', [...state.policies, ...eventBridgePolicies(ac, channel)]);

    const headers = new Map<string, HostValue>(hashMapOrder(['typ', 'alg']).map((k) => [k, k === 'typ' ? 'JWT' : 'HS256']));
    return jjwtCompactHmac('HS256', key, headers, [
      { name: 'iss', value: ac, standard: true },
      { name: 'exp', value: jjwtSeconds(expMs), standard: true },
      ...hashMapOrder(claims.keys()).map((name) => ({ name, value: claims.get(name), standard: false })),
    ]);
  },
};
