import type { RunReport } from './report.ts';
import { caseViews } from './report.ts';

/**
 * JSON Lines: a header, one line per case, then the gate's summary. Each line validates against
 * schema/results-v1.json, so other tools can consume runs without this package.
 */
export function renderJsonl(report: RunReport): string {
  const lines: unknown[] = [
    {
      type: 'header',
      format: 'twilio-jwt-conformance/results-v1',
      tool: report.tool,
      started: report.started,
      vectors: report.vectorCount,
      adapters: report.runs.map((r) => ({
        name: r.name,
        ...(r.implementation ? { implementation: r.implementation } : {}),
        ...(r.profile ? { profile: r.profile } : {}),
        ...(r.inferredProfile ? { inferredProfile: true, profileScores: r.profileScores } : {}),
        ...(r.unavailable ? { unavailable: r.unavailable } : {}),
        ...(r.startError ? { startError: r.startError } : {}),
        faults: r.faults ?? [],
      })),
    },
    ...caseViews(report).map((v) => ({ type: 'case', ...v })),
    {
      type: 'summary',
      finished: report.finished,
      exitCode: report.gate.exitCode,
      newFailures: report.gate.newFailures,
      knownFailures: report.gate.knownFailures,
      newPasses: report.gate.newPasses,
      adapterErrors: report.gate.adapterErrors,
    },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
