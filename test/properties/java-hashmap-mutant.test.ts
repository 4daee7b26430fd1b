/**
 * One planted layout bug in the java profile: java.util.HashMap's iteration order replaced by
 * insertion order (the header's `typ`, `cty`; the grants claim; every map read from the input).
 * Both the committed vectors with a java expectation and the property suites alone catch it; the
 * same checks pass without the bug. The properties' HashMap model is conformance/libraries/java.ts's
 * own, which the planted bug does not touch.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { referenceSide } from '../../conformance/differential/differential.ts';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { java } from '../../reference/profiles/java/index.ts';
import { ROOT, seedFromEnv } from '../helpers/shared.ts';

const planted = vi.hoisted(() => ({ on: false }));

vi.mock('../../reference/lang/java/hash-map.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../reference/lang/java/hash-map.ts')>();
  return {
    ...real,
    hashMapOrder: (keys: Iterable<string>) => (planted.on ? [...new Set(keys)] : real.hashMapOrder(keys)),
    inHashMapOrder: <V>(m: ReadonlyMap<string, V>) => (planted.on ? new Map(m) : real.inHashMapOrder(m)),
  };
});

/** The java-expected access_token vectors the reference (as it stands) fails. */
async function failingVectors(): Promise<string[]> {
  const vectors = loadVectors(join(ROOT, 'vectors', 'access_token')).filter((v) => v.expect.java && v.expect.java.kind !== 'unsupported');
  expect(vectors.length).toBeGreaterThan(90);
  const failing: string[] = [];
  for (const v of vectors) {
    const j = await judge(v.expect.java!, runReferenceCase(java, v), v);
    if (j.status !== 'pass') failing.push(v.id);
  }
  return failing;
}

async function failingProperties(): Promise<string[]> {
  const results = await runProperties(referenceSide(java), 'java', ['access_token'], { numRuns: 300, seed: seedFromEnv() });
  return results.filter((r) => !r.ok).map((r) => r.name);
}

describe('HashMap order replaced by insertion order in the java profile', () => {
  it('the vectors catch it', async () => {
    planted.on = false;
    expect(await failingVectors()).toEqual([]);
    planted.on = true;
    try {
      const failing = await failingVectors();
      // Every token's header ({"typ","cty",…} instead of {"cty","typ",…}) is wrong.
      expect(failing.length).toBeGreaterThan(90);
      expect(failing).toContain('access_token/java/java-params-13-keys-resize');
    } finally {
      planted.on = false;
    }
  });

  it('the properties alone catch it', async () => {
    planted.on = false;
    expect(await failingProperties()).toEqual([]);
    planted.on = true;
    try {
      expect(await failingProperties()).toEqual(expect.arrayContaining(['access_token/key-order', 'access_token/identity-and-grants']));
    } finally {
      planted.on = false;
    }
  });
});
