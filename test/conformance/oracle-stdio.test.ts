/**
 * The reference, served over the stdio adapter, reproduces the real libraries byte for byte: every
 * core case recorded in ../shared/oracle (skipped when ../shared is absent), and every committed
 * vector (always present).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { isCore, oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT } from '../helpers/shared.ts';

const FAMILIES = ['access_token', 'client_capability', 'taskrouter_capability'];

for (const profile of ['node', 'python', 'ruby'] as const) {
  describe(`reference ${profile} profile over stdio`, () => {
    let proc: AdapterProcess;
    beforeAll(async () => {
      proc = await AdapterProcess.start(referenceAdapterCommand(profile));
    });
    afterAll(async () => proc?.stop());

    for (const family of FAMILIES) {
      it.skipIf(!HAS_SHARED)(`reproduces every core ${family} case of the ${profile} oracle`, async () => {
        const cases = oracleCases(profile, family).filter((c) => isCore(c.input));
        expect(cases.length).toBeGreaterThan(0);
        const { matched, problems } = await replay(proc, cases);
        expect(problems).toEqual([]);
        expect(matched).toBe(cases.length);
      });
    }

    it('passes every committed vector that has a ' + profile + ' expectation', async () => {
      const vectors = loadVectors(join(ROOT, 'vectors')).filter((v) => FAMILIES.includes(v.family) && v.expect[profile]);
      expect(vectors.length).toBeGreaterThan(20);
      const results = await Promise.all(vectors.map((v) => proc.run(v)));
      // An input the library cannot express must be skipped; everything else must pass.
      const verdicts = await Promise.all(
        vectors.map(async (v, i) => {
          const e = v.expect[profile]!;
          if (e.kind === 'unsupported') return [v.id, 'skipped' in results[i] ? { status: 'pass' } : { status: 'fail', got: results[i] }] as const;
          return [v.id, await judge(e, results[i], v)] as const;
        }),
      );
      const failures = verdicts.filter(([, j]) => j.status !== 'pass');
      expect(failures).toEqual([]);
    });
  });
}
