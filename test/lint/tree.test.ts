/**
 * `npm run lint` holds on the tree as committed: ESLint with no warnings, and the structure checks
 * (no library named outside its own places, no import cycle, no shipped import of scripts/). Part
 * of `npm test`, so that CI, which runs exactly the README's test command, gates on it.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared.ts';

describe('npm run lint', () => {
  it('passes on the whole tree', () => {
    const r = spawnSync('npm', ['run', '--silent', 'lint'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 660_000); // generous: type-aware ESLint on a loaded 2-core machine is slow, never a failure
});
