/**
 * The `twilio-jwt-conformance` command.
 *
 *   adapter reference --profile <node|python|ruby>   serve the reference over protocol v1
 *   adapter twilio-node                              serve the real npm twilio, in-process
 *   adapter twilio-python [--python PATH] [--lib DIR]
 *   adapter twilio-ruby [--lib DIR]
 *   run [--adapter NAME|COMMAND]... [--vectors PATH] [--families a,b] [--profile P]
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toJavaScript } from '../reference/json/stringify.ts';
import { getProfile, isProfileName } from '../reference/profiles/index.ts';
import { referenceImplementation, runReferenceCase } from './adapters/reference.ts';
import { BUILTIN_ADAPTERS, findTwilioPython, findTwilioRuby, launchBuiltin, type AdapterLaunch } from './adapters/registry.ts';
import { serveAdapter } from './protocol/serve.ts';
import { hasFailures, renderSummary } from './reporters/tty.ts';
import { runAdapter } from './runner/run.ts';
import { loadVectors } from './runner/vectors.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage:
  twilio-jwt-conformance adapter reference --profile <node|python|ruby>
  twilio-jwt-conformance adapter twilio-node
  twilio-jwt-conformance adapter twilio-python [--python PATH] [--lib DIR]
  twilio-jwt-conformance adapter twilio-ruby [--lib DIR]
  twilio-jwt-conformance run [--adapter NAME|COMMAND]... [--vectors PATH] [--families a,b] [--profile P]

Built-in adapters: ${BUILTIN_ADAPTERS.join(', ')}. Any other --adapter value is a shell-split
command line that starts an adapter speaking protocol v1 (conformance/protocol/PROTOCOL.md).`;

class UsageError extends Error {}

/** Exec a child with our stdio, for adapters written in other languages. */
function passThrough(command: string[]): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    child.on('exit', (code) => resolveExit(code ?? 1));
    child.on('error', (e) => {
      process.stderr.write(`${e.message}\n`);
      resolveExit(2);
    });
  });
}

async function adapterCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { profile: { type: 'string' }, python: { type: 'string' }, lib: { type: 'string' } },
  });
  const which = positionals[0];
  switch (which) {
    case 'reference': {
      const profile = getProfile(values.profile ?? 'node');
      serveAdapter({ implementation: referenceImplementation(profile), run: (c) => runReferenceCase(profile, c) });
      return new Promise<number>(() => {}); // serveAdapter exits the process on stop
    }
    case 'twilio-node': {
      const { runTwilioNodeCase, twilioNodeImplementation } = await import('./adapters/twilio-node/driver.ts');
      // JSON.parse semantics are exactly how a JavaScript SDK receives the input.
      serveAdapter({
        implementation: twilioNodeImplementation,
        run: (c) => runTwilioNodeCase({ id: c.id, family: c.family, now: c.now, nowMs: c.nowMs, input: toJavaScript(c.input) }),
      });
      return new Promise<number>(() => {});
    }
    case 'twilio-python': {
      const py = findTwilioPython(values.python);
      if ('error' in py) {
        process.stderr.write(`${py.error}\n`);
        return 3;
      }
      const script = join(ROOT, 'conformance/adapters/twilio-python/adapter.py');
      return passThrough([py.python, script, ...(values.lib ? ['--lib', values.lib] : [])]);
    }
    case 'twilio-ruby': {
      const rb = findTwilioRuby(values.lib);
      if ('error' in rb) {
        process.stderr.write(`${rb.error}\n`);
        return 3;
      }
      return passThrough(['ruby', join(ROOT, 'conformance/adapters/twilio-ruby/adapter.rb'), ...rb.args]);
    }
    default:
      throw new UsageError(`unknown adapter ${JSON.stringify(which)}`);
  }
}

function splitCommand(s: string): string[] {
  return (s.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((p) => p.replace(/^(["'])(.*)\1$/, '$2'));
}

async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      adapter: { type: 'string', multiple: true },
      vectors: { type: 'string' },
      families: { type: 'string' },
      profile: { type: 'string' },
      python: { type: 'string' },
      'ruby-lib': { type: 'string' },
    },
  });
  if (values.profile !== undefined && !isProfileName(values.profile)) throw new UsageError(`unknown profile ${values.profile}`);
  let vectors = loadVectors(values.vectors ?? join(ROOT, 'vectors'));
  if (values.families) {
    const fams = values.families.split(',');
    vectors = vectors.filter((v) => fams.includes(v.family));
  }
  const names = values.adapter ?? [...BUILTIN_ADAPTERS];
  const launches: AdapterLaunch[] = names.map(
    (n) => launchBuiltin(n, { python: values.python, rubyLib: values['ruby-lib'] }) ?? { name: n, command: splitCommand(n) },
  );
  const runs = [];
  for (const launch of launches) {
    process.stderr.write(`running ${launch.name}…\n`);
    runs.push(await runAdapter(launch, vectors, { profile: values.profile as 'node' | 'python' | 'ruby' | undefined }));
  }
  process.stdout.write(`${vectors.length} vectors\n${renderSummary(runs)}\n`);
  return hasFailures(runs) ? 1 : 0;
}

/** Entry point; returns the process exit code (0 ok, 1 failures, 2 usage or adapter error). */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'adapter') return await adapterCommand(rest);
    if (cmd === 'run') return await runCommand(rest);
    if (cmd === undefined || cmd === '--help' || cmd === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return cmd === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
