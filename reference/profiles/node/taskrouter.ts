/**
 * twilio-node 6.2.0 `TaskRouterCapability`, `Policy` and `jwt.taskrouter.util`
 * (research/node-spec.md §4).
 */
import type { HostMap, HostValue } from '../../lang/host.ts';
import { isHostMap } from '../../lang/host.ts';
import { javascript } from '../../lang/javascript.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { EVENT_BRIDGE_URL, TASKROUTER_BASE_URL, TASKROUTER_VERSION, channelSidClaim, policyPayload, workerPolicyPaths, type Policy } from '../../taskrouter/policy.ts';
import type { HelperStep, TaskRouterRules } from '../../taskrouter/rules.ts';
import { jsonwebtokenSign } from './jsonwebtoken.ts';
import { assignProperties, checkWrites, jsJoin, optionsArgument, property, type JsValue } from './objects.ts';

const OPTIONS = ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'friendlyName', 'ttl', 'version'];
const REQUIRED = ['accountSid', 'authToken', 'workspaceSid', 'channelId'];
const POLICY_OPTIONS = ['url', 'method', 'allow', 'queryFilter', 'postFilter'];
const POLICY_ORDER = ['url', 'method', 'query_filter', 'post_filter', 'allow'] as const;

/** `new Policy(options)`: every option falls back when falsy, so `allow: false` becomes true. */
function newPolicy(options: JsValue): HostMap {
  const o = javascript.truthy(options) ? options : new Map();
  const or = (name: string, fallback: HostValue): HostValue => {
    const v = property(o, name);
    return javascript.truthy(v) ? v! : fallback;
  };
  const policy: Policy = { url: or('url', ''), method: or('method', 'GET'), queryFilter: or('queryFilter', new Map()), postFilter: or('postFilter', new Map()), allow: or('allow', true) };
  return policyPayload(policy, POLICY_ORDER);
}

/** The util URL builders keep only string parts (`.filter(typeof === "string")`) and hardcode v1. */
const strings = (parts: readonly JsValue[]): string => parts.filter((p): p is string => typeof p === 'string').join('/');
const workspacesUrl = (ws?: JsValue): string => strings([TASKROUTER_BASE_URL, TASKROUTER_VERSION, 'Workspaces', ws]);
const underWorkspace =
  (segment: string) =>
  (ws?: JsValue, sid?: JsValue): string =>
    strings([workspacesUrl(ws), segment, sid]);
const workersUrl = underWorkspace('Workers');
const URL_HELPERS: Readonly<Record<string, (...args: JsValue[]) => string>> = {
  workspacesUrl,
  taskQueuesUrl: underWorkspace('TaskQueues'),
  tasksUrl: underWorkspace('Tasks'),
  activitiesUrl: underWorkspace('Activities'),
  workersUrl,
  reservationsUrl: (ws, wk, r) => strings([workersUrl(ws, wk), 'Reservations', r]),
};

/** The helpers that return lists of policies; their parts join as `Array.prototype.join` does. */
const POLICY_LISTS: Readonly<Record<string, (...args: JsValue[]) => HostMap[]>> = {
  defaultWorkerPolicies: (version, ws, wk) =>
    workerPolicyPaths<JsValue>(wk).map((tail) =>
      newPolicy(
        new Map<string, HostValue>([
          ['url', jsJoin([TASKROUTER_BASE_URL, version, 'Workspaces', ws, ...tail], '/')],
          ['method', 'GET'],
          ['allow', true],
        ]),
      ),
    ),
  defaultEventBridgePolicies: (ac, ch) => {
    const url = jsJoin([EVENT_BRIDGE_URL, ac, ch], '/');
    return ['GET', 'POST'].map((method) =>
      newPolicy(
        new Map<string, HostValue>([
          ['url', url],
          ['method', method],
          ['allow', true],
        ]),
      ),
    );
  },
};

/** Helper arguments: in the node vocabulary `null` stands for `undefined` (an omitted argument). */
function helperArgs(v: HostValue | undefined, where: string): JsValue[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new UnsupportedInput(`${where}.args must be a list`);
  return v.map((x) => (x === null ? undefined : x));
}

