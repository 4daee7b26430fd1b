/**
 * The reference in the java profile, served over the stdio adapter, reproduces twilio-java 12.0.0:
 * every recorded access_token, client_capability and taskrouter_capability case of the shared java oracle byte for byte
 * (core and object-API quirks; skipped when ../shared is absent) and every committed vector of those
 * families with a java expectation (always present: the oracle copied by import-oracle, and
 * generated vectors). Inputs
 * twilio-java itself does not decide the same way twice are answered skipped as indeterminate;
 * the families the java profile does not model yet are answered skipped, with why. The
 * ClientCapability and TaskRouter properties hold on inputs in twilio-java's dialect.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT, seedFromEnv } from '../helpers/shared.ts';

/** Cases per family in the shared java oracle (oracle README: access_token 95, client_capability 33, taskrouter_capability 27). */
const RECORDED = { access_token: 95, client_capability: 33, taskrouter_capability: 27 } as const;

const base = {
  accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  keySid: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  secret: 'secret_0123456789abcdef0123456789',
  identity: 'alice',
};

describe('reference java profile over stdio', () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    proc = await AdapterProcess.start(referenceAdapterCommand('java'));
  });
  afterAll(async () => proc?.stop());

  for (const family of ['access_token', 'client_capability', 'taskrouter_capability'] as const) {
    it.skipIf(!HAS_SHARED)(`reproduces all ${RECORDED[family]} ${family} cases of the java oracle, object-API quirks included`, async () => {
      const cases = oracleCases('java', family);
      expect(cases).toHaveLength(RECORDED[family]);
      const { matched, problems } = await replay(proc, cases);
      expect(problems).toEqual([]);
      expect(matched).toBe(cases.length);
    });

    it(`passes every committed ${family} vector with a java expectation (and skips what twilio-java cannot express)`, async () => {
      const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect.java);
      // The copied oracle alone has RECORDED[family] of them.
      expect(vectors.length).toBeGreaterThan(RECORDED[family]);
      const results = await Promise.all(vectors.map((v) => proc.run(v)));
      const wrong = await Promise.all(
        vectors.map(async (v, i) => {
          const e = v.expect.java!;
          if (e.kind === 'unsupported') return 'skipped' in results[i] ? undefined : [v.id, results[i]];
          const j = await judge(e, results[i], v);
          return j.status === 'pass' ? undefined : [v.id, j];
        }),
      );
      expect(wrong.filter((w) => w !== undefined)).toEqual([]);
    });
  }

  // The java dialects' generated inputs, checked by every property of the two families, the java
  // tables' own (scope-round-trip, policy-round-trip, claims) among them.
  it('holds the client_capability and taskrouter_capability properties in the java dialect', async () => {
    const results = await runProperties({ name: 'reference java (stdio)', run: (c) => proc.run(c) }, 'java', ['client_capability', 'taskrouter_capability'], { numRuns: 100, seed: seedFromEnv() });
    expect(results.filter((r) => !r.ok).map((r) => `${r.name} (seed ${r.seed}, path ${r.path}): ${r.message}`)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(expect.arrayContaining(['client_capability/scope-round-trip', 'client_capability/claims', 'taskrouter_capability/policy-round-trip', 'taskrouter_capability/claims']));
  }, 300_000);

  it('answers inputs whose twilio-java output varies from run to run skipped as indeterminate', async () => {
    const grants = [
      // Two grants of one type: which one the HashSet<Grant> yields last wins.
      [
        { type: 'video', options: { room: 'a' } },
        { type: 'video', options: { room: 'b' } },
      ],
      // task_router and player share a HashMap bucket: their order follows the HashSet.
      [
        { type: 'task_router', options: { role: 'r' } },
        { type: 'playback', options: { grant: {} } },
      ],
    ];
    for (const g of grants) {
      const r = await proc.run({ id: 'indeterminate', family: 'access_token', now: 1700000000, nowMs: 1700000000123, input: parseLossless(JSON.stringify({ ...base, grants: g })) });
      expect(r).toMatchObject({ skipped: { reason: expect.stringMatching(/^indeterminate in twilio-java: /) } });
    }
  });

  it('answers the families it does not model yet skipped, saying so', async () => {
    const cases = oracleCases('java', 'validation_token');
    // Without ../shared, the other libraries' committed vectors stand in.
    const inputs = cases.length > 0 ? cases : loadVectors(join(ROOT, 'vectors', 'validation_token'));
    expect(inputs.length).toBeGreaterThan(20);
    const results = await Promise.all(inputs.map((c) => proc.run(c)));
    for (const r of results) expect(r).toMatchObject({ skipped: { reason: expect.stringMatching(/^the reference does not model twilio-java's ValidationToken yet/) } });
  });
});
