/**
 * The data every reporter renders: one view per case an adapter ran, flattened from the runner's
 * records so that reporters stay small and agree with each other.
 */
import { isRejection, isTokenOutput } from '../protocol/types.ts';
import type { GateResult } from '../runner/expectations.ts';
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

export function caseView(run: AdapterRun, r: CaseRecord): CaseView {
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
  const res = r.result;
  if ('skipped' in res) view.got = { skipped: res.skipped.reason };
  else if ('errored' in res) {
    view.got = { errored: res.errored.message };
    view.detail ??= res.errored.message;
  } else if (isRejection(res.output)) view.got = { error: res.output.error.message };
  else if (isTokenOutput(res.output)) view.got = { header: seg(res.output.token, 0), payload: seg(res.output.token, 1) };
  return view;
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
