import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared` beside the repository: not part of it, so tests that read it skip when it is absent. */
export const SHARED = process.env.TWILIO_JWT_SHARED ?? resolve(ROOT, '..', 'shared');
export const HAS_SHARED = existsSync(join(SHARED, 'oracle', 'README.md'));

/** A seed from the environment (CI logs the one it used), for replaying a property run. */
export function seedFromEnv(): number | undefined {
  const s = process.env.FC_SEED;
  return s === undefined || s === '' ? undefined : Number(s);
}

/** A fast-check path from the environment, for replaying one counterexample. */
export function pathFromEnv(): string | undefined {
  return process.env.FC_PATH || undefined;
}
