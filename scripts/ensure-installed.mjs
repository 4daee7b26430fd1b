// Runs before `npm test` and `npm run conformance`: on a fresh clone, install the locked
// dependencies first, so that the README's two commands work on their own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const needed = ['vitest', 'tsx', 'fast-check', 'ajv', 'jose', 'twilio'];
if (!needed.every((p) => existsSync(join(root, 'node_modules', p, 'package.json')))) {
  console.error('Installing dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
