/**
 * The data every reporter renders: one view per case an adapter ran, flattened from the runner's
 * records so that reporters stay small and agree with each other.
 *
 * Every text here that an adapter or a vector could have put a secret into is redacted: a case's
 * view with that case's secrets (see `runner/redact.ts`), and what belongs to no one case (faults,
 * copied stderr, start errors, the adapter's `start` reply) with the secrets of every case the
 * adapter ran. Reporters take their text from here and only escape it for their format.
 */
import { createHash } from 'node:crypto';
import type { ProfileName } from '../../reference/profiles/index.ts';
import { isRejection, isTokenOutput, type Implementation } from '../protocol/types.ts';
import type { GateResult, PropertyOutcome } from '../runner/expectations.ts';
import { mapStrings, Redactor, redactorFor, redactorForAll } from '../runner/redact.ts';
import { outcomeKey } from '../runner/answers.ts';
import type { AdapterRun, CaseRecord, FamilyInference } from '../runner/run.ts';
import { describeDiff, structuralDiff, type TokenDiff } from './diff.ts';
import { systematicDifferences, type SystematicDifference } from './systematic.ts';

/** What one `run` produced: the runner's records, the gate's verdict, and what the run selected. */
export interface RunReport {
  tool: { name: string; version: string };
  started: string;
  finished: string;
  vectorCount: number;
  runs: AdapterRun[];
  gate: GateResult;
  /** `run --properties`: what the property suites did on each adapter. */
  properties?: PropertyOutcome[];
  /** Which vectors the run took, so that shards can be checked to belong together when merged. */
  selection?: Selection;
}

/** The vector selection of a run: shards of one run have the same selection but their index. */
export interface Selection {
  /** `--shard i/n`, when given. */
  shard?: { index: number; count: number };
  /** `--families`, when given. */
  families?: string[];
  /** A digest of the ids of every vector the run loaded, before `--families` and `--shard`. */
  vectorSet: string;
}

export type CaseStatus = 'pass' | 'fail' | 'skip' | 'error' | 'unjudged';

/**
 * One side of a case as shown: a token's decoded header and payload, or a rejection. `latin1`
 * names the parts whose bytes are not UTF-8 (a library that really writes latin1, such as
 * twilio-node's non-ASCII `twr`): those are shown byte for byte as latin1.
 */
export interface SideView {
  header?: string;
  payload?: string;
  error?: string;
  unsupported?: string;
  skipped?: string;
  errored?: string;
  latin1?: Array<'header' | 'payload'>;
}

