/**
 * The reference node profile against the real twilio-node ValidationToken (in-process) on generated
 * requests. RS256 tokens must be identical to the byte; PS256 signatures are randomized, so those
 * must have identical header and payload texts and both verify with jose under the fixture key.
 */
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { FIXTURE_RSA_PUBLIC_PEM } from '../../conformance/differential/generators/fixture-keys.ts';
import { validationTokenCases } from '../../conformance/differential/generators/validation-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';
import { twilioNode } from '../helpers/sides.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 800);
const KEY = createPublicKey(FIXTURE_RSA_PUBLIC_PEM);

describe('differential: reference node profile vs twilio-node 6.2.0, ValidationToken', () => {
  it(`agrees over ${RUNS} generated requests (RS256 byte for byte, PS256 by header, payload and jose)`, async () => {
    const report = await runDifferential(
      {
        family: 'validation_token',
        arbitrary: validationTokenCases(libraryOf('node').dialect.validationToken!),
        left: referenceSide(PROFILES.node),
        right: twilioNode,
        numRuns: RUNS,
        seed: seedFromEnv(),
        path: pathFromEnv(),
        verificationKey: () => KEY,
      },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/validation-token.node.test.ts`,
    );
    console.log(formatDifferentialReport('validation_token reference-node ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(500);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(RUNS / 2);
    expect(report.outcomes.randomizedVerified).toBeGreaterThan(RUNS / 10);
    const c = report.categories;
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) expect(c[`method:${m}`], m).toBeGreaterThan(RUNS / 20);
    for (const k of ['query:reserved', 'query:percent', 'query:unicode', 'body:form', 'body:json', 'header:authorization-other-case', 'url:userinfo', 'url:trailing-slash']) {
      expect(c[k], k).toBeGreaterThan(RUNS / 20);
    }
    for (const k of ['url:port-default', 'url:port-other', 'query:bad-percent', 'alg:PS256']) expect(c[k], k).toBeGreaterThan(RUNS / 40);
  });
});
