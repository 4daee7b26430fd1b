/**
 * The data every reporter renders: one view per case an adapter ran, flattened from the runner's
 * records so that reporters stay small and agree with each other.
 *
 * Every text here that an adapter or a vector could have put a secret into is redacted: a case's
 * view with that case's secrets (see `runner/redact.ts`), and what belongs to no one case (faults,
 * copied stderr, start errors, the adapter's `start` reply) with the secrets of every case the
 * adapter ran. Reporters take their text from here and only escape it for their format.
 */
import { isRejection, isTokenOutput } from '../protocol/types.ts';
import type { GateResult } from '../runner/expectations.ts';
import { Redactor, redactorFor, redactorForAll } from '../runner/redact.ts';
import type { AdapterRun, CaseRecord } from '../runner/run.ts';

export interface RunReport {
  tool: { name: string; version: string };
  started: string;
  finished: string;
  vectorCount: number;
  runs: AdapterRun[];
  gate: GateResult;
}

export type CaseStatus = 'pass' | 'fail' | 'skip' | 'error' | 'unjudged';

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
  expected?: { header?: string; payload?: string; error?: string; unsupported?: string };
  got?: { header?: string; payload?: string; error?: string; skipped?: string; errored?: string };
}

const seg = (token: string, i: number): string => Buffer.from(token.split('.')[i] ?? '', 'base64url').toString('latin1');

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
  const expect = run.profile ? r.vector.expect[run.profile] : undefined;
  const view: CaseView = { adapter: run.name, profile: run.profile, id: r.vector.id, family: r.vector.family, description: r.vector.description, status };
  if (v && 'level' in v) view.level = v.level;
  if (v && 'verifies' in v && v.verifies !== undefined) view.verifies = v.verifies;
  if (v && 'detail' in v) view.detail = v.detail;
  if (v && 'reason' in v) view.detail = v.reason;
  if (v && 'message' in v) view.detail = v.message;
  if (expect?.kind === 'token') view.expected = { header: seg(expect.token, 0), payload: seg(expect.token, 1) };
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
  else if (output && isTokenOutput(output as never)) view.got = { header: seg((output as { token: string }).token, 0), payload: seg((output as { token: string }).token, 1) };
  return redactView(view, redactorFor(r.vector.input), runRedactor(run));
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
  const sides = <T extends Record<string, string | undefined>>(o: T | undefined): T | undefined =>
    o && (Object.fromEntries(Object.entries(o).map(([k, x]) => [k, x === undefined ? x : (k === 'errored' ? wide : own).redact(x)])) as T);
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

/** The gate's adapter errors, each redacted with its adapter's secrets. */
export function gateAdapterErrors(report: RunReport): Array<{ adapter: string; message: string }> {
  return report.gate.adapterErrors.map((e) => {
    const run = report.runs.find((r) => r.name === e.adapter);
    const red = run ? runRedactor(run) : reportRedactor(report);
    return { adapter: e.adapter, message: red.redact(String(e.message)) };
  });
}

/**
 * The gate's verdict and the texts behind it (what checked nothing, errored cases, property
 * failures), redacted of the run's secrets: every reporter states the same verdict in the same words.
 */
export function gateTexts(report: RunReport): { summary: string; judged: number; empty: string[]; erroredCases: Array<{ adapter: string; id: string; message: string }>; propertyFailures: string[] } {
  const g = report.gate;
  const red = reportRedactor(report);
  return {
    summary: red.redact(String(g.summary ?? '')),
    judged: g.judged ?? 0,
    empty: (g.empty ?? []).map((e) => red.redact(String(e))),
    erroredCases: (g.erroredCases ?? []).map((e) => {
      const run = report.runs.find((r) => r.name === e.adapter);
      return { adapter: e.adapter, id: e.id, message: (run ? runRedactor(run) : red).redact(String(e.message)) };
    }),
    propertyFailures: (g.propertyFailures ?? []).map((f) => red.redact(String(f))),
  };
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
