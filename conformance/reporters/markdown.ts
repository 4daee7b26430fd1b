import type { RunReport } from './report.ts';
import { caseViews, gateAdapterErrors, gateTexts, runTexts, tally } from './report.ts';
import { mdCode, mdText } from './text.ts';

/**
 * A Markdown summary, fit to append to `$GITHUB_STEP_SUMMARY`. Every text that comes from an
 * adapter or a vector file goes through {@link mdText} (or {@link mdCode}): no HTML, no Markdown
 * structure and no line break can come from it.
 */
export function renderMarkdown(report: RunReport, maxFailures = 50): string {
  const views = caseViews(report);
  const families = [...new Set(views.map((v) => v.family))].sort();
  const g = report.gate;
  const texts = gateTexts(report);
  // The gate's own words, so that Markdown never says "adapter error" for a run that checked nothing.
  const verdict = `${g.exitCode === 0 ? '✅' : g.exitCode === 1 ? '❌' : '⚠️'} ${mdText(texts.summary)} (exit ${g.exitCode})`;
  const out = [`## twilio-jwt-conformance: ${verdict}`, '', `${report.vectorCount} vectors, ${mdText(report.started)} → ${mdText(report.finished)}`, ''];
  out.push(`| adapter | profile | ${families.map((f) => `${mdText(f)} (pass/fail/skip/error)`).join(' | ')} |`, `|---|---|${families.map(() => '---').join('|')}|`);
  for (const run of report.runs) {
    const texts = runTexts(run);
    if (texts.unavailable !== undefined || texts.startError !== undefined) {
      out.push(`| ${mdText(run.name)} | - | ${mdText(texts.unavailable !== undefined ? `unavailable: ${texts.unavailable}` : `start failed: ${texts.startError}`)} |`);
      continue;
    }
    const cols = families.map((f) => {
      const t = tally(views.filter((v) => v.adapter === run.name && v.family === f));
      return `${t.pass}/${t.fail}/${t.skip}/${t.error}`;
    });
    out.push(`| ${mdText(run.name)} | ${mdText(run.profile ?? '-')} | ${cols.join(' | ')} |`);
  }
  for (const run of report.runs.filter((r) => r.inferredProfile && r.profileScores)) {
    const scores = Object.entries(run.profileScores!).map(([p, s]) => `${mdText(p)} ${s.pass}/${s.judged}`).join(', ');
    out.push('', `${mdCode(run.name)} declares no profile; it matches **${mdText(run.profile ?? '-')}** best (${scores}).`);
  }
  if (texts.empty.length) out.push('', '### Nothing checked', '', ...texts.empty.map((e) => `- ${mdText(e)}`));
  const adapterErrors = gateAdapterErrors(report);
  if (adapterErrors.length) out.push('', `### Adapter errors (${adapterErrors.length})`, '', ...adapterErrors.map((e) => `- ${mdCode(e.adapter)}: ${mdText(e.message)}`));
  if (texts.propertyFailures.length) out.push('', `### Property failures (${texts.propertyFailures.length})`, '', ...texts.propertyFailures.map((f) => `- ${mdText(f)}`));
  if (g.newFailures.length) {
    out.push('', `### New failures (${g.newFailures.length})`, '');
    const byKey = new Map(views.map((v) => [`${v.adapter}\u0000${v.id}`, v]));
    for (const f of g.newFailures.slice(0, maxFailures)) {
      const v = byKey.get(`${f.adapter}\u0000${f.id}`);
      out.push(`- ${mdCode(f.adapter)} ${mdCode(f.id)}: ${mdText(v ? `[${v.level ?? v.status}] ${v.detail ?? ''}` : '')}`);
    }
    if (g.newFailures.length > maxFailures) out.push(`- … and ${g.newFailures.length - maxFailures} more`);
  }
  if (g.newPasses.length) out.push('', `### New passes (${g.newPasses.length}): remove them from the expectations file`, '', ...g.newPasses.map((p) => `- ${mdCode(p.adapter)} ${mdCode(p.id)}`));
  if (g.knownFailures.length) out.push('', `${g.knownFailures.length} known failure(s) listed in the expectations file.`);
  return out.join('\n') + '\n';
}
