/**
 * The run of test/fixtures/three-differences-adapter.mjs (the node reference with header order
 * typ,alg,cty, no `iat` and `/` written as `\/` in access_token tokens) on the access_token
 * vectors, with each failing case's structural diff and the figures the reports must show,
 * counted from the vectors themselves. Shared by the diff tests and the reporters' tests.
 */
import { join } from 'node:path';
import { structuralDiff, type TokenDiff } from '../../conformance/reporters/diff.ts';
import type { SystematicCase } from '../../conformance/reporters/systematic.ts';
import { runAdapter, type AdapterRun } from '../../conformance/runner/run.ts';
import { loadVectors, type Vector } from '../../conformance/vectors/read.ts';
import { ROOT } from './shared.ts';

export const THREE_DIFFERENCES_ADAPTER = join(ROOT, 'test/fixtures/three-differences-adapter.mjs');
export const THREE_DIFFERENCES_NAME = 'three-differences';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A token's header and payload texts: UTF-8 where the bytes are UTF-8, else latin1 (as the reports decode them). */
export function tokenTexts(token: string): { header: string; payload: string } {
  const part = (i: number): string => {
    const bytes = Buffer.from(token.split('.')[i] ?? '', 'base64url');
    try {
      return UTF8.decode(bytes);
    } catch {
      return bytes.toString('latin1');
    }
  };
  return { header: part(0), payload: part(1) };
}

export interface ThreeDifferencesRun {
  run: AdapterRun;
  vectors: Vector[];
  /** Every case of the run, as `systematicDifferences` takes them. */
  cases: SystematicCase[];
  /** Counted from the vectors, not from the diff. */
  expected: { tokenCases: number; withIat: number; withSlash: number; rejectionCases: number };
}

/** Figures the run must produce, from the node expectations of the vectors alone. */
export function expectedFigures(vectors: Vector[]): ThreeDifferencesRun['expected'] {
  const tokens = vectors.flatMap((v) => (v.expect.node?.kind === 'token' ? [tokenTexts(v.expect.node.token).payload] : []));
  return {
    tokenCases: tokens.length,
    withIat: tokens.filter((p) => Object.hasOwn(JSON.parse(p) as object, 'iat')).length,
    withSlash: tokens.filter((p) => p.includes('/')).length,
    rejectionCases: vectors.filter((v) => v.expect.node?.kind === 'error').length,
  };
}

/** Run the fixture on the access_token vectors and diff each failing case (expected token against got). */
export async function runThreeDifferences(): Promise<ThreeDifferencesRun> {
  const vectors = loadVectors(join(ROOT, 'vectors', 'access_token'));
  const run = await runAdapter({ name: THREE_DIFFERENCES_NAME, command: [process.execPath, THREE_DIFFERENCES_ADAPTER] }, vectors, {
    // A loaded machine must not turn into timeouts: the fixture is fast, the limit is only a bound.
    caseTimeoutMs: 120_000,
  });
  const cases = run.records.map((r): SystematicCase => {
    const status = r.verdict?.status ?? 'unjudged';
    const expect = r.vector.expect.node;
    const out = (r.result as { output?: { token?: unknown } }).output;
    let diff: TokenDiff | undefined;
    if (status === 'fail' && expect?.kind === 'token' && typeof out?.token === 'string') diff = structuralDiff(tokenTexts(expect.token), tokenTexts(out.token));
    const level = r.verdict && 'level' in r.verdict ? r.verdict.level : undefined;
    return { adapter: run.name, family: r.vector.family, status, ...(level ? { level } : {}), ...(diff ? { diff } : {}) };
  });
  return { run, vectors, cases, expected: expectedFigures(vectors) };
}
