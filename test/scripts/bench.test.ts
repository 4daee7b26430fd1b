/**
 * The bench runs end to end and prints what issue 10 asks of `--json`. Only its shape is checked
 * here: a smoke run's figures are not measurements, and timings are never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared.ts';

const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';

describe('npm run bench', () => {
  it('runs every contender and prints the ratios as one JSON object on its last line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench.ts'), '--smoke', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.smoke).toBe(true);
    for (const key of ['accessTokenVsTwilioNode', 'accessTokenVsFloor', 'rs256VsRaw', 'harnessOverheadInProcess', 'stdioOverhead']) {
      expect(out[key], key).toBeGreaterThan(0);
      expect(out.goals[key]).toMatchObject({ value: out[key], met: expect.any(Boolean) });
    }
    // twilio-python is timed in its own interpreter when it is installed (always, in CI).
    if (REQUIRED || out.accessTokenVsTwilioPython !== null) expect(out.accessTokenVsTwilioPython).toBeGreaterThan(0);
    for (const rate of Object.values(out.opsPerSecond as Record<string, number>)) expect(Number.isFinite(rate) && rate > 0).toBe(true);
  }, 660_000); // generous: a smoke run builds the package, and a loaded machine must slow it, not fail it
});
