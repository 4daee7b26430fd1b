import type { HostValue } from '../lang/host.ts';
import type { ScopeType } from './input.ts';

/** The `scope:<service>:<privilege>` prefix of each scope, the same in every library. */
export const SCOPE_PREFIX: Readonly<Record<ScopeType, string>> = {
  incoming: 'scope:client:incoming',
  outgoing: 'scope:client:outgoing',
  event_stream: 'scope:stream:subscribe',
};

/** The event-stream path every library puts in its subscribe scope. */
export const EVENTS_PATH = '/2010-04-01/Events';

/**
 * A scope as a library holds it once the adding calls are done: its kind and the fields the
 * library's scope object stores, under the library's own names (a node scope object's
 * properties, a python `ScopeURI`'s params, a ruby scope's instance variables).
 */
export interface HeldScope {
  type: ScopeType;
  fields: Map<string, HostValue | undefined>;
}

/** `<prefix>?<query>`, or the bare prefix when there is no query (python's parameterless ScopeURI). */
export function scopeUri(prefix: string, query: string): string {
  return query === '' ? prefix : `${prefix}?${query}`;
}
