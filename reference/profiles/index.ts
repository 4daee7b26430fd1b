import { java } from './java/index.ts';
import { go } from './go/index.ts';
import { node } from './node/index.ts';
import { php } from './php/index.ts';
import type { Profile, ProfileName } from './profile.ts';
import { python } from './python/index.ts';
import { ruby } from './ruby/index.ts';

export type { Profile, ProfileName } from './profile.ts';

/**
 * Every profile, by name, in registration order: the built-in ones, then any registered at run
 * time with {@link registerProfile}.
 */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = { node, python, ruby, php, java, go };

/** The profile used when none is named (the one the AccessToken API and `--profile` default to). */
export const DEFAULT_PROFILE: ProfileName = node.name;

/** What a profile name may look like: it is used in vector keys (`node,python`) and adapter names. */
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Every profile's name, in registration order. */
export function profileNames(): ProfileName[] {
  return Object.keys(PROFILES);
}

export function isProfileName(n: unknown): n is ProfileName {
  return typeof n === 'string' && Object.hasOwn(PROFILES, n);
}

/** The profile of that name; throws a `TypeError` naming the valid ones otherwise. */
export function getProfile(name: string): Profile {
  if (!isProfileName(name)) throw new TypeError(`unknown profile "${name}" (expected ${listed(profileNames())})`);
  return PROFILES[name];
}

/**
 * Add a profile at run time (a library's rules kept outside this package, or a variant of a
 * built-in one). Its name must be new, lower-case letters, digits and dashes; registering the same
 * profile object again does nothing. Throws a `TypeError` naming what is wrong.
 */
export function registerProfile(profile: Profile): void {
  if (typeof profile?.name !== 'string' || !NAME.test(profile.name)) {
    throw new TypeError(`a profile name must be 1 to 40 lower-case letters, digits or dashes, starting with a letter, not ${JSON.stringify(profile?.name)}`);
  }
  if (isProfileName(profile.name)) {
    if (PROFILES[profile.name] === profile) return;
    throw new TypeError(`a profile named "${profile.name}" is already registered`);
  }
  (PROFILES as Record<ProfileName, Profile>)[profile.name] = profile;
}

/** `a, b or c`. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
