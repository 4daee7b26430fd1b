/**
 * What the checks say of a profile with a planted bug: the committed vectors it fails and the
 * properties that fail against it. Shared by the mutant tests (test/properties/*-mutant.test.ts),
 * each of which plants its bug with vi.mock or a changed profile object.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { referenceSide } from '../../conformance/differential/differential.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import type { Family } from '../../conformance/protocol/types.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import type { Profile } from '../../reference/profiles/profile.ts';
import { ROOT, seedFromEnv } from './shared.ts';

/** Ids of the committed `family` vectors with an expectation in `profile` (not unsupported) that the reference in `profile` fails; more than `judged` are judged. */
export async function failingVectors(profile: Profile, family: Family, judged: number): Promise<string[]> {
  const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect[profile.name] && v.expect[profile.name]!.kind !== 'unsupported');
  expect(vectors.length).toBeGreaterThan(judged);
  const failing: string[] = [];
  for (const v of vectors) {
    const j = await judge(v.expect[profile.name]!, runReferenceCase(profile, v), v);
    if (j.status !== 'pass') failing.push(v.id);
  }
  return failing;
}

/** Names of the `family` properties that fail against the reference in `profile` (300 runs, the run's seed). */
export async function failingProperties(profile: Profile, family: Family): Promise<string[]> {
  const results = await runProperties(referenceSide(profile), profile.name, [family], { numRuns: 300, seed: seedFromEnv() });
  return results.filter((r) => !r.ok).map((r) => r.name);
}
