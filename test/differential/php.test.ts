/**
 * Differential runs of the reference php profile against the real twilio-php over stdio, for the
 * families the reference models for it: AccessToken (every grant, custom claims, setNbf, coercions)
 * and the static JWT codec (encode, decode of intact and damaged tokens); ClientToken and the
 * TaskRouter capabilities as soon as the php entry has their dialects. twilio-php is in no
 * registry here: this runs where TWILIO_PHP_SRC names an exported twilio-php src folder (with php,
 * php-mbstring and php-uopz), and is skipped with that reason elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { accessTokenCases, accessTokenGrantCases } from '../../conformance/differential/generators/access-token.ts';
import { baseJwtCases } from '../../conformance/differential/generators/base-jwt.ts';
import { casesOf, libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { nearPlainCases } from '../helpers/plain-access-token.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const FILE = 'test/differential/php.test.ts';
const replay = (t: string) => (seed: number, path: string) => `FC_SEED=${seed} FC_PATH=${path} TWILIO_PHP_SRC=… npx vitest run ${FILE} -t "${t}"`;

describe('differential: reference php profile vs twilio-php', () => {
  const lib = useRealLibrary('twilio-php', false);
  const php = libraryOf('php');

  it.skipIf(lib.skip)(`AccessToken: agrees byte for byte over ${RUNS} generated inputs${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: accessTokenCases(php.dialect.accessToken), left: referenceSide(PROFILES.php), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      replay('AccessToken: agrees'),
    );
    console.log(formatDifferentialReport('access_token reference-php ~ twilio-php', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(RUNS / 4);
    expect(report.outcomes.rejections).toBeGreaterThan(20);
    for (const g of ['voice', 'video', 'chat', 'sync', 'task_router', 'playback']) expect(report.categories[`grant:${g}`], g).toBeGreaterThan(20);
  });

  it.skipIf(lib.skip)(`AccessToken: agrees byte for byte on 600 inputs with every grant option value and identity type${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: accessTokenGrantCases(php.dialect.accessToken), left: referenceSide(PROFILES.php), right: lib.side(), numRuns: 600, seed: seedFromEnv(), path: pathFromEnv() },
      replay('grant option value'),
    );
    console.log(formatDifferentialReport('access_token grants claim reference-php ~ twilio-php', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.outcomes.oneSidedSkips).toBe(0);
    // twilio-php's typed setters refuse most odd option values (null, arrays, objects): mostly rejections.
    expect(report.outcomes.tokens).toBeGreaterThan(10);
    expect(report.outcomes.rejections).toBeGreaterThan(200);
  });

  it.skipIf(lib.skip)(`AccessToken: agrees byte for byte on 600 near-plain inputs, fast path and general path${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: nearPlainCases(PROFILES.php, false), left: referenceSide(PROFILES.php), right: lib.side(), numRuns: 600, seed: seedFromEnv(), path: pathFromEnv() },
      replay('near-plain'),
    );
    console.log(formatDifferentialReport('access_token near-plain reference-php ~ twilio-php', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.outcomes.oneSidedSkips).toBe(0);
    expect(report.categories['path:fast']).toBeGreaterThan(100);
    expect(report.categories['path:general']).toBeGreaterThan(100);
  });

  it.skipIf(lib.skip)(`JWT: agrees over ${RUNS} generated encodes and decodes${lib.note}`, async () => {
    const report = await runDifferential({ family: 'jwt', arbitrary: baseJwtCases(php.dialect.jwt!), left: referenceSide(PROFILES.php), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() }, replay('JWT: agrees'));
    console.log(formatDifferentialReport('jwt reference-php ~ twilio-php', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.oneSidedSkips).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(RUNS / 5);
    expect(report.outcomes.rejections).toBeGreaterThan(RUNS / 10);
  });

  for (const family of ['client_capability', 'taskrouter_capability'] as const) {
    const arbitrary = casesOf(php, family);
    it.skipIf(lib.skip || !arbitrary)(`${family}: agrees byte for byte over ${RUNS} generated inputs${arbitrary ? lib.note : ' (the php entry has no dialect for it yet)'}`, async () => {
      const report = await runDifferential({ family, arbitrary: arbitrary!, left: referenceSide(PROFILES.php), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() }, replay(`${family}: agrees`));
      console.log(formatDifferentialReport(`${family} reference-php ~ twilio-php`, report));
      expect(report.failure?.diff).toBeUndefined();
      expect(report.numRuns).toBeGreaterThanOrEqual(1000);
      expect(report.outcomes.oneSidedSkips).toBe(0);
      expect(report.outcomes.tokens).toBeGreaterThan(RUNS / 10);
    });
  }
});
