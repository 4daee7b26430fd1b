/**
 * The registry of libraries: every profile the harness knows, with its conformance-side entry
 * (conformance/libraries/<lib>.ts). The runner, properties, differential, fuzz, regen, crosscheck
 * and import read it, never a library's name. A library kept outside this package (or a variant
 * of a built-in one) joins at run time with {@link registerLibrary}, or through
 * {@link loadLibraryModules} (the `TWILIO_JWT_CONFORMANCE_LIBRARIES` environment variable, which
 * the adapters this process starts inherit).
 */
import { isAbsolute, delimiter, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type fc from 'fast-check';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { DEFAULT_PROFILE, isProfileName as isReferenceProfile, PROFILES, registerProfile } from '../../reference/profiles/index.ts';
import type { ProfileName } from '../../reference/profiles/profile.ts';
import type { GeneratedCase } from '../differential/generators/json.ts';
import { familyEntry, isFamily } from '../families/index.ts';
import type { Family } from '../protocol/types.ts';
import { adapterCommand } from './launch.ts';
import { go } from './go.ts';
import type { AdapterLaunch, AdapterOptions, BuiltinAdapter, Library } from './library.ts';
import { java } from './java.ts';
import { node } from './node.ts';
import { php } from './php.ts';
import { python } from './python.ts';
import { ruby } from './ruby.ts';

export type { AdapterLaunch, AdapterOptions, BuiltinAdapter, Library } from './library.ts';
export { findTwilioPython } from './python.ts';
export { findTwilioRuby } from './ruby.ts';
export type { ProfileName } from '../../reference/profiles/profile.ts';
export { DEFAULT_PROFILE };

/** Every library, in registration order (the built-in ones first); grows with {@link registerLibrary}. */
export const LIBRARIES: readonly Library[] = [node, python, ruby, php, java, go];

/** Every library's profile name, in the order of {@link LIBRARIES}; grows with it. */
export const PROFILE_NAMES: readonly ProfileName[] = LIBRARIES.map((l) => l.profile.name);

/** The prefix of the built-in adapter that serves the reference in one profile (`reference-<profile>`). */
const REFERENCE_PREFIX = 'reference-';

/** True for the name of a profile with a library entry. */
export function isProfileName(n: unknown): n is ProfileName {
  return typeof n === 'string' && PROFILE_NAMES.includes(n);
}

/** `a, b or c`. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The known profile names as a usage text lists them (`node, python or ruby`). */
export function profileList(): string {
  return listed(PROFILE_NAMES);
}

/** The entry of a profile's library; throws a `TypeError` naming the known profiles otherwise. */
export function libraryOf(profile: ProfileName): Library {
  const lib = LIBRARIES.find((l) => l.profile.name === profile);
  if (!lib) throw new TypeError(`unknown profile ${JSON.stringify(profile)} (expected ${profileList()})`);
  return lib;
}

/** The library whose built-in adapter has this name, if any. */
export function libraryByAdapter(name: string): Library | undefined {
  return LIBRARIES.find((l) => l.adapter.name === name);
}

/**
 * Add a library at run time: its profile joins the reference's profiles (unless that very profile
 * object is there already) and its entry joins {@link LIBRARIES}. Registering the same entry again
 * does nothing. Throws a `TypeError` naming what is wrong: a profile name or adapter name already
 * taken, or an entry missing a part.
 */
export function registerLibrary(lib: Library): void {
  if (LIBRARIES.includes(lib)) return;
  const name = lib?.profile?.name;
  if (typeof name !== 'string') throw new TypeError('a library entry needs a profile (reference rules) with a name');
  for (const part of ['dialect', 'properties', 'adapter', 'vectorSeeds'] as const) {
    if (typeof lib[part] !== 'object' || lib[part] === null) throw new TypeError(`library ${JSON.stringify(name)}: its entry has no ${part}`);
  }
  if (lib.clock !== 'seconds' && lib.clock !== 'milliseconds') throw new TypeError(`library ${JSON.stringify(name)}: clock must be "seconds" or "milliseconds", not ${JSON.stringify(lib.clock)}`);
  if (!Array.isArray(lib.quirkKeys) || !lib.quirkKeys.every((k) => typeof k === 'string' && k !== '')) throw new TypeError(`library ${JSON.stringify(name)}: quirkKeys must be a list of key names`);
  if (isProfileName(name)) throw new TypeError(`a library with the profile ${JSON.stringify(name)} is already registered`);
  const adapter = lib.adapter.name;
  if (typeof adapter !== 'string' || adapter === '' || /\s/.test(adapter)) throw new TypeError(`library ${JSON.stringify(name)}: its adapter needs a name without spaces`);
  if (adapter.startsWith(REFERENCE_PREFIX) || libraryByAdapter(adapter)) throw new TypeError(`library ${JSON.stringify(name)}: the adapter name ${JSON.stringify(adapter)} is taken`);
  // The reference keeps its own registry (it imports nothing from here); a profile registered
  // there before, as this same object, is fine.
  if (!isReferenceProfile(name) || PROFILES[name] !== lib.profile) registerProfile(lib.profile);
  (LIBRARIES as Library[]).push(lib);
  (PROFILE_NAMES as ProfileName[]).push(name);
}

/** The environment variable naming modules (path-delimited) whose default export is a library entry to register. */
export const LIBRARY_MODULES_ENV = 'TWILIO_JWT_CONFORMANCE_LIBRARIES';

/**
 * Register the library entries of the modules `TWILIO_JWT_CONFORMANCE_LIBRARIES` names (paths,
 * absolute or from the working directory, separated like PATH): each module's default export is a
 * {@link Library} or a list of them. Child processes inherit the variable, so a reference adapter
 * started for a registered profile knows it too. Throws naming the module that cannot be used.
 */
export async function loadLibraryModules(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const entry of (env[LIBRARY_MODULES_ENV] ?? '').split(delimiter).filter(Boolean)) {
    const file = isAbsolute(entry) ? entry : resolve(entry);
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (e) {
      throw new Error(`${LIBRARY_MODULES_ENV}: cannot load ${file} (${(e as Error).message.split('\n')[0]})`, { cause: e });
    }
    const libs = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const lib of libs) {
      if (typeof lib !== 'object' || lib === null) throw new Error(`${LIBRARY_MODULES_ENV}: ${file} has no library entry as its default export`);
      registerLibrary(lib as Library);
    }
  }
}

