/**
 * The reference python profile against the real twilio-python ClientValidationJwt over stdio, on
 * generated requests sent through ValidationClient.request (requests prepares them) and on explicit
 * ValidationPayloads. Tokens are RS256: identical to the byte.
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { validationTokenCases } from '../../conformance/differential/generators/validation-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 800);
const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';

describe('differential: reference python profile vs twilio-python, ClientValidationJwt', () => {
  const lib = useRealLibrary('twilio-python', REQUIRED);
  it.skipIf(lib.skip)(`agrees byte for byte over ${RUNS} generated requests${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'validation_token', arbitrary: validationTokenCases(libraryOf('python').dialect.validationToken!), left: referenceSide(PROFILES.python), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
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
