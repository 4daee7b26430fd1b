import { diffLines, inferenceLines, reportModel, type ReportModel, type RunReport } from './report.ts';
import { tapText, yamlString } from './text.ts';

/**
 * TAP version 13: one test point per case; skips and unjudged cases are `# SKIP`. Descriptions
 * and reasons are kept on one line with `#` and `\` escaped (see {@link tapText}), so that only
 * this reporter writes directives; the YAML block's detail is a quoted scalar.
 */
export function renderTap(report: RunReport | ReportModel): string {
  const model = reportModel(report);
  const views = model.cases;
  const out = ['TAP version 13', `1..${views.length}`];
  // Comments (never test points): an adapter whose profile was inferred, and what each family matched.
  for (const a of model.adapters) for (const l of inferenceLines(a)) out.push(`# ${tapText(`${a.label}: ${l}`)}`);
  views.forEach((v, i) => {
    const name = tapText(`${v.adapter} ${v.id}`);
    if (v.status === 'pass') out.push(`ok ${i + 1} - ${name}`);
    else if (v.status === 'skip' || v.status === 'unjudged') out.push(`ok ${i + 1} - ${name} # SKIP ${tapText(v.status === 'skip' ? (v.detail ?? '') : 'no expectation for this profile')}`);
    else {
      out.push(`not ok ${i + 1} - ${name}`);
      const diff = diffLines(v);
      out.push(
        '  ---',
        `  status: ${v.status}`,
        ...(v.level ? [`  level: ${yamlString(v.level)}`] : []),
        `  detail: ${yamlString(v.detail ?? '')}`,
        ...(diff.length ? ['  diff:', ...diff.map((d) => `    - ${yamlString(d)}`)] : []),
        '  ...',
      );
    }
  });
  return out.join('\n') + '\n';
}
