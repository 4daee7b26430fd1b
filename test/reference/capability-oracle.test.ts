/**
 * The reference, served over the stdio adapter in each profile, reproduces every committed
 * client_capability and taskrouter_capability vector of that profile byte for byte: the exact token,
 * or a rejection with the exact message (and class). The vectors are the shared oracle cases,
 * copied into vectors/ (scripts/import-oracle.ts), so this runs without ../shared.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { isRejection, isTokenOutput, type CaseResult } from '../../conformance/protocol/types.ts';
import { loadVectors, type Expectation } from '../../conformance/vectors/read.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const FAMILIES = ['client_capability', 'taskrouter_capability'] as const;

/** What is wrong with a result against an expectation, or undefined when it matches exactly. */
function mismatch(want: Expectation, got: CaseResult): string | undefined {
  // An input the library cannot express (a generated vector in another library's dialect) is skipped.
  if (want.kind === 'unsupported') return 'skipped' in got ? undefined : `expected a skip, got ${JSON.stringify(got)}`;
  if (!('output' in got)) return JSON.stringify(got);
  const out = got.output;
  if (want.kind === 'token') {
    if (!isTokenOutput(out)) return `expected a token, got ${JSON.stringify(out)}`;
    return out.token === want.token ? undefined : `token ${out.token} != ${want.token}`;
  }
  if (want.kind === 'error') {
    if (!isRejection(out)) return `expected rejection ${JSON.stringify(want.message)}, got ${JSON.stringify(out)}`;
    if (out.error.message !== want.message) return `message ${JSON.stringify(out.error.message)} != ${JSON.stringify(want.message)}`;
    return want.type === undefined || out.error.type === want.type ? undefined : `error type ${out.error.type} != ${want.type}`;
  }
  return `expected ${want.kind}, got ${JSON.stringify(out)}`;
}

for (const profile of ['node', 'python', 'ruby'] as const) {
  describe(`reference ${profile} profile over stdio: capability vectors`, () => {
    let proc: AdapterProcess;
    beforeAll(async () => {
      proc = await AdapterProcess.start(referenceAdapterCommand(profile));
    });
    afterAll(async () => proc?.stop());

    for (const family of FAMILIES) {
      it(`reproduces every ${family} vector with a ${profile} expectation, core and object-API quirks`, async () => {
        const vectors = loadVectors(join(ROOT, 'vectors', family)).filter((v) => v.expect[profile]);
        const core = vectors.filter((v) => !v.flags.includes('object-api-quirk'));
        expect(core.length).toBeGreaterThan(5);
        const results = await Promise.all(vectors.map((v) => proc.run({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input })));
        const problems = vectors.flatMap((v, i) => {
          const m = mismatch(v.expect[profile]!, results[i]);
          return m ? [`${v.id}: ${m}`] : [];
        });
        expect(problems).toEqual([]);
      });
    }
  });
}
