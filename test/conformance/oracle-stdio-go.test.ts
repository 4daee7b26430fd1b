/**
 * The reference in the go profile, served over the stdio adapter, reproduces twilio-go v1.30.9:
 * every recorded access_token and taskrouter_capability case of the shared go oracle (core and
 * object-API quirks; skipped when ../shared is absent), byte for byte or with the exact panic, and
 * every committed vector with a go expectation (always present: the oracle copied by
 * import-oracle, and the generated vectors). twilio-go is compiled and cannot be built here: its
 * recordings are the only ground truth. The families it lacks (ClientCapability,
 * ValidationToken) are answered skipped, with why.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT } from '../helpers/shared.ts';

/** Cases per family in the shared go oracle (oracle README: access_token 95, taskrouter_capability 30). */
const RECORDED = { access_token: 95, taskrouter_capability: 30 } as const;

describe('reference go profile over stdio', () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    proc = await AdapterProcess.start(referenceAdapterCommand('go'));
  });
  afterAll(async () => proc?.stop());

  for (const family of ['access_token', 'taskrouter_capability'] as const) {
    it.skipIf(!HAS_SHARED)(`reproduces all ${RECORDED[family]} ${family} cases of the go oracle, object-API quirks included`, async () => {
      const cases = oracleCases('go', family);
      expect(cases).toHaveLength(RECORDED[family]);
      const { matched, problems } = await replay(proc, cases);
      expect(problems).toEqual([]);
      expect(matched).toBe(cases.length);
    });

    it(`passes every committed ${family} vector with a go expectation (and skips what twilio-go cannot express)`, async () => {
      const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect.go);
      // The copied oracle alone has RECORDED[family] of them.
      expect(vectors.length).toBeGreaterThan(RECORDED[family]);
      const results = await Promise.all(vectors.map((v) => proc.run(v)));
      const wrong = await Promise.all(
        vectors.map(async (v, i) => {
          const e = v.expect.go!;
          if (e.kind === 'unsupported') return 'skipped' in results[i] ? undefined : [v.id, results[i]];
          const j = await judge(e, results[i], v);
          return j.status === 'pass' ? undefined : [v.id, j];
        }),
      );
      expect(wrong.filter((w) => w !== undefined)).toEqual([]);
    });
  }

  it('answers client_capability and validation_token cases skipped: twilio-go has neither', async () => {
    for (const [family, reason] of [
      ['client_capability', /^twilio-go has no ClientCapability/],
      ['validation_token', /^twilio-go has no client-validation/],
    ] as const) {
      const vectors = loadVectors(join(ROOT, 'vectors', family));
      expect(vectors.length).toBeGreaterThan(10);
      const results = await Promise.all(vectors.map((v) => proc.run(v)));
      for (const r of results) expect(r).toMatchObject({ skipped: { reason: expect.stringMatching(reason) } });
    }
  });
});