/** One case on one adapter, as reporters show it. */
export interface CaseView {
  adapter: string;
  profile?: string;
  id: string;
  family: string;
  description: string;
  status: CaseStatus;
  /** The strongest comparison level reached (bytes, layout, claims, differs, rejection...). */
  level?: string;
  verifies?: boolean;
  detail?: string;
  expected?: SideView;
  got?: SideView;
  /** For a failing token: how header and payload differ, member by member (diff.ts). */
  diff?: TokenDiff;
  /**
   * A digest of what the adapter answered (identical token, identical rejection...), so that
   * adapters can be compared on the cases both answered, even after shards are merged.
   */
  outcome?: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A token segment's text: UTF-8 where its bytes are UTF-8, else latin1 (flagged by the caller). */
function segment(token: string, i: number): { text: string; latin1: boolean } {
  const bytes = Buffer.from(token.split('.')[i] ?? '', 'base64url');
  try {
    return { text: UTF8.decode(bytes), latin1: false };
  } catch {
    return { text: bytes.toString('latin1'), latin1: true };
  }
}

/** A token's header and payload as a side of a case view. */
function tokenSide(token: string): SideView {
  const header = segment(token, 0);
  const payload = segment(token, 1);
  const latin1 = [...(header.latin1 ? ['header' as const] : []), ...(payload.latin1 ? ['payload' as const] : [])];
  return { header: header.text, payload: payload.text, ...(latin1.length ? { latin1 } : {}) };
}

// Each reporter asks for the same views; redacting a long answer once is enough.
const views = new WeakMap<CaseRecord, { run: AdapterRun; view: CaseView }>();

/** One case on one adapter, its texts redacted of the case's secrets. */
export function caseView(run: AdapterRun, r: CaseRecord): CaseView {
  const known = views.get(r);
  if (known?.run === run) return known.view;
  const view = buildView(run, r);
  views.set(r, { run, view });
  return view;
}

function buildView(run: AdapterRun, r: CaseRecord): CaseView {
  const v = r.verdict;
  const status: CaseStatus = v ? v.status : 'errored' in r.result ? 'error' : 'unjudged';
  // The profile this record was judged against: the declared one, or its family's inferred one.
  const profile = r.profile ?? run.profile;
  const expect = profile ? r.vector.expect[profile] : undefined;
  const view: CaseView = { adapter: run.name, ...(profile ? { profile } : {}), id: r.vector.id, family: r.vector.family, description: r.vector.description, status };
  if (v && 'level' in v) view.level = v.level;
  if (v && 'verifies' in v && v.verifies !== undefined) view.verifies = v.verifies;
  if (v && 'detail' in v) view.detail = v.detail;
  if (v && 'reason' in v) view.detail = v.reason;
  if (v && 'message' in v) view.detail = v.message;
  if (expect?.kind === 'token') view.expected = tokenSide(expect.token);
  else if (expect?.kind === 'error') view.expected = { error: expect.message };
  else if (expect?.kind === 'unsupported') view.expected = { unsupported: expect.reason };
  const res = r.result as Record<string, unknown>;
  // Read defensively: a malformed answer must still be reported, not crash the reporter.
  const output = res.output as { error?: { message?: unknown } } | undefined;
  if (res.skipped && typeof res.skipped === 'object') view.got = { skipped: String((res.skipped as { reason?: unknown }).reason ?? '') };
  else if (res.errored && typeof res.errored === 'object') {
    const message = String((res.errored as { message?: unknown }).message ?? '');
    view.got = { errored: message };
    view.detail ??= message;
  } else if (output && isRejection(output as never)) view.got = { error: String(output.error?.message ?? '') };
  else if (output && isTokenOutput(output as never)) view.got = tokenSide((output as { token: string }).token);
  const key = outcomeKey(r.result);
  if (key !== undefined) view.outcome = createHash('sha256').update(key).digest('base64url').slice(0, 22);
  // The diff is computed from the redacted texts, so that it cannot quote a secret.
  return withDiff(redactView(view, redactorFor(r.vector.input), runRedactor(run)));
}

/** The view with the structural diff of its expected and got tokens, when it failed on one. */
export function withDiff(view: CaseView): CaseView {
  if (view.status !== 'fail' || !view.expected || !view.got) return view;
  const diff = structuralDiff(view.expected, view.got);
  return diff ? { ...view, diff } : view;
}

/**
 * The view with its texts (detail, expected and got) redacted; the case's own identity is kept.
 * An errored case's message is mostly the adapter's stderr, which is shared by every case the
 * process ran: it is redacted of the secrets of all the adapter's cases (`wide`), the rest of the
 * case's own (a short common word that is some other case's secret stays readable there).
 */
function redactView(view: CaseView, own: Redactor, wide: Redactor): CaseView {
  if (own.empty && wide.empty) return view;
  const stderrLike = view.got?.errored !== undefined || view.status === 'error';
  const sides = <T extends object>(o: T | undefined): T | undefined => o && (Object.fromEntries(Object.entries(o as Record<string, unknown>).map(([k, x]) => [k, typeof x !== 'string' ? x : (k === 'errored' ? wide : own).redact(x)])) as T);
  return {
    ...view,
    ...(view.detail !== undefined ? { detail: (stderrLike ? wide : own).redact(view.detail) } : {}),
    ...(view.expected ? { expected: sides(view.expected) } : {}),
    ...(view.got ? { got: sides(view.got) } : {}),
  };
}

const runRedactors = new WeakMap<AdapterRun, Redactor>();

/** The redactor for an adapter's texts that belong to no one case: the secrets of all its cases. */
export function runRedactor(run: AdapterRun): Redactor {
  let r = runRedactors.get(run);
  if (!r) {
    r = redactorForAll(run.records.map((x) => x.vector.input));
    runRedactors.set(run, r);
  }
  return r;
}

/** An adapter's own texts (faults with copied stderr, start error, unavailability), redacted. */
export function runTexts(run: AdapterRun): { faults: string[]; startError?: string; unavailable?: string } {
  const red = runRedactor(run);
  return {
    faults: (run.faults ?? []).map((f) => red.redact(String(f))),
    ...(run.startError !== undefined ? { startError: red.redact(String(run.startError)) } : {}),
    ...(run.unavailable !== undefined ? { unavailable: red.redact(String(run.unavailable)) } : {}),
  };
}

const reportRedactors = new WeakMap<RunReport, Redactor>();

/** The redactor for text about the whole run (the gate's messages): the secrets of every case. */
export function reportRedactor(report: RunReport): Redactor {
  let r = reportRedactors.get(report);
  if (!r) {
    r = redactorForAll(report.runs.flatMap((run) => run.records.map((x) => x.vector.input)));
    reportRedactors.set(report, r);
  }
  return r;
}

/** An adapter as reporters show it; every text in it is redacted. */
export interface AdapterView {
  /** The `--adapter` value: what expectations files and the gate name it by. */
  name: string;
  /** What tables show: the name and version its start reply gave, else {@link name}. */
  label: string;
  command?: string[];
  /** Its start reply. */
  implementation?: Implementation;
  profile?: ProfileName;
  /** The adapter declared no profile: the runner inferred one per family (see `inference`). */
  inferredProfile?: true;
  inference?: { families: Record<string, FamilyInference> };
  unavailable?: string;
  startError?: string;
  faults: string[];
}

/**
 * Everything a reporter renders, with every text already redacted: made from a run by
 * {@link reportModel}, or rebuilt from JSON Lines results (`report --from`, see merge.ts).
 * Reporters only escape its texts for their format.
 */
export interface ReportModel {
  tool: { name: string; version: string };
  started: string;
  finished: string;
  vectorCount: number;
  selection?: Selection;
  adapters: AdapterView[];
  /** Every case of every adapter, by adapter (in run order), then by vector id. */
  cases: CaseView[];
  properties?: PropertyOutcome[];
  gate: GateResult;
}

/**
 * Labels for a run's adapters: `name version` from each start reply, so that a table says
 * "twilio-php 8.12.0" rather than a command line. Where two adapters would share a label (or
 * gave none), the `--adapter` value is added or used.
 */
export function adapterLabels(adapters: Array<{ name: string; implementation?: { name?: unknown; version?: unknown } }>): string[] {
  const own = adapters.map((a) => {
    const n = a.implementation?.name;
    const v = a.implementation?.version;
    return typeof n === 'string' && n.trim() !== '' ? (typeof v === 'string' && v.trim() !== '' ? `${n.trim()} ${v.trim()}` : n.trim()) : undefined;
  });
  return adapters.map((a, i) => {
    const label = own[i];
    if (label === undefined) return a.name;
    if (own.filter((x) => x === label).length === 1 || label === a.name) return label;
    // Two adapters answer start alike (e.g. a wrapper around the reference): a short --adapter
    // value tells them apart; a command line is too long for a table, so a position is used.
    const short = !/\s/.test(a.name) && a.name.length <= 32;
    return short ? `${label} (${a.name})` : `${label} (adapter ${i + 1})`;
  });
}

/** Cases in the order every reporter lists them: by adapter, in run order, then by vector id. */
export function sortCases(cases: CaseView[], adapters: readonly string[]): CaseView[] {
  const rank = new Map(adapters.map((a, i) => [a, i]));
  return [...cases].sort((x, y) => (rank.get(x.adapter) ?? 1e9) - (rank.get(y.adapter) ?? 1e9) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

const models = new WeakMap<RunReport, ReportModel>();

/** The report as reporters render it (a model passes through unchanged). */
export function reportModel(report: RunReport | ReportModel): ReportModel {
  if (!('runs' in report)) return report;
  let m = models.get(report);
  if (m) return m;
  const red = reportRedactor(report);
  const labels = adapterLabels(report.runs.map((r) => ({ name: r.name, implementation: r.implementation ? runRedactor(r).redactDeep(r.implementation) : undefined })));
  const adapters: AdapterView[] = report.runs.map((run, i) => {
    const texts = runTexts(run);
    return {
      name: run.name,
      label: labels[i],
      ...(run.command ? { command: runRedactor(run).redactDeep(run.command) } : {}),
      ...(run.implementation ? { implementation: runRedactor(run).redactDeep(run.implementation) } : {}),
      ...(run.profile ? { profile: run.profile } : {}),
      ...(run.inferredProfile ? { inferredProfile: true as const } : {}),
      ...(run.inference ? { inference: run.inference } : {}),
      ...(texts.unavailable !== undefined ? { unavailable: texts.unavailable } : {}),
      ...(texts.startError !== undefined ? { startError: texts.startError } : {}),
      faults: texts.faults,
    };
  });
  m = {
    tool: report.tool,
    started: report.started,
    finished: report.finished,
    vectorCount: report.vectorCount,
    ...(report.selection ? { selection: report.selection } : {}),
    adapters,
    cases: sortCases(
      caseViews(report),
      report.runs.map((r) => r.name),
    ),
    ...(report.properties ? { properties: red.redactDeep(report.properties) } : {}),
    gate: mapStrings(report.gate, (s) => red.redact(s)) as GateResult,
  };
  models.set(report, m);
  return m;
}

/** An adapter's label by its name (the name itself for an adapter the model does not know). */
export function labelOf(model: ReportModel, adapter: string): string {
  return model.adapters.find((a) => a.name === adapter)?.label ?? adapter;
}

/**
 * For each pair of adapters: on how many cases both answered, and on how many the answers are
 * the same (identical token, or identical rejection; see `outcomeKey`).
 */
export function agreement(model: ReportModel): Array<{ a: string; b: string; both: number; same: number }> {
  const out: Array<{ a: string; b: string; both: number; same: number }> = [];
  const maps = model.adapters.map((a) => new Map(model.cases.filter((c) => c.adapter === a.name && c.outcome !== undefined).map((c) => [c.id, c.outcome!])));
  for (let i = 0; i < model.adapters.length; i++) {
    for (let j = i + 1; j < model.adapters.length; j++) {
      let both = 0;
      let same = 0;
      for (const [id, k] of maps[i]) {
        const other = maps[j].get(id);
        if (other === undefined) continue;
        both++;
        if (k === other) same++;
      }
      if (both > 0) out.push({ a: model.adapters[i].name, b: model.adapters[j].name, both, same });
    }
  }
  return out;
}

/** The profile column of a matrix: the declared profile, or what inference found. */
export function profileCell(a: AdapterView): string {
  if (!a.inferredProfile) return a.profile ?? '-';
  if (a.profile) return `${a.profile} (inferred)`;
  const named = new Set(Object.values(a.inference?.families ?? {}).map((f) => f.profile ?? 'none'));
  return named.size === 1 && named.has('none') ? 'none (inferred)' : 'per family (inferred)';
}

/**
 * One line per family for an adapter whose profile was inferred: which profile it matches, or
 * that it matches none, with every profile's passes, e.g.
 * `access_token: node (inferred; node 447/447, python 12/389, ruby 0/413)`.
 */
export function inferenceLines(a: AdapterView): string[] {
  if (!a.inferredProfile || !a.inference) return [];
  return Object.entries(a.inference.families)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([family, f]) => {
      const scores = Object.entries(f.scores)
        .map(([p, s]) => `${p} ${s.pass}/${s.judged}`)
        .join(', ');
      // `why` already says "matches no profile" and, mostly, every profile's counts: not twice.
      const why = f.why.replace(/^matches no (single )?profile: /, '');
      const what = f.profile ? `${f.profile} (inferred)` : `${f.why.startsWith('matches no single') ? 'matches no single profile' : 'matches no profile'}, shown against ${f.nearest}`;
      const counts = /\d+\/\d+/.test(why) ? '' : `; passes ${scores}`;
      return `${family}: ${what}: ${why}${counts}`;
    });
}

/**
 * Per adapter and family, the differences that recur across failing cases, most frequent first
 * (e.g. "payload lacks iat: 179 of 179"); see systematic.ts.
 */
export function differences(model: ReportModel): SystematicDifference[] {
  return systematicDifferences(model.cases);
}

/**
 * A failing case's structural differences, as short lines, most important first. The first
 * differing character is left out: it is the case's `detail`, shown beside these lines.
 */
export function diffLines(c: CaseView): string[] {
  if (!c.diff) return [];
  const firsts = new Set([c.diff.header, c.diff.payload].flatMap((p) => (p?.first ? [`${p.part} first difference ${p.first}`] : [])));
  return describeDiff(c.diff).filter((l) => !firsts.has(l));
}

/** A case's failure in one line: its level and structural differences, else its detail. */
export function failureHeadline(c: CaseView): string {
  const lines = diffLines(c);
  if (c.status !== 'fail') return c.detail ?? '';
  return `[${c.level}] ${lines.length ? lines.join('; ') : (c.detail ?? '')}`;
}

/** Every case of every adapter that ran. */
export function caseViews(report: RunReport): CaseView[] {
  return report.runs.flatMap((run) => run.records.map((r) => caseView(run, r)));
}

/** Counts by status. */
export function tally(views: CaseView[]): Record<CaseStatus, number> {
  const t: Record<CaseStatus, number> = { pass: 0, fail: 0, skip: 0, error: 0, unjudged: 0 };
  for (const v of views) t[v.status]++;
  return t;
}
