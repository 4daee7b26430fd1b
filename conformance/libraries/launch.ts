/**
 * Helpers the library entries use to start their built-in adapters: this package's own command
 * (for adapters that run in-process under it) and a pass-through to an adapter in another language.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { BuiltinAdapter } from './library.ts';

/** The command that runs `twilio-jwt-conformance adapter ...` with this Node. */
export function adapterCommand(...args: string[]): string[] {
  return [process.execPath, join(PACKAGE_ROOT, 'bin', 'twilio-jwt-conformance.mjs'), 'adapter', ...args];
}

/** A file of this package (an adapter script in another language). */
export function packageFile(relative: string): string {
  return join(PACKAGE_ROOT, relative);
}

/** Run a child with this process's stdio (an adapter in another language); resolves to its exit code. */
export function passThrough(command: string[]): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    child.on('exit', (code) => resolveExit(code ?? 1));
    child.on('error', (e) => {
      process.stderr.write(`${e.message}\n`);
      resolveExit(2);
    });
  });
}

/**
 * The built-in adapter of a library that cannot be run here (compiled elsewhere): every run reports
 * it unavailable with `reason`, and `adapter NAME` prints the reason and exits 3.
 */
export function unavailableAdapter(name: string, reason: string): BuiltinAdapter {
  return {
    name,
    runOptions: {},
    serveOptions: {},
    launch: () => ({ unavailable: reason }),
    serve() {
      process.stderr.write(`${reason}\n`);
      return Promise.resolve(3);
    },
  };
}
