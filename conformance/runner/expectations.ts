/**
 * The CI gate: a file of known failures per adapter, so that a fork can adopt the suite before it
 * conforms, fail only on regressions, and see when a known failure starts passing (WebKit's
 * test262 expectations model; research/anchors.md §1).
 *
 * ```json
 * { "adapters": { "my-sdk": { "knownFailures": ["access_token/node/ttl-0"], "reason": "..." } } }
 * ```
 *
 * Exit codes (README): 0 conforms, or only known failures; 1 new failures, judged against a vector
 * or a property; 2 a usage or adapter error: an adapter that could not start, cases it did not
 * answer properly (crash, timeout, invalid reply) that are not known failures, and a run or an
 * adapter that judged nothing at all (unless `allowEmpty`), which cannot be said to conform.
 */
import { readFileSync } from 'node:fs';
import type { AdapterRun, CaseRecord } from './run.ts';

export interface Expectations {
  adapters: Record<string, { knownFailures: string[]; reason?: string }>;
}

/** An expectations file that cannot be used; the message is one line naming the file and the problem. */
export class ExpectationsError extends Error {
  override name = 'ExpectationsError';
  readonly code = 'ERR_EXPECTATIONS';
}

const TOP_LEVEL_KEYS = new Set(['adapters', 'description', '$schema']);
const ENTRY_KEYS = new Set(['knownFailures', 'reason']);

/** Read and check an expectations file; throws an {@link ExpectationsError} naming what is wrong. */
export function loadExpectations(file: string): Expectations {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExpectationsError(code === 'ENOENT' ? `expectations file ${file} does not exist` : `cannot read expectations file ${file} (${code ?? (e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ExpectationsError(`expectations file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ExpectationsError(`${file}: an expectations file is a JSON object with "adapters"`);
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.has(key)) throw new ExpectationsError(`${file}: unknown member ${JSON.stringify(key)} (expected "adapters")`);
  }
  const adapters = (doc as { adapters?: unknown }).adapters;
  if (typeof adapters !== 'object' || adapters === null || Array.isArray(adapters)) throw new ExpectationsError(`${file}: "adapters" must be an object`);
  for (const [name, entry] of Object.entries(adapters)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ExpectationsError(`${file}: adapters.${name} must be an object with knownFailures`);
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.has(key)) throw new ExpectationsError(`${file}: adapters.${name} has an unknown member ${JSON.stringify(key)} (expected knownFailures, reason)`);
    }
    const known = (entry as { knownFailures?: unknown }).knownFailures;
    if (!Array.isArray(known) || !known.every((k) => typeof k === 'string')) throw new ExpectationsError(`${file}: adapters.${name}.knownFailures must be an array of vector ids`);
    const reason = (entry as { reason?: unknown }).reason;
    if (reason !== undefined && typeof reason !== 'string') throw new ExpectationsError(`${file}: adapters.${name}.reason must be a string`);
  }
  return doc as Expectations;
}

/**
 * Check an expectations file against the run it gates: every adapter it names is one of the run's
 * adapters and every id it lists is a vector of the vector set (before --families and --shard
 * narrow it, so that one file serves every shard). A name or id that matches nothing is almost
 * always a typo that would silently let a regression through. Throws an {@link ExpectationsError}.
 */
export function checkExpectations(expectations: Expectations, run: { adapters: readonly string[]; vectorIds: ReadonlySet<string> }, file = 'expectations file'): void {
  const adapters = new Set(run.adapters);
  for (const [name, entry] of Object.entries(expectations.adapters)) {
    if (!adapters.has(name)) throw new ExpectationsError(`${file}: adapters.${name} is not an adapter of this run (adapters: ${run.adapters.join(', ')})`);
    const unknown = entry.knownFailures.filter((id) => !run.vectorIds.has(id));
    if (unknown.length) {
      const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : '';
      throw new ExpectationsError(
        `${file}: adapters.${name}.knownFailures names no vector: ${unknown
          .slice(0, 3)
          .map((id) => JSON.stringify(id))
          .join(', ')}${more}`,
      );
    }
  }
}

/** The adapter did not answer this case properly: a crash, a timeout, an invalid reply. */
export function isErrored(r: CaseRecord): boolean {
  return r.verdict ? r.verdict.status === 'error' : 'errored' in r.result;
}

/** A record that did not pass: a judged failure, an adapter error, or (with failOnSkip) a skip. */
export function isFailure(r: CaseRecord, failOnSkip = false): boolean {
  if (r.verdict) return r.verdict.status === 'fail' || r.verdict.status === 'error' || (failOnSkip && r.verdict.status === 'skip');
  return 'errored' in r.result;
}

