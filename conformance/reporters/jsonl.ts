import { differences, reportModel, type ReportModel, type RunReport } from './report.ts';

/** The `format` of the header line; `report --from` reads only this format. */
export const RESULTS_FORMAT = 'twilio-jwt-conformance/results-v1';

/**
 * JSON Lines: a header (the tool, the vector selection and the adapters), one line per case (with
 * its structural diff), one per adapter's property outcome, the differences that recur across
 * failing cases, then the gate's summary. Each line validates against schema/results-v1.json, so
 * other tools can consume runs without this package, and `report --from` can rebuild the report
 * from the lines alone (the case, adapter and property lines carry everything the gate and the
 * reporters use; the difference and summary lines are derived and recomputed on a merge).
 * Texts are redacted of the cases' secrets (report.ts); JSON escaping does the rest.
 */
export function renderJsonl(report: RunReport | ReportModel): string {
  const model = reportModel(report);
  const lines: unknown[] = [
    {
      type: 'header',
      format: RESULTS_FORMAT,
      tool: model.tool,
      started: model.started,
      vectors: model.vectorCount,
      ...(model.selection ? { selection: model.selection } : {}),
      // Whether the run ran the property suites (their outcomes follow the cases).
      ...(model.properties ? { properties: true } : {}),
      adapters: model.adapters,
    },
    ...model.cases.map((v) => ({ type: 'case', ...v })),
    ...(model.properties ?? []).map((p) => ({ type: 'properties', ...p })),
    ...differences(model).map((d) => ({ type: 'difference', ...d })),
    { type: 'summary', finished: model.finished, ...model.gate },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
