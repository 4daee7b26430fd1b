import type { FamilyResult } from '../family.ts';
import type { JsonValue } from '../json/value.ts';
import { UnsupportedInput } from '../lang/lang.ts';
import type { Profile } from '../profiles/profile.ts';
import { familyRules } from '../profiles/lacks.ts';
import { readBaseJwtInput } from './input.ts';

/**
 * Run one `jwt` case: `encode` (one `to_jwt`), `encodeTwice` (a second call, at `secondNow` when
 * given, answered as `secondToken`: nothing is cached between calls) or `decode`.
 * Throws `LibraryError` where the library rejects the input and `UnsupportedInput` where its API
 * cannot express it (or the library has no public base class).
 */
export function runBaseJwt(input: JsonValue, profile: Profile, clockMs: number): FamilyResult {
  const rules = familyRules(profile.jwt);
  const args = readBaseJwtInput(input, rules.vocabulary, profile.lang);
  if (args.op === 'decode') return rules.decode(args, clockMs);
  const v = args.values;
  const twice = args.op === 'encodeTwice' || v.get('toJwtTwice') === true;
  if (v.has('toJwtTwice') && typeof v.get('toJwtTwice') !== 'boolean') throw new UnsupportedInput('toJwtTwice must be a boolean');
  const secondNow = v.get('secondNow');
  if (secondNow !== undefined) {
    if (!twice) throw new UnsupportedInput('secondNow given without a second to_jwt() call');
    if (typeof secondNow !== 'number' && typeof secondNow !== 'bigint') throw new UnsupportedInput('secondNow must be a number of seconds');
  }
  const extra = v.get('extraToJwtCalls') ?? 0n;
  if (typeof extra !== 'bigint' || extra < 0n) throw new UnsupportedInput('extraToJwtCalls must be a non-negative integer');
  // Discarded calls first: at the same clock they can only fail as the answered one would.
  if (extra > 0n) rules.encode(args, clockMs);
  const minted = rules.encode(args, clockMs);
  if (!twice) return minted;
  const second = rules.encode(args, secondNow === undefined ? clockMs : Number(secondNow) * 1000);
  return { ...minted, extras: { secondToken: second.token } };
}
