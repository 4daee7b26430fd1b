/**
 * The reference python profile against twilio-python's base Jwt over stdio: encodes with every
 * constructor argument, custom headers and payloads, and from_jwt on well-formed and damaged
 * tokens of every class. Encoded tokens must be identical to the byte (PS256 by header, payload
 * and jose); decodes must give the same header and payload or the same JwtDecodeError.
 */
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { baseJwtCases } from '../../conformance/differential/generators/base-jwt.ts';
import { FIXTURE_RSA_PUBLIC_PEM } from '../../conformance/differential/generators/fixture-keys.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';
const KEY = createPublicKey(FIXTURE_RSA_PUBLIC_PEM);

describe('differential: reference python profile vs twilio-python, base Jwt (encode, from_jwt)', () => {
  const lib = useRealLibrary('twilio-python', REQUIRED);
  it.skipIf(lib.skip)(`agrees over ${RUNS} generated encodes and decodes${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'jwt', arbitrary: baseJwtCases({ style: 'base-class' }), left: referenceSide(PROFILES.python), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv(), verificationKey: () => KEY },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/base-jwt.python.test.ts`,
    );
    console.log(formatDifferentialReport('jwt reference-python ~ twilio-python', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(RUNS / 5);
    expect(report.outcomes.rejections).toBeGreaterThan(RUNS / 5);
    const c = report.categories;
    for (const k of [
      'op:encode',
      'op:encodeTwice',
      'class:Jwt',
      'class:ClientValidationJwt',
      'sig:intact',
      'sig:last-char-changed',
      'sig:modified',
      'payload:expired',
      'payload:nbf-future',
      'header:alg-none',
      'key:wrong',
      'encode:headers',
      'encode:payload',
    ]) {
      // Rare categories average 15-20 per 1,200 runs; 3 keeps the check that they are reached
      // without failing on an unlucky seed.
      expect(c[k], k).toBeGreaterThanOrEqual(3);
    }
  });
});
