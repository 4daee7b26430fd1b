/**
 * twilio-go v1.30.9 `client/jwt/taskrouter` (research/go-java-spec.md, "TaskRouter"), called as the
 * oracle README's go vocabulary says: `CreateCapabilityToken(CapabilityTokenParams{...})` with
 * typed fields, then the helpers in order (`AddPolicy` of a `GeneratePolicy`, `AddWorkerPolicies`
 * and `AddWebSocketPolicies` as `AddPolicy` of each policy returned, `Payload()`, extra `ToJwt()`),
 * then the answered `ToJwt()`.
 *
 * Every payload build appends the web-socket GET and POST policies to the token's policies again:
 * each `ToJwt()` does, and the first `Payload()` (which keeps what it built; later calls return
 * it). The payload is a map (sorted on writing): `version`, `account_sid`, `workspace_sid` and
 * `channel` with `friendly_name` each only when not empty, `policies`, `iss` always, `exp`, `nbf`,
 * and `worker_sid` or `taskqueue_sid` for a `WK` or `WQ` channel. Each policy is `{allow, method,
 * post_filter, query_filter, url}`, a nil filter written `{}`.
 */
import type { Minted } from '../../jwt/compact.ts';
import { compactHmac } from '../../jwt/compact.ts';
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { goJsonEncode } from '../../lang/go.ts';
import type { HelperCall } from '../../taskrouter/input.ts';
import { EVENT_BRIDGE_URL, TASKROUTER_BASE_URL, TASKROUTER_VERSION, channelSidClaim, workerPolicyPaths } from '../../taskrouter/policy.ts';
import type { HelperStep, TaskRouterRules, TaskRouterState } from '../../taskrouter/rules.ts';
import { callCount, goBoolParam, goFloatParam, goMapParam, goStringParam, goTtl } from './params.ts';

const STRING_PARAMS = ['accountSid', 'authToken', 'workspaceSid', 'channelId'] as const;
const FLOAT_PARAMS = ['ttl', 'nbf', 'validUntil'] as const;
/** Discarded `ToJwt()` calls the reference replays at most (each one appends two policies). */
const MAX_EXTRA_CALLS = 1000;
/** Where the state keeps whether `Payload()` has built (and kept) a payload. */
const PAYLOAD_KEPT = 'payloadKept';

/** `GeneratePolicy(url, method, allow, postFilter, queryFilter).Payload()`. */
function policy(url: string, method: string, allow: boolean, postFilter: HostMap | null = null, queryFilter: HostMap | null = null): HostMap {
  return new Map<string, HostValue>([
    ['url', url],
    ['method', method],
    ['allow', allow],
    ['post_filter', postFilter ?? new Map()],
    ['query_filter', queryFilter ?? new Map()],
  ]);
}

const join = (parts: readonly string[]): string => parts.join('/');
const workspace = (ws: string): string[] => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', ws];

