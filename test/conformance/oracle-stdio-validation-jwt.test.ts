/**
 * The reference, served over the stdio adapter, reproduces every core validation_token case of the
 * node and python oracles and every core jwt case of the python oracle (skipped when ../shared is
 * absent), and every committed vector of those families (always present). twilio-ruby has neither
 * family and twilio-node has no base Jwt: those profiles must answer `skipped`, with a reason.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/runner/vectors.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { isCore, oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT } from '../helpers/shared.ts';

const FAMILIES = { node: ['validation_token'], python: ['validation_token', 'jwt'], ruby: [] } as const;
const LACKING = { node: ['jwt'], python: [], ruby: ['validation_token', 'jwt'] } as const;

for (const profile of ['node', 'python', 'ruby'] as const) {
  describe(`reference ${profile} profile over stdio: validation_token and jwt`, () => {
    let proc: AdapterProcess;
    beforeAll(async () => {
      proc = await AdapterProcess.start(referenceAdapterCommand(profile));
    });
    afterAll(async () => proc?.stop());

    for (const family of FAMILIES[profile]) {
      it.skipIf(!HAS_SHARED)(`reproduces every core ${family} case of the ${profile} oracle`, async () => {
        const cases = oracleCases(profile, family).filter((c) => isCore(c.input));
        expect(cases.length).toBeGreaterThan(5);
        const { matched, problems } = await replay(proc, cases);
        expect(problems).toEqual([]);
        expect(matched).toBe(cases.length);
      });

      it(`passes every committed ${family} vector with a ${profile} expectation`, async () => {
        const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect[profile]);
        expect(vectors.length).toBeGreaterThan(5);
        const results = await Promise.all(vectors.map((v) => proc.run(v)));
        const verdicts = await Promise.all(vectors.map(async (v, i) => [v.id, await judge(v.expect[profile]!, results[i], v)] as const));
        expect(verdicts.filter(([, j]) => j.status !== 'pass')).toEqual([]);
      });
    }

    for (const family of LACKING[profile]) {
      it(`answers every ${family} vector skipped, naming why the library lacks the family`, async () => {
        const vectors = loadVectors(join(ROOT, 'vectors', family));
        const results = await Promise.all(vectors.map((v) => proc.run(v)));
        for (const r of results) expect(r).toMatchObject({ skipped: { reason: expect.stringMatching(/^twilio-(node|ruby) has no /) } });
      });
    }
  });
}
