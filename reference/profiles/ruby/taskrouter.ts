/**
 * twilio-ruby 7.11.1 `TaskRouterCapability`, its `Policy` and `TaskRouterUtils`
 * (research/ruby-spec.md §4).
 */
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { EVENT_BRIDGE_URL, TASKROUTER_BASE_URL, TASKROUTER_VERSION, channelSidClaim, policyPayload, workerPolicyPaths } from '../../taskrouter/policy.ts';
import type { HelperStep, TaskRouterRules, TaskRouterState } from '../../taskrouter/rules.ts';
import { arity, extraToJwtCalls, noMethod, positional, rbJoin, type RbValue } from './objects.ts';
import { checkRubySecret, rubyJwtToJwt } from './ruby-jwt.ts';

const POLICY_ORDER = ['url', 'method', 'query_filter', 'post_filter', 'allow'] as const;
/** Discarded `to_jwt` calls the reference replays at most (each one appends two policies). */
const MAX_EXTRA_CALLS = 1000;

/** `Policy.new(url, method, allowed, post_filters = {}, query_filters = {})` (note: post before query). */
function newPolicy(args: readonly HostValue[]): HostMap {
  if (args.length < 3 || args.length > 5) throw arity(args.length, '3..5');
  const [url, method, allow, postFilter = new Map(), queryFilter = new Map()] = args;
  return policyPayload({ url, method, allow, postFilter, queryFilter }, POLICY_ORDER);
}

const workspace = (ws: RbValue): RbValue[] => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', ws];

