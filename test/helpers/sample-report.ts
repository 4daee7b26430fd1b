import { join } from 'node:path';
import type { RunReport } from '../../conformance/reporters/report.ts';
import { gate } from '../../conformance/runner/expectations.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/runner/vectors.ts';
import { referenceAdapterCommand } from './adapters.ts';
import { ROOT } from './shared.ts';

/** A real run with a pass, a failure (wrong escape) and an unavailable adapter, for every reporter. */
export async function sampleReport(): Promise<RunReport> {
  const vectors = loadVectors(join(ROOT, 'vectors', 'access_token', 'oracle-node.json')).slice(0, 12);
  const runs = [
    await runAdapter({ name: 'reference-node', command: referenceAdapterCommand('node') }, vectors),
    await runAdapter({ name: 'faulty', command: [process.execPath, join(ROOT, 'test/fixtures/faulty-adapter.mjs'), '--fault', 'wrong-escape'] }, vectors),
    await runAdapter({ name: 'missing', unavailable: 'not installed <here> & "there"' }, vectors),
  ];
  return { tool: { name: 'twilio-jwt-conformance', version: 'test' }, started: 'start', finished: 'end', vectorCount: vectors.length, runs, gate: gate(runs) };
}

