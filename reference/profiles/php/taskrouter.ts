/**
 * twilio-php 8.12.0 `Twilio\Jwt\TaskRouter`: `CapabilityToken` and its `WorkerCapability`,
 * `TaskQueueCapability` and `WorkspaceCapability`, with their `Policy` (research/php-spec.md,
 * "TaskRouter"), called as the oracle README's php vocabulary says: the `flavor`'s class with named
 * arguments, each helper by name with positional `args` (and `policyCalls` on the Policy that
 * `addPolicyDeconstructed` returns), then `generateToken(ttl, extraAttributes)`.
 *
 * The constructor adds the event-bridge GET and POST and the resource GET with null filters (left
 * out of the token); a worker adds its activities, tasks and reservations GETs the same way. The
 * helpers' policies carry empty filters, written `{}`.
 */
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { isPhpArray, php, phpArrayAppend, phpArrayEntries, PhpObject, type PhpArray } from '../../lang/php.ts';
import { EVENT_BRIDGE_URL, TASKROUTER_BASE_URL, TASKROUTER_VERSION, channelSidClaim } from '../../taskrouter/policy.ts';
import type { HelperStep, TaskRouterRules, TaskRouterState } from '../../taskrouter/rules.ts';
import { namedArguments, phpCall, type PhpCallSite, type PhpFunction, type PhpParam } from './calls.ts';
import { phpJwtEncode } from './php-jwt.ts';

const NS = 'Twilio\\Jwt\\TaskRouter\\';
const BASE = `${NS}CapabilityToken`;
const WORKER = `${NS}WorkerCapability`;

type Flavor = 'worker' | 'taskqueue' | 'workspace' | 'base';

const str = (name: string): PhpParam => ({ name, type: 'string' });
const optStr = (name: string): PhpParam => ({ name, type: 'string', nullable: true, optional: true });
const OVERRIDES = [optStr('overrideBaseUrl'), optStr('overrideBaseWSUrl')];

/**
 * Each flavor's class: its constructor's parameters, the one `channelId` is passed as (none: the
 * channel is the workspace), and the resource its policies are about, after `.../Workspaces/<ws>`
 * (none: the base class never sets one).
 */
const FLAVORS: Readonly<Record<Flavor, { cls: string; params: PhpParam[]; channelParam?: string; resource?: (channel: string) => string }>> = {
  worker: { cls: WORKER, params: [str('accountSid'), str('authToken'), str('workspaceSid'), str('workerSid'), ...OVERRIDES], channelParam: 'workerSid', resource: (c) => `/Workers/${c}` },
  taskqueue: { cls: `${NS}TaskQueueCapability`, params: [str('accountSid'), str('authToken'), str('workspaceSid'), str('taskQueueSid'), ...OVERRIDES], channelParam: 'taskQueueSid', resource: (c) => `/TaskQueues/${c}` },
  workspace: { cls: `${NS}WorkspaceCapability`, params: [str('accountSid'), str('authToken'), str('workspaceSid'), ...OVERRIDES], resource: () => '' },
  base: { cls: BASE, params: [str('accountSid'), str('authToken'), str('workspaceSid'), str('channelId'), optStr('resourceUrl'), ...OVERRIDES], channelParam: 'channelId' },
};

/** Where the constructor adds the resource's GET policy, as a TypeError from that call names it. */
const RESOURCE_POLICY_CALL: PhpCallSite = { file: 'Twilio/Jwt/TaskRouter/CapabilityToken.php', line: 61 };

const nullableArray = (name: string): PhpParam => ({ name, type: 'array', nullable: true, optional: true });
const ALLOW_FN: PhpFunction = { name: `${BASE}::allow`, params: [str('url'), str('method'), nullableArray('queryFilter'), nullableArray('postFilter')] };
const DENY_FN: PhpFunction = {
  name: `${BASE}::deny`,
  params: [str('url'), str('method'), { name: 'queryFilter', type: 'array', optional: true }, { name: 'postFilter', type: 'array', optional: true }],
};
const ADD_POLICY_FN: PhpFunction = {
  name: `${BASE}::addPolicyDeconstructed`,
  params: [str('url'), str('method'), nullableArray('queryFilter'), nullableArray('postFilter'), { name: 'allow', type: 'bool', optional: true }],
};
const GENERATE_FN: PhpFunction = {
  name: `${BASE}::generateToken`,
  params: [
    { name: 'ttl', type: 'int', optional: true },
    { name: 'extraAttributes', type: 'array', optional: true },
  ],
};