/** The URL functions of `taskrouter_utils.go`: their arity and the parts they join with `/`. */
const URLS: Readonly<Record<string, { arity: number; parts: (a: string[]) => string[] }>> = {
  Workspaces: { arity: 0, parts: () => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces'] },
  Workspace: { arity: 1, parts: ([ws]) => workspace(ws) },
  AllWorkspaces: { arity: 0, parts: () => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', '**'] },
  ...Object.fromEntries(
    (
      [
        ['Tasks', 'Task', 'Tasks'],
        ['TaskQueues', 'TaskQueue', 'TaskQueues'],
        ['Activities', 'Activity', 'Activities'],
        ['Workers', 'Worker', 'Workers'],
      ] as const
    ).flatMap(([many, one, segment]) => [
      [many, { arity: 1, parts: ([ws]: string[]) => [...workspace(ws), segment] }],
      [one, { arity: 2, parts: ([ws, sid]: string[]) => [...workspace(ws), segment, sid] }],
      [`All${many}`, { arity: 1, parts: ([ws]: string[]) => [...workspace(ws), segment, '**'] }],
    ]),
  ),
  Reservations: { arity: 2, parts: ([ws, wk]) => [...workspace(ws), 'Workers', wk, 'Reservations'] },
  Reservation: { arity: 3, parts: ([ws, wk, r]) => [...workspace(ws), 'Workers', wk, 'Reservations', r] },
  AllReservations: { arity: 2, parts: ([ws, wk]) => [...workspace(ws), 'Workers', wk, 'Reservations', '**'] },
};

/** `WebSocketPolicies(accountSid, channelSid)`: GET and POST on the event-bridge channel. */
function webSocketPolicies(ac: string, channel: string): HostMap[] {
  const url = join([EVENT_BRIDGE_URL, ac, channel]);
  return [policy(url, 'GET', true), policy(url, 'POST', true)];
}

/** `WorkerPolicies(workspaceSid, workerSid)`: the four GET policies of a worker. */
function workerPolicies(ws: string, wk: string): HostMap[] {
  return workerPolicyPaths(wk).map((tail) => policy(join([...workspace(ws), ...tail]), 'GET', true));
}

/** Positional string arguments of a Go function of fixed arity; anything else does not compile. */
function stringArgs(v: HostValue | undefined, arity: number, where: string): string[] {
  const args = v === undefined ? [] : v;
  if (!Array.isArray(args)) throw new UnsupportedInput(`${where}.args is not a list`);
  if (args.length !== arity) throw new UnsupportedInput(`${where} takes ${arity} arguments, not ${args.length} (Go checks arity when compiling)`);
  return args.map((a, i) => goStringParam(a, `${where}.args[${i}]`));
}

const POLICY_KEYS = ['url', 'urlHelper', 'method', 'allow', 'postFilter', 'queryFilter'];

/** Plans `AddPolicy(GeneratePolicy(...))`: url or a URL function, and the typed fields (absent = zero value). */
function planAddPolicy(keys: Map<string, HostValue>, where: string): HelperStep {
  const spec = keys.get('policy');
  if (!isHostMap(spec)) throw new UnsupportedInput(`${where}.policy must be an object`);
  for (const k of spec.keys()) if (!POLICY_KEYS.includes(k)) throw new UnsupportedInput(`${where}.policy.${k} is not a GeneratePolicy argument`);
  if (spec.has('url') && spec.has('urlHelper')) throw new UnsupportedInput(`${where}.policy has both url and urlHelper`);
  let url = goStringParam(spec.get('url'), `${where}.policy.url`);
  if (spec.has('urlHelper')) {
    const helper = spec.get('urlHelper');
    if (!isHostMap(helper)) throw new UnsupportedInput(`${where}.policy.urlHelper must be an object`);
    for (const k of helper.keys()) if (k !== 'call' && k !== 'args') throw new UnsupportedInput(`${where}.policy.urlHelper.${k} is not modelled`);
    const name = helper.get('call');
    if (typeof name !== 'string' || !Object.hasOwn(URLS, name)) throw new UnsupportedInput(`${where}.policy.urlHelper.call ${JSON.stringify(name)} is not a taskrouter URL function`);
    url = join(URLS[name].parts(stringArgs(helper.get('args'), URLS[name].arity, `${where}.policy.urlHelper`)));
  }
  const p = policy(
    url,
    goStringParam(spec.get('method'), `${where}.policy.method`),
    goBoolParam(spec.get('allow'), `${where}.policy.allow`),
    goMapParam(spec.get('postFilter'), `${where}.policy.postFilter`, null),
    goMapParam(spec.get('queryFilter'), `${where}.policy.queryFilter`, null),
  );
  return (s) => void s.policies.push(p);
}

const str = (s: TaskRouterState, k: string): string => s.fields.get(k) as string;

/** Build the payload as `generatePayload` does, appending the web-socket policies first. */
function generatePayload(s: TaskRouterState, clockMs: number): HostMap {
  const now = Math.floor(clockMs / 1000);
  const [ac, ws, channel] = [str(s, 'accountSid'), str(s, 'workspaceSid'), str(s, 'channelId')];
  s.policies.push(...webSocketPolicies(ac, channel));
  const payload: HostMap = new Map<string, HostValue>([['version', TASKROUTER_VERSION]]);
  if (ac !== '') payload.set('account_sid', ac);
  if (ws !== '') payload.set('workspace_sid', ws);
  if (channel !== '') {
    payload.set('channel', channel);
    payload.set('friendly_name', channel);
  }
  payload.set('policies', [...s.policies]);
  payload.set('iss', ac);
  const [nbf, validUntil] = [s.fields.get('nbf') as number, s.fields.get('validUntil') as number];
  payload.set('exp', validUntil !== 0 ? validUntil : now + (s.fields.get('ttl') as number));
  payload.set('nbf', nbf !== 0 ? nbf : now);
  const sidClaim = channelSidClaim(channel);
  if (sidClaim) payload.set(sidClaim[0], channel);
  return payload;
}

/** twilio-go's TaskRouter capability rules, for the family code in reference/taskrouter. */
export const goTaskRouter: TaskRouterRules = {
  vocabulary: {
    keys: [...STRING_PARAMS, ...FLOAT_PARAMS, 'policies', 'extraToJwtCalls'],
    helpers: { AddPolicy: ['policy'], AddWorkerPolicies: ['args'], AddWebSocketPolicies: ['args'], Payload: [], ToJwt: [] },
  },
  helper({ call, keys }: HelperCall, i): HelperStep {
    const where = `input.helpers[${i}]`;
    if (call === 'AddPolicy') return planAddPolicy(keys, where);
    if (call === 'ToJwt') return (_s, toJwt) => void toJwt();
    if (call === 'Payload') {
      return (s) => {
        // Payload() keeps the first payload it builds (ToJwt() never reads it): what lasts of
        // that build is the web-socket pair it appended. It checks no key.
        if (s.fields.get(PAYLOAD_KEPT) === true) return;
        s.fields.set(PAYLOAD_KEPT, true);
        s.policies.push(...webSocketPolicies(str(s, 'accountSid'), str(s, 'channelId')));
      };
    }
    const [a, b] = stringArgs(keys.get('args'), 2, where);
    const policies = call === 'AddWorkerPolicies' ? workerPolicies(a, b) : webSocketPolicies(a, b);
    return (s) => void s.policies.push(...policies);
  },
  construct({ values: v }) {
    const fields = new Map<string, HostValue | undefined>();
    for (const k of STRING_PARAMS) fields.set(k, goStringParam(v.get(k), k));
    for (const k of FLOAT_PARAMS) fields.set(k, goFloatParam(v.get(k), k));
    fields.set('ttl', goTtl(fields.get('ttl') as number));
    callCount(v.get('extraToJwtCalls'), 'extraToJwtCalls', MAX_EXTRA_CALLS);
    return { fields, policies: [] };
  },
  extraToJwtCalls: ({ values }) => callCount(values.get('extraToJwtCalls'), 'extraToJwtCalls', MAX_EXTRA_CALLS),
  toJwt(state, _args, clockMs): Minted {
    const key = str(state, 'authToken');
    // Jwt.ToJwt checks the key before it builds the payload (and appends nothing).
    if (key === '') throw new LibraryError('panic', 'JWT does not have a signing key configured.');
    const header: HostMap = new Map([
      ['alg', 'HS256'],
      ['typ', 'JWT'],
    ]);
    return compactHmac('HS256', key, Buffer.from(goJsonEncode(header), 'utf8'), Buffer.from(goJsonEncode(generatePayload(state, clockMs)), 'utf8'));
  },
};
