/**
 * The credential_provider family in protocol v1: vector inputs match the schema's
 * providerCaseInput, and what the reference adapter answers over stdio (with the runner's server)
 * validates against run-response.json; nothing the runner keeps carries the client secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { schemaFiles } from '../../conformance/protocol/validate.ts';
import { runProviderVector } from '../../conformance/families/provider-cases.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const SCHEMA_DIR = join(ROOT, 'conformance/protocol/schema');
const ID = 'https://twilio-jwt-conformance.invalid/protocol/v1/';
const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider'));
const SECRET = 's3cr3t-client-secret-value';

function ajv(): Ajv {
  const a = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  for (const f of schemaFiles(SCHEMA_DIR)) a.addSchema(JSON.parse(readFileSync(f, 'utf8')));
  return a;
}

describe('credential_provider in protocol v1', () => {
  it('every vector input is a providerCaseInput', () => {
    const validate = ajv().compile({ $ref: `${ID}definitions.json#/definitions/providerCaseInput` });
    for (const v of vectors) expect(validate(toJavaScript(v.input)), `${v.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('the reference adapter over stdio answers with schema-valid outputs, and skips outside the vocabulary', async () => {
    const a = ajv();
    const validate = a.getSchema(`${ID}run-response.json`)!;
    const proc = await AdapterProcess.start(referenceAdapterCommand('python'));
    try {
      for (const v of vectors.slice(0, 6)) {
        const result = await runProviderVector((input) => proc.run({ id: v.id, family: 'credential_provider', now: v.now, input }), v.input, v.now);
        const { server: _server, ...output } = (result as { output: Record<string, unknown> }).output;
        expect(validate({ seq: 0, output }), JSON.stringify(validate.errors)).toBe(true);
      }
      const skipped = await proc.run({ id: 'x', family: 'credential_provider', now: 1700000000, input: vectors[0].input });
      expect(skipped).toMatchObject({ skipped: { reason: expect.stringMatching(/server/) } });
    } finally {
      await proc.stop();
    }
  });

  it('the runner over every reference profile: all pass, and no record contains the client secret', async () => {
    const runs = await Promise.all((['node', 'python', 'ruby'] as const).map((p) => runAdapter({ name: `reference-${p}`, command: referenceAdapterCommand(p) }, vectors)));
    for (const run of runs) {
      const judged = run.records.filter((r) => r.verdict);
      expect(judged.length).toBeGreaterThanOrEqual(17);
      expect(judged.filter((r) => r.verdict!.status !== 'pass').map((r) => `${r.vector.id}: ${JSON.stringify(r.verdict)}`)).toEqual([]);
      const text = JSON.stringify(run.records.map((r) => ({ result: r.result, verdict: r.verdict })));
      expect(text).toContain('<client_secret>');
      expect(text).not.toContain(SECRET);
    }
  });
});
