/**
 * The taskrouter_capability family over twilio-node: TaskRouterCapability and the ordered helper calls
 * (addPolicy, the util policy lists, extra toJwt calls) that build it.
 */
import type { TaskRouterCapabilityInstance, TaskRouterUtil, TwilioModule } from './library.ts';
import { asArray, asObject, asString, checkKeys, DriverFault, has, isObject, type JsonObject, optionsArgument, pick, type Plan, planSetAfter, positional, Skip, tokenString } from './support.ts';

const TASKROUTER_KEYS = ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'friendlyName', 'ttl', 'version', 'helpers', 'policies', 'optionsAbsent', 'optionsValue', 'setAfter'] as const;
const TASKROUTER_OPTIONS = ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'friendlyName', 'ttl', 'version'] as const;
const POLICY_OPTIONS = ['url', 'method', 'allow', 'queryFilter', 'postFilter'] as const;
const URL_HELPERS = ['workspacesUrl', 'taskQueuesUrl', 'tasksUrl', 'activitiesUrl', 'workersUrl', 'reservationsUrl'] as const;
const POLICY_LIST_HELPERS = ['defaultWorkerPolicies', 'defaultEventBridgePolicies'] as const;

/** Helper arguments: in the node vocabulary `null` stands for `undefined` (an omitted argument). */
function helperArgs(value: unknown, where: string): unknown[] {
  return asArray(value, where).map((arg) => (arg === null ? undefined : arg));
}

function utilFunction(util: TaskRouterUtil, name: string): (...args: unknown[]) => unknown {
  const fn = util[name];
  if (typeof fn !== 'function') throw new DriverFault(`twilio.jwt.taskrouter.util.${name} is not a function`);
  return fn as (...args: unknown[]) => unknown;
}

/** One step of the ordered helper calls, run against the capability. */
type HelperStep = (capability: TaskRouterCapabilityInstance) => void;

function planPolicy(lib: TwilioModule, helper: JsonObject, where: string): HelperStep {
  const Policy = lib.jwt.taskrouter.TaskRouterCapability.Policy;
  const util = lib.jwt.taskrouter.util;
  if (!has(helper, 'policy')) return (capability) => capability.addPolicy(new Policy());
  const policy = helper.policy;
  // A non-object policy is passed as the options argument itself, as the vocabulary says.
  if (!isObject(policy)) return (capability) => capability.addPolicy(new Policy(policy));
  checkKeys(policy, [...POLICY_OPTIONS, 'urlHelper'], `${where}.policy`);
  if (!has(policy, 'urlHelper')) {
    const options = pick(policy, POLICY_OPTIONS);
    return (capability) => capability.addPolicy(new Policy(options));
  }
  if (has(policy, 'url')) throw new Skip(`${where}.policy has both url and urlHelper`);
  const urlHelper = asObject(policy.urlHelper, `${where}.policy.urlHelper`);
  checkKeys(urlHelper, ['call', 'args'], `${where}.policy.urlHelper`);
  const name = asString(urlHelper.call, `${where}.policy.urlHelper.call`);
  if (!(URL_HELPERS as readonly string[]).includes(name)) {
    throw new Skip(`${where}.policy.urlHelper.call "${name}" is not a twilio.jwt.taskrouter.util URL function`);
  }
  const fn = utilFunction(util, name);
  const args = has(urlHelper, 'args') ? helperArgs(urlHelper.args, `${where}.policy.urlHelper.args`) : [];
  const rest = pick(policy, POLICY_OPTIONS);
  return (capability) => {
    // The URL goes first so the options object reads like one written by hand; Policy reads it by
    // name, so its position cannot matter.
    const options: JsonObject = { url: fn(...args), ...rest };
    capability.addPolicy(new Policy(options));
  };
}

function planHelper(lib: TwilioModule, raw: unknown, where: string): HelperStep {
  const helper = asObject(raw, where);
  const call = asString(helper.call, `${where}.call`);
  if (call === 'addPolicy') {
    checkKeys(helper, ['call', 'policy'], where);
    return planPolicy(lib, helper, where);
  }
  if ((POLICY_LIST_HELPERS as readonly string[]).includes(call)) {
    checkKeys(helper, ['call', 'args'], where);
    const fn = utilFunction(lib.jwt.taskrouter.util, call);
    const args = has(helper, 'args') ? helperArgs(helper.args, `${where}.args`) : [];
    return (capability) => {
      const policies = fn(...args);
      if (!Array.isArray(policies)) throw new DriverFault(`util.${call} returned no array`);
      for (const policy of policies) capability.addPolicy(policy as object);
    };
  }
  if (call === 'toJwt') {
    checkKeys(helper, ['call'], where);
    // An extra call whose token is discarded: it shows toJwt has no side effects.
    return (capability) => void capability.toJwt();
  }
  throw new Skip(`${where}.call "${call}" is not a twilio-node TaskRouter helper`);
}

export function planTaskRouter(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, TASKROUTER_KEYS, '');
  const TaskRouterCapability = lib.jwt.taskrouter.TaskRouterCapability;
  const args = positional([optionsArgument(input, TASKROUTER_OPTIONS, '')]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', ['policies']) : undefined;
  // `policies` is informative only (what the helpers added); the helpers are the calls to make.
  const steps = asArray(has(input, 'helpers') ? input.helpers : [], 'helpers').map((raw, i) => planHelper(lib, raw, `helpers[${i}]`));
  return () => {
    const capability = new TaskRouterCapability(...args);
    setAfter?.(capability);
    for (const step of steps) step(capability);
    return { token: tokenString(capability.toJwt(), 'TaskRouterCapability.toJwt') };
  };
}