/** What the property suites did on one adapter (`run --properties`). */
export interface PropertyOutcome {
  adapter: string;
  /** Properties that executed at least one run that was not skipped (whether they held or not). */
  checked: number;
  /** Properties that failed or checked nothing, by name. */
  failed: string[];
  /** Why no property could be run on this adapter (it did not start, declares no profile, ...). */
  error?: string;
}

export interface GateOptions {
  /** Count skipped cases as failures (`--fail-on-skip`). */
  failOnSkip?: boolean;
  /** Accept a run, or an adapter, that judged nothing (`--allow-empty`). */
  allowEmpty?: boolean;
  /** `run --properties`: what the property suites did on each adapter. */
  properties?: PropertyOutcome[];
}

export interface GateResult {
  /** 0 conforms or only known failures; 1 new failures; 2 an adapter error, or nothing judged. */
  exitCode: 0 | 1 | 2;
  /** Every case that did not pass and is not a known failure: judged failures and errored cases. */
  newFailures: Array<{ adapter: string; id: string }>;
  knownFailures: Array<{ adapter: string; id: string }>;
  /** Known failures that now pass: time to shrink the expectations file. */
  newPasses: Array<{ adapter: string; id: string }>;
  /** Adapters that could not start, and adapters with cases they did not answer properly. */
  adapterErrors: Array<{ adapter: string; message: string }>;
  /** Errored cases (no proper answer) that are not known failures; each is also in newFailures. */
  erroredCases: Array<{ adapter: string; id: string; message: string }>;
  /** Why the run, or an adapter in it, checked nothing (each makes the exit code 2 unless allowed). */
  empty: string[];
  /** Cases judged (passed or failed against a vector; with failOnSkip, skipped too) over the whole run. */
  judged: number;
  /** Properties that failed (`run --properties`); each is a failure like a vector's. */
  propertyFailures?: string[];
  /** The verdict in a few words, e.g. `conforms (1,234 cases judged)` or `2 new failure(s)`. */
  summary: string;
}

/**
 * What the gate needs to know of one adapter: whether it ran, and each case's status. It is made
 * from a run's records ({@link gate}) or from the case views of JSON Lines results (`report
 * --from`), so that a merged run is gated by exactly the same rules as a single one.
 */
export interface GateAdapter {
  name: string;
  unavailable?: string;
  startError?: string;
  /** The families the adapter declared (for "judged nothing" messages). */
  families?: readonly string[];
  profile?: string;
  cases: Array<{ id: string; status: 'pass' | 'fail' | 'skip' | 'error' | 'unjudged'; message?: string }>;
}

function erroredMessage(r: CaseRecord): string {
  if (r.verdict?.status === 'error') return r.verdict.message;
  return 'errored' in r.result ? r.result.errored.message : 'errored';
}

/** A run's records as the gate sees them. */
export function gateAdapterOf(run: AdapterRun): GateAdapter {
  return {
    name: run.name,
    ...(run.unavailable !== undefined ? { unavailable: run.unavailable } : {}),
    ...(run.startError !== undefined ? { startError: run.startError } : {}),
    ...(run.implementation ? { families: run.implementation.families } : {}),
    ...(run.profile ? { profile: run.profile } : {}),
    cases: run.records.map((r) => ({
      id: r.vector.id,
      status: r.verdict ? r.verdict.status : 'errored' in r.result ? 'error' : 'unjudged',
      ...(isErrored(r) ? { message: erroredMessage(r) } : {}),
    })),
  };
}

/** Why an adapter judged nothing, in words, from its cases. */
function whyEmpty(a: GateAdapter): string {
  const n = a.cases.length;
  if (n === 0) return `${a.name}: judged 0 cases: the run has no vectors of its families (${a.families?.join(', ') || 'none declared'})`;
  const skipped = a.cases.filter((c) => c.status === 'skip').length;
  const unjudged = a.cases.filter((c) => c.status === 'unjudged').length;
  const parts = [skipped && `${skipped} skipped by the adapter`, unjudged && `${unjudged} with nothing recorded for profile ${a.profile ?? '(none)'}`].filter(Boolean);
  return `${a.name}: judged 0 of ${n} cases (${parts.join(', ')})`;
}

/** Classify every failure of a run as known or new, and decide the exit code. */
export function gate(runs: AdapterRun[], expectations?: Expectations, opts: GateOptions = {}): GateResult {
  return gateAdapters(runs.map(gateAdapterOf), expectations, opts);
}

