/**
 * The CI gate: a file of known failures per adapter, so that a fork can adopt the suite before it
 * conforms, fail only on regressions, and see when a known failure starts passing (WebKit's
 * test262 expectations model; research/anchors.md §1).
 *
 * ```json
 * { "adapters": { "my-sdk": { "knownFailures": ["access_token/node/ttl-0"], "reason": "..." } } }
 * ```
 */
import { readFileSync } from 'node:fs';
import type { AdapterRun, CaseRecord } from './run.ts';

export interface Expectations {
  adapters: Record<string, { knownFailures: string[]; reason?: string }>;
}

/** Read and check an expectations file; throws a message naming what is wrong. */
export function loadExpectations(file: string): Expectations {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read expectations file ${file}: ${(e as Error).message}`);
  }
  const adapters = (doc as { adapters?: unknown })?.adapters;
  if (typeof adapters !== 'object' || adapters === null || Array.isArray(adapters)) throw new Error(`${file}: "adapters" must be an object`);
  for (const [name, entry] of Object.entries(adapters)) {
    const known = (entry as { knownFailures?: unknown })?.knownFailures;
    if (!Array.isArray(known) || !known.every((k) => typeof k === 'string')) throw new Error(`${file}: adapters.${name}.knownFailures must be an array of vector ids`);
  }
  return doc as Expectations;
}

/** A record that did not pass: a judged failure, an adapter error, or (with failOnSkip) a skip. */
export function isFailure(r: CaseRecord, failOnSkip = false): boolean {
  if (r.verdict) return r.verdict.status === 'fail' || r.verdict.status === 'error' || (failOnSkip && r.verdict.status === 'skip');
  return 'errored' in r.result;
}

export interface GateResult {
  /** 0 conforms or only known failures; 1 new failures; 2 an adapter error. */
  exitCode: 0 | 1 | 2;
  newFailures: Array<{ adapter: string; id: string }>;
  knownFailures: Array<{ adapter: string; id: string }>;
  /** Known failures that now pass: time to shrink the expectations file. */
  newPasses: Array<{ adapter: string; id: string }>;
  adapterErrors: Array<{ adapter: string; message: string }>;
  /** Properties that failed (`run --properties`); each is a failure like a vector's. */
  propertyFailures?: string[];
}

/** Classify every failure of a run as known or new, and decide the exit code. */
export function gate(runs: AdapterRun[], expectations?: Expectations, opts: { failOnSkip?: boolean } = {}): GateResult {
  const result: GateResult = { exitCode: 0, newFailures: [], knownFailures: [], newPasses: [], adapterErrors: [] };
  for (const run of runs) {
    if (run.startError) result.adapterErrors.push({ adapter: run.name, message: run.startError });
    const known = new Set(expectations?.adapters[run.name]?.knownFailures ?? []);
    for (const r of run.records) {
      const id = r.vector.id;
      if (isFailure(r, opts.failOnSkip)) (known.has(id) ? result.knownFailures : result.newFailures).push({ adapter: run.name, id });
      else if (known.has(id) && r.verdict?.status === 'pass') result.newPasses.push({ adapter: run.name, id });
    }
  }
  result.exitCode = result.adapterErrors.length ? 2 : result.newFailures.length ? 1 : 0;
  return result;
}