/** `addPolicy(new Policy(options))`, the options possibly taking their url from a util builder. */
function planAddPolicy(keys: Map<string, HostValue>, where: string): HelperStep {
  if (!keys.has('policy')) return (s) => void s.policies.push(newPolicy(undefined));
  const policy = keys.get('policy')!;
  // A non-object policy is the options argument itself (and reads as all defaults).
  if (!isHostMap(policy)) return (s) => void s.policies.push(newPolicy(policy));
  for (const k of policy.keys()) {
    if (!POLICY_OPTIONS.includes(k) && k !== 'urlHelper') throw new UnsupportedInput(`${where}.policy.${k} is not a Policy option`);
  }
  const options = new Map([...policy].filter(([k]) => k !== 'urlHelper'));
  if (!policy.has('urlHelper')) return (s) => void s.policies.push(newPolicy(options));
  if (policy.has('url')) throw new UnsupportedInput(`${where}.policy has both url and urlHelper`);
  const helper = policy.get('urlHelper');
  if (!isHostMap(helper)) throw new UnsupportedInput(`${where}.policy.urlHelper must be an object`);
  for (const k of helper.keys()) if (k !== 'call' && k !== 'args') throw new UnsupportedInput(`${where}.policy.urlHelper.${k} is not modelled`);
  const name = helper.get('call');
  if (typeof name !== 'string' || !Object.hasOwn(URL_HELPERS, name)) {
    throw new UnsupportedInput(`${where}.policy.urlHelper.call ${JSON.stringify(name)} is not a twilio.jwt.taskrouter.util URL function`);
  }
  const args = helperArgs(helper.get('args'), `${where}.policy.urlHelper`);
  return (s) => void s.policies.push(newPolicy(new Map([['url', URL_HELPERS[name](...args)], ...options])));
}

/** twilio-node's TaskRouterCapability rules, for the family code in reference/taskrouter. */
export const nodeTaskRouter: TaskRouterRules = {
  vocabulary: {
    keys: [...OPTIONS, 'policies', 'optionsAbsent', 'optionsValue', 'setAfter'],
    helpers: { addPolicy: ['policy'], defaultWorkerPolicies: ['args'], defaultEventBridgePolicies: ['args'], toJwt: [] },
  },
  helper({ call, keys }, i): HelperStep {
    const where = `helpers[${i}]`;
    if (call === 'addPolicy') return planAddPolicy(keys, where);
    if (call === 'toJwt') return (_s, toJwt) => void toJwt(); // its token is discarded; it changes nothing
    const args = helperArgs(keys.get('args'), where);
    return (s) => void s.policies.push(...POLICY_LISTS[call](...args));
  },
  construct({ values: v }) {
    const options = optionsArgument(v, OPTIONS, '');
    const writes = checkWrites(v.get('setAfter'), '');
    // No type check on the options: a string or number reads as having no options at all.
    if (!options.present || !javascript.truthy(options.value)) throw new LibraryError('Error', 'Required parameter "options" missing.');
    const o = options.value;
    for (const name of REQUIRED) {
      if (!javascript.truthy(property(o, name))) throw new LibraryError('Error', `Required parameter "options.${name}" missing.`);
    }
    const ttl = property(o, 'ttl');
    const version = property(o, 'version');
    const fields = new Map<string, JsValue>([
      ...REQUIRED.map((k): [string, JsValue] => [k, property(o, k)]),
      ['friendlyName', property(o, 'friendlyName')],
      ['ttl', javascript.truthy(ttl) ? ttl : 3600],
      ['version', javascript.truthy(version) ? version : 'v1'],
      ['policies', undefined],
    ]);
    assignProperties(fields, writes, '', ['policies']);
    // No policies are added automatically, unlike python and ruby.
    return { fields, policies: [] };
  },
  extraToJwtCalls: () => 0,
  toJwt({ fields: f, policies }, _args, clockMs) {
    const payload: HostMap = new Map();
    // The object literal's keys; an undefined value (friendly_name by default) is left out by JSON.
    const entries: Array<[string, JsValue]> = [
      ['iss', f.get('accountSid')],
      ['exp', javascript.add(javascript.nowSeconds(clockMs), f.get('ttl'))],
      ['version', f.get('version')],
      ['friendly_name', f.get('friendlyName')],
      ['account_sid', f.get('accountSid')],
      ['channel', f.get('channelId')],
      ['workspace_sid', f.get('workspaceSid')],
      ['policies', policies],
    ];
    for (const [k, x] of entries) if (x !== undefined) payload.set(k, x);
    const channel = f.get('channelId');
    // V8's wording: reading a property of null, or calling what a non-string lacks.
    if (channel === null || channel === undefined) throw new LibraryError('TypeError', `Cannot read properties of ${channel} (reading 'startsWith')`);
    if (typeof channel !== 'string') throw new LibraryError('TypeError', 'this.channelId.startsWith is not a function');
    const sidClaim = channelSidClaim(channel);
    if (sidClaim) payload.set(...sidClaim);
    return jsonwebtokenSign(payload, f.get('authToken'), [], clockMs);
  },
};
