/**
 * One planted layout bug in the java profile's ClientCapability: the scope Builders' `putAll`
 * leaves the parameters in the order of the map they came from, where twilio-java's Builder
 * re-buckets them into a HashMap of putAll's own size (3 parameters get 8 buckets, not 16). Both the
 * committed vectors with a java expectation and the property suite alone catch it; the same checks
 * pass without the bug. The properties' putAll model is conformance/libraries/java.ts's own, which
 * the planted bug does not touch.
 */
import { describe, expect, it, vi } from 'vitest';
import { java } from '../../reference/profiles/java/index.ts';
import { failingProperties, failingVectors } from '../helpers/planted.ts';

const planted = vi.hoisted(() => ({ on: false }));

vi.mock('../../reference/lang/java/hash-map.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../reference/lang/java/hash-map.ts')>();
  return { ...real, putAllOrder: (sourceOrder: readonly string[]) => (planted.on ? [...sourceOrder] : real.putAllOrder(sourceOrder)) };
});

describe("putAll's re-bucketing dropped from the java profile's scope Builders", () => {
  it('the vectors catch it', async () => {
    planted.on = false;
    expect(await failingVectors(java, 'client_capability', 60)).toEqual([]);
    planted.on = true;
    try {
      // The recorded {zeta, alpha, mid}: zeta, alpha, mid in 16 buckets, zeta, mid, alpha in putAll's 8.
      expect(await failingVectors(java, 'client_capability', 60)).toContain('client_capability/java/outgoing-params-multiple-order');
    } finally {
      planted.on = false;
    }
  });

  it('the properties alone catch it', async () => {
    planted.on = false;
    expect(await failingProperties(java, 'client_capability')).toEqual([]);
    planted.on = true;
    try {
      expect(await failingProperties(java, 'client_capability')).toContain('client_capability/scope-round-trip');
    } finally {
      planted.on = false;
    }
  });
});