/** Every object-API quirk key any registered library's inputs may carry. */
export function quirkKeys(): ReadonlySet<string> {
  return new Set(LIBRARIES.flatMap((l) => l.quirkKeys));
}

/** Whether an input uses an object-API quirk key at any depth (a case is core otherwise, oracle README). */
export function usesQuirk(v: JsonValue, keys: ReadonlySet<string> = quirkKeys()): boolean {
  if (Array.isArray(v)) return v.some((x) => usesQuirk(x, keys));
  if (v instanceof JsonObject) return v.entries.some(([k, x]) => keys.has(k) || usesQuirk(x, keys));
  return false;
}

/**
 * The differential generator of one family in a library's dialect (the family's entry,
 * conformance/families/), or undefined when the library does not have the family, the family has
 * no generator, or it is no family.
 */
export function casesOf(lib: Library, family: Family | string): fc.Arbitrary<GeneratedCase> | undefined {
  return isFamily(family) ? familyEntry(family).cases(lib) : undefined;
}

/** Every built-in adapter's name: the reference in each profile, then each library's real-library adapter. */
export function builtinAdapters(): string[] {
  return [...PROFILE_NAMES.map((p) => `${REFERENCE_PREFIX}${p}`), ...LIBRARIES.map((l) => l.adapter.name)];
}

/** The command line that starts a built-in adapter as a child process, or why it is unavailable; undefined for an unknown name. */
export function launchBuiltin(name: string, opts: AdapterOptions = {}): AdapterLaunch | undefined {
  if (name.startsWith(REFERENCE_PREFIX) && isProfileName(name.slice(REFERENCE_PREFIX.length))) {
    return { name, command: adapterCommand('reference', '--profile', name.slice(REFERENCE_PREFIX.length)) };
  }
  const lib = libraryByAdapter(name);
  return lib ? { name, ...lib.adapter.launch(opts) } : undefined;
}

/** The option names (without `--`) the registered adapters read, for `run`/`smoke` or for `adapter NAME`. */
export function adapterOptionNames(which: 'runOptions' | 'serveOptions'): string[] {
  return [...new Set(LIBRARIES.flatMap((l) => Object.keys(l.adapter[which])))];
}

/** The values of those options among parsed command-line values. */
export function adapterOptionValues(which: 'runOptions' | 'serveOptions', values: Readonly<Record<string, unknown>>): AdapterOptions {
  return Object.fromEntries(adapterOptionNames(which).flatMap((k) => (typeof values[k] === 'string' ? [[k, values[k] as string]] : [])));
}

/** `adapter NAME`'s options for the usage text, e.g. `[--python PATH] [--lib DIR]`. */
export function serveUsage(a: BuiltinAdapter): string {
  return Object.entries(a.serveOptions)
    .map(([k, v]) => `[--${k} ${v}]`)
    .join(' ');
}

/** The real-library adapter of a profile's library. */
export function adapterOf(profile: ProfileName): BuiltinAdapter {
  return libraryOf(profile).adapter;
}
