import type { RunReport } from './report.ts';
import { caseViews, tally } from './report.ts';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** A Markdown summary, fit to append to `$GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(report: RunReport, maxFailures = 50): string {
  const views = caseViews(report);
  const families = [...new Set(views.map((v) => v.family))].sort();
  const g = report.gate;
  const verdict = g.exitCode === 0 ? '✅ conforms' : g.exitCode === 1 ? `❌ ${g.newFailures.length} new failure(s)` : '⚠️ adapter error';
  const out = [`## twilio-jwt-conformance: ${verdict}`, '', `${report.vectorCount} vectors, ${report.started} → ${report.finished}`, ''];
  out.push(`| adapter | profile | ${families.map((f) => `${f} (pass/fail/skip/error)`).join(' | ')} |`, `|---|---|${families.map(() => '---').join('|')}|`);
  for (const run of report.runs) {
    if (run.unavailable || run.startError) {
      out.push(`| ${cell(run.name)} | - | ${cell(run.unavailable ? `unavailable: ${run.unavailable}` : `start failed: ${run.startError}`)} |`);
      continue;
    }
    const cols = families.map((f) => {
      const t = tally(views.filter((v) => v.adapter === run.name && v.family === f));
      return `${t.pass}/${t.fail}/${t.skip}/${t.error}`;
    });
    out.push(`| ${cell(run.name)} | ${run.profile ?? '-'} | ${cols.join(' | ')} |`);
  }
  for (const run of report.runs.filter((r) => r.inferredProfile && r.profileScores)) {
    out.push('', `\`${run.name}\` declares no profile; it matches **${run.profile}** best (${Object.entries(run.profileScores!).map(([p, s]) => `${p} ${s.pass}/${s.judged}`).join(', ')}).`);
  }
  if (g.newFailures.length) {
    out.push('', `### New failures (${g.newFailures.length})`, '');
    const byKey = new Map(views.map((v) => [`${v.adapter}\u0000${v.id}`, v]));
    for (const f of g.newFailures.slice(0, maxFailures)) {
      const v = byKey.get(`${f.adapter}\u0000${f.id}`);
      out.push(`- \`${f.adapter}\` \`${f.id}\`: ${cell(v ? `[${v.level ?? v.status}] ${v.detail ?? ''}` : '')}`);
    }
    if (g.newFailures.length > maxFailures) out.push(`- … and ${g.newFailures.length - maxFailures} more`);
  }
  if (g.newPasses.length) out.push('', `### New passes (${g.newPasses.length}): remove them from the expectations file`, '', ...g.newPasses.map((p) => `- \`${p.adapter}\` \`${p.id}\``));
  if (g.knownFailures.length) out.push('', `${g.knownFailures.length} known failure(s) listed in the expectations file.`);
  return out.join('\n') + '\n';
}
