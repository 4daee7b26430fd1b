/**
 * The built-in adapters over the real libraries reproduce every core case their own library
 * recorded in ../shared/oracle, for every family they cover. twilio-node and twilio-python run in
 * CI (.ci/run installs python3-twilio and sets REQUIRE_REAL_LIBRARIES so that a missing library
 * fails instead of skipping); twilio-ruby runs where TWILIO_RUBY_LIB names an exported lib folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBuiltin } from '../../conformance/adapters/registry.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { isCore, oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED } from '../helpers/shared.ts';

const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';

const ADAPTERS = [
  { name: 'twilio-node', lib: 'node', required: REQUIRED },
  { name: 'twilio-python', lib: 'python', required: REQUIRED },
  { name: 'twilio-ruby', lib: 'ruby', required: false },
] as const;

for (const a of ADAPTERS) {
  const launch = launchBuiltin(a.name)!;
  const unavailable = 'unavailable' in launch ? launch.unavailable : undefined;
  describe(`${a.name} adapter`, () => {
    if (unavailable && a.required) {
      it('is available (required in CI)', () => {
        throw new Error(unavailable);
      });
      return;
    }
    let proc: AdapterProcess;
    beforeAll(async () => {
      if (!unavailable) proc = await AdapterProcess.start((launch as { command: string[] }).command, { caseTimeoutMs: 30_000 });
    });
    afterAll(async () => proc?.stop());

    it.skipIf(!!unavailable || !HAS_SHARED)(`reproduces every core oracle case of ${a.lib} in every family it covers${unavailable ? ` (skipped: ${unavailable})` : ''}`, async () => {
      let total = 0;
      for (const family of proc.implementation!.families) {
        const cases = oracleCases(a.lib, family).filter((c) => isCore(c.input));
        const { matched, problems } = await replay(proc, cases);
        expect(problems, family).toEqual([]);
        expect(matched).toBe(cases.length);
        total += matched;
      }
      console.log(`${a.name}: ${total} core oracle cases reproduced across ${proc.implementation!.families.join(', ')}`);
      expect(total).toBeGreaterThan(50);
    });
  });
}
