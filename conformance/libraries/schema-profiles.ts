/**
 * The published JSON Schemas (the protocol's, the vectors', the results') list the built-in
 * profiles; the validators built from them list every registered one instead, so that a profile
 * registered at run time (conformance/libraries/) validates like a built-in one. A test checks that
 * the published lists equal the built-in registry.
 */
import { profileNames } from '../../reference/profiles/index.ts';

/** A regular-expression alternative of the registered profile names. */
function alternatives(names: readonly string[]): string {
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/**
 * A copy of a parsed schema with its profile lists made the registered names: the `enum` of
 * `definitions.profile`, and the `pattern` of `definitions.profiles` (one name, or several joined
 * by commas). A schema without them is returned as it is.
 */
export function withRegisteredProfiles<T>(schema: T, names: readonly string[] = profileNames()): T {
  const defs = (schema as { definitions?: Record<string, Record<string, unknown>> }).definitions;
  if (!defs || (!defs.profile?.enum && typeof defs.profiles?.pattern !== 'string')) return schema;
  const copy = structuredClone(schema) as { definitions: Record<string, Record<string, unknown>> };
  if (Array.isArray(copy.definitions.profile?.enum)) copy.definitions.profile.enum = [...names];
  if (typeof copy.definitions.profiles?.pattern === 'string') {
    const one = `(${alternatives(names)})`;
    copy.definitions.profiles.pattern = `^${one}(,${one})*$`;
  }
  return copy as T;
}

/** A key that changes whenever a profile is registered: validators built for an older key are rebuilt. */
export function profilesKey(): string {
  return profileNames().join(',');
}
