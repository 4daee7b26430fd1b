/**
 * The reference profiles against the recorded provider transcripts: every vector of
 * vectors/credential_provider runs through the reference, in each profile, against a real local
 * OAuth2 server, and is judged by the runner's own comparison (token requests with their headers
 * and body, API Authorization headers, step results, per step).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReferenceProviderCase } from '../../conformance/adapters/reference-providers.ts';
import { judgeProvider, runProviderVector, type ProviderExpectation } from '../../conformance/families/provider-cases.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { ROOT } from '../helpers/shared.ts';

const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider'));

describe('credential_provider vectors through the reference', () => {
  it('are there', () => expect(vectors.length).toBeGreaterThanOrEqual(19));
  for (const profile of Object.values(PROFILES)) {
    const mine = vectors.filter((v) => v.expect[profile.name]);
    it(`${profile.name}: all ${mine.length} recorded scenarios reproduce`, async () => {
      const failures: string[] = [];
      await Promise.all(
        mine.map(async (v) => {
          const result = await runProviderVector((input) => runReferenceProviderCase(profile, toJavaScript(input), v.now), v.input, v.now);
          const want = v.expect[profile.name]!;
          // What the profile's library lacks: the reference must skip it, never answer.
          if (want.kind === 'unsupported') {
            if (!('skipped' in result)) failures.push(`${v.id}: expected unsupported (${want.reason}), answered ${JSON.stringify(result).slice(0, 200)}`);
            return;
          }
          const verdict = judgeProvider(want as ProviderExpectation, result);
          if (verdict.status !== 'pass') failures.push(`${v.id}: ${JSON.stringify(verdict)}`);
        }),
      );
      expect(failures).toEqual([]);
    });
  }
});
