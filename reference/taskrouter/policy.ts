import type { HostMap, HostValue } from '../lang/host.ts';

/** Where TaskRouter's REST resources live, and the API version every library hardcodes. */
export const TASKROUTER_BASE_URL = 'https://taskrouter.twilio.com';
export const TASKROUTER_VERSION = 'v1';
/** The event bridge a worker's web socket connects to: `<base>/<account sid>/<channel>`. */
export const EVENT_BRIDGE_URL = 'https://event-bridge.twilio.com/v1/wschannels';

/** A policy's five fields as a library holds them (values are never normalised by node or ruby). */
export interface Policy {
  url: HostValue;
  method: HostValue;
  allow: HostValue;
  queryFilter: HostValue;
  postFilter: HostValue;
}

/** The keys of a policy in the token. */
export type PolicyClaim = 'url' | 'method' | 'allow' | 'query_filter' | 'post_filter';

/** A policy as the token carries it, with the keys in the library's order. */
export function policyPayload(p: Policy, order: readonly PolicyClaim[]): HostMap {
  const value: Record<PolicyClaim, HostValue> = { url: p.url, method: p.method, allow: p.allow, query_filter: p.queryFilter, post_filter: p.postFilter };
  return new Map(order.map((k) => [k, value[k]]));
}

/**
 * The path segments, after `.../Workspaces/<ws>`, of the four read policies node's
 * `defaultWorkerPolicies` and ruby's `worker_policies` grant a worker, in their order.
 */
export function workerPolicyPaths<T>(workerSid: T): Array<Array<string | T>> {
  return [['Activities'], ['Tasks', '**'], ['Workers', workerSid, 'Reservations', '**'], ['Workers', workerSid]];
}

/**
 * The claim every library adds for a worker or task-queue channel: `worker_sid` when the channel
 * starts with `WK`, else `taskqueue_sid` when it starts with `WQ` (case-sensitive), else none.
 */
export function channelSidClaim(channel: string): [string, string] | undefined {
  if (channel.startsWith('WK')) return ['worker_sid', channel];
  if (channel.startsWith('WQ')) return ['taskqueue_sid', channel];
  return undefined;
}
