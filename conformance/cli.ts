/**
 * The `twilio-jwt-conformance` command.
 *
 *   adapter reference --profile P      serve the reference over protocol v1, in profile P
 *   adapter NAME [OPTIONS]             serve a library's built-in adapter (conformance/libraries/)
 *   run [--adapter NAME|COMMAND]... [--vectors PATH] [--families a,b] [--profile P]
 *
 * Libraries registered through TWILIO_JWT_CONFORMANCE_LIBRARIES join before anything runs.
 */
import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants as fsConstants, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLossless } from '../reference/json/stringify.ts';
import { getProfile } from '../reference/profiles/index.ts';
import { referenceImplementation, serveReferenceCase } from './adapters/reference.ts';
import {
  adapterOptionNames,
  adapterOptionValues,
  builtinAdapters,
  DEFAULT_PROFILE,
  isProfileName,
  launchBuiltin,
  LIBRARIES,
  libraryByAdapter,
  loadLibraryModules,
  profileList,
  serveUsage,
  type AdapterLaunch,
  type ProfileName,
} from './libraries/index.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import { serveAdapter } from './protocol/serve.ts';
import { smoke } from './smoke.ts';
import { counterexampleVectorFile } from './properties/counterexamples.ts';
import { formatProperties, PROPERTIES, runProperties, selectProperties, type PropertyResult } from './properties/run.ts';
import { AdapterSession, AdapterUnavailableError } from './runner/session.ts';
import { renderHtml } from './reporters/html.ts';
import { renderJsonl } from './reporters/jsonl.ts';
import { renderJunit } from './reporters/junit.ts';
import { renderMarkdown } from './reporters/markdown.ts';
import { mergeResults, readResults, ResultsError } from './reporters/merge.ts';
import type { ReportModel, RunReport, Selection } from './reporters/report.ts';
import { renderTap } from './reporters/tap.ts';
import { renderSummary, ttyGate } from './reporters/tty.ts';
import { checkExpectations, ExpectationsError, gate, loadExpectations, type Expectations, type GateResult, type PropertyOutcome } from './runner/expectations.ts';
import { runAdapter, shard } from './runner/run.ts';
import { FAMILIES, isFamily, loadVectors, VectorLoadError, type Vector } from './vectors/read.ts';

const ROOT = PACKAGE_ROOT;
const TOOL_VERSION = '0.1.0';

/** The usage text, from the registry as it stands (registered libraries included). */
const usage = (): string => `usage:
  twilio-jwt-conformance adapter reference --profile <${LIBRARIES.map((l) => l.profile.name).join('|')}>
${LIBRARIES.map((l) => `  twilio-jwt-conformance adapter ${[l.adapter.name, serveUsage(l.adapter)].filter(Boolean).join(' ')}`).join('\n')}
  twilio-jwt-conformance run [--adapter NAME|COMMAND]... [--vectors PATH] [--families a,b] [--profile P]
      [--jobs N] [--shard I/N] [--expectations FILE] [--reporter NAME[:FILE]]... [--fail-on-skip] [--timeout MS]
      [--max-line-bytes N] [--allow-empty]
      [--properties [--no-vectors] [--num-runs N] [--seed N] [--path P] [--only NAME] [--save-counterexamples DIR]]
  twilio-jwt-conformance smoke --adapter NAME|COMMAND     check that an adapter speaks protocol v1
  twilio-jwt-conformance report --from FILE [--from FILE]... [--expectations FILE] [--reporter NAME[:FILE]]...
      [--fail-on-skip] [--allow-empty] [--vectors PATH]
      one report, gate and exit code from the JSON Lines results of several runs (e.g. run --shard
      i/n --reporter jsonl:FILE on several machines)

Reporters: tty (default), jsonl, junit, tap, markdown, html. Exit codes: 0 conforms (or only known
failures), 1 new failures, 2 a usage or adapter error, or nothing judged (--allow-empty accepts that).

Built-in adapters: ${builtinAdapters().join(', ')}. Any other --adapter value is a shell-split
command line that starts an adapter speaking protocol v1 (conformance/protocol/PROTOCOL.md).`;

