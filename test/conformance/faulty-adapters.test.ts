/**
 * The runner against deliberately faulty adapters (test/fixtures/faulty-adapter.mjs): every fault
 * is reported and nothing a faulty adapter corrupted is ever counted as a pass.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gate } from '../../conformance/runner/expectations.ts';
import { runAdapter, type AdapterRun } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { ROOT } from '../helpers/shared.ts';

const vectors = loadVectors(join(ROOT, 'vectors', 'access_token')).filter((v) => v.expect.node && v.expect.node.kind !== 'unsupported');
const tokenCases = vectors.filter((v) => v.expect.node!.kind === 'token').length;
const rejectionCases = vectors.filter((v) => v.expect.node!.kind === 'error').length;

function faulty(fault: string, opts: { caseTimeoutMs?: number; maxRestarts?: number } = {}): Promise<AdapterRun> {
  const command = [process.execPath, join(ROOT, 'test/fixtures/faulty-adapter.mjs'), '--fault', fault];
  return runAdapter({ name: fault, command }, vectors, { caseTimeoutMs: opts.caseTimeoutMs ?? 3000, maxRestarts: opts.maxRestarts });
}

const count = (run: AdapterRun, status: string): number => run.records.filter((r) => r.verdict?.status === status).length;

describe('faulty adapters', () => {
  it('the unfaulted fixture passes everything (the baseline the faults are measured against)', async () => {
    const run = await faulty('none');
    expect(count(run, 'pass')).toBe(vectors.length);
    expect(gate([run]).exitCode).toBe(0);
  });

  // Token corruption: only the rejection cases may pass.
  for (const [fault, level] of [
    ['wrong-key', 'layout'],
    ['wrong-claim-value', 'differs'],
    ['wrong-header-order', 'claims'],
    ['wrong-escape', 'claims'],
    ['extra-claim', 'differs'],
    ['rejection-instead-of-token', 'rejected'],
  ] as const) {
    it(`${fault}: every token case fails at level ${level}`, async () => {
      const run = await faulty(fault);
      expect(count(run, 'pass')).toBe(rejectionCases);
      const failed = run.records.filter((r) => r.verdict?.status === 'fail');
      expect(failed).toHaveLength(tokenCases);
      // Where a header cannot be parsed (node's latin1 header of a non-ASCII region) the level
      // falls to "differs"; it is never a pass.
      const atLevel = failed.filter((r) => (r.verdict as { level: string }).level === level).length;
      expect(atLevel / failed.length).toBeGreaterThan(0.9);
      for (const r of failed) expect([level, 'differs']).toContain((r.verdict as { level: string }).level);
      if (fault === 'wrong-key') for (const r of failed) expect(r.verdict).toMatchObject({ verifies: false });
      expect(gate([run]).exitCode).toBe(1);
    });
  }

  // Rejection corruption: only the token cases may pass.
  for (const [fault, level] of [
    ['token-instead-of-rejection', 'accepted'],
    ['wrong-rejection-message', 'rejection-message'],
  ] as const) {
    it(`${fault}: every rejection case fails at level ${level}`, async () => {
      const run = await faulty(fault);
      expect(count(run, 'pass')).toBe(tokenCases);
      const failed = run.records.filter((r) => r.verdict?.status === 'fail');
      expect(failed).toHaveLength(rejectionCases);
      for (const r of failed) expect(r.verdict).toMatchObject({ level });
      expect(gate([run]).exitCode).toBe(1);
    });
  }

  // Protocol faults: errored, never passed; the run goes on and the fault is reported.
  for (const fault of ['crash-mid-run', 'hang', 'garbage', 'wrong-seq', 'stdout-noise', 'both-output-and-skipped']) {
    it(`${fault}: faults are errored and reported, and the run completes`, async () => {
      const run = await faulty(fault, { caseTimeoutMs: 1500, maxRestarts: 4 });
      expect(run.records).toHaveLength(vectors.length);
      const errored = run.records.filter((r) => r.verdict?.status === 'error');
      expect(errored.length).toBeGreaterThan(0);
      // A pass is only ever an answer identical to the expectation, from a process in step.
      for (const r of run.records.filter((x) => x.verdict?.status === 'pass')) expect('output' in r.result).toBe(true);
      // Faults that leave the stream in step are reported per case; the others also force a restart.
      if (!['both-output-and-skipped', 'garbage'].includes(fault)) expect(run.faults!.length).toBeGreaterThan(0);
      // Cases the adapter did not answer properly are adapter errors (README: exit 2), not failures.
      const g = gate([run]);
      expect(g.exitCode).toBe(2);
      expect(g.erroredCases.length).toBe(errored.length);
    });
  }

  it('skip-everything: an adapter that skipped every case checked nothing (2); with --fail-on-skip its skips are failures (1)', async () => {
    const run = await faulty('skip-everything');
    expect(count(run, 'skip')).toBe(vectors.length);
    expect(gate([run]).exitCode).toBe(2);
    expect(gate([run]).empty).toHaveLength(1);
    expect(gate([run], undefined, { failOnSkip: true }).exitCode).toBe(1);
  });

  for (const fault of ['output-before-start', 'exit-on-start', 'bad-start']) {
    it(`${fault}: an adapter that cannot start properly is an adapter error (exit 2)`, async () => {
      const run = await faulty(fault);
      expect(run.startError).toBeTruthy();
      expect(gate([run]).exitCode).toBe(2);
    });
  }
});
