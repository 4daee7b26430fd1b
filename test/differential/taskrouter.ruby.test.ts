/**
 * Differential run: the reference in the ruby profile against the real twilio-ruby over stdio,
 * TaskRouterCapability. twilio-ruby is in no registry here: this runs where TWILIO_RUBY_LIB names an
 * exported twilio-ruby lib folder (or the gem is installed), and is skipped with that reason elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { taskRouterCases } from '../../conformance/differential/generators/taskrouter.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);

describe('differential: reference ruby profile vs twilio-ruby, TaskRouterCapability', () => {
  const lib = useRealLibrary('twilio-ruby', false);
  it.skipIf(lib.skip)(`agrees byte for byte over ${RUNS} generated inputs${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'taskrouter_capability', arbitrary: taskRouterCases(libraryOf('ruby').dialect.taskrouterCapability!), left: referenceSide(PROFILES.ruby), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} TWILIO_RUBY_LIB=… npx vitest run test/differential/taskrouter.ruby.test.ts`,
    );
    console.log(formatDifferentialReport('taskrouter_capability reference-ruby ~ twilio-ruby', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    // Both sides skip an unpaired high surrogate (Ruby's JSON parser never hands one over).
    expect(report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of [
      'helper:add_policy:url',
      'helper:add_policy:urlHelper',
      'helper:add_policy:policyArgs',
      'helper:add_worker_policies',
      'helper:add_web_socket_policies',
      'helper:to_jwt',
      'extraToJwtCalls:set',
      'policy:allow',
      'policy:deny',
      'policy:queryFilter',
      'policy:postFilter',
      'channel:invalid',
    ])
      expect(report.categories[c], c).toBeGreaterThan(10);
  });
});
