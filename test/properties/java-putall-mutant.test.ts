/**
 * One planted layout bug in the java profile's ClientCapability: the scope Builders' `putAll`
 * leaves the parameters in the order of the map they came from, where twilio-java's Builder
 * re-buckets them into a HashMap of putAll's own size (3 parameters get 8 buckets, not 16). Both the
 * committed vectors with a java expectation and the property suite alone catch it; the same checks
 * pass without the bug. The properties' putAll model is conformance/libraries/java.ts's own, which
 * the planted bug does not touch.
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
  return { ...real, putAllOrder: (sourceOrder: readonly string[]) => (planted.on ? [...sourceOrder] : real.putAllOrder(sourceOrder)) };
});

/** The java-expected client_capability vectors the reference (as it stands) fails. */
async function failingVectors(): Promise<string[]> {
  const vectors = loadVectors(join(ROOT, 'vectors', 'client_capability')).filter((v) => v.expect.java && v.expect.java.kind !== 'unsupported');
  expect(vectors.length).toBeGreaterThan(60);
  const failing: string[] = [];
  for (const v of vectors) {
    const j = await judge(v.expect.java!, runReferenceCase(java, v), v);
    if (j.status !== 'pass') failing.push(v.id);
  }
  return failing;
}

async function failingProperties(): Promise<string[]> {
  const results = await runProperties(referenceSide(java), 'java', ['client_capability'], { numRuns: 300, seed: seedFromEnv() });
  return results.filter((r) => !r.ok).map((r) => r.name);
}

describe("putAll's re-bucketing dropped from the java profile's scope Builders", () => {
  it('the vectors catch it', async () => {
    planted.on = false;
    expect(await failingVectors()).toEqual([]);
    planted.on = true;
    try {
      // The recorded {zeta, alpha, mid}: zeta, alpha, mid in 16 buckets, zeta, mid, alpha in putAll's 8.
      expect(await failingVectors()).toContain('client_capability/java/outgoing-params-multiple-order');
    } finally {
      planted.on = false;
    }
  });

  it('the properties alone catch it', async () => {
    planted.on = false;
    expect(await failingProperties()).toEqual([]);
    planted.on = true;
    try {
      expect(await failingProperties()).toContain('client_capability/scope-round-trip');
    } finally {
      planted.on = false;
    }
  });
});
