/**
 * Differential runs of the python and ruby profiles against the real libraries over stdio.
 * twilio-python runs in CI (python3-twilio); twilio-ruby is a local check where TWILIO_RUBY_LIB
 * names an exported twilio-ruby lib folder, and is skipped with that reason elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { accessTokenCases, accessTokenGrantCases } from '../../conformance/differential/generators/access-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { nearPlainCases } from '../helpers/plain-access-token.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';

for (const [name, profile, required] of [
  ['twilio-python', 'python', REQUIRED],
  ['twilio-ruby', 'ruby', false],
] as const) {
  describe(`differential: reference ${profile} profile vs ${name}, AccessToken`, () => {
    const lib = useRealLibrary(name, required);

    it.skipIf(lib.skip)(`agrees byte for byte over ${RUNS} generated inputs${lib.note}`, async () => {
      const report = await runDifferential(
        { family: 'access_token', arbitrary: accessTokenCases(libraryOf(profile).dialect.accessToken), left: referenceSide(PROFILES[profile]), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
        (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.python-ruby.test.ts`,
      );
      console.log(formatDifferentialReport(`access_token reference-${profile} ~ ${name}`, report));
      expect(report.failure?.diff).toBeUndefined();
      expect(report.numRuns).toBeGreaterThanOrEqual(1000);
      expect(report.outcomes.oneSidedSkips).toBe(0);
      expect(report.outcomes.tokens).toBeGreaterThan(300);
      expect(report.outcomes.rejections).toBeGreaterThan(20);
      for (const g of ['voice', 'video', 'chat', 'sync', 'task_router', 'playback']) expect(report.categories[`grant:${g}`]).toBeGreaterThan(20);
    });

    it.skipIf(lib.skip)(`agrees byte for byte on 600 inputs with every grant option value and identity type${lib.note}`, async () => {
      const report = await runDifferential(
        { family: 'access_token', arbitrary: accessTokenGrantCases(libraryOf(profile).dialect.accessToken), left: referenceSide(PROFILES[profile]), right: lib.side(), numRuns: 600, seed: seedFromEnv(), path: pathFromEnv() },
        (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.python-ruby.test.ts -t "grant option"`,
      );
      console.log(formatDifferentialReport(`access_token grants claim reference-${profile} ~ ${name}`, report));
      expect(report.failure?.diff).toBeUndefined();
      expect(report.outcomes.oneSidedSkips).toBe(0);
      expect(report.outcomes.tokens).toBeGreaterThan(400);
      expect(report.categories['identity-type=integer']).toBeGreaterThan(30);
    });

    it.skipIf(lib.skip)(`agrees byte for byte on 600 near-plain inputs, fast path and general path${lib.note}`, async () => {
      const report = await runDifferential(
        { family: 'access_token', arbitrary: nearPlainCases(PROFILES[profile], false), left: referenceSide(PROFILES[profile]), right: lib.side(), numRuns: 600, seed: seedFromEnv(), path: pathFromEnv() },
        (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.python-ruby.test.ts -t near-plain`,
      );
      console.log(formatDifferentialReport(`access_token near-plain reference-${profile} ~ ${name}`, report));
      expect(report.failure?.diff).toBeUndefined();
      expect(report.outcomes.oneSidedSkips).toBe(0);
      expect(report.categories['path:fast']).toBeGreaterThan(100);
      expect(report.categories['path:general']).toBeGreaterThan(100);
    });
  });
}
