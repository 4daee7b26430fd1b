import type { RunReport } from './report.ts';
import { caseViews } from './report.ts';

const line = (s: string): string => s.replace(/[\r\n]+/g, ' ');

/** TAP version 13: one test point per case; skips and unjudged cases are `# SKIP`. */
export function renderTap(report: RunReport): string {
  const views = caseViews(report);
  const out = ['TAP version 13', `1..${views.length}`];
  views.forEach((v, i) => {
    const name = line(`${v.adapter} ${v.id}`);
    if (v.status === 'pass') out.push(`ok ${i + 1} - ${name}`);
    else if (v.status === 'skip' || v.status === 'unjudged') out.push(`ok ${i + 1} - ${name} # SKIP ${line(v.status === 'skip' ? (v.detail ?? '') : 'no expectation for this profile')}`);
    else {
      out.push(`not ok ${i + 1} - ${name}`);
      out.push('  ---', `  status: ${v.status}`, ...(v.level ? [`  level: ${v.level}`] : []), `  detail: ${JSON.stringify(v.detail ?? '')}`, '  ...');
    }
  });
  return out.join('\n') + '\n';
}
