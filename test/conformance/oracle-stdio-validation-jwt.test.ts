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
import { loadVectors } from '../../conformance/vectors/read.ts';
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

      it(`passes every committed ${family} vector with a ${profile} expectation (and skips what the library cannot express)`, async () => {
        const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect[profile]);
        expect(vectors.length).toBeGreaterThan(5);
        const results = await Promise.all(vectors.map((v) => proc.run(v)));
        const wrong = await Promise.all(
          vectors.map(async (v, i) => {
            const e = v.expect[profile]!;
            // "unsupported": the library's API cannot express the input, so the right answer is a skip.
            if (e.kind === 'unsupported') return 'skipped' in results[i] ? undefined : [v.id, results[i]];
            const j = await judge(e, results[i], v);
            return j.status === 'pass' ? undefined : [v.id, j];
          }),
        );
        expect(wrong.filter((w) => w !== undefined)).toEqual([]);
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
