import { join } from 'node:path';
import { ROOT } from './shared.ts';

/** The command line that starts the reference adapter for one profile over stdio. */
export function referenceAdapterCommand(profile: string): string[] {
  return [process.execPath, join(ROOT, 'bin', 'twilio-jwt-conformance.mjs'), 'adapter', 'reference', '--profile', profile];
}
