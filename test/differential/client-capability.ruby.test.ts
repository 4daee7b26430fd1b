/**
 * Differential run: the reference in the ruby profile against the real twilio-ruby over stdio,
 * ClientCapability. twilio-ruby is in no registry here: this runs where TWILIO_RUBY_LIB names an
 * exported twilio-ruby lib folder (or the gem is installed), and is skipped with that reason elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBuiltin } from '../../conformance/adapters/registry.ts';
import { adapterSide, formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { clientCapabilityCases } from '../../conformance/differential/generators/client-capability.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const launch = launchBuiltin('twilio-ruby')!;
const unavailable = 'unavailable' in launch ? launch.unavailable : undefined;

describe.skipIf(!!unavailable)(`differential: reference ruby profile vs twilio-ruby, ClientCapability${unavailable ? ` (unavailable: ${unavailable})` : ''}`, () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    proc = await AdapterProcess.start((launch as { command: string[] }).command, { caseTimeoutMs: 30_000 });
  });
  afterAll(async () => proc?.stop());

  it(`agrees byte for byte over ${RUNS} generated inputs`, async () => {
    const report = await runDifferential(
      { family: 'client_capability', arbitrary: clientCapabilityCases('ruby'), left: referenceSide(PROFILES.ruby), right: adapterSide('twilio-ruby', proc), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} TWILIO_RUBY_LIB=… npx vitest run test/differential/client-capability.ruby.test.ts`,
    );
    console.log(formatDifferentialReport('client_capability reference-ruby ~ twilio-ruby', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    // Both sides skip an unpaired high surrogate (Ruby's JSON parser never hands one over).
    expect(report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of ['scope:incoming', 'scope:outgoing', 'scope:event_stream', 'params:not-an-object', 'params:non-string-values', 'outgoing.clientName:non-string']) {
      expect(report.categories[c], c).toBeGreaterThan(10);
    }
  });
});