/**
 * A `Policy` as it holds its fields, under their property names (`url, method, queryFilter,
 * postFilter, allow`): the capability's `policies` are these, made into the token's by
 * {@link policyArray} at generateToken. A null filter stays null and is left out of the token.
 */
type Policy = HostMap;

const newPolicy = (url: HostValue, method: HostValue, queryFilter: HostValue, postFilter: HostValue, allow: HostValue): Policy =>
  new Map([
    ['url', url],
    ['method', method],
    ['queryFilter', queryFilter],
    ['postFilter', postFilter],
    ['allow', allow],
  ]);

/** The URLs a capability's helpers use, once constructed. */
interface Urls {
  /** `$baseUrl` after `/Workspaces/<ws>` was appended. */
  workspace: string;
  resource: string;
}

const urls = (state: TaskRouterState): Urls => ({ workspace: state.fields.get('workspaceUrl') as string, resource: state.fields.get('resourceUrl') as string });

const add = (state: TaskRouterState, url: string, method: string, filters: PhpArray | null, postFilter: HostValue = filters): Policy => {
  const p = newPolicy(url, method, filters, postFilter, true);
  state.policies.push(p);
  return p;
};

/**
 * The helpers without arguments: the class that declares them (worker-only ones are missing on the
 * other flavors) and the policies they add, with `[]` filters (ActivitySid required for activity
 * updates). Arguments beyond a method's parameters are ignored, as PHP does for user functions.
 */
const SHORTCUTS: Readonly<Record<string, { owner: 'base' | 'worker'; run(s: TaskRouterState, u: Urls): void }>> = {
  allowFetchSubresources: { owner: 'base', run: (s, u) => void add(s, `${u.resource}/**`, 'GET', []) },
  allowUpdates: { owner: 'base', run: (s, u) => void add(s, u.resource, 'POST', []) },
  allowUpdatesSubresources: { owner: 'base', run: (s, u) => void add(s, `${u.resource}/**`, 'POST', []) },
  allowDelete: { owner: 'base', run: (s, u) => void add(s, u.resource, 'DELETE', []) },
  allowDeleteSubresources: { owner: 'base', run: (s, u) => void add(s, `${u.resource}/**`, 'DELETE', []) },
  allowActivityUpdates: {
    owner: 'worker',
    run: (s, u) => void add(s, u.resource, 'POST', [], new Map([['ActivitySid', new Map([['required', true]])]])),
  },
  allowReservationUpdates: {
    owner: 'worker',
    run(s, u) {
      add(s, `${u.workspace}/Tasks/**`, 'POST', []);
      add(s, `${u.resource}/Reservations/**`, 'POST', []);
    },
  },
};

/** The helpers that take a policy's fields, each returning the Policy it added. */
const POLICY_HELPERS: Readonly<Record<string, (s: TaskRouterState, args: Map<string, HostValue>) => Policy>> = {
  allow(s, args) {
    const [url, method, q, p] = phpCall(ALLOW_FN, args);
    return addPolicy(s, url, method, q, p, true);
  },
  deny(s, args) {
    const [url, method, q, p] = phpCall(DENY_FN, args);
    return addPolicy(s, url, method, q, p, false);
  },
  addPolicyDeconstructed(s, args) {
    const [url, method, q, p, allow] = phpCall(ADD_POLICY_FN, args);
    return addPolicy(s, url, method, q, p, allow ?? true);
  },
};

/** `new Policy(...)` with the bound values; a filter left out is `[]`. */
function addPolicy(s: TaskRouterState, url: HostValue | undefined, method: HostValue | undefined, q: HostValue | undefined, p: HostValue | undefined, allow: HostValue): Policy {
  const policy = newPolicy(url!, method!, q === undefined ? [] : q, p === undefined ? [] : p, allow);
  s.policies.push(policy);
  return policy;
}

/** `Policy::addQueryFilter($f)` / `addPostFilter($f)`: `$this->filter[] = $f` (a null filter becomes `[$f]`). */
const POLICY_CALLS: Readonly<Record<string, 'queryFilter' | 'postFilter'>> = { addQueryFilter: 'queryFilter', addPostFilter: 'postFilter' };

/** PHP's `===` of two values read from JSON (same type and value; arrays: same pairs in the same order). */
function identical(a: HostValue | undefined, b: HostValue | undefined): boolean {
  if (isPhpArray(a) && isPhpArray(b)) {
    const [x, y] = [phpArrayEntries(a), phpArrayEntries(b)];
    return x.length === y.length && x.every(([k, v], i) => k === y[i][0] && identical(v, y[i][1]));
  }
  return a === b;
}

