/**
 * Rebuilding one report from the JSON Lines results of several runs (`report --from`): the shards
 * of one run (`run --shard i/n --reporter jsonl:…` on several CI machines), or runs of different
 * adapters over the same vectors. The cases are taken as they were judged; everything derived
 * (structural diffs, recurring differences, labels, the gate and its exit code) is recomputed by
 * the same code as a single run's, so that a merged run and an unsharded one give the same verdict.
 *
 * Results that do not belong together are refused with a {@link ResultsError} naming why: another
 * tool version or vector set, a missing or repeated shard, a case given twice, an adapter whose
 * start reply differs between shards, or an adapter whose profile was inferred per shard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Ajv } from 'ajv';
import { gateAdapters, type Expectations, type GateOptions, type PropertyOutcome } from '../runner/expectations.ts';
import { profilesKey, withRegisteredProfiles } from '../libraries/schema-profiles.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { RESULTS_FORMAT } from './jsonl.ts';
import { adapterLabels, sortCases, withDiff, type AdapterView, type CaseView, type ReportModel, type Selection } from './report.ts';

/** JSON Lines results that cannot be read or merged; the message names the file and the reason. */
export class ResultsError extends Error {
  override name = 'ResultsError';
  readonly code = 'ERR_RESULTS';
}

/** One results file, read and checked against the published schema. */
export interface Results {
  file: string;
  tool: { name: string; version: string };
  started: string;
  finished: string;
  vectors: number;
  selection?: Selection;
  /** True when the run ran the property suites. */
  properties: boolean;
  adapters: AdapterView[];
  cases: CaseView[];
  propertyOutcomes: PropertyOutcome[];
}

let validator: { key: string; check: (line: unknown) => string | undefined } | undefined;

/**
 * Validates one line against schema/results-v1.json (with every registered profile, so results
 * of a profile registered at run time merge too); the error text is ajv's.
 */
function validateLine(line: unknown): string | undefined {
  if (validator?.key !== profilesKey()) {
    const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: false });
    const validate = ajv.compile(withRegisteredProfiles(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'conformance/reporters/schema/results-v1.json'), 'utf8'))));
    validator = { key: profilesKey(), check: (l) => (validate(l) ? undefined : ajv.errorsText(validate.errors)) };
  }
  return validator.check(line);
}

/** Read one JSON Lines results file: a header first, a summary last, every line valid. */
export function readResults(file: string): Results {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ResultsError(code === 'ENOENT' ? `results file ${file} does not exist` : `cannot read results file ${file} (${code ?? (e as Error).message})`);
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ResultsError(`${file} is empty: expected the JSON Lines of \`run --reporter jsonl:FILE\``);
  const parsed = lines.map((l, i) => {
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch (e) {
      throw new ResultsError(`${file}:${i + 1} is not JSON (${(e as Error).message})`);
    }
    const wrong = validateLine(v);
    if (wrong) throw new ResultsError(`${file}:${i + 1} is not a results-v1 line (${wrong})`);
    return v as Record<string, unknown> & { type: string };
  });
  const header = parsed[0];
  if (header.type !== 'header' || header.format !== RESULTS_FORMAT) throw new ResultsError(`${file}:1 is not a ${RESULTS_FORMAT} header`);
  // Without its summary, a file was cut short (a shard that crashed while writing): cases may be missing.
  if (parsed.at(-1)!.type !== 'summary' || parsed.length < 2) throw new ResultsError(`${file} has no summary line at its end: the run did not finish writing it`);
  const middle = parsed.slice(1, -1);
  const misplaced = middle.findIndex((l) => l.type === 'header' || l.type === 'summary');
  if (misplaced >= 0) throw new ResultsError(`${file}:${misplaced + 2} is a second ${middle[misplaced].type} line: one run per file`);
  const adapters = header.adapters as AdapterView[];
  const names = new Set(adapters.map((a) => a.name));
  const cases: CaseView[] = [];
  const propertyOutcomes: PropertyOutcome[] = [];
  const seen = new Set<string>();
  for (const [i, l] of middle.entries()) {
    const { type, ...rest } = l;
    if (type === 'case') {
      const c = rest as unknown as CaseView;
      if (!names.has(c.adapter)) throw new ResultsError(`${file}:${i + 2}: case of adapter ${JSON.stringify(c.adapter)}, which the header does not list`);
      const key = `${c.adapter}\u0000${c.id}`;
      if (seen.has(key)) throw new ResultsError(`${file}:${i + 2}: case ${c.id} of ${c.adapter} is given twice`);
      seen.add(key);
      cases.push(c);
    } else if (type === 'properties') propertyOutcomes.push(rest as unknown as PropertyOutcome);
  }
  return {
    file,
    tool: header.tool as Results['tool'],
    started: String(header.started),
    finished: String(parsed.at(-1)!.finished),
    vectors: Number(header.vectors),
    ...(header.selection ? { selection: header.selection as Selection } : {}),
    properties: header.properties === true,
    adapters,
    cases,
    propertyOutcomes,
  };
}

