/**
 * Differential run: the reference in the python profile against the real twilio-python over
 * stdio, TaskRouter capability tokens: every flavor (worker, taskqueue, workspace, and the base
 * class), every allow_* helper and constructor shortcut, and the SID checks. twilio-python can
 * express neither a deny policy nor a filter of its own; its one filter is allow_update_activities'
 * post filter. Skipped, with the reason, where no interpreter can import twilio (required in CI).
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { taskRouterCases } from '../../conformance/differential/generators/taskrouter.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const required = process.env.REQUIRE_REAL_LIBRARIES === '1';

const HELPERS = [
  'allowWebSockets',
  'allowFetchSelf',
  'allowUpdateSelf',
  'allowDeleteSelf',
  'allowFetchSubresources',
  'allowUpdateSubresources',
  'allowDeleteSubresources',
  'allowFetchActivities',
  'allowFetchReservations',
  'allowFetchWorkerReservations',
  'allowUpdateActivities',
  'allowUpdateReservations',
];

describe('differential: reference python profile vs twilio-python, TaskRouter capability tokens', () => {
  const lib = useRealLibrary('twilio-python', required);
  it.skipIf(lib.skip)(`agrees byte for byte over ${RUNS} generated inputs${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'taskrouter_capability', arbitrary: taskRouterCases(libraryOf('python').dialect.taskrouterCapability!), left: referenceSide(PROFILES.python), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/taskrouter.python.test.ts`,
    );
    console.log(formatDifferentialReport('taskrouter_capability reference-python ~ twilio-python', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of [
      'flavor:worker',
      'flavor:taskqueue',
      'flavor:workspace',
      'flavor:base',
      ...HELPERS.map((h) => `helper:${h}`),
      ...HELPERS.map((h) => `option:${h}`),
      ...HELPERS.map((h) => `option:${h}=false`),
      'helper:missing-on-flavor',
      'helper:allowWebSockets-channel',
      'helper:args',
      'policy:post_filter',
      'accountSid:odd',
      'workspaceSid:odd',
      'channel:odd',
    ])
      expect(report.categories[c], c).toBeGreaterThan(5);
  });
});