/** A helper's positional arguments, as the named map {@link phpCall} binds (parameter names in order). */
function positional(fn: PhpFunction, args: readonly HostValue[]): Map<string, HostValue> {
  return new Map(args.slice(0, fn.params.length).map((v, i) => [fn.params[i].name, v]));
}

const HELPER_FNS: Readonly<Record<string, PhpFunction>> = { allow: ALLOW_FN, deny: DENY_FN, addPolicyDeconstructed: ADD_POLICY_FN };

/** `Policy::toArray()`: url, method, allow, then each filter that is not null (`{}` when empty). */
function policyArray(p: Policy): HostMap {
  const out: HostMap = new Map([
    ['url', p.get('url')!],
    ['method', p.get('method')!],
    ['allow', p.get('allow')!],
  ]);
  const filter = (f: HostValue): HostValue => (isPhpArray(f) && phpArrayEntries(f).length === 0 ? new PhpObject() : f);
  for (const [field, claim] of [
    ['queryFilter', 'query_filter'],
    ['postFilter', 'post_filter'],
  ] as const) {
    const f = p.get(field)!;
    if (f !== null) out.set(claim, filter(f));
  }
  return out;
}

/** A list of positional arguments, or unsupported. */
function argList(v: HostValue | undefined, where: string): HostValue[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new UnsupportedInput(`${where}.args must be a list`);
  return v;
}

