import type { RunReport } from './report.ts';
import { caseViews } from './report.ts';
import { tapText, yamlString } from './text.ts';

/**
 * TAP version 13: one test point per case; skips and unjudged cases are `# SKIP`. Descriptions
 * and reasons are kept on one line with `#` and `\` escaped (see {@link tapText}), so that only
 * this reporter writes directives; the YAML block's detail is a quoted scalar.
 */
export function renderTap(report: RunReport): string {
  const views = caseViews(report);
  const out = ['TAP version 13', `1..${views.length}`];
  views.forEach((v, i) => {
    const name = tapText(`${v.adapter} ${v.id}`);
    if (v.status === 'pass') out.push(`ok ${i + 1} - ${name}`);
    else if (v.status === 'skip' || v.status === 'unjudged') out.push(`ok ${i + 1} - ${name} # SKIP ${tapText(v.status === 'skip' ? (v.detail ?? '') : 'no expectation for this profile')}`);
    else {
      out.push(`not ok ${i + 1} - ${name}`);
      out.push('  ---', `  status: ${v.status}`, ...(v.level ? [`  level: ${yamlString(v.level)}`] : []), `  detail: ${yamlString(v.detail ?? '')}`, '  ...');
    }
  });
  return out.join('\n') + '\n';
}
