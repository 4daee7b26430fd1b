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
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatLossless, toJavaScript } from '../reference/json/stringify.ts';
import type { ProfileName } from '../reference/profiles/index.ts';
import { getProfile, isProfileName } from '../reference/profiles/index.ts';
import { referenceImplementation, serveReferenceCase } from './adapters/reference.ts';
import { BUILTIN_ADAPTERS, findTwilioPython, findTwilioRuby, launchBuiltin, type AdapterLaunch } from './adapters/registry.ts';
import { serveAdapter } from './protocol/serve.ts';
import { smoke } from './smoke.ts';
import { counterexampleVectorFile } from './properties/counterexamples.ts';
import { formatProperties, runProperties, type PropertyResult } from './properties/run.ts';
import { AdapterSession } from './runner/session.ts';
import { renderHtml } from './reporters/html.ts';
import { renderJsonl } from './reporters/jsonl.ts';
import { renderJunit } from './reporters/junit.ts';
import { renderMarkdown } from './reporters/markdown.ts';
import type { RunReport } from './reporters/report.ts';
import { renderTap } from './reporters/tap.ts';
import { renderSummary } from './reporters/tty.ts';
import { gate, loadExpectations, type Expectations, type GateResult } from './runner/expectations.ts';
import { runAdapter, shard } from './runner/run.ts';
import { loadVectors } from './runner/vectors.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_VERSION = '0.1.0';

