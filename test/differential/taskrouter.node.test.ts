/**
 * Differential run: the reference in the node profile against the real twilio-node 6.2.0
 * (in-process), TaskRouterCapability: every helper (addPolicy with a url or each util URL
 * builder, defaultWorkerPolicies, defaultEventBridgePolicies, an extra toJwt), allow and deny,
 * query and post filters, and the constructor's options.
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { taskRouterCases } from '../../conformance/differential/generators/taskrouter.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';
import { twilioNode } from '../helpers/sides.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1500);

describe('differential: reference node profile vs twilio-node 6.2.0, TaskRouterCapability', () => {
  it(`agrees byte for byte over ${RUNS} generated inputs`, async () => {
    const report = await runDifferential(
      { family: 'taskrouter_capability', arbitrary: taskRouterCases(libraryOf('node').dialect.taskrouterCapability!), left: referenceSide(PROFILES.node), right: twilioNode, numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/taskrouter.node.test.ts`,
    );
    console.log(formatDifferentialReport('taskrouter_capability reference-node ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of [
      'helper:addPolicy:url',
      'helper:addPolicy:urlHelper',
      'helper:defaultWorkerPolicies',
      'helper:defaultEventBridgePolicies',
      'helper:toJwt',
      'urlHelper:workspacesUrl',
      'urlHelper:taskQueuesUrl',
      'urlHelper:tasksUrl',
      'urlHelper:activitiesUrl',
      'urlHelper:workersUrl',
      'urlHelper:reservationsUrl',
      'policy:allow',
      'policy:deny',
      'policy:allow-other',
      'policy:queryFilter',
      'policy:postFilter',
      'policy:no-options',
      'policy:non-object-options',
      'channel:WK',
      'channel:WQ',
      'channel:other',
      'channel:invalid',
      'friendlyName:text',
      'version:set',
    ])
      expect(report.categories[c], c).toBeGreaterThan(10);
  });
});