/** The URL builders of `TaskRouterUtils`: their arity and the parts they join with '/'. */
const URLS: Readonly<Record<string, { arity: number; parts: (a: RbValue[]) => RbValue[] }>> = {
  workspaces: { arity: 0, parts: () => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces'] },
  workspace: { arity: 1, parts: ([ws]) => workspace(ws) },
  all_workspaces: { arity: 0, parts: () => [TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', '**'] },
  ...Object.fromEntries(
    (
      [
        ['tasks', 'task', 'Tasks'],
        ['task_queues', 'task_queue', 'TaskQueues'],
        ['activities', 'activity', 'Activities'],
        ['workers', 'worker', 'Workers'],
      ] as const
    ).flatMap(([many, one, segment]) => [
      [many, { arity: 1, parts: ([ws]: RbValue[]) => [...workspace(ws), segment] }],
      [one, { arity: 2, parts: ([ws, sid]: RbValue[]) => [...workspace(ws), segment, sid] }],
      [`all_${many}`, { arity: 1, parts: ([ws]: RbValue[]) => [...workspace(ws), segment, '**'] }],
    ]),
  ),
  reservations: { arity: 2, parts: ([ws, wk]) => [...workspace(ws), 'Workers', wk, 'Reservations'] },
  reservation: { arity: 3, parts: ([ws, wk, r]) => [...workspace(ws), 'Workers', wk, 'Reservations', r] },
  all_reservations: { arity: 2, parts: ([ws, wk]) => [...workspace(ws), 'Workers', wk, 'Reservations', '**'] },
};

function utilUrl(name: string, args: HostValue[]): string {
  const { arity: n, parts } = URLS[name];
  if (args.length !== n) throw arity(args.length, String(n));
  return rbJoin(parts(args), '/');
}

/** `web_socket_policies(account_sid, channel)`: GET and POST on the event-bridge channel. */
function webSocketPolicies(ac: RbValue, channel: RbValue): HostMap[] {
  const url = rbJoin([EVENT_BRIDGE_URL, ac, channel], '/');
  return ['GET', 'POST'].map((m) => newPolicy([url, m, true]));
}

/** The policy lists of `TaskRouterUtils`, each with arity 2; the caller adds each one. */
const POLICY_LISTS: Readonly<Record<string, (a: HostValue, b: HostValue) => HostMap[]>> = {
  add_worker_policies: (ws, wk) => workerPolicyPaths<RbValue>(wk).map((tail) => newPolicy([rbJoin([...workspace(ws), ...tail], '/'), 'GET', true])),
  add_web_socket_policies: webSocketPolicies,
};

function listArgs(keys: Map<string, HostValue>, where: string): HostValue[] {
  const args = keys.has('args') ? keys.get('args') : [];
  if (!Array.isArray(args)) throw new UnsupportedInput(`${where}.args is not a list`);
  return args;
}

/** Plans `add_policy(...)`: explicit `Policy.new` arguments, or url/urlHelper plus named ones. */
function planAddPolicy(keys: Map<string, HostValue>, where: string): HelperStep {
  if (!keys.has('policy')) throw new UnsupportedInput(`${where} has no policy`);
  const spec = keys.get('policy')!;
  if (!isHostMap(spec)) throw new UnsupportedInput(`${where}.policy is not an object`);
  const add =
    (make: () => HostMap): HelperStep =>
    (s) =>
      void s.policies.push(make());
  if (spec.has('policyArgs')) {
    if (spec.size !== 1) throw new UnsupportedInput(`${where}.policy mixes policyArgs with named fields`);
    const args = spec.get('policyArgs');
    if (!Array.isArray(args)) throw new UnsupportedInput(`${where}.policy.policyArgs is not a list`);
    return add(() => newPolicy(args));
  }
  for (const k of spec.keys()) {
    if (!['url', 'urlHelper', 'method', 'allow', 'postFilter', 'queryFilter'].includes(k)) throw new UnsupportedInput(`${where}.policy.${k} is not modelled`);
  }
  if (spec.has('url') && spec.has('urlHelper')) throw new UnsupportedInput(`${where}.policy has both url and urlHelper`);
  let url: (() => HostValue) | undefined;
  if (spec.has('urlHelper')) {
    const helper = spec.get('urlHelper');
    if (!isHostMap(helper)) throw new UnsupportedInput(`${where}.policy.urlHelper is not an object`);
    for (const k of helper.keys()) if (k !== 'call' && k !== 'args') throw new UnsupportedInput(`${where}.policy.urlHelper.${k} is not modelled`);
    const name = helper.get('call');
    if (typeof name !== 'string' || !Object.hasOwn(URLS, name)) throw new UnsupportedInput(`${where}.policy.urlHelper.call ${JSON.stringify(name)} is not a TaskRouterUtils URL helper`);
    const args = listArgs(helper, `${where}.policy.urlHelper`);
    url = () => utilUrl(name, args);
  } else if (spec.has('url')) {
    const given = spec.get('url')!;
    url = () => given;
  }
  const rest = positional(
    spec,
    ['method', 'allow'],
    [
      ['postFilter', () => new Map()],
      ['queryFilter', () => new Map()],
    ],
  );
  // The url is worked out when the policy is built (a urlHelper call is one step of the sequence).
  return add(() => (url ? newPolicy([url(), ...rest]) : newPolicy([])));
}

/** `@channel_id[0..1]`: a String's first two characters; nil, booleans and floats have no `[]`. */
function firstTwo(channel: RbValue): string | undefined {
  if (typeof channel === 'string') return channel;
  if (channel === undefined || channel === null || typeof channel === 'boolean' || typeof channel === 'number') throw noMethod('[]', channel);
  return undefined; // Integer#[], Array#[] and Hash#[] answer, but never with a String
}

/** twilio-ruby's TaskRouterCapability rules, for the family code in reference/taskrouter. */
export const rubyTaskRouter: TaskRouterRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'ttl', 'nbf', 'validUntil', 'algorithm', 'policies', 'setAfter', 'extraToJwtCalls'],
    helpers: { add_policy: ['policy'], add_worker_policies: ['args'], add_web_socket_policies: ['args'], to_jwt: [] },
  },
  helper({ call, keys }, i): HelperStep {
    const where = `input.helpers[${i}]`;
    if (call === 'add_policy') return planAddPolicy(keys, where);
    if (call === 'to_jwt') return (_s, toJwt) => void toJwt();
    const args = listArgs(keys, where);
    return (s) => {
      if (args.length !== 2) throw arity(args.length, '2');
      s.policies.push(...POLICY_LISTS[call](args[0], args[1]));
    };
  },
  construct({ values: v }) {
    const setAfter = v.get('setAfter');
    if (setAfter !== undefined && !(isHostMap(setAfter) && setAfter.size === 0)) {
      // TaskRouterCapability has no attribute writers at all.
      throw new UnsupportedInput('setAfter: TaskRouterCapability has no writers');
    }
    extraToJwtCalls(v);
    const given = positional(v, ['accountSid', 'authToken', 'workspaceSid', 'channelId']).length;
    if (given !== 4) throw arity(given, '4');
    if (v.has('algorithm')) throw new LibraryError('ArgumentError', 'unknown keyword: :algorithm');
    checkRubySecret(v.get('authToken'));
    return { fields: new Map(v), policies: [] };
  },
  extraToJwtCalls({ values }) {
    const n = extraToJwtCalls(values);
    if (n > MAX_EXTRA_CALLS) throw new UnsupportedInput(`extraToJwtCalls above ${MAX_EXTRA_CALLS} is not replayed by the reference`);
    return n;
  },
  toJwt(state: TaskRouterState, { values: v }, clockMs) {
    const f = state.fields;
    const channel = f.get('channelId');
    // Every to_jwt appends the web-socket policies again: the second call carries two pairs.
    state.policies.push(...webSocketPolicies(f.get('accountSid'), channel));
    const claims: HostMap = new Map<string, HostValue>([
      ['account_sid', f.get('accountSid')!],
      ['workspace_sid', f.get('workspaceSid')!],
      ['channel', channel!],
      ['version', TASKROUTER_VERSION],
      ['friendly_name', channel!],
      ['policies', [...state.policies]],
    ]);
    const head = firstTwo(channel);
    const sidClaim = head === undefined ? undefined : channelSidClaim(head);
    if (sidClaim) claims.set(sidClaim[0], channel!);
    return rubyJwtToJwt(
      claims,
      new Map(),
      {
        secretKey: v.get('authToken'),
        issuer: v.get('accountSid'),
        nbf: v.get('nbf'),
        ttl: v.has('ttl') ? v.get('ttl') : 3600n,
        validUntil: v.get('validUntil'),
      },
      clockMs,
    );
  },
};
