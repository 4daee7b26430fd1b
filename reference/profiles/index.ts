import { node } from './node/index.ts';
import type { Profile, ProfileName } from './profile.ts';
import { python } from './python/index.ts';
import { ruby } from './ruby/index.ts';

export type { Profile, ProfileName } from './profile.ts';

/** Every profile, by name. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = { node, python, ruby };

export function isProfileName(n: unknown): n is ProfileName {
  return n === 'node' || n === 'python' || n === 'ruby';
}

/** The profile of that name; throws a `TypeError` naming the valid ones otherwise. */
export function getProfile(name: string): Profile {
  if (!isProfileName(name)) throw new TypeError(`unknown profile "${name}" (expected node, python or ruby)`);
  return PROFILES[name];
}