/** twilio-php's TaskRouter capability rules (all four classes), for the family code in reference/taskrouter. */
export const phpTaskRouter: TaskRouterRules = {
  vocabulary: {
    // `policies` only records what the helpers added (informative).
    keys: ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'flavor', 'baseUrl', 'baseWsUrl', 'ttl', 'extraAttributes', 'policies'],
    helpers: Object.fromEntries([...Object.keys(SHORTCUTS), ...Object.keys(POLICY_HELPERS)].map((m) => [m, ['args', 'policyCalls']])),
  },
  helper({ call, keys }, i): HelperStep {
    const where = `input.helpers[${i}]`;
    const args = argList(keys.get('args'), where);
    const calls = keys.get('policyCalls');
    const policyCalls: Array<{ field: 'queryFilter' | 'postFilter'; method: string; args: HostValue[] }> = [];
    if (calls !== undefined) {
      if (call !== 'addPolicyDeconstructed') throw new UnsupportedInput(`${where}.policyCalls: only addPolicyDeconstructed returns a Policy`);
      if (!Array.isArray(calls)) throw new UnsupportedInput(`${where}.policyCalls must be a list`);
      calls.forEach((c, j) => {
        const at = `${where}.policyCalls[${j}]`;
        if (!isHostMap(c) || [...c.keys()].some((k) => k !== 'call' && k !== 'args')) throw new UnsupportedInput(`${at} must be an object with call and args`);
        const m = c.get('call');
        if (typeof m !== 'string' || !Object.hasOwn(POLICY_CALLS, m)) throw new UnsupportedInput(`${at}.call ${JSON.stringify(m ?? null)} is not a Policy method`);
        policyCalls.push({ field: POLICY_CALLS[m], method: m, args: argList(c.get('args'), at) });
      });
    }
    return (state) => {
      const u = urls(state);
      if (Object.hasOwn(SHORTCUTS, call)) {
        const { owner, run } = SHORTCUTS[call];
        if (owner === 'worker' && state.fields.get('class') !== WORKER) throw new LibraryError('Error', `Call to undefined method ${String(state.fields.get('class'))}::${call}()`);
        run(state, u);
        return;
      }
      const policy = POLICY_HELPERS[call](state, positional(HELPER_FNS[call], args));
      for (const pc of policyCalls) {
        const fn: PhpFunction = { name: `${NS}Policy::${pc.method}`, params: [{ name: pc.field, type: 'mixed' }] };
        const [value] = phpCall(fn, positional(fn, pc.args));
        const current = policy.get(pc.field)!;
        // `null[] = $x` makes a new array; an array gets its next int key.
        policy.set(pc.field, current === null ? [value!] : phpArrayAppend(current as PhpArray, value!));
      }
    };
  },
  construct({ values: v }) {
    const flavor = v.get('flavor');
    if (typeof flavor !== 'string' || !Object.hasOwn(FLAVORS, flavor)) {
      throw new UnsupportedInput(`flavor ${JSON.stringify(flavor ?? null)}: twilio-php's capability classes are worker|taskqueue|workspace|base`);
    }
    const { cls, params, channelParam, resource } = FLAVORS[flavor as Flavor];
    if (!channelParam && v.has('channelId') && !(v.has('workspaceSid') && identical(v.get('channelId'), v.get('workspaceSid')))) {
      throw new UnsupportedInput("channelId: a WorkspaceCapability's channel is its workspace, so it must equal workspaceSid");
    }
    const names: Array<[string, string]> = [
      ['accountSid', 'accountSid'],
      ['authToken', 'authToken'],
      ['workspaceSid', 'workspaceSid'],
      ['baseUrl', 'overrideBaseUrl'],
      ['baseWsUrl', 'overrideBaseWSUrl'],
    ];
    if (channelParam) names.push(['channelId', channelParam]);
    const values = phpCall({ name: `${cls}::__construct`, params }, namedArguments(v, names));
    const bound = new Map(params.map((p, i) => [p.name, values[i]]));
    const accountSid = bound.get('accountSid') as string;
    const workspaceSid = bound.get('workspaceSid') as string;
    const channel = (channelParam ? bound.get(channelParam) : workspaceSid) as string;
    const baseUrl = (bound.get('overrideBaseUrl') ?? `${TASKROUTER_BASE_URL}/${TASKROUTER_VERSION}`) as string;
    const baseWsUrl = (bound.get('overrideBaseWSUrl') ?? EVENT_BRIDGE_URL) as string;
    const workspace = `${baseUrl}/Workspaces/${workspaceSid}`;

    // validateJWT: prefixes are compared case-sensitively; each message ends with the value.
    if (!accountSid.startsWith('AC')) throw new LibraryError('Exception', `Invalid AccountSid provided: ${accountSid}`);
    if (!workspaceSid.startsWith('WS')) throw new LibraryError('Exception', `Invalid WorkspaceSid provided: ${workspaceSid}`);
    if (!['WS', 'WK', 'WQ'].includes(channel.slice(0, 2))) throw new LibraryError('Exception', `Invalid ChannelId provided: ${channel}`);

    const state: TaskRouterState = { fields: new Map<string, HostValue | undefined>([['class', cls]]), policies: [] };
    const bridge = `${baseWsUrl}/${accountSid}/${channel}`;
    add(state, bridge, 'GET', null);
    add(state, bridge, 'POST', null);
    // The base class never sets its resource URL: allow(null, ...) from inside the constructor.
    if (!resource)
      phpCall(
        ALLOW_FN,
        new Map<string, HostValue>([
          ['url', null],
          ['method', 'GET'],
          ['queryFilter', null],
          ['postFilter', null],
        ]),
        RESOURCE_POLICY_CALL,
      );
    const resourceUrl = `${workspace}${resource!(channel)}`;
    add(state, resourceUrl, 'GET', null);
    if (cls === WORKER) {
      add(state, `${workspace}/Activities`, 'GET', null);
      add(state, `${workspace}/Tasks/**`, 'GET', null);
      add(state, `${resourceUrl}/Reservations/**`, 'GET', null);
    }
    state.fields.set('workspaceUrl', workspace);
    state.fields.set('resourceUrl', resourceUrl);
    state.fields.set('accountSid', accountSid);
    state.fields.set('workspaceSid', workspaceSid);
    state.fields.set('channel', channel);
    state.fields.set('authToken', bound.get('authToken') as string);
    return state;
  },
  extraToJwtCalls: () => 0,
  toJwt(state, { values: v }, clockMs) {
    const [ttl, extra] = phpCall(
      GENERATE_FN,
      namedArguments(v, [
        ['ttl', 'ttl'],
        ['extraAttributes', 'extraAttributes'],
      ]),
    );
    const f = state.fields;
    const channel = f.get('channel') as string;
    const payload: HostMap = new Map<string, HostValue>([
      ['version', TASKROUTER_VERSION],
      ['friendly_name', channel],
      ['iss', f.get('accountSid')!],
      ['exp', php.add(php.nowSeconds(clockMs), ttl ?? 3600n)],
      ['account_sid', f.get('accountSid')!],
      ['channel', channel],
      ['workspace_sid', f.get('workspaceSid')!],
    ]);
    const sidClaim = channelSidClaim(channel);
    if (sidClaim) payload.set(...sidClaim);
    // `$payload[$key] = $value`: a key already there is replaced in its place.
    for (const [k, x] of extra === undefined ? [] : Array.isArray(extra) ? extra.map((x, i) => [String(i), x] as const) : [...(extra as HostMap)]) payload.set(k, x);
    payload.set('policies', state.policies.map(policyArray));
    return phpJwtEncode(payload, f.get('authToken') as string, 'HS256', []);
  },
};
