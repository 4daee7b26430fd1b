/**
 * twilio-go's typed parameters as an adapter fills them from a case input (oracle README, "go"):
 * struct fields of Go types, an absent key leaving the zero value. A JSON value of another type
 * has no way into such a field (Go would not compile the call), so it is unsupported, never
 * converted.
 */
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { UnsupportedInput } from '../../lang/lang.ts';

/** What a JSON value is, for the messages. */
function kind(v: HostValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isHostMap(v)) return 'an object';
  return `a ${typeof v === 'number' ? 'number' : typeof v}`;
}

const refuse = (what: string, type: string, v: HostValue): never => {
  throw new UnsupportedInput(`${what} is a Go ${type}: ${kind(v)} cannot be passed`);
};

/** A `string` field: absent = `""`. */
export function goStringParam(v: HostValue | undefined, what: string): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : refuse(what, 'string', v);
}

/** A `float64` field: absent = 0. */
export function goFloatParam(v: HostValue | undefined, what: string): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : refuse(what, 'float64', v);
}

/** A `bool` field: absent = false. */
export function goBoolParam(v: HostValue | undefined, what: string): boolean {
  if (v === undefined) return false;
  return typeof v === 'boolean' ? v : refuse(what, 'bool', v);
}

/** A `map[string]interface{}` field: `null` is the nil map; absent is `absent`. */
export function goMapParam(v: HostValue | undefined, what: string, absent: HostMap | null): HostMap | null {
  if (v === undefined) return absent;
  if (v === null || isHostMap(v)) return v;
  return refuse(what, 'map[string]interface{}', v);
}

/** A count of extra calls (`extraToJwtCalls`): a whole number from 0 to `max`. */
export function callCount(v: HostValue | undefined, what: string, max: number): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new UnsupportedInput(`${what} must be a whole number of calls`);
  if (v > max) throw new UnsupportedInput(`${what} above ${max} is not replayed by the reference`);
  return v;
}

/** twilio-go's `Max(ttl, 3600)`: a ttl below an hour is raised to an hour. */
export const TTL_FLOOR = 3600;
export const goTtl = (ttl: number): number => (ttl > TTL_FLOOR ? ttl : TTL_FLOOR);
