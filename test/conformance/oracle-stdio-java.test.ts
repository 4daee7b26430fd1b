/**
 * The reference in the java profile, served over the stdio adapter, reproduces twilio-java 12.0.0:
 * every recorded access_token, client_capability, taskrouter_capability and validation_token case
 * of the shared java oracle (core and object-API quirks; skipped when ../shared is absent): byte
 * for byte, PS256 tokens by header and payload with a signature that verifies under the input key,
 * rejections by class and message; and every committed vector of those families with a java
 * expectation (always present: the oracle copied by import-oracle, and generated vectors). Inputs
 * twilio-java itself does not decide the same way twice are answered skipped as indeterminate.
 * The ClientCapability and TaskRouter properties hold on inputs in twilio-java's dialect.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RSA_PRIVATE_PEM } from '../../conformance/differential/generators/fixture-keys.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { oracleCases, replay } from '../helpers/oracle.ts';
import { HAS_SHARED, ROOT, seedFromEnv } from '../helpers/shared.ts';

/** Cases per family in the shared java oracle (access_token 95, client_capability 33, taskrouter_capability 27, validation_token 48). */
const RECORDED = { access_token: 95, client_capability: 33, taskrouter_capability: 27, validation_token: 48 } as const;

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

  for (const family of ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token'] as const) {
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

  it('signs PS256 with a fresh signature each time, and an RS256 token is the same twice', async () => {
    const cases = oracleCases('java', 'validation_token').filter((c) => c.id.endsWith('/ps256-post-form-body') || c.id.endsWith('/rs256-post-form-body'));
    for (const c of cases) {
      const [a, b] = await Promise.all([proc.run(c), proc.run(c)]);
      const [ta, tb] = [a, b].map((r) => ('output' in r && 'token' in r.output ? String(r.output.token) : ''));
      expect(ta.split('.').slice(0, 2)).toEqual(tb.split('.').slice(0, 2));
      expect(ta === tb).toBe(c.output.signatureRandomized !== true);
    }
  });

  // research/go-java-spec.md, "Java ValidationToken details seen in the recordings": measured rejections the 48 cases do not hold.
  const vt = (request: Record<string, unknown>) => ({
    id: 'java-validation-request',
    family: 'validation_token' as const,
    now: 1700000000,
    nowMs: 1700000000123,
    input: parseLossless(JSON.stringify({ accountSid: base.accountSid, credentialSid: 'CRcccccccccccccccccccccccccccccccc', signingKey: base.keySid, privateKeyPem: FIXTURE_RSA_PRIVATE_PEM, request })),
  });

  it('rejects a raw space in the path as twilio-java does (InvalidRequestException "Bad URI path")', async () => {
    const r = await proc.run(vt({ method: 'GET', url: 'https://example.com/a b/c' }));
    expect(r).toMatchObject({ output: { error: { type: 'InvalidRequestException', message: "Bad URI path: '/a b/c'" } } });
  });

  it('throws ArrayIndexOutOfBoundsException inside fromHttpRequest for a URL ending in "?"', async () => {
    const r = await proc.run(vt({ method: 'GET', url: 'https://example.com/path?' }));
    expect(r).toMatchObject({ output: { error: { type: 'ArrayIndexOutOfBoundsException' } } });
  });

  it("answers the other libraries' request vocabulary that twilio-java cannot take skipped, saying why", async () => {
    for (const request of [
      { method: 'POST', url: 'https://example.com/p', data: { a: 1 } },
      { method: 'GET', url: 'https://example.com/p', auth: ['u', 'p'] },
    ]) {
      expect(await proc.run(vt(request))).toMatchObject({ skipped: { reason: expect.stringMatching(/^request\.(data|auth)/) } });
    }
  });
});