/** A bad command line or input file: reported as one line, exit 2, before anything runs. */
class UsageError extends Error {}

const HINT = 'see twilio-jwt-conformance --help';

/** The most timer delay Node honours: larger values are clamped to 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A whole number given as an option, in [min, max]: only decimal digits (and a leading minus where
 * min < 0) are accepted, so `abc`, `1e12`, `0x10`, `Infinity` and `1.5` are refused.
 */
function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes an integer from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

/** A profile name given as an option; an unknown one is refused naming the known ones. */
function profileOption(name: string, text: string | undefined): ProfileName | undefined {
  if (text === undefined) return undefined;
  if (!isProfileName(text)) throw new UsageError(`--${name}: unknown profile ${JSON.stringify(text)} (expected ${profileList()})`);
  return text;
}

async function adapterCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { profile: { type: 'string' }, ...stringOptions('serveOptions') },
  });
  const which = positionals[0];
  if (positionals.length > 1) throw new UsageError(`adapter takes one name, not ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  if (values.profile !== undefined && which !== 'reference') throw new UsageError(`--profile is for adapter reference, not ${JSON.stringify(which)}`);
  if (which === 'reference') {
    const profile = getProfile(profileOption('profile', values.profile) ?? DEFAULT_PROFILE);
    serveAdapter({ implementation: referenceImplementation(profile), run: (c) => serveReferenceCase(profile, c) });
    return new Promise<number>(() => {}); // serveAdapter exits the process on stop
  }
  // A library's built-in adapter: in-process, or a child in the library's language.
  const lib = which === undefined ? undefined : libraryByAdapter(which);
  if (!lib) throw new UsageError(`unknown adapter ${JSON.stringify(which)}`);
  return lib.adapter.serve(adapterOptionValues('serveOptions', values));
}

/** The string options the built-in adapters declare (`--python PATH`...), for parseArgs. */
function stringOptions(which: 'runOptions' | 'serveOptions'): Record<string, { type: 'string' }> {
  return Object.fromEntries(adapterOptionNames(which).map((k) => [k, { type: 'string' as const }]));
}

function splitCommand(s: string): string[] {
  return (s.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((p) => p.replace(/^(["'])(.*)\1$/, '$2'));
}

const REPORTERS = ['tty', 'jsonl', 'junit', 'tap', 'markdown', 'html'] as const;
type ReporterName = (typeof REPORTERS)[number];

/** `--reporter name[:file]`: where each report goes (stdout when no file is given). */
function parseReporters(specs: string[] | undefined): Array<{ name: ReporterName; file?: string }> {
  const files = new Set<string>();
  return (specs ?? ['tty']).map((spec) => {
    const i = spec.indexOf(':');
    const name = (i < 0 ? spec : spec.slice(0, i)) as ReporterName;
    if (!REPORTERS.includes(name)) throw new UsageError(`unknown reporter ${JSON.stringify(name)} (expected ${REPORTERS.join(', ')})`);
    if (i < 0) return { name };
    const file = spec.slice(i + 1);
    if (file === '') throw new UsageError(`--reporter ${name}: needs a file after the colon (or no colon, for stdout)`);
    if (files.has(resolve(file))) throw new UsageError(`--reporter: two reports would be written to ${file}`);
    files.add(resolve(file));
    return { name, file };
  });
}

/**
 * Refuse a report file that could not be written, before any adapter starts: an existing file
 * must be a writable file; a new one is created and removed again, which proves its directory
 * exists and takes files (as root, access() alone says yes to almost anything).
 */
function checkWritable(file: string, what: string): void {
  let exists = true;
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${what} ${file} is a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`${what} ${file} cannot be written (${code})`);
    exists = false;
  }
  try {
    if (exists) accessSync(file, fsConstants.W_OK);
    else {
      closeSync(openSync(file, 'wx'));
      unlinkSync(file);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const dir = dirname(resolve(file));
    const reason = code === 'ENOENT' ? `directory ${dir} does not exist` : code === 'ENOTDIR' ? `${dir} is not a directory` : (code ?? (e as Error).message);
    throw new UsageError(`${what} ${file} cannot be written (${reason})`);
  }
}

/** A directory that counterexamples can be written to later: it, or the nearest existing parent, is a writable directory. */
function checkWritableDirectory(dir: string, what: string): void {
  let d = resolve(dir);
  for (;;) {
    try {
      if (!statSync(d).isDirectory()) throw new UsageError(`${what} ${dir} cannot be created (${d} is not a directory)`);
      accessSync(d, fsConstants.W_OK);
      return;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(d) === d) throw new UsageError(`${what} ${dir} cannot be written (${code})`);
      d = dirname(d);
    }
  }
}

function render(name: ReporterName, report: RunReport | ReportModel): string {
  switch (name) {
    case 'tty':
      return report.vectorCount ? `${report.vectorCount} vectors\n${renderSummary(report)}\n${renderGate(ttyGate(report))}` : renderGate(ttyGate(report));
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

/** The gate's verdict for a person: what went wrong, then `result: ...` (exit code in words). */
export function renderGate(g: GateResult): string {
  const lines: string[] = [];
  if (g.adapterErrors.length) lines.push(...g.adapterErrors.map((e) => `adapter error: ${e.adapter}: ${e.message}`));
  // One empty adapter is named in the summary itself.
  if (!(g.empty.length === 1 && g.summary.includes(g.empty[0]))) lines.push(...g.empty.map((e) => `nothing checked: ${e}`));
  if (g.knownFailures.length) lines.push(`${g.knownFailures.length} known failure(s) (expectations file)`);
  if (g.newPasses.length) lines.push(`${g.newPasses.length} new pass(es): ${g.newPasses.map((p) => `${p.adapter} ${p.id}`).join(', ')}`);
  if (g.propertyFailures?.length) lines.push(`${g.propertyFailures.length} property failure(s): ${g.propertyFailures.join(', ')}`);
  lines.push(`result: ${g.summary}`);
  return lines.join('\n');
}

/** The shard spec `i/n`, checked before anything runs (the same rule `shard` applies). */
function checkShard(spec: string | undefined): void {
  if (spec === undefined) return;
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(spec);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard takes i/n with 1 <= i <= n, not ${JSON.stringify(spec)}`);
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
      'allow-empty': { type: 'boolean' },
      timeout: { type: 'string' },
      'max-line-bytes': { type: 'string' },
      ...stringOptions('runOptions'),
      properties: { type: 'boolean' },
      'no-vectors': { type: 'boolean' },
      'num-runs': { type: 'string' },
      seed: { type: 'string' },
      path: { type: 'string' },
      only: { type: 'string' },
      'save-counterexamples': { type: 'string' },
    },
  });
  // Every value is checked here, before any file is read or adapter started.
  const profile = profileOption('profile', values.profile);
  if (values['no-vectors'] && !values.properties) throw new UsageError('--no-vectors needs --properties');
  for (const o of ['num-runs', 'seed', 'path', 'only', 'save-counterexamples'] as const) {
    if (values[o] !== undefined && !values.properties) throw new UsageError(`--${o} needs --properties`);
  }
  const jobs = integerOption('jobs', values.jobs, 1, 64) ?? 1;
  const timeout = integerOption('timeout', values.timeout, 1, MAX_TIMER_MS);
  const maxLineBytes = integerOption('max-line-bytes', values['max-line-bytes'], 1, 2 ** 30);
  const numRuns = integerOption('num-runs', values['num-runs'], 1, 1_000_000_000);
  const seedText = values.seed ?? (values.properties ? process.env.FC_SEED : undefined);
  const givenSeed = integerOption(values.seed === undefined ? 'seed (FC_SEED)' : 'seed', seedText, -(2 ** 31), 2 ** 31 - 1);
  if (values.path !== undefined && !/^\d{1,9}(:\d{1,9})*$/.test(values.path)) throw new UsageError(`--path takes a fast-check path such as 12:0:3, not ${JSON.stringify(values.path)}`);
  checkShard(values.shard);
  let families: string[] | undefined;
  if (values.families !== undefined) {
    families = values.families.split(',').map((f) => f.trim());
    const unknown = families.filter((f) => !isFamily(f));
    if (unknown.length || families.length === 0) throw new UsageError(`--families: unknown family ${unknown.map((f) => JSON.stringify(f)).join(', ') || '""'} (known: ${FAMILIES.join(', ')})`);
  }
  const runFamilies = families ?? [...FAMILIES];
  if (values.only !== undefined && !PROPERTIES.some((p) => runFamilies.includes(p.family) && p.name.includes(values.only!))) {
    throw new UsageError(`--only ${JSON.stringify(values.only)} matches no property of ${families ? `the families ${families.join(', ')}` : 'any family'}`);
  }
  const reporters = parseReporters(values.reporter);
  const names = values.adapter ?? builtinAdapters();
  const seen = new Set<string>();
  for (const n of names) {
    if (splitCommand(n).length === 0) throw new UsageError('--adapter: an empty adapter command');
    if (seen.has(n)) throw new UsageError(`--adapter ${JSON.stringify(n)} is given twice`);
    seen.add(n);
  }
  const allowEmpty = !!values['allow-empty'];
  const vectorsPath = values.vectors ?? join(ROOT, 'vectors');

  // Input files: the vectors (validated against their schema) and the expectations.
  const all = values['no-vectors'] && !values.expectations ? [] : loadVectors(vectorsPath);
  let vectors: Vector[] = values['no-vectors'] ? [] : all;
  if (!values['no-vectors'] && !allowEmpty) {
    if (all.length === 0) throw new UsageError(`no producing vectors in ${vectorsPath} (--allow-empty to run anyway)`);
  }
  if (families) vectors = vectors.filter((v) => families!.includes(v.family));
  if (values.shard) vectors = shard(vectors, values.shard);
  const selection = selectionOf(all, families, values.shard);
  if (!values['no-vectors'] && !allowEmpty && vectors.length === 0) {
    throw new UsageError(`no vectors left to run in ${vectorsPath}${families ? ` for --families ${families.join(',')}` : ''}${values.shard ? ` in shard ${values.shard}` : ''} (--allow-empty to run anyway)`);
  }
  let expectations: Expectations | undefined;
  if (values.expectations) {
    expectations = loadExpectations(values.expectations);
    checkExpectations(expectations, { adapters: names, vectorIds: new Set(all.map((v) => v.id)) }, values.expectations);
  }
  // Report destinations last among the checks, still before any adapter starts.
  for (const r of reporters) if (r.file) checkWritable(r.file, `--reporter ${r.name}:`);
  if (values['save-counterexamples']) checkWritableDirectory(values['save-counterexamples'], '--save-counterexamples');

  const launches: AdapterLaunch[] = names.map((n) => launchBuiltin(n, adapterOptionValues('runOptions', values)) ?? { name: n, command: splitCommand(n) });
  const started = new Date().toISOString();
  const runs = [];
  for (const [i, launch] of launches.entries()) {
    process.stderr.write(`[${i + 1}/${launches.length}] ${launch.name}…${process.stderr.isTTY ? '' : '\n'}`);
    runs.push(
      await runAdapter(launch, vectors, {
        profile,
        jobs,
        caseTimeoutMs: timeout,
        ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
        onProgress: process.stderr.isTTY ? (done, total) => drawProgress(`[${i + 1}/${launches.length}] ${launch.name}`, done, total) : undefined,
      }),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
  let properties: PropertyOutcome[] | undefined;
  if (values.properties) {
    properties = [];
    const seed = givenSeed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
    process.stderr.write(`properties: seed ${seed}\n`);
    for (const launch of launches) {
      const outcome = await runPropertySuites(launch, {
        profile,
        families: runFamilies,
        numRuns,
        seed,
        path: values.path,
        only: values.only,
        saveTo: values['save-counterexamples'],
        caseTimeoutMs: timeout,
        maxLineBytes,
      });
      process.stdout.write(`${outcome.output}\n`);
      if (outcome.result) properties.push(outcome.result);
    }
  }
  const g = gate(runs, expectations, { failOnSkip: values['fail-on-skip'], allowEmpty, properties });
  const report: RunReport = {
    tool: { name: 'twilio-jwt-conformance', version: TOOL_VERSION },
    started,
    finished: new Date().toISOString(),
    vectorCount: vectors.length,
    runs,
    gate: g,
    selection,
    ...(properties ? { properties } : {}),
  };
  writeReports(reporters, report);
  return g.exitCode;
}

function writeReports(reporters: Array<{ name: ReporterName; file?: string }>, report: RunReport | ReportModel): void {
  for (const r of reporters) {
    const text = render(r.name, report);
    if (r.file) writeFileSync(r.file, text);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** A digest of a vector set's ids: shards of one run share it. */
function vectorSetDigest(vectors: Vector[]): string {
  return createHash('sha256')
    .update(
      vectors
        .map((v) => v.id)
        .sort()
        .join('\n'),
    )
    .digest('base64url')
    .slice(0, 22);
}

/** What a run selected from its vectors, recorded in its results so that shards can be checked to belong together. */
function selectionOf(all: Vector[], families: string[] | undefined, shardSpec: string | undefined): Selection {
  const m = shardSpec ? /^(\d+)\/(\d+)$/.exec(shardSpec) : null;
  return {
    vectorSet: vectorSetDigest(all),
    ...(families ? { families: [...families].sort() } : {}),
    ...(m ? { shard: { index: Number(m[1]), count: Number(m[2]) } } : {}),
  };
}

/**
 * `report --from a.jsonl --from b.jsonl`: one report, gate and exit code from the results of
 * several runs (shards of one run, or runs of different adapters over the same vectors).
 */
async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string', multiple: true },
      expectations: { type: 'string' },
      reporter: { type: 'string', multiple: true },
      'fail-on-skip': { type: 'boolean' },
      'allow-empty': { type: 'boolean' },
      vectors: { type: 'string' },
    },
  });
  const files = values.from ?? [];
  if (files.length === 0) throw new UsageError('report needs --from FILE (the jsonl results of a run), once per run or shard');
  if (new Set(files.map((f) => resolve(f))).size !== files.length) throw new UsageError('report: the same --from file is given twice');
  const reporters = parseReporters(values.reporter);
  for (const r of reporters) if (r.file) checkWritable(r.file, `--reporter ${r.name}:`);
  const parts = files.map((f) => readResults(f));
  let expectations: Expectations | undefined;
  if (values.expectations) {
    expectations = loadExpectations(values.expectations);
    // Known failures are checked against the vector set the results were run on.
    const vectorsPath = values.vectors ?? join(ROOT, 'vectors');
    const all = loadVectors(vectorsPath);
    const ran = parts[0].selection?.vectorSet;
    if (ran !== undefined && ran !== vectorSetDigest(all)) throw new UsageError(`the results were run on another vector set than ${vectorsPath}: give the run's --vectors`);
    checkExpectations(expectations, { adapters: [...new Set(parts.flatMap((p) => p.adapters.map((a) => a.name)))], vectorIds: new Set(all.map((v) => v.id)) }, values.expectations);
  }
  const model = mergeResults(parts, { expectations, failOnSkip: values['fail-on-skip'], allowEmpty: values['allow-empty'] });
  writeReports(reporters, model);
  return model.gate.exitCode;
}

