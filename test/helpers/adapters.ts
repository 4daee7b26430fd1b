import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { launchBuiltin } from '../../conformance/adapters/registry.ts';
import { adapterSide, type Side } from '../../conformance/differential/differential.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { ROOT } from './shared.ts';

/** The command line that starts the reference adapter for one profile over stdio. */
export function referenceAdapterCommand(profile: string): string[] {
  return [process.execPath, join(ROOT, 'bin', 'twilio-jwt-conformance.mjs'), 'adapter', 'reference', '--profile', profile];
}

/**
 * A real library's built-in adapter for the tests of one `describe` block: call it inside the
 * block. It starts the adapter before the tests and stops it after. Where the library is not
 * installed, `skip` is true (the tests skip, naming `note`) unless `required`, in which case each
 * test fails with the reason when it asks for `side()`.
 */
export function useRealLibrary(name: 'twilio-python' | 'twilio-ruby' | 'twilio-php', required: boolean): { skip: boolean; note: string; side: () => Side } {
  const launch = launchBuiltin(name)!;
  const unavailable = 'unavailable' in launch ? launch.unavailable : undefined;
  let proc: AdapterProcess | undefined;
  beforeAll(async () => {
    if (!unavailable) proc = await AdapterProcess.start((launch as { command: string[] }).command, { caseTimeoutMs: 30_000 });
  });
  afterAll(async () => proc?.stop());
  return {
    skip: !!unavailable && !required,
    note: unavailable ? ` (unavailable: ${unavailable})` : '',
    side: () => {
      // Required but absent: the test itself fails, with the reason.
      if (!proc) throw new Error(unavailable ?? `${name} did not start`);
      return adapterSide(name, proc);
    },
  };
}
