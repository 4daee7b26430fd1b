/**
 * `smoke`: does an adapter speak protocol v1 correctly? This checks the adapter, not the SDK
 * behind it (Bowtie's `smoke`): replies valid against the published schemas, `seq` echoed, one
 * answer per request in order under pipelining, a clean exit on `stop`.
 */
import { AdapterProcess, AdapterUnavailableError } from './protocol/client.ts';
import { checkRunReply, protocolValidators } from './protocol/validate.ts';
import type { Vector } from './vectors/read.ts';

/** The protocol's JSON Schemas, compiled (kept here for callers of the earlier API). */
export { protocolValidators };

/** One smoke check and whether the adapter passed it. */
export interface SmokeCheck {
  name: string;
  ok: boolean;
  detail?: string;
  /**
   * Set (on the only check, `answers start`, which is then not ok) when the adapter answered that
   * its implementation is unavailable here: `reason (install: ...)`. Nothing could be checked, and
   * that is not a protocol failure; the CLI reports it as it reports an unavailable built-in.
   */
  unavailable?: string;
}

/**
 * Run the smoke checks against an adapter command, with sample cases taken from the vectors.
 * Never throws: whatever the adapter does becomes a failed check, and its process group is ended.
 * An adapter that answers `start` with `unavailable` gets one check, not ok, with `unavailable` set.
 */
export async function smoke(command: string[], vectors: Vector[], timeoutMs = 10_000): Promise<SmokeCheck[]> {
  let proc: AdapterProcess;
  try {
    proc = await AdapterProcess.start(command, { caseTimeoutMs: timeoutMs, recordReplies: true });
  } catch (e) {
    if (e instanceof AdapterUnavailableError) return [{ name: 'answers start', ok: false, detail: e.message, unavailable: e.summary }];
    return [{ name: 'answers start', ok: false, detail: (e as Error).message }];
  }
  const checks: SmokeCheck[] = [];
  try {
    await checkSession(proc, vectors, timeoutMs, checks);
  } catch (e) {
    // A bug of ours, not the adapter's; still a failed check rather than a stack trace.
    checks.push({ name: 'completes the smoke checks', ok: false, detail: (e as Error)?.message ?? String(e) });
  } finally {
    proc.kill();
  }
  return checks;
}

async function checkSession(proc: AdapterProcess, vectors: Vector[], timeoutMs: number, checks: SmokeCheck[]): Promise<void> {
  const v = protocolValidators();
  // AdapterProcess.start has validated the reply; this records it as a check.
  const impl = proc.implementation!;
  const startOk = v.start({ version: 1, implementation: impl });
  checks.push({
    name: 'answers start with a valid implementation',
    ok: startOk,
    detail: startOk ? `${impl.name} ${impl.version} (${impl.language}), profile ${impl.profile ?? 'none'}, families ${impl.families.join(', ')}` : JSON.stringify(v.start.errors),
  });

  // A few cases per declared family, sent all at once: answers must come back valid and in order.
  const samples = impl.families.flatMap((f) => vectors.filter((x) => x.family === f).slice(0, 3));
  if (samples.length === 0) checks.push({ name: 'has vectors to try', ok: false, detail: `no vectors for ${impl.families.join(', ') || 'no family'}` });
  const results = await Promise.all(samples.map((s) => proc.run({ id: s.id, family: s.family, now: s.now, nowMs: s.nowMs, input: s.input })));
  const errored = results.filter((r) => 'errored' in r);
  checks.push({
    name: `answers ${samples.length} pipelined cases, in order, with their seq`,
    ok: samples.length > 0 && !proc.broken && errored.length === 0,
    detail: proc.broken ?? (errored.length ? `${errored.length} errored: ${JSON.stringify(errored[0]).slice(0, 200)}` : undefined),
  });
  // The replies exactly as written (the first one answered start).
  const replies = proc.replies.slice(1);
  const reasons = replies.map((r) => checkRunReply(r)).flatMap((c) => ('invalid' in c ? [c.invalid] : []));
  const complete = replies.length === samples.length;
  checks.push({
    name: 'every reply is valid against run-response.json',
    ok: complete && reasons.length === 0,
    detail: !complete ? `${replies.length} valid JSON replies to ${samples.length} requests` : reasons.length ? `${reasons.length} invalid, the first: ${reasons[0]}` : undefined,
  });
  const outcomes = { output: 0, skipped: 0, errored: 0 };
  for (const r of results) outcomes['output' in r ? 'output' : 'skipped' in r ? 'skipped' : 'errored']++;
  checks.push({ name: 'produces outputs (not only skips)', ok: outcomes.output > 0, detail: JSON.stringify(outcomes) });

  const t0 = Date.now();
  await proc.stop(timeoutMs);
  checks.push({ name: 'exits with status 0 on stop', ok: proc.exitStatus === 'code 0', detail: `${proc.exitStatus ?? 'still running'} after ${Date.now() - t0} ms` });
}
