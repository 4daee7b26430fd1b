/** The `claims` input of twilio-php's token classes: `addClaim(name, value)` calls, in order. */
import type { HostValue } from '../../lang/host.ts';
import { UnsupportedInput } from '../../lang/lang.ts';

/** `claims: [[name, value], ...]`: the pairs (none when absent), or unsupported. */
export function claimPairs(v: HostValue | undefined): Array<[HostValue, HostValue]> {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new UnsupportedInput('claims must be a list of [name, value] pairs');
  return v.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new UnsupportedInput(`claims[${i}] is not a [name, value] pair`);
    return [pair[0], pair[1]];
  });
}
