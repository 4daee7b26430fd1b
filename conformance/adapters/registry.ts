/**
 * The built-in adapters: how to start each one as a protocol v1 child process, and whether the
 * library it wraps is available on this machine (with how to install it when it is not).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

const ROOT = PACKAGE_ROOT;
const BIN = join(ROOT, 'bin', 'twilio-jwt-conformance.mjs');

/**
 * Whether the npm package twilio loads from here, as the twilio-node driver loads it: a
 * development dependency in a checkout; in an installed package the user's own dependency, or
 * absent (this package does not depend on it).
 */
function twilioNodeResolves(): boolean {
  try {
    createRequire(import.meta.url).resolve('twilio');
    return true;
  } catch {
    return false;
  }
}

/** A way to start an adapter, or the reason it cannot be started here. */
export type AdapterLaunch = { name: string; command: string[] } | { name: string; unavailable: string };

export const BUILTIN_ADAPTERS = ['reference-node', 'reference-python', 'reference-ruby', 'twilio-node', 'twilio-python', 'twilio-ruby'] as const;

const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3', '/usr/local/bin/python3', 'python'];

/**
 * An interpreter that can `import twilio`. Debian's python3-twilio installs for the system Python,
 * which is often not the first `python3` on PATH (pyenv, venvs), so several are tried.
 */
export function findTwilioPython(explicit?: string): { python: string } | { error: string } {
  const candidates = explicit ? [explicit] : [...(process.env.TWILIO_PYTHON ? [process.env.TWILIO_PYTHON] : []), ...PYTHON_CANDIDATES];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import twilio.jwt'], { stdio: 'ignore', timeout: 20_000 });
    if (r.status === 0) return { python: py };
  }
  return {
    error:
      `no Python interpreter can import twilio (tried ${candidates.join(', ')}). ` +
      'Install it with `apt-get install python3-twilio` or `pip install twilio`, or name one with --python / TWILIO_PYTHON.',
  };
}

/** A twilio-ruby `lib` folder given by flag or `TWILIO_RUBY_LIB`, or an installed gem. */
export function findTwilioRuby(lib?: string): { args: string[] } | { error: string } {
  const dir = lib ?? process.env.TWILIO_RUBY_LIB;
  const hint =
    'Install the gem (`gem install twilio-ruby`) or export the lib folder of a twilio-ruby checkout ' +
    '(`git archive HEAD lib | tar -x -C DIR`) and pass --lib DIR/lib or set TWILIO_RUBY_LIB.';
  const ruby = spawnSync('ruby', ['-e', 'require "jwt"'], { stdio: 'ignore', timeout: 20_000 });
  if (ruby.status !== 0) return { error: `ruby with the jwt gem is not available. ${hint}` };
  if (dir) {
    if (!existsSync(join(dir, 'twilio-ruby.rb'))) return { error: `${dir} is not a twilio-ruby lib folder. ${hint}` };
    return { args: ['--lib', dir] };
  }
  const gem = spawnSync('ruby', ['-e', 'require "twilio-ruby"'], { stdio: 'ignore', timeout: 20_000 });
  return gem.status === 0 ? { args: [] } : { error: `twilio-ruby is not installed. ${hint}` };
}

/** The command line that starts a built-in adapter as a child process, or why it is unavailable. */
export function launchBuiltin(name: string, opts: { python?: string; rubyLib?: string } = {}): AdapterLaunch | undefined {
  const self = [process.execPath, BIN, 'adapter'];
  switch (name) {
    case 'reference-node':
    case 'reference-python':
    case 'reference-ruby':
      return { name, command: [...self, 'reference', '--profile', name.slice('reference-'.length)] };
    case 'twilio-node':
      return twilioNodeResolves()
        ? { name, command: [...self, 'twilio-node'] }
        : { name, unavailable: 'the npm package twilio is not installed (run `npm install twilio`)' };
    case 'twilio-python': {
      const py = findTwilioPython(opts.python);
      return 'python' in py
        ? { name, command: [py.python, join(ROOT, 'conformance/adapters/twilio-python/adapter.py')] }
        : { name, unavailable: py.error };
    }
    case 'twilio-ruby': {
      const rb = findTwilioRuby(opts.rubyLib);
      return 'args' in rb
        ? { name, command: ['ruby', join(ROOT, 'conformance/adapters/twilio-ruby/adapter.rb'), ...rb.args] }
        : { name, unavailable: rb.error };
    }
    default:
      return undefined;
  }
}
