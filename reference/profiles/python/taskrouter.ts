/**
 * twilio-python 9.11 `TaskRouterCapabilityToken` and its Worker / TaskQueue / Workspace
 * subclasses (research/python-spec.md §5).
 */
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { pyStr, pyTypeName, python } from '../../lang/python.ts';
import { EVENT_BRIDGE_URL, TASKROUTER_BASE_URL, TASKROUTER_VERSION, channelSidClaim, policyPayload } from '../../taskrouter/policy.ts';
import type { HelperStep, TaskRouterRules, TaskRouterState } from '../../taskrouter/rules.ts';
import { missingArgumentsMessage } from './calls.ts';
import { GENERATE, pyJwtToJwt } from './pyjwt.ts';
import { checkToJwtCalls, withSecondToken } from './to-jwt-calls.ts';

type Flavor = 'worker' | 'taskqueue' | 'workspace' | 'base';

/** Each flavor's class, the constructor parameter that takes the channel, and the channel prefix. */
const FLAVORS: Readonly<Record<Flavor, { cls: string; channelParam?: string; prefix?: string; resource?: string }>> = {
  worker: { cls: 'WorkerCapabilityToken', channelParam: 'worker_sid', prefix: 'WK', resource: 'Workers' },
  taskqueue: { cls: 'TaskQueueCapabilityToken', channelParam: 'task_queue_sid', prefix: 'WQ', resource: 'TaskQueues' },
  // The workspace token's channel is its workspace sid; its resource is the workspace itself.
  workspace: { cls: 'WorkspaceCapabilityToken', prefix: 'WS' },
  // The base class has neither a prefix nor a resource: validating a channel raises.
  base: { cls: 'TaskRouterCapabilityToken', channelParam: 'channel_id' },
};

type Method =
  | 'allowWebSockets'
  | 'allowFetchSelf'
  | 'allowUpdateSelf'
  | 'allowDeleteSelf'
  | 'allowFetchSubresources'
  | 'allowUpdateSubresources'
  | 'allowDeleteSubresources'
  | 'allowFetchActivities'
  | 'allowFetchReservations'
  | 'allowFetchWorkerReservations'
  | 'allowUpdateActivities'
  | 'allowUpdateReservations';

interface Urls {
  workspace: string;
  resource: string;
}

/** A `_make_policy(url, method, True, post_filter=...)` dict. */
const policy = (url: string, method: string, postFilter: HostMap = new Map()): HostMap => policyPayload({ url, method, allow: true, queryFilter: new Map(), postFilter }, ['url', 'method', 'allow', 'query_filter', 'post_filter']);

/**
 * The `allow_*` methods: which class defines them (errors name it), whether they take the optional
 * channel argument, and the policies they append.
 */
const METHODS: Readonly<Record<Method, { owner: 'base' | 'worker'; optionalArg?: boolean; policies(u: Urls, s: TaskRouterState, arg?: HostValue): HostMap[] }>> = {
  allowWebSockets: {
    owner: 'base',
    optionalArg: true,
    policies(_u, s, channel) {
      const url = `${EVENT_BRIDGE_URL}/${pyStr(s.fields.get('accountSid'))}/${pyStr(python.truthy(channel) ? channel : s.fields.get('channel'))}`;
      return [policy(url, 'GET'), policy(url, 'POST')];
    },
  },
  allowFetchSelf: { owner: 'base', policies: (u) => [policy(u.resource, 'GET')] },
  allowUpdateSelf: { owner: 'base', policies: (u) => [policy(u.resource, 'POST')] },
  allowDeleteSelf: { owner: 'base', policies: (u) => [policy(u.resource, 'DELETE')] },
  allowFetchSubresources: { owner: 'base', policies: (u) => [policy(`${u.resource}/**`, 'GET')] },
  allowUpdateSubresources: { owner: 'base', policies: (u) => [policy(`${u.resource}/**`, 'POST')] },
  allowDeleteSubresources: { owner: 'base', policies: (u) => [policy(`${u.resource}/**`, 'DELETE')] },
  allowFetchActivities: { owner: 'worker', policies: (u) => [policy(`${u.workspace}/Activities`, 'GET')] },
  allowFetchReservations: { owner: 'worker', policies: (u) => [policy(`${u.workspace}/Tasks/**`, 'GET')] },
  allowFetchWorkerReservations: { owner: 'worker', policies: (u) => [policy(`${u.resource}/Reservations/**`, 'GET')] },
  allowUpdateActivities: {
    owner: 'worker',
    policies: (u) => [policy(u.resource, 'POST', new Map([['ActivitySid', new Map([['required', true]])]]))],
  },
  allowUpdateReservations: { owner: 'worker', policies: (u) => [policy(`${u.workspace}/Tasks/**`, 'POST'), policy(`${u.resource}/Reservations/**`, 'POST')] },
};

