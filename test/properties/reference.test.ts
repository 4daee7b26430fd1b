/** The property suites hold for the reference in every profile (in-process, default runs). */
import { describe, expect, it } from 'vitest';
import { referenceSide } from '../../conformance/differential/differential.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { seedFromEnv } from '../helpers/shared.ts';

describe('properties on the reference', () => {
  for (const profile of Object.values(PROFILES)) {
    it(`hold in the ${profile.name} profile`, async () => {
      const families = ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token'];
      const results = await runProperties(referenceSide(profile), profile.name, families, { seed: seedFromEnv() });
      expect(results.filter((r) => !r.ok).map((r) => `${r.name} (seed ${r.seed}, path ${r.path}): ${r.message}`)).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(7);
    });
  }
});
