import type { Minted } from '../../jwt/compact.ts';
import type { HostValue } from '../../lang/host.ts';
import { UnsupportedInput } from '../../lang/lang.ts';

/**
 * The `to_jwt()` call-pattern keys of the python vocabulary: `extraToJwtCalls` (discarded calls
 * first), `toJwtTwice` and `secondNow` (a second call after the answered one). twilio-python's
 * capability tokens change nothing when `to_jwt` runs (the outgoing `clientName` it adds is the
 * same every time), so discarded calls never alter the answered token; here their shape is
 * checked, at the point where the library has already been constructed.
 */
export function checkToJwtCalls(v: Map<string, HostValue>): void {
  const extra = v.has('extraToJwtCalls') ? v.get('extraToJwtCalls') : 0n;
  if (typeof extra !== 'bigint' || extra < 0n) throw new UnsupportedInput('extraToJwtCalls must be a non-negative integer');
  const twice = v.has('toJwtTwice') ? v.get('toJwtTwice') : false;
  if (typeof twice !== 'boolean') throw new UnsupportedInput('toJwtTwice must be a boolean');
  if (v.has('secondNow') && !twice) throw new UnsupportedInput('secondNow given without a second to_jwt() call');
}

/**
 * The answered token, plus the second call's token as the `secondToken` output when the case asks
 * for `toJwtTwice` (at `secondNow` seconds when given). `again` mints at another clock.
 */
export function withSecondToken(v: Map<string, HostValue>, first: Minted, again: (clockMs: number) => Minted, clockMs: number): Minted {
  if (v.get('toJwtTwice') !== true) return first;
  let ms = clockMs;
  if (v.has('secondNow')) {
    const s = v.get('secondNow');
    if (typeof s !== 'bigint' && typeof s !== 'number') throw new UnsupportedInput('secondNow must be a number of seconds');
    ms = Number(s) * 1000;
  }
  return Object.assign(first, { extras: { secondToken: again(ms).token } });
}