/** {@link gate} over adapters given as {@link GateAdapter}s (e.g. rebuilt from merged shards). */
export function gateAdapters(adapters: GateAdapter[], expectations?: Expectations, opts: GateOptions = {}): GateResult {
  const result: GateResult = { exitCode: 0, newFailures: [], knownFailures: [], newPasses: [], adapterErrors: [], erroredCases: [], empty: [], judged: 0, summary: '' };
  let checkedAdapters = 0;
  for (const run of adapters) {
    if (run.startError) result.adapterErrors.push({ adapter: run.name, message: run.startError });
    const entry = expectations && Object.hasOwn(expectations.adapters, run.name) ? expectations.adapters[run.name] : undefined;
    const known = new Set(entry?.knownFailures ?? []);
    let judged = 0;
    const errored: Array<{ adapter: string; id: string; message: string }> = [];
    // By id, as every reporter lists cases: the gate's lists read the same whatever order the
    // cases ran or were merged in (shards interleave them).
    for (const c of [...run.cases].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
      const id = c.id;
      // A skip checks nothing, unless the user made skips failures.
      if (c.status === 'pass' || c.status === 'fail' || (opts.failOnSkip && c.status === 'skip')) judged++;
      const failure = c.status === 'fail' || c.status === 'error' || (!!opts.failOnSkip && c.status === 'skip');
      if (failure) {
        if (known.has(id)) result.knownFailures.push({ adapter: run.name, id });
        else {
          result.newFailures.push({ adapter: run.name, id });
          if (c.status === 'error') errored.push({ adapter: run.name, id, message: c.message ?? 'errored' });
        }
      } else if (known.has(id) && c.status === 'pass') result.newPasses.push({ adapter: run.name, id });
    }
    if (errored.length) {
      result.erroredCases.push(...errored);
      const first = errored[0];
      result.adapterErrors.push({
        adapter: run.name,
        message: `${errored.length} case(s) not answered properly (crash, timeout or invalid reply), e.g. ${first.id}: ${first.message}`,
      });
    }
    result.judged += judged;
    const props = opts.properties?.filter((p) => p.adapter === run.name) ?? [];
    for (const p of props) if (p.error) result.adapterErrors.push({ adapter: run.name, message: p.error });
    const propsChecked = props.reduce((s, p) => s + p.checked, 0);
    if (run.unavailable || run.startError) continue;
    if (judged + propsChecked > 0) checkedAdapters++;
    // Every case errored or the properties could not run: already an adapter error, said once.
    else if (!errored.length && !props.some((p) => p.error)) {
      result.empty.push(opts.properties && run.cases.length === 0 ? `${run.name}: checked 0 properties and judged 0 cases` : whyEmpty(run));
    }
  }
  if (checkedAdapters === 0 && result.empty.length === 0 && result.adapterErrors.length === 0) {
    result.empty.push(adapters.length === 0 ? 'judged 0 cases: no adapter in the run' : `judged 0 cases: no adapter was available (${adapters.map((r) => r.name).join(', ')})`);
  }
  const propertyFailures = opts.properties?.flatMap((p) => p.failed.map((f) => `${p.adapter} ${f}`)) ?? [];
  if (opts.properties) result.propertyFailures = propertyFailures;
  const judgedFailures = result.newFailures.length - result.erroredCases.length + propertyFailures.length;
  const emptyCounts = result.empty.length > 0 && !opts.allowEmpty;
  result.exitCode = result.adapterErrors.length || emptyCounts ? 2 : judgedFailures ? 1 : 0;
  result.summary =
    result.adapterErrors.length > 0
      ? `adapter error${result.adapterErrors.length > 1 ? 's' : ''} (${[...new Set(result.adapterErrors.map((e) => e.adapter))].join(', ')})`
      : emptyCounts
        ? `nothing checked, so not conforming (${result.empty.length === 1 ? result.empty[0] : `${result.empty.length} adapters checked nothing`}; --allow-empty accepts this)`
        : judgedFailures
          ? `${judgedFailures} new failure(s)`
          : `conforms (${result.judged} case(s) judged${result.empty.length ? ' (--allow-empty)' : ''}${opts.properties ? `, ${opts.properties.reduce((s, p) => s + p.checked, 0)} property check(s)` : ''}${result.knownFailures.length ? `, ${result.knownFailures.length} known failure(s)` : ''})`;
  return result;
}
