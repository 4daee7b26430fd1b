import type { JsonValue } from '../json/value.ts';
import type { Minted } from '../jwt/compact.ts';
import { familyRules } from '../profiles/lacks.ts';
import type { Profile } from '../profiles/profile.ts';
import { readTaskRouterInput, type TaskRouterArgs } from './input.ts';

/**
 * Build the TaskRouterCapability token a library would emit for `args` at the frozen clock
 * `clockMs`: construct, run the helper calls in order, then the discarded and the answered
 * `toJwt`. Throws `LibraryError` where the library rejects the input.
 */
export function buildTaskRouterCapability(args: TaskRouterArgs, profile: Profile, clockMs: number): Minted {
  const rules = familyRules(profile.taskrouterCapability);
  const steps = args.helpers.map((h, i) => rules.helper(h, i));
  const state = rules.construct(args);
  const toJwt = (): Minted => rules.toJwt(state, args, clockMs);
  for (const step of steps) step(state, toJwt);
  for (let n = rules.extraToJwtCalls(args); n > 0; n--) toJwt();
  return toJwt();
}

/** Read a `taskrouter_capability` case input in the profile's vocabulary and mint it. */
export function mintTaskRouterCapability(input: JsonValue, profile: Profile, clockMs: number): Minted {
  return buildTaskRouterCapability(readTaskRouterInput(input, familyRules(profile.taskrouterCapability).vocabulary, profile.lang), profile, clockMs);
}