/** Check that results are parts of one run (or runs over one vector selection) and say which shards are missing. */
function checkTogether(parts: Results[]): void {
  const [first] = parts;
  for (const p of parts.slice(1)) {
    if (p.tool.version !== first.tool.version) throw new ResultsError(`${p.file} was written by ${p.tool.name} ${p.tool.version}, ${first.file} by ${first.tool.version}: merge results of one version`);
    if (p.selection?.vectorSet !== first.selection?.vectorSet) throw new ResultsError(`${p.file} and ${first.file} ran different vector sets`);
    if (!isDeepStrictEqual(p.selection?.families, first.selection?.families)) throw new ResultsError(`${p.file} and ${first.file} ran different --families`);
  }
  const sharded = parts.filter((p) => p.selection?.shard);
  if (sharded.length === 0) return;
  if (sharded.length !== parts.length) throw new ResultsError(`${parts.find((p) => !p.selection?.shard)!.file} is not a shard, but ${sharded[0].file} is: merge the shards of one run`);
  const count = sharded[0].selection!.shard!.count;
  const byIndex = new Map<number, string>();
  for (const p of sharded) {
    const s = p.selection!.shard!;
    if (s.count !== count) throw new ResultsError(`${p.file} is shard ${s.index}/${s.count}, ${sharded[0].file} is of ${count}`);
    if (byIndex.has(s.index)) throw new ResultsError(`shard ${s.index}/${count} is given twice (${byIndex.get(s.index)} and ${p.file})`);
    byIndex.set(s.index, p.file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) throw new ResultsError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a merged run must have every shard`);
}

/** One adapter from its views in several results files. */
function mergeAdapter(views: Array<{ view: AdapterView; file: string }>): AdapterView {
  const [first] = views;
  if (views.length === 1) return first.view;
  const name = first.view.name;
  for (const { view, file } of views.slice(1)) {
    if (!isDeepStrictEqual(view.implementation, first.view.implementation) && view.implementation && first.view.implementation) {
      throw new ResultsError(`adapter ${name} answered start differently in ${first.file} and ${file}: the shards ran different builds`);
    }
    if (view.profile !== first.view.profile) throw new ResultsError(`adapter ${name} was held to profile ${first.view.profile ?? '(none)'} in ${first.file} but ${view.profile ?? '(none)'} in ${file}`);
  }
  // An inferred profile was inferred from one shard's cases only: the shards' verdicts may have
  // been judged against different profiles, which no merge can reconcile.
  const inferred = views.find((v) => v.view.inferredProfile);
  if (inferred) throw new ResultsError(`adapter ${name} declares no profile, so each shard inferred its own (${inferred.file}): give the sharded runs --profile`);
  const ran = views.filter((v) => v.view.unavailable === undefined);
  const startError = views.find((v) => v.view.startError !== undefined);
  const merged: AdapterView = { ...first.view, faults: views.flatMap((v) => v.view.faults) };
  delete merged.unavailable;
  delete merged.startError;
  if (startError) merged.startError = startError.view.startError;
  else if (ran.length === 0) merged.unavailable = first.view.unavailable;
  else if (ran.length < views.length) {
    const gone = views.find((v) => v.view.unavailable !== undefined)!;
    merged.startError = `unavailable in ${gone.file} (${gone.view.unavailable}) but ran in ${ran[0].file}`;
  }
  const implementation = views.find((v) => v.view.implementation)?.view.implementation;
  if (implementation) merged.implementation = implementation;
  return merged;
}

/** What the gate of a merged report is computed with (the same options as `run`). */
export interface MergeOptions extends Pick<GateOptions, 'failOnSkip' | 'allowEmpty'> {
  expectations?: Expectations;
}

/** One report from several results files; the gate is computed afresh over all their cases. */
export function mergeResults(parts: Results[], opts: MergeOptions = {}): ReportModel {
  if (parts.length === 0) throw new ResultsError('nothing to merge: give --from FILE at least once');
  checkTogether(parts);
  const order: string[] = [];
  const byName = new Map<string, Array<{ view: AdapterView; file: string }>>();
  for (const p of parts) {
    for (const a of p.adapters) {
      if (!byName.has(a.name)) {
        order.push(a.name);
        byName.set(a.name, []);
      }
      byName.get(a.name)!.push({ view: a, file: p.file });
    }
  }
  const merged = order.map((n) => mergeAdapter(byName.get(n)!));
  const labels = adapterLabels(merged);
  const adapters = merged.map((a, i) => ({ ...a, label: labels[i] }));
  const seen = new Map<string, string>();
  const cases: CaseView[] = [];
  for (const p of parts) {
    for (const c of p.cases) {
      const key = `${c.adapter}\u0000${c.id}`;
      if (seen.has(key)) throw new ResultsError(`case ${c.id} of ${c.adapter} is in both ${seen.get(key)} and ${p.file}`);
      seen.set(key, p.file);
      // Derived data is recomputed, never taken from the file.
      const { diff: _diff, ...own } = c;
      cases.push(withDiff(own));
    }
  }
  const ranProperties = parts.some((p) => p.properties);
  let properties: PropertyOutcome[] | undefined;
  if (ranProperties) {
    // Properties do not shard: each shard that ran them ran them all, so one outcome per adapter is kept.
    const byAdapter = new Map<string, PropertyOutcome>();
    for (const o of parts.flatMap((p) => p.propertyOutcomes)) if (!byAdapter.has(o.adapter)) byAdapter.set(o.adapter, o);
    properties = [...byAdapter.values()];
  }
  const sorted = sortCases(cases, order);
  const gate = gateAdapters(
    adapters.map((a) => ({
      name: a.name,
      ...(a.unavailable !== undefined ? { unavailable: a.unavailable } : {}),
      ...(a.startError !== undefined ? { startError: a.startError } : {}),
      ...(a.implementation ? { families: a.implementation.families } : {}),
      ...(a.profile ? { profile: a.profile } : {}),
      cases: sorted.filter((c) => c.adapter === a.name).map((c) => ({ id: c.id, status: c.status, ...(c.status === 'error' ? { message: c.detail ?? 'errored' } : {}) })),
    })),
    opts.expectations,
    { failOnSkip: opts.failOnSkip, allowEmpty: opts.allowEmpty, ...(properties ? { properties } : {}) },
  );
  const sharded = parts.some((p) => p.selection?.shard);
  const { shard: _shard, ...selection } = parts[0].selection ?? { vectorSet: '' };
  return {
    tool: parts[0].tool,
    started: parts.map((p) => p.started).sort()[0],
    finished: parts
      .map((p) => p.finished)
      .sort()
      .at(-1)!,
    // Shards split the vectors; runs of different adapters each ran them all.
    vectorCount: sharded ? parts.reduce((n, p) => n + p.vectors, 0) : Math.max(...parts.map((p) => p.vectors)),
    ...(parts[0].selection ? { selection: selection as Selection } : {}),
    adapters,
    cases: sorted,
    ...(properties ? { properties } : {}),
    gate,
  };
}
