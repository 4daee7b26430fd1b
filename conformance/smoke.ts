/**
 * `smoke`: does an adapter speak protocol v1 correctly? This checks the adapter, not the SDK
 * behind it (Bowtie's `smoke`): replies valid against the published schemas, `seq` echoed, one
 * answer per request in order under pipelining, a clean exit on `stop`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { AdapterProcess } from './protocol/client.ts';
import type { Vector } from './runner/vectors.ts';

const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'protocol', 'schema');
const ID = 'https://twilio-jwt-conformance.invalid/protocol/v1/';

/** The protocol's JSON Schemas, compiled. */
export function protocolValidators(): { start: ValidateFunction; run: ValidateFunction; request: ValidateFunction } {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  for (const f of readdirSync(SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')));
  return { start: ajv.getSchema(`${ID}start-response.json`)!, run: ajv.getSchema(`${ID}run-response.json`)!, request: ajv.getSchema(`${ID}request.json`)! };
}

export interface SmokeCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Run the smoke checks against an adapter command, with sample cases taken from the vectors. */
export async function smoke(command: string[], vectors: Vector[], timeoutMs = 10_000): Promise<SmokeCheck[]> {
  const checks: SmokeCheck[] = [];
  const v = protocolValidators();
  let proc: AdapterProcess;
  try {
    proc = await AdapterProcess.start(command, { caseTimeoutMs: timeoutMs, recordReplies: true });
  } catch (e) {
    return [{ name: 'answers start', ok: false, detail: (e as Error).message }];
  }
  const impl = proc.implementation!;
  const startOk = v.start({ version: 1, implementation: impl });
  checks.push({ name: 'answers start with a valid implementation', ok: startOk, detail: startOk ? `${impl.name} ${impl.version} (${impl.language}), profile ${impl.profile ?? 'none'}, families ${impl.families.join(', ')}` : JSON.stringify(v.start.errors) });

  // A few cases per declared family, sent all at once: answers must come back valid and in order.
  const samples = impl.families.flatMap((f) => vectors.filter((x) => x.family === f).slice(0, 3));
  if (samples.length === 0) checks.push({ name: 'has vectors to try', ok: false, detail: `no vectors for ${impl.families.join(', ')}` });
  const results = await Promise.all(
    samples.map((s) => proc.run({ id: s.id, family: s.family, now: s.now, nowMs: s.nowMs, input: s.input })),
  );
  const errored = results.filter((r) => 'errored' in r);
  checks.push({
    name: `answers ${samples.length} pipelined cases, in order, with their seq`,
    ok: samples.length > 0 && !proc.broken && errored.length === 0,
    detail: proc.broken ?? (errored.length ? `${errored.length} errored: ${JSON.stringify(errored[0]).slice(0, 200)}` : undefined),
  });
  // The replies exactly as written (the first one answered start).
  const replies = proc.replies.slice(1);
  const invalid = replies.filter((r) => !v.run(r));
  const complete = replies.length === samples.length;
  checks.push({
    name: 'every reply is valid against run-response.json',
    ok: complete && invalid.length === 0,
    detail: !complete ? `${replies.length} valid JSON replies to ${samples.length} requests` : invalid.length ? `${JSON.stringify(invalid[0]).slice(0, 160)}: ${v.run.errors?.[0]?.message ?? ''}` : undefined,
  });
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[Object.keys(r)[0]] = (outcomes[Object.keys(r)[0]] ?? 0) + 1;
  checks.push({ name: 'produces outputs (not only skips)', ok: (outcomes.output ?? 0) > 0, detail: JSON.stringify(outcomes) });

  const t0 = Date.now();
  await proc.stop(timeoutMs);
  checks.push({ name: 'exits with status 0 on stop', ok: proc.exitStatus === 'code 0', detail: `${proc.exitStatus ?? 'still running'} after ${Date.now() - t0} ms` });
  return checks;
}
