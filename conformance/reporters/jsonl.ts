import type { RunReport } from './report.ts';
import { caseViews, gateAdapterErrors, gateTexts, runRedactor, runTexts } from './report.ts';

/**
 * JSON Lines: a header, one line per case, then the gate's summary. Each line validates against
 * schema/results-v1.json, so other tools can consume runs without this package. Texts are
 * redacted of the cases' secrets (report.ts); JSON escaping does the rest.
 */
export function renderJsonl(report: RunReport): string {
  const lines: unknown[] = [
    {
      type: 'header',
      format: 'twilio-jwt-conformance/results-v1',
      tool: report.tool,
      started: report.started,
      vectors: report.vectorCount,
      adapters: report.runs.map((r) => {
        const texts = runTexts(r);
        return {
          name: r.name,
          // The adapter's own start reply: redacted like everything else it wrote.
          ...(r.implementation ? { implementation: runRedactor(r).redactDeep(r.implementation) } : {}),
          ...(r.profile ? { profile: r.profile } : {}),
          ...(r.inferredProfile ? { inferredProfile: true, profileScores: r.profileScores } : {}),
          ...(texts.unavailable ? { unavailable: texts.unavailable } : {}),
          ...(texts.startError ? { startError: texts.startError } : {}),
          faults: texts.faults,
        };
      }),
    },
    ...caseViews(report).map((v) => ({ type: 'case', ...v })),
    {
      type: 'summary',
      finished: report.finished,
      exitCode: report.gate.exitCode,
      newFailures: report.gate.newFailures,
      knownFailures: report.gate.knownFailures,
      newPasses: report.gate.newPasses,
      adapterErrors: gateAdapterErrors(report),
      ...gateTexts(report),
    },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
