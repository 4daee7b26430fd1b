import { agreement, type AdapterRun } from '../runner/run.ts';

function counts(run: AdapterRun): Record<'pass' | 'fail' | 'skip' | 'error' | 'unjudged', number> {
  const c = { pass: 0, fail: 0, skip: 0, error: 0, unjudged: 0 };
  for (const r of run.records) {
    if (r.verdict) c[r.verdict.status]++;
    else if ('errored' in r.result) c.error++;
    else c.unjudged++;
  }
  return c;
}

/** The plain-text summary: one row per adapter, the failures, and where adapters agree. */
export function renderSummary(runs: AdapterRun[], maxFailures = 20): string {
  const lines: string[] = [];
  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  lines.push(`${pad('adapter', 18)}${pad('profile', 9)}${pad('pass', 7)}${pad('fail', 7)}${pad('skip', 7)}${pad('error', 7)}unjudged`);
  for (const run of runs) {
    if (run.unavailable) {
      lines.push(`${pad(run.name, 18)}unavailable: ${run.unavailable}`);
      continue;
    }
    if (run.startError) {
      lines.push(`${pad(run.name, 18)}ERROR ${run.startError}`);
      continue;
    }
    const c = counts(run);
    lines.push(`${pad(run.name, 18)}${pad(run.profile ?? '-', 9)}${pad(c.pass, 7)}${pad(c.fail, 7)}${pad(c.skip, 7)}${pad(c.error, 7)}${c.unjudged}`);
  }
  const failures = runs.flatMap((run) =>
    run.records
      .filter((r) => r.verdict?.status === 'fail' || r.verdict?.status === 'error' || (!r.verdict && 'errored' in r.result))
      .map((r) => `${run.name} ${r.vector.id}: ${r.verdict ? ('detail' in r.verdict ? `[${r.verdict.level}] ${r.verdict.detail}` : 'message' in r.verdict ? r.verdict.message : '') : 'errored' in r.result ? r.result.errored.message : ''}`),
  );
  if (failures.length) {
    lines.push('', `failures (${failures.length}):`);
    for (const f of failures.slice(0, maxFailures)) lines.push(`  ${f}`);
    if (failures.length > maxFailures) lines.push(`  … ${failures.length - maxFailures} more`);
  }
  for (const run of runs.filter((r) => r.inferredProfile && r.profileScores)) {
    const scores = Object.entries(run.profileScores!).map(([p, s]) => `${p} ${s.pass}/${s.judged}`).join(', ');
    lines.push('', `${run.name} declares no profile; it matches ${run.profile} best (passes: ${scores})`);
  }
  const faults = runs.flatMap((r) => (r.faults ?? []).map((f) => `${r.name}: ${f}`));
  if (faults.length) lines.push('', `adapter faults (each forced a restart; the cases in flight were retried once):`, ...faults.map((f) => `  ${f}`));
  const pairs = agreement(runs.filter((r) => !r.unavailable));
  if (pairs.length) {
    lines.push('', 'agreement (identical token or identical rejection, on vectors both answered):');
    for (const p of pairs) lines.push(`  ${pad(`${p.a} ~ ${p.b}`, 36)}${p.same}/${p.both}`);
  }
  return lines.join('\n');
}
