import type { GateResult } from '../runner/expectations.ts';
import { mapStrings } from '../runner/redact.ts';
import { agreement, differences, diffLines, failureHeadline, inferenceLines, labelOf, profileCell, reportModel, tally, type CaseView, type ReportModel, type RunReport } from './report.ts';
import { ttyText } from './text.ts';

/** One matrix cell: passes over judged cases, then what went wrong, e.g. `58/60 fail 2`. */
function cell(cases: CaseView[]): string {
  if (cases.length === 0) return '-';
  const c = tally(cases);
  const judged = c.pass + c.fail + c.skip + c.error;
  const extra = [c.fail && `fail ${c.fail}`, c.error && `error ${c.error}`, c.skip && `skip ${c.skip}`].filter(Boolean).join(' ');
  return judged === 0 ? `(${c.unjudged} unjudged)` : `${c.pass}/${judged}${extra ? ` ${extra}` : ''}`;
}

const isProblem = (c: CaseView): boolean => c.status === 'fail' || c.status === 'error';

/**
 * The plain-text summary: the matrix of adapters × families, the differences that recur across
 * failing cases, the failures (each with its structural diff), the inferred profiles, and where
 * adapters agree. Adapters are shown by the name and version their start reply gave. Every text
 * is redacted (report.ts) and shown with its control characters escaped, so that an adapter cannot
 * drive the terminal.
 */
export function renderSummary(report: RunReport | ReportModel, maxFailures = 20): string {
  const model = reportModel(report);
  const lines: string[] = [];
  const families = [...new Set(model.cases.map((c) => c.family))].sort();
  const labels = new Map(model.adapters.map((a) => [a.name, ttyText(a.label)]));
  const nameWidth = Math.min(40, Math.max(8, ...[...labels.values()].map((n) => n.length))) + 2;
  const profileWidth = Math.max(9, ...model.adapters.map((a) => profileCell(a).length + 2));
  const colWidth = Math.max(...families.map((f) => f.length), 12) + 2;
  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  lines.push(`${pad('adapter', nameWidth)}${pad('profile', profileWidth)}${families.map((f) => pad(ttyText(f), colWidth)).join('')}`);
  for (const a of model.adapters) {
    const full = labels.get(a.name)!;
    const name = full.length > nameWidth - 2 ? `${full.slice(0, nameWidth - 3)}…` : full;
    if (a.unavailable !== undefined) {
      lines.push(`${pad(name, nameWidth)}unavailable: ${ttyText(a.unavailable)}`);
      continue;
    }
    if (a.startError !== undefined) {
      lines.push(`${pad(name, nameWidth)}ERROR ${ttyText(a.startError)}`);
      continue;
    }
    const mine = model.cases.filter((c) => c.adapter === a.name);
    lines.push(`${pad(name, nameWidth)}${pad(ttyText(profileCell(a)), profileWidth)}${families.map((f) => pad(cell(mine.filter((c) => c.family === f)), colWidth)).join('')}`);
  }
  lines.push("(passes/judged: a case is judged when the vector records what the adapter's profile does)");
  // Adapters whose label is not the --adapter value: say which command each label stands for.
  const renamed = model.adapters.filter((a) => a.label !== a.name);
  if (renamed.length) {
    lines.push('', 'adapters:');
    for (const a of renamed) lines.push(`  ${labels.get(a.name)}: --adapter ${ttyText(a.name)}`);
  }
  for (const a of model.adapters.filter((x) => x.inferredProfile)) {
    lines.push('', `${labels.get(a.name)} declares no profile; the profile was inferred from its passes, per family:`);
    for (const l of inferenceLines(a)) lines.push(`  ${ttyText(l)}`);
  }
  const systematic = differences(model);
  if (systematic.length) {
    lines.push('', 'differences across failing cases (most frequent first):');
    let group = '';
    for (const d of systematic) {
      const head = `${labelOf(model, d.adapter)} · ${d.family}`;
      if (head !== group) {
        group = head;
        lines.push(`  ${ttyText(head)}:`);
      }
      lines.push(`    ${ttyText(d.text)} — ${d.count} of ${d.of}`);
    }
  }
  const failing = model.cases.filter(isProblem);
  if (failing.length) {
    lines.push('', `failures (${failing.length}):`);
    for (const c of failing.slice(0, maxFailures)) {
      lines.push(`  ${labels.get(c.adapter) ?? ttyText(c.adapter)} ${ttyText(c.id)}: ${ttyText(failureHeadline(c))}`);
      // The structural diff is the headline; where it exists, the first differing character is the detail.
      if (diffLines(c).length && c.detail) lines.push(`      first difference: ${ttyText(c.detail)}`);
      for (const side of ['expected', 'got'] as const) {
        const parts = c[side]?.latin1;
        if (parts?.length) lines.push(`      ${side} ${parts.join(' and ')} not UTF-8: shown as latin1 bytes`);
      }
    }
    if (failing.length > maxFailures) lines.push(`  … ${failing.length - maxFailures} more`);
  }
  const faults = model.adapters.flatMap((a) => a.faults.map((f) => `${labels.get(a.name)}: ${ttyText(f)}`));
  if (faults.length) lines.push('', `adapter faults (each forced a restart; the cases in flight were retried once):`, ...faults.map((f) => `  ${f}`));
  const pairs = agreement(model);
  if (pairs.length) {
    lines.push('', 'agreement (identical token or identical rejection, on vectors both answered):');
    const names = pairs.map((p) => `${labels.get(p.a)} ~ ${labels.get(p.b)}`);
    const width = Math.min(80, Math.max(...names.map((n) => n.length)) + 2);
    pairs.forEach((p, i) => lines.push(`  ${pad(names[i], width)} ${p.same}/${p.both}`));
  }
  return lines.join('\n');
}

/**
 * The gate with its control characters escaped, for printing on a terminal (its messages quote
 * adapters: names, errored answers, stderr). Its texts are redacted already (report.ts).
 */
export function ttyGate(report: RunReport | ReportModel): GateResult {
  return mapStrings(reportModel(report).gate, (s) => ttyText(s)) as GateResult;
}