/**
 * Run the property suites against one adapter; returns the printed report and what it did for the
 * gate (nothing for an unavailable adapter, which the vector run already reports).
 */
async function runPropertySuites(
  launch: AdapterLaunch,
  o: { profile?: ProfileName; families: readonly string[]; numRuns?: number; seed: number; path?: string; only?: string; saveTo?: string; caseTimeoutMs?: number; maxLineBytes?: number },
): Promise<{ output: string; result?: PropertyOutcome }> {
  if ('unavailable' in launch) return { output: `${launch.name}: unavailable for properties (${launch.unavailable})` };
  const session = new AdapterSession(launch.command, { caseTimeoutMs: o.caseTimeoutMs, ...(o.maxLineBytes === undefined ? {} : { maxLineBytes: o.maxLineBytes }) });
  let impl;
  try {
    impl = await session.open();
  } catch (e) {
    // The adapter said its library is not installed: reported as for a built-in, not an error.
    if (e instanceof AdapterUnavailableError) return { output: `${launch.name}: unavailable for properties (${e.summary})` };
    const error = `could not start for properties (${(e as Error).message})`;
    return { output: `${launch.name}: ${error}`, result: { adapter: launch.name, checked: 0, failed: [], error } };
  }
  const profile = o.profile ?? impl.profile;
  if (!profile) {
    await session.close();
    const error = 'declares no profile, so no property applies; pass --profile to say which library it must behave like';
    return { output: `${launch.name}: ${error}`, result: { adapter: launch.name, checked: 0, failed: [], error } };
  }
  const families = impl.families.filter((f) => o.families.includes(f));
  if (selectProperties(profile, families, o.only).length === 0) {
    await session.close();
    return {
      output: `${launch.name}: no property applies (profile ${profile}, families ${families.join(', ') || 'none in common with the run'}${o.only ? `, --only ${o.only}` : ''})`,
      result: { adapter: launch.name, checked: 0, failed: [] },
    };
  }
  let results: PropertyResult[];
  try {
    results = await runProperties({ name: launch.name, run: (c) => session.run(c) }, profile, families, o);
  } finally {
    await session.close();
  }
  const replay = (r: PropertyResult): string =>
    `npx twilio-jwt-conformance run --adapter ${JSON.stringify(launch.name)} --properties --no-vectors --only ${r.name} --seed ${r.seed}${r.path ? ` --path ${r.path}` : ''}${o.profile ? ` --profile ${o.profile}` : ''}`;
  if (o.saveTo) {
    mkdirSync(o.saveTo, { recursive: true });
    for (const r of results.filter((x) => x.status === 'fail' && x.counterexample)) {
      const file = join(o.saveTo, `${r.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.json`);
      writeFileSync(file, `${formatLossless(counterexampleVectorFile(r, launch.name))}\n`);
    }
  }
  return {
    output: formatProperties(launch.name, results, replay),
    result: { adapter: launch.name, checked: results.filter((r) => r.status !== 'vacuous').length, failed: results.filter((r) => !r.ok).map((r) => r.name) },
  };
}

