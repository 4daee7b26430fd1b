/**
 * One planted layout bug in the java profile: java.util.HashMap's iteration order replaced by
 * insertion order (the header's `typ`, `cty`; the grants claim; every map read from the input).
 * Both the committed vectors with a java expectation and the property suites alone catch it; the
 * same checks pass without the bug. The properties' HashMap model is conformance/libraries/java.ts's
 * own, which the planted bug does not touch.
 */
import { describe, expect, it, vi } from 'vitest';
import { java } from '../../reference/profiles/java/index.ts';
import { failingProperties, failingVectors } from '../helpers/planted.ts';

const planted = vi.hoisted(() => ({ on: false }));

vi.mock('../../reference/lang/java/hash-map.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../reference/lang/java/hash-map.ts')>();
  return {
    ...real,
    hashMapOrder: (keys: Iterable<string>) => (planted.on ? [...new Set(keys)] : real.hashMapOrder(keys)),
    inHashMapOrder: <V>(m: ReadonlyMap<string, V>) => (planted.on ? new Map(m) : real.inHashMapOrder(m)),
  };
});

describe('HashMap order replaced by insertion order in the java profile', () => {
  it('the vectors catch it', async () => {
    planted.on = false;
    expect(await failingVectors(java, 'access_token', 90)).toEqual([]);
    planted.on = true;
    try {
      const failing = await failingVectors(java, 'access_token', 90);
      // Every token's header ({"typ","cty",…} instead of {"cty","typ",…}) is wrong.
      expect(failing.length).toBeGreaterThan(90);
      expect(failing).toContain('access_token/java/java-params-13-keys-resize');
    } finally {
      planted.on = false;
    }
  });

  it('the properties alone catch it', async () => {
    planted.on = false;
    expect(await failingProperties(java, 'access_token')).toEqual([]);
    planted.on = true;
    try {
      expect(await failingProperties(java, 'access_token')).toEqual(expect.arrayContaining(['access_token/key-order', 'access_token/identity-and-grants']));
    } finally {
      planted.on = false;
    }
  });
});