/** The constructor's keyword shortcuts and their defaults, in the order it applies them. */
const BASE_DEFAULTS: ReadonlyArray<[Method, boolean]> = [
  ['allowWebSockets', true],
  ['allowFetchSelf', true],
  ['allowUpdateSelf', false],
  ['allowDeleteSelf', false],
  // delete comes before update here, unlike the method list.
  ['allowFetchSubresources', false],
  ['allowDeleteSubresources', false],
  ['allowUpdateSubresources', false],
];
const WORKER_DEFAULTS: ReadonlyArray<[Method, boolean]> = [
  ['allowFetchActivities', true],
  ['allowFetchReservations', true],
  ['allowFetchWorkerReservations', true],
  ['allowUpdateActivities', false],
  ['allowUpdateReservations', false],
];

const snake = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const hasMethod = (flavor: Flavor, m: Method): boolean => METHODS[m].owner === 'base' || flavor === 'worker';

function flavorOf(state: TaskRouterState): Flavor {
  return state.fields.get('flavor') as Flavor;
}

function urls(state: TaskRouterState): Urls {
  const flavor = flavorOf(state);
  const workspace = `${TASKROUTER_BASE_URL}/${TASKROUTER_VERSION}/Workspaces/${pyStr(state.fields.get('workspaceSid'))}`;
  const segment = FLAVORS[flavor].resource;
  return { workspace, resource: segment ? `${workspace}/${segment}/${pyStr(state.fields.get('channel'))}` : workspace };
}

function call(state: TaskRouterState, m: Method, args: HostValue[] = []): void {
  state.policies.push(...METHODS[m].policies(urls(state), state, args[0]));
}

/** Python equality of two JSON-born values (`1 == 1.0 == True`), as the adapter compares them. */
function pyEquals(a: HostValue | undefined, b: HostValue | undefined): boolean {
  const num = (x: unknown): number | bigint | undefined => (typeof x === 'boolean' ? BigInt(x) : typeof x === 'number' || typeof x === 'bigint' ? x : undefined);
  const [x, y] = [num(a), num(b)];
  // eslint-disable-next-line eqeqeq
  if (x !== undefined && y !== undefined) return x == y;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((e, i) => pyEquals(e, b[i]));
  if (isHostMap(a) && isHostMap(b)) return a.size === b.size && [...a].every(([k, e]) => b.has(k) && pyEquals(e, b.get(k)));
  return a === b;
}

/** `_validate_inputs`: the value must be truthy and a str that starts with the prefix. */
function validateSid(v: HostValue | undefined, what: string, prefix: () => string): void {
  const invalid = (): LibraryError => new LibraryError('ValueError', `Invalid ${what} provided ${pyStr(v ?? null)}`);
  if (!python.truthy(v)) throw invalid();
  // `v.startswith(prefix)`: the attribute is looked up before the prefix is evaluated.
  if (typeof v !== 'string') throw new LibraryError('AttributeError', `'${pyTypeName(v)}' object has no attribute 'startswith'`);
  if (!v.startsWith(prefix())) throw invalid();
}

