import type { GateResult } from '../runner/expectations.ts';
import { mapStrings } from '../runner/redact.ts';
import { agreement, type AdapterRun } from '../runner/run.ts';
import { caseView, reportRedactor, runTexts, type RunReport } from './report.ts';
import { ttyText } from './text.ts';

function counts(run: AdapterRun): Record<'pass' | 'fail' | 'skip' | 'error' | 'unjudged', number> {
  const c = { pass: 0, fail: 0, skip: 0, error: 0, unjudged: 0 };
  for (const r of run.records) {
    if (r.verdict) c[r.verdict.status]++;
    else if ('errored' in r.result) c.error++;
    else c.unjudged++;
  }
  return c;
}

/** One matrix cell: passes over judged cases, then what went wrong, e.g. `58/60 fail 2`. */
function cell(run: AdapterRun, family?: string): string {
  const recs = family ? run.records.filter((r) => r.vector.family === family) : run.records;
  if (recs.length === 0) return '-';
  const c = counts({ ...run, records: recs });
  const judged = c.pass + c.fail + c.skip + c.error;
  const extra = [c.fail && `fail ${c.fail}`, c.error && `error ${c.error}`, c.skip && `skip ${c.skip}`].filter(Boolean).join(' ');
  return judged === 0 ? `(${c.unjudged} unjudged)` : `${c.pass}/${judged}${extra ? ` ${extra}` : ''}`;
}

/**
 * The plain-text summary: the matrix of adapters × families, the failures, and where adapters
 * agree. Adapter-supplied text is redacted of the cases' secrets and shown with its control
 * characters escaped (an adapter cannot drive the terminal).
 */
export function renderSummary(runs: AdapterRun[], maxFailures = 20): string {
  const lines: string[] = [];
  const families = [...new Set(runs.flatMap((r) => r.records.map((x) => x.vector.family)))].sort();
  const names = new Map(runs.map((r) => [r, ttyText(r.name)]));
  const nameWidth = Math.min(40, Math.max(8, ...[...names.values()].map((n) => n.length))) + 2;
  const colWidth = Math.max(...families.map((f) => f.length), 12) + 2;
  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  lines.push(`${pad('adapter', nameWidth)}${pad('profile', 9)}${families.map((f) => pad(ttyText(f), colWidth)).join('')}`);
  for (const run of runs) {
    const full = names.get(run)!;
    const name = full.length > nameWidth - 2 ? `${full.slice(0, nameWidth - 3)}…` : full;
    const texts = runTexts(run);
    if (texts.unavailable !== undefined) {
      lines.push(`${pad(name, nameWidth)}unavailable: ${ttyText(texts.unavailable)}`);
      continue;
    }
    if (texts.startError !== undefined) {
      lines.push(`${pad(name, nameWidth)}ERROR ${ttyText(texts.startError)}`);
      continue;
    }
    lines.push(`${pad(name, nameWidth)}${pad(ttyText(run.profile ?? '-'), 9)}${families.map((f) => pad(cell(run, f), colWidth)).join('')}`);
  }
  lines.push('(passes/judged: a case is judged when the vector records what the adapter\'s profile does)');
  const failures = runs.flatMap((run) =>
    run.records
      .filter((r) => r.verdict?.status === 'fail' || r.verdict?.status === 'error' || (!r.verdict && 'errored' in r.result))
      .map((r) => {
        const v = caseView(run, r);
        return `${names.get(run)} ${ttyText(r.vector.id)}: ${ttyText(v.status === 'fail' ? `[${v.level}] ${v.detail ?? ''}` : (v.detail ?? ''))}`;
      }),
  );
  if (failures.length) {
    lines.push('', `failures (${failures.length}):`);
    for (const f of failures.slice(0, maxFailures)) lines.push(`  ${f}`);
    if (failures.length > maxFailures) lines.push(`  … ${failures.length - maxFailures} more`);
  }
  for (const run of runs.filter((r) => r.inferredProfile && r.profileScores)) {
    const scores = Object.entries(run.profileScores!).map(([p, s]) => `${ttyText(p)} ${s.pass}/${s.judged}`).join(', ');
    lines.push('', `${names.get(run)} declares no profile; it matches ${ttyText(run.profile ?? '-')} best (passes: ${scores})`);
  }
  const faults = runs.flatMap((r) => runTexts(r).faults.map((f) => `${names.get(r)}: ${ttyText(f)}`));
  if (faults.length) lines.push('', `adapter faults (each forced a restart; the cases in flight were retried once):`, ...faults.map((f) => `  ${f}`));
  const pairs = agreement(runs.filter((r) => !r.unavailable));
  if (pairs.length) {
    lines.push('', 'agreement (identical token or identical rejection, on vectors both answered):');
    for (const p of pairs) lines.push(`  ${pad(`${ttyText(p.a)} ~ ${ttyText(p.b)}`, 36)}${p.same}/${p.both}`);
  }
  return lines.join('\n');
}

/**
 * The gate with every text redacted of the run's secrets and its control characters escaped, for
 * printing on a terminal (its messages quote adapters: names, errored answers, stderr).
 */
export function ttyGate(report: RunReport): GateResult {
  const red = reportRedactor(report);
  return mapStrings(report.gate, (s) => ttyText(red.redact(s))) as GateResult;
}