const USAGE = `usage:
  twilio-jwt-conformance adapter reference --profile <node|python|ruby>
  twilio-jwt-conformance adapter twilio-node
  twilio-jwt-conformance adapter twilio-python [--python PATH] [--lib DIR]
  twilio-jwt-conformance adapter twilio-ruby [--lib DIR]
  twilio-jwt-conformance run [--adapter NAME|COMMAND]... [--vectors PATH] [--families a,b] [--profile P]
      [--jobs N] [--shard I/N] [--expectations FILE] [--reporter NAME[:FILE]]... [--fail-on-skip] [--timeout MS]
      [--properties [--no-vectors] [--num-runs N] [--seed N] [--path P] [--only NAME] [--save-counterexamples DIR]]
  twilio-jwt-conformance smoke --adapter NAME|COMMAND     check that an adapter speaks protocol v1

Reporters: tty (default), jsonl, junit, tap, markdown, html. Exit codes: 0 conforms (or only known
failures), 1 new failures, 2 a usage or adapter error.

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
      serveAdapter({ implementation: referenceImplementation(profile), run: (c) => serveReferenceCase(profile, c) });
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

const REPORTERS = ['tty', 'jsonl', 'junit', 'tap', 'markdown', 'html'] as const;
type ReporterName = (typeof REPORTERS)[number];

/** `--reporter name[:file]`: where each report goes (stdout when no file is given). */
function parseReporters(specs: string[] | undefined): Array<{ name: ReporterName; file?: string }> {
  return (specs ?? ['tty']).map((spec) => {
    const i = spec.indexOf(':');
    const name = (i < 0 ? spec : spec.slice(0, i)) as ReporterName;
    if (!REPORTERS.includes(name)) throw new UsageError(`unknown reporter ${JSON.stringify(name)} (expected ${REPORTERS.join(', ')})`);
    return i < 0 ? { name } : { name, file: spec.slice(i + 1) };
  });
}

function render(name: ReporterName, report: RunReport): string {
  switch (name) {
    case 'tty':
      return report.vectorCount ? `${report.vectorCount} vectors\n${renderSummary(report.runs)}\n${renderGate(report.gate)}` : renderGate(report.gate);
    case 'jsonl':
      return renderJsonl(report);
    case 'junit':
      return renderJunit(report);
    case 'tap':
      return renderTap(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}

/** A one-line progress bar on a terminal, redrawn in place. */
function drawProgress(label: string, done: number, total: number): void {
  if (done !== total && done % 8 !== 0) return;
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(`\r${label.slice(0, 40)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

function renderGate(g: GateResult): string {
  const lines: string[] = [];
  if (g.adapterErrors.length) lines.push(...g.adapterErrors.map((e) => `adapter error: ${e.adapter}: ${e.message}`));
  if (g.knownFailures.length) lines.push(`${g.knownFailures.length} known failure(s) (expectations file)`);
  if (g.newPasses.length) lines.push(`${g.newPasses.length} new pass(es): ${g.newPasses.map((p) => `${p.adapter} ${p.id}`).join(', ')}`);
  if (g.propertyFailures?.length) lines.push(`${g.propertyFailures.length} property failure(s): ${g.propertyFailures.join(', ')}`);
  lines.push(g.exitCode === 0 ? 'result: conforms' : g.exitCode === 1 ? `result: ${g.newFailures.length + (g.propertyFailures?.length ?? 0)} new failure(s)` : 'result: adapter error');
  return lines.join('\n');
}

async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      adapter: { type: 'string', multiple: true },
      vectors: { type: 'string' },
      families: { type: 'string' },
      profile: { type: 'string' },
      jobs: { type: 'string' },
      shard: { type: 'string' },
      expectations: { type: 'string' },
      reporter: { type: 'string', multiple: true },
      'fail-on-skip': { type: 'boolean' },
      timeout: { type: 'string' },
      python: { type: 'string' },
      'ruby-lib': { type: 'string' },
      properties: { type: 'boolean' },
      'no-vectors': { type: 'boolean' },
      'num-runs': { type: 'string' },
      seed: { type: 'string' },
      path: { type: 'string' },
      only: { type: 'string' },
      'save-counterexamples': { type: 'string' },
    },
  });
  if (values.profile !== undefined && !isProfileName(values.profile)) throw new UsageError(`unknown profile ${values.profile}`);
  if (values['no-vectors'] && !values.properties) throw new UsageError('--no-vectors needs --properties');
  const reporters = parseReporters(values.reporter);
  const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs takes a positive integer');
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout takes milliseconds > 0');
  let expectations: Expectations | undefined;
  try {
    expectations = values.expectations ? loadExpectations(values.expectations) : undefined;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let vectors = values['no-vectors'] ? [] : loadVectors(values.vectors ?? join(ROOT, 'vectors'));
  if (values.families) {
    const fams = values.families.split(',');
    vectors = vectors.filter((v) => fams.includes(v.family));
  }
  if (values.shard) {
    try {
      vectors = shard(vectors, values.shard);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const names = values.adapter ?? [...BUILTIN_ADAPTERS];
  const launches: AdapterLaunch[] = names.map(
    (n) => launchBuiltin(n, { python: values.python, rubyLib: values['ruby-lib'] }) ?? { name: n, command: splitCommand(n) },
  );
  const started = new Date().toISOString();
  const runs = [];
  for (const [i, launch] of launches.entries()) {
    process.stderr.write(`[${i + 1}/${launches.length}] ${launch.name}…${process.stderr.isTTY ? '' : '\n'}`);
    runs.push(
      await runAdapter(launch, vectors, {
        profile: values.profile as 'node' | 'python' | 'ruby' | undefined,
        jobs,
        caseTimeoutMs: timeout,
        onProgress: process.stderr.isTTY ? (done, total) => drawProgress(`[${i + 1}/${launches.length}] ${launch.name}`, done, total) : undefined,
      }),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
  const propertyFailures: string[] = [];
  if (values.properties) {
    const seed = values.seed === undefined ? Number(process.env.FC_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0) : Number(values.seed);
    process.stderr.write(`properties: seed ${seed}\n`);
    for (const launch of launches) {
      const text = await runPropertySuites(launch, {
        profile: values.profile as ProfileName | undefined,
        numRuns: values['num-runs'] === undefined ? undefined : Number(values['num-runs']),
        seed,
        path: values.path,
        only: values.only,
        saveTo: values['save-counterexamples'],
      });
      process.stdout.write(`${text.output}\n`);
      propertyFailures.push(...text.failed.map((f) => `${launch.name} ${f}`));
    }
  }
  const g = gate(runs, expectations, { failOnSkip: values['fail-on-skip'] });
  if (propertyFailures.length) {
    g.propertyFailures = propertyFailures;
    if (g.exitCode === 0) g.exitCode = 1;
  }
  const report: RunReport = { tool: { name: 'twilio-jwt-conformance', version: TOOL_VERSION }, started, finished: new Date().toISOString(), vectorCount: vectors.length, runs, gate: g };
  for (const r of reporters) {
    const text = render(r.name, report);
    if (r.file) writeFileSync(r.file, text);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return g.exitCode;
}

/** Run the property suites against one adapter; returns the printed report and whether any failed. */
async function runPropertySuites(
  launch: AdapterLaunch,
  o: { profile?: ProfileName; numRuns?: number; seed: number; path?: string; only?: string; saveTo?: string },
): Promise<{ output: string; failed: string[] }> {
  if ('unavailable' in launch) return { output: `${launch.name}: unavailable for properties (${launch.unavailable})`, failed: [] };
  const session = new AdapterSession(launch.command, {});
  let impl;
  try {
    impl = await session.open();
  } catch (e) {
    return { output: `${launch.name}: could not start (${(e as Error).message})`, failed: ['start'] };
  }
  const profile = o.profile ?? impl.profile;
  if (!profile) {
    await session.close();
    return { output: `${launch.name}: declares no profile; pass --profile to say which library's properties it must have`, failed: [] };
  }
  const results = await runProperties({ name: launch.name, run: (c) => session.run(c) }, profile, impl.families, o);
  await session.close();
  const replay = (r: PropertyResult): string =>
    `npx twilio-jwt-conformance run --adapter ${JSON.stringify(launch.name)} --properties --no-vectors --only ${r.name} --seed ${r.seed}${r.path ? ` --path ${r.path}` : ''}${o.profile ? ` --profile ${o.profile}` : ''}`;
  if (o.saveTo) {
    mkdirSync(o.saveTo, { recursive: true });
    for (const r of results.filter((x) => !x.ok && x.counterexample)) {
      const file = join(o.saveTo, `${r.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.json`);
      writeFileSync(file, `${formatLossless(counterexampleVectorFile(r, launch.name))}\n`);
    }
  }
  return { output: formatProperties(launch.name, results, replay), failed: results.filter((r) => !r.ok).map((r) => r.name) };
}

async function smokeCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { adapter: { type: 'string' }, vectors: { type: 'string' }, python: { type: 'string' }, 'ruby-lib': { type: 'string' } } });
  if (!values.adapter) throw new UsageError('smoke needs --adapter NAME|COMMAND');
  const launch = launchBuiltin(values.adapter, { python: values.python, rubyLib: values['ruby-lib'] }) ?? { name: values.adapter, command: splitCommand(values.adapter) };
  if ('unavailable' in launch) {
    process.stderr.write(`${launch.name} is unavailable: ${launch.unavailable}\n`);
    return 2;
  }
  const checks = await smoke(launch.command, loadVectors(values.vectors ?? join(ROOT, 'vectors')));
  for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}\n`);
  const ok = checks.every((c) => c.ok);
  process.stdout.write(ok ? `${launch.name} speaks protocol v1\n` : `${launch.name} does not speak protocol v1 correctly\n`);
  return ok ? 0 : 1;
}

/** Entry point; returns the process exit code (0 ok, 1 failures, 2 usage or adapter error). */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'adapter') return await adapterCommand(rest);
    if (cmd === 'run') return await runCommand(rest);
    if (cmd === 'smoke') return await smokeCommand(rest);
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
