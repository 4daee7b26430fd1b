import { diffLines, inferenceLines, reportModel, type ReportModel, type RunReport } from './report.ts';

const xml = (s: string): string =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters or lone surrogates, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** JUnit XML: one testsuite per adapter, one testcase per vector; texts redacted (report.ts) and XML-escaped. */
export function renderJunit(report: RunReport | ReportModel): string {
  const model = reportModel(report);
  const views = model.cases;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="twilio-jwt-conformance" tests="${views.length}">`];
  for (const run of model.adapters) {
    const startError = run.startError;
    const mine = views.filter((v) => v.adapter === run.name);
    const failures = mine.filter((v) => v.status === 'fail').length;
    const errors = mine.filter((v) => v.status === 'error').length + (startError ? 1 : 0);
    const skipped = mine.filter((v) => v.status === 'skip' || v.status === 'unjudged').length;
    out.push(`  <testsuite name="${xml(run.name)}" tests="${mine.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`);
    // Who the adapter is, and, when it declared no profile, what each family was judged against.
    const props = [['label', run.label], ['profile', run.profile ?? '-'], ...inferenceLines(run).map((l, i) => [`inferred.${i + 1}`, l])];
    out.push('    <properties>', ...props.map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`), '    </properties>');
    if (startError) out.push(`    <testcase classname="${xml(run.name)}" name="start"><error message="${xml(startError)}"/></testcase>`);
    for (const v of mine) {
      const open = `    <testcase classname="${xml(`${run.name}.${v.family}`)}" name="${xml(v.id)}"`;
      if (v.status === 'pass') out.push(`${open}/>`);
      else if (v.status === 'fail') {
        const diff = diffLines(v);
        const body = diff.length ? `>${xml(diff.join('\n'))}</failure>` : '/>';
        out.push(`${open}><failure message="${xml(`[${v.level}] ${v.detail ?? ''}`)}"${body}</testcase>`);
      } else if (v.status === 'error') out.push(`${open}><error message="${xml(v.detail ?? 'errored')}"/></testcase>`);
      else out.push(`${open}><skipped message="${xml(v.status === 'skip' ? (v.detail ?? 'skipped') : `no expectation for profile ${v.profile ?? '-'}`)}"/></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
