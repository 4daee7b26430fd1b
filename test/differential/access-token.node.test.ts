import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { accessTokenCases } from '../../conformance/differential/generators/access-token.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';
import { twilioNode } from '../helpers/sides.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1500);


describe('differential: reference node profile vs twilio-node 6.2.0, AccessToken', () => {
  it(`agrees byte for byte over ${RUNS} generated inputs`, async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: accessTokenCases('node'), left: referenceSide(PROFILES.node), right: twilioNode, numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.node.test.ts`,
    );
    console.log(formatDifferentialReport('access_token reference-node ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped).toBe(0);
    // The generator must really reach the rejections and every grant type.
    expect(report.outcomes.rejections).toBeGreaterThan(50);
    for (const g of ['voice', 'video', 'chat', 'sync', 'task_router', 'playback']) expect(report.categories[`grant:${g}`]).toBeGreaterThan(20);
  });
});
