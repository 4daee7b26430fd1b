/**
 * Differential run: the reference in the python profile against the real twilio-python over
 * stdio, TaskRouter capability tokens: every flavor (worker, taskqueue, workspace, and the base
 * class), every allow_* helper and constructor shortcut, and the SID checks. twilio-python can
 * express neither a deny policy nor a filter of its own; its one filter is allow_update_activities'
 * post filter. Skipped, with the reason, where no interpreter can import twilio (required in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBuiltin } from '../../conformance/adapters/registry.ts';
import { adapterSide, formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { taskRouterCases } from '../../conformance/differential/generators/taskrouter.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const launch = launchBuiltin('twilio-python')!;
const unavailable = 'unavailable' in launch ? launch.unavailable : undefined;
const required = process.env.REQUIRE_REAL_LIBRARIES === '1';

const HELPERS = [
  'allowWebSockets', 'allowFetchSelf', 'allowUpdateSelf', 'allowDeleteSelf', 'allowFetchSubresources', 'allowUpdateSubresources',
  'allowDeleteSubresources', 'allowFetchActivities', 'allowFetchReservations', 'allowFetchWorkerReservations', 'allowUpdateActivities',
  'allowUpdateReservations',
];

describe.skipIf(!!unavailable && !required)(`differential: reference python profile vs twilio-python, TaskRouter capability tokens${unavailable ? ` (unavailable: ${unavailable})` : ''}`, () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    if (unavailable) throw new Error(unavailable);
    proc = await AdapterProcess.start((launch as { command: string[] }).command, { caseTimeoutMs: 30_000 });
  });
  afterAll(async () => proc?.stop());

  it(`agrees byte for byte over ${RUNS} generated inputs`, async () => {
    const report = await runDifferential(
      { family: 'taskrouter_capability', arbitrary: taskRouterCases('python'), left: referenceSide(PROFILES.python), right: adapterSide('twilio-python', proc), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/taskrouter.python.test.ts`,
    );
    console.log(formatDifferentialReport('taskrouter_capability reference-python ~ twilio-python', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of [
      'flavor:worker', 'flavor:taskqueue', 'flavor:workspace', 'flavor:base',
      ...HELPERS.map((h) => `helper:${h}`), ...HELPERS.map((h) => `option:${h}`), ...HELPERS.map((h) => `option:${h}=false`),
      'helper:missing-on-flavor', 'helper:allowWebSockets-channel', 'helper:args', 'policy:post_filter',
      'accountSid:odd', 'workspaceSid:odd', 'channel:odd',
    ]) expect(report.categories[c], c).toBeGreaterThan(5);
  });
});