/** twilio-python's TaskRouter capability token rules (all four flavors), for the family code in reference/taskrouter. */
export const pythonTaskRouter: TaskRouterRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'ttl', 'nbf', 'validUntil', 'flavor', 'options', 'toJwtTtl', 'toJwtTwice', 'secondNow', 'extraToJwtCalls'],
    helpers: Object.fromEntries(Object.keys(METHODS).map((m) => [m, ['args']])),
  },
  helper({ call: name, keys }, i): HelperStep {
    const m = name as Method;
    const args = keys.has('args') ? keys.get('args') : [];
    if (!Array.isArray(args)) throw new UnsupportedInput(`helpers[${i}].args must be a list`);
    return (state) => {
      const flavor = flavorOf(state);
      const { cls } = FLAVORS[flavor];
      if (!hasMethod(flavor, m)) throw new LibraryError('AttributeError', `'${cls}' object has no attribute '${snake(m)}'`);
      const owner = METHODS[m].owner === 'worker' ? FLAVORS.worker.cls : FLAVORS.base.cls;
      const given = args.length + 1; // self
      const max = METHODS[m].optionalArg ? 2 : 1;
      if (given > max) {
        const takes = max === 1 ? 'takes 1 positional argument' : 'takes from 1 to 2 positional arguments';
        throw new LibraryError('TypeError', `${owner}.${snake(m)}() ${takes} but ${given} were given`);
      }
      call(state, m, args);
    };
  },
  construct({ values: v }) {
    const flavor = v.get('flavor') as Flavor;
    if (typeof flavor !== 'string' || !Object.hasOwn(FLAVORS, flavor)) {
      throw new UnsupportedInput(`flavor ${JSON.stringify(flavor ?? null)}: twilio-python needs worker|taskqueue|workspace|base`);
    }
    const { cls, channelParam, prefix } = FLAVORS[flavor];
    if (!channelParam && v.has('channelId') && !(v.has('workspaceSid') && pyEquals(v.get('channelId'), v.get('workspaceSid')))) {
      throw new UnsupportedInput('channelId: WorkspaceCapabilityToken has no channel argument (its channel is the workspace sid)');
    }
    const options = v.has('options') ? v.get('options') : new Map();
    if (!isHostMap(options)) throw new UnsupportedInput('options must be an object of constructor keywords');
    for (const k of options.keys()) if (!Object.hasOwn(METHODS, k)) throw new UnsupportedInput(`options.${k} is not a TaskRouter constructor keyword`);

    const params: Array<[string, string]> = [
      ['accountSid', 'account_sid'],
      ['authToken', 'auth_token'],
      ['workspaceSid', 'workspace_sid'],
    ];
    if (channelParam) params.push(['channelId', channelParam]);
    const missing = params.filter(([k]) => !v.has(k)).map(([, py]) => py);
    if (missing.length) throw new LibraryError('TypeError', missingArgumentsMessage(`${cls}.__init__()`, missing));

    const channel = channelParam ? v.get('channelId')! : v.get('workspaceSid')!;
    validateSid(v.get('accountSid'), 'account sid', () => 'AC');
    validateSid(v.get('workspaceSid'), 'workspace sid', () => 'WS');
    validateSid(channel, 'channel id', () => {
      if (!prefix) throw new LibraryError('NotImplementedError', 'Subclass must set its specific channel_id sid prefix.');
      return prefix;
    });

    const state: TaskRouterState = { fields: new Map([...v, ['flavor', flavor], ['channel', channel]]), policies: [] };
    // Unknown keywords are ignored, so a worker-only shortcut does nothing on other flavors.
    for (const [m, fallback] of [...BASE_DEFAULTS, ...(flavor === 'worker' ? WORKER_DEFAULTS : [])]) {
      if (options.has(m) ? python.truthy(options.get(m)) : fallback) call(state, m);
    }
    return state;
  },
  extraToJwtCalls({ values }) {
    // to_jwt changes nothing here, so discarded calls can only repeat the answered call's error.
    checkToJwtCalls(values);
    return 0;
  },
  toJwt(state, { values: v }, clockMs) {
    const claims = (): HostMap => {
      const channel = state.fields.get('channel') as string;
      const payload: HostMap = new Map<string, HostValue>([
        ['account_sid', v.get('accountSid')!],
        ['workspace_sid', v.get('workspaceSid')!],
        ['channel', channel],
        ['version', TASKROUTER_VERSION],
        ['friendly_name', channel],
        ['policies', state.policies],
      ]);
      const sidClaim = channelSidClaim(channel);
      if (sidClaim) payload.set(...sidClaim);
      return payload;
    };
    const toJwt = (ms: number) =>
      pyJwtToJwt(
        claims,
        new Map(),
        {
          secretKey: v.get('authToken'),
          issuer: v.get('accountSid'),
          nbf: v.has('nbf') ? v.get('nbf')! : GENERATE,
          ttl: v.has('ttl') ? v.get('ttl') : 3600n,
          validUntil: v.get('validUntil'),
          toJwtTtl: v.get('toJwtTtl'),
        },
        ms,
      );
    // Only the answered call comes here (python's discarded calls are not replayed), so this is
    // also where a `toJwtTwice` second call is made; it changes nothing in python's state.
    return withSecondToken(v, toJwt(clockMs), toJwt, clockMs);
  },
};
