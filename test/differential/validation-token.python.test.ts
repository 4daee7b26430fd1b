/**
 * The reference python profile against the real twilio-python ClientValidationJwt over stdio, on
 * generated requests sent through ValidationClient.request (requests prepares them) and on explicit
 * ValidationPayloads. Tokens are RS256: identical to the byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBuiltin } from '../../conformance/adapters/registry.ts';
import { adapterSide, formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { validationTokenCases } from '../../conformance/differential/generators/validation-token.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 800);
const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';
const launch = launchBuiltin('twilio-python')!;
const unavailable = 'unavailable' in launch ? launch.unavailable : undefined;

describe('differential: reference python profile vs twilio-python, ClientValidationJwt', () => {
  let proc: AdapterProcess;
  beforeAll(async () => {
    if (!unavailable) proc = await AdapterProcess.start((launch as { command: string[] }).command, { caseTimeoutMs: 30_000 });
  });
  afterAll(async () => proc?.stop());

  it.skipIf(!!unavailable && !REQUIRED)(`agrees byte for byte over ${RUNS} generated requests${unavailable ? ` (unavailable: ${unavailable})` : ''}`, async () => {
    if (unavailable) throw new Error(unavailable);
    const report = await runDifferential(
      { family: 'validation_token', arbitrary: validationTokenCases('python'), left: referenceSide(PROFILES.python), right: adapterSide('twilio-python', proc), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/validation-token.python.test.ts`,
    );
    console.log(formatDifferentialReport('validation_token reference-python ~ twilio-python', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(500);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(RUNS / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(RUNS / 40);
    const c = report.categories;
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) expect(c[`method:${m}`], m).toBeGreaterThan(RUNS / 20);
    for (const k of ['query:reserved', 'query:percent', 'query:unicode', 'body:form', 'body:json', 'header:authorization-other-case', 'header:host-given', 'url:userinfo', 'url:trailing-slash']) {
      expect(c[k], k).toBeGreaterThan(RUNS / 20);
    }
    for (const k of ['url:port-default', 'url:port-other', 'auth:tuple', 'mode:payload']) expect(c[k], k).toBeGreaterThan(RUNS / 40);
  });
});