async function smokeCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { adapter: { type: 'string' }, vectors: { type: 'string' }, ...stringOptions('runOptions') } });
  if (!values.adapter) throw new UsageError('smoke needs --adapter NAME|COMMAND');
  const launch = launchBuiltin(values.adapter, adapterOptionValues('runOptions', values)) ?? { name: values.adapter, command: splitCommand(values.adapter) };
  if ('unavailable' in launch) {
    process.stderr.write(`${launch.name} is unavailable: ${launch.unavailable}\n`);
    return 2;
  }
  const checks = await smoke(launch.command, loadVectors(values.vectors ?? join(ROOT, 'vectors')));
  // Said so by the adapter itself: the same report and exit code as an unavailable built-in.
  const unavailable = checks.find((c) => c.unavailable !== undefined)?.unavailable;
  if (unavailable !== undefined) {
    process.stderr.write(`${launch.name} is unavailable: ${unavailable}\n`);
    return 2;
  }
  for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}\n`);
  const ok = checks.every((c) => c.ok);
  process.stdout.write(ok ? `${launch.name} speaks protocol v1\n` : `${launch.name} does not speak protocol v1 correctly\n`);
  return ok ? 0 : 1;
}

/** Entry point; returns the process exit code (0 ok, 1 failures, 2 usage or adapter error). */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    await loadLibraryModules();
    if (cmd !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    if (cmd === 'adapter') return await adapterCommand(rest);
    if (cmd === 'run') return await runCommand(rest);
    if (cmd === 'smoke') return await smokeCommand(rest);
    if (cmd === 'report') return await reportCommand(rest);
    if (cmd === undefined || cmd === '--help' || cmd === 'help') {
      process.stdout.write(`${usage()}\n`);
      return cmd === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (e instanceof UsageError || e instanceof VectorLoadError || e instanceof ExpectationsError || e instanceof ResultsError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      // One line naming what is wrong, and where to look; not the whole usage.
      const message = (e as Error).message.split('\n')[0].trim();
      process.stderr.write(`twilio-jwt-conformance: ${message} (${HINT})\n`);
      return 2;
    }
    throw e;
  }
}
