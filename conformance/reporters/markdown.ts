import { differences, diffLines, failureHeadline, inferenceLines, labelOf, profileCell, reportModel, tally, type ReportModel, type RunReport } from './report.ts';
import { mdCode, mdText } from './text.ts';

/**
 * A Markdown summary, fit to append to `$GITHUB_STEP_SUMMARY`: the verdict, the matrix, the
 * differences that recur across failing cases, then the failures with their structural diffs.
 * Every text that comes from an adapter or a vector file goes through {@link mdText} (or
 * {@link mdCode}): no HTML, no Markdown structure and no line break can come from it.
 */
export function renderMarkdown(report: RunReport | ReportModel, maxFailures = 50): string {
  const model = reportModel(report);
  const families = [...new Set(model.cases.map((v) => v.family))].sort();
  const g = model.gate;
  // The gate's own words, so that Markdown never says "adapter error" for a run that checked nothing.
  const verdict = `${g.exitCode === 0 ? '✅' : g.exitCode === 1 ? '❌' : '⚠️'} ${mdText(g.summary)} (exit ${g.exitCode})`;
  const out = [`## twilio-jwt-conformance: ${verdict}`, '', `${model.vectorCount} vectors, ${mdText(model.started)} → ${mdText(model.finished)}`, ''];
  out.push(`| adapter | profile | ${families.map((f) => `${mdText(f)} (pass/fail/skip/error)`).join(' | ')} |`, `|---|---|${families.map(() => '---').join('|')}|`);
  for (const a of model.adapters) {
    if (a.unavailable !== undefined || a.startError !== undefined) {
      out.push(`| ${mdText(a.label)} | - | ${mdText(a.unavailable !== undefined ? `unavailable: ${a.unavailable}` : `start failed: ${a.startError}`)} |`);
      continue;
    }
    const cols = families.map((f) => {
      const t = tally(model.cases.filter((v) => v.adapter === a.name && v.family === f));
      return `${t.pass}/${t.fail}/${t.skip}/${t.error}`;
    });
    out.push(`| ${mdText(a.label)} | ${mdText(profileCell(a))} | ${cols.join(' | ')} |`);
  }
  const renamed = model.adapters.filter((a) => a.label !== a.name);
  if (renamed.length) out.push('', ...renamed.map((a) => `- ${mdText(a.label)}: ${mdCode(`--adapter ${a.name}`)}`));
  for (const a of model.adapters.filter((x) => x.inferredProfile)) {
    out.push('', `${mdText(a.label)} declares no profile; its profile was **inferred** from its passes, per family:`, '', ...inferenceLines(a).map((l) => `- ${mdText(l)}`));
  }
  const systematic = differences(model);
  if (systematic.length) {
    out.push('', '### Differences across failing cases', '', '| adapter | family | difference | cases |', '|---|---|---|---|');
    for (const d of systematic) out.push(`| ${mdText(labelOf(model, d.adapter))} | ${mdText(d.family)} | ${mdText(d.text)} | ${d.count} of ${d.of} |`);
  }
  if (g.empty.length) out.push('', '### Nothing checked', '', ...g.empty.map((e) => `- ${mdText(e)}`));
  if (g.adapterErrors.length) out.push('', `### Adapter errors (${g.adapterErrors.length})`, '', ...g.adapterErrors.map((e) => `- ${mdText(labelOf(model, e.adapter))}: ${mdText(e.message)}`));
  if (g.propertyFailures?.length) out.push('', `### Property failures (${g.propertyFailures.length})`, '', ...g.propertyFailures.map((f) => `- ${mdText(f)}`));
  if (g.newFailures.length) {
    out.push('', `### New failures (${g.newFailures.length})`, '');
    const byKey = new Map(model.cases.map((v) => [`${v.adapter}\u0000${v.id}`, v]));
    for (const f of g.newFailures.slice(0, maxFailures)) {
      const v = byKey.get(`${f.adapter}\u0000${f.id}`);
      const headline = v ? (v.status === 'fail' ? failureHeadline(v) : `[${v.status}] ${v.detail ?? ''}`) : '';
      out.push(`- ${mdText(labelOf(model, f.adapter))} ${mdCode(f.id)}: ${mdText(headline)}`);
      if (v && diffLines(v).length && v.detail) out.push(`  - first difference: ${mdText(v.detail)}`);
    }
    if (g.newFailures.length > maxFailures) out.push(`- … and ${g.newFailures.length - maxFailures} more`);
  }
  if (g.newPasses.length) out.push('', `### New passes (${g.newPasses.length}): remove them from the expectations file`, '', ...g.newPasses.map((p) => `- ${mdCode(p.adapter)} ${mdCode(p.id)}`));
  if (g.knownFailures.length) out.push('', `${g.knownFailures.length} known failure(s) listed in the expectations file.`);
  return out.join('\n') + '\n';
}
