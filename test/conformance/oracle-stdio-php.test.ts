/**
 * The reference in the php profile, served over the stdio adapter, reproduces twilio-php 8.12.0:
 * every recorded access_token, client_capability, taskrouter_capability and jwt case of the shared
 * php oracle (core and object-API quirks; skipped when ../shared is absent) and every committed
 * vector with a php expectation in those families (always present: the oracle copied by
 * import-oracle, and generated vectors confirmed against twilio-php). The inputs the other
 * libraries' recordings hold that twilio-php cannot express (the oracle's `notReused` list) are
 * answered skipped, as is the family twilio-php lacks (ValidationToken), with why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT, SHARED } from '../helpers/shared.ts';

/** Cases per family in the shared php oracle (oracle README: access_token 135, client_capability 52, taskrouter_capability 28, jwt 36). */
const RECORDED = { access_token: 135, client_capability: 52, taskrouter_capability: 28, jwt: 36 } as const;

describe('reference php profile over stdio', () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    proc = await AdapterProcess.start(referenceAdapterCommand('php'));
  });
  afterAll(async () => proc?.stop());

  for (const family of ['access_token', 'client_capability', 'taskrouter_capability', 'jwt'] as const) {
    it.skipIf(!HAS_SHARED)(`reproduces all ${RECORDED[family]} ${family} cases of the php oracle, object-API quirks included`, async () => {
      const cases = oracleCases('php', family);
      expect(cases).toHaveLength(RECORDED[family]);
      const { matched, problems } = await replay(proc, cases);
      expect(problems).toEqual([]);
      expect(matched).toBe(cases.length);
    });

    it(`passes every committed ${family} vector with a php expectation (and skips what twilio-php cannot express)`, async () => {
      const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect.php);
      // The copied oracle alone has RECORDED[family] of them.
      expect(vectors.length).toBeGreaterThan(RECORDED[family]);
      const results = await Promise.all(vectors.map((v) => proc.run(v)));
      const wrong = await Promise.all(
        vectors.map(async (v, i) => {
          const e = v.expect.php!;
          if (e.kind === 'unsupported') return 'skipped' in results[i] ? undefined : [v.id, results[i]];
          const j = await judge(e, results[i], v);
          return j.status === 'pass' ? undefined : [v.id, j];
        }),
      );
      expect(wrong.filter((w) => w !== undefined)).toEqual([]);
    });
  }

  for (const family of ['client_capability', 'taskrouter_capability'] as const) {
    it.skipIf(!HAS_SHARED)(`answers skipped every recorded ${family} input of the other libraries that twilio-php cannot express (the php oracle's notReused)`, async () => {
      const notReused = new Set((JSON.parse(readFileSync(join(SHARED, 'oracle', 'php', `${family}.json`), 'utf8')) as { notReused: Array<{ from: string }> }).notReused.map((n) => n.from));
      const cases = ['node', 'python', 'ruby'].flatMap((lib) => oracleCases(lib, family).filter((c) => notReused.has(`${lib}:${c.id}`)));
      expect(cases.length).toBeGreaterThan(10);
      const results = await Promise.all(cases.map((c) => proc.run(c)));
      const answered = results.flatMap((r, i) => ('skipped' in r ? [] : [`${cases[i].id}: ${JSON.stringify(r).slice(0, 200)}`]));
      expect(answered).toEqual([]);
    });
  }

  it('answers validation_token cases skipped: twilio-php has no ValidationToken', async () => {
    const vectors = loadVectors(join(ROOT, 'vectors', 'validation_token'));
    const results = await Promise.all(vectors.map((v) => proc.run(v)));
    for (const r of results) expect(r).toMatchObject({ skipped: { reason: expect.stringMatching(/^twilio-php has no client-validation/) } });
  });
});
