/**
 * Differential testing: the same generated case goes to two implementations (a reference profile
 * and a real library, or any two adapters) and their answers must be the same (answers.ts): the
 * same token to the byte (for PS* and ES*, the same header and payload, both signatures verifying),
 * or the same rejection. Any family reuses it with its own generator.
 */
import type { KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import { referenceImplementation, runReferenceCase } from '../adapters/reference.ts';
import type { AdapterProcess } from '../protocol/client.ts';
import type { WireCase } from '../protocol/serve.ts';
import type { CaseResult, Family } from '../protocol/types.ts';
import { isRejection } from '../protocol/types.ts';
import { caseKeys, compareAnswers, type AnswerComparison, type VerificationKey } from '../runner/answers.ts';
import type { Profile } from '../../reference/profiles/profile.ts';
import type { GeneratedCase } from './generators/json.ts';

/** One implementation under comparison. */
export interface Side {
  name: string;
  run(c: WireCase): Promise<CaseResult> | CaseResult;
}

/** The reference in one profile, in-process. */
export function referenceSide(profile: Profile): Side {
  return { name: referenceImplementation(profile).name, run: (c) => runReferenceCase(profile, c) };
}

/** Any adapter process speaking protocol v1. */
export function adapterSide(name: string, proc: AdapterProcess): Side {
  return { name, run: (c) => proc.run(c) };
}

export interface DifferentialOptions {
  family: Family;
  arbitrary: fc.Arbitrary<GeneratedCase>;
  left: Side;
  right: Side;
  numRuns: number;
  /** Replay: the seed (and path) a failure printed. */
  seed?: number;
  path?: string;
  /**
   * The key a token of this input verifies with, for randomized signatures (PS*, ES*): two such
   * tokens with identical header and payload agree when both verify. Default: the case's own keys
   * (`caseKeys`).
   */
  verificationKey?: (input: JsonValue) => KeyObject | undefined;
}

export interface DifferentialReport {
  seed: number;
  numRuns: number;
  /** How many generated inputs fell in each category. */
  categories: Record<string, number>;
  /** Cases both sides answered with a token / with a rejection; cases both skipped; cases one side skipped. */
  outcomes: { tokens: number; rejections: number; skipped: number; oneSidedSkips: number; randomizedVerified?: number };
  failure?: { path: string; input: string; diff: string; replay: string };
}

/**
 * How two sides' results to a case compare (answers.ts), or undefined when either side skipped:
 * a case one side cannot express is no difference. An errored side always is one.
 */
export function compareSides(left: Side, a: CaseResult, right: Side, b: CaseResult, keys?: readonly VerificationKey[]): AnswerComparison | undefined {
  if ('skipped' in a || 'skipped' in b) return undefined;
  const c = compareAnswers(a, b, { labels: [left.name, right.name], keys });
  return c.level === 'unanswered' ? { ...c, same: false } : c;
}

/**
 * Run `numRuns` generated cases through both sides. Stops at the first difference, shrinks it, and
 * reports it with the seed, the path and a command that replays it.
 */
export async function runDifferential(o: DifferentialOptions, replayCommand: (seed: number, path: string) => string): Promise<DifferentialReport> {
  const categories: Record<string, number> = {};
  const outcomes: DifferentialReport['outcomes'] = { tokens: 0, rejections: 0, skipped: 0, oneSidedSkips: 0 };
  let counting = true;
  let caseNo = 0;
  const property = fc.asyncProperty(o.arbitrary, async (g) => {
    const c: WireCase = { id: `${o.family}/generated-${caseNo++}`, family: o.family, now: g.now, ...(g.nowMs === undefined ? {} : { nowMs: g.nowMs }), input: g.input };
    const [a, b] = await Promise.all([o.left.run(c), o.right.run(c)]);
    const key = o.verificationKey?.(g.input);
    const cmp = compareSides(o.left, a, o.right, b, o.verificationKey ? (key ? [key] : []) : caseKeys(g.input));
    const diff = cmp && !cmp.same ? cmp.explanation : undefined;
    const randomized = cmp?.same === true && cmp.verified === true;
    if (counting) {
      // Count only the initial runs, not the shrinking that follows a failure.
      for (const k of g.categories) categories[k] = (categories[k] ?? 0) + 1;
      if ('skipped' in a && 'skipped' in b) outcomes.skipped++;
      else if ('skipped' in a || 'skipped' in b) outcomes.oneSidedSkips++;
      else if ('output' in a && isRejection(a.output)) outcomes.rejections++;
      else outcomes.tokens++;
      if (randomized) outcomes.randomizedVerified = (outcomes.randomizedVerified ?? 0) + 1;
    }
    if (diff !== undefined) {
      counting = false;
      throw new Error(diff);
    }
  });
  const details = await fc.check(property, {
    numRuns: o.numRuns,
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.path === undefined ? {} : { path: o.path }),
  });
  const report: DifferentialReport = { seed: details.seed, numRuns: details.numRuns, categories, outcomes };
  if (details.failed) {
    const path = details.counterexamplePath ?? '';
    const [g] = details.counterexample ?? [];
    const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    report.failure = {
      path,
      input: g ? stringifyLossless((g as GeneratedCase).input) : '(none)',
      diff: err,
      replay: replayCommand(details.seed, path),
    };
  }
  return report;
}

/** The report as lines a person reads in CI logs. */
export function formatDifferentialReport(title: string, r: DifferentialReport): string {
  const lines = [
    `${title}: ${r.numRuns} runs, seed ${r.seed}`,
    `  outcomes: ${r.outcomes.tokens} identical tokens, ${r.outcomes.rejections} identical rejections, ${r.outcomes.skipped} skipped by both, ${r.outcomes.oneSidedSkips} skipped by one side`,
    ...(r.outcomes.randomizedVerified ? [`  of the tokens, ${r.outcomes.randomizedVerified} have randomized signatures: same header and payload, both verify`] : []),
    '  categories:',
    ...Object.entries(r.categories)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `    ${k.padEnd(40)} ${n}`),
  ];
  if (r.failure) {
    lines.push(`  FAILED at path ${r.failure.path}`, `  input: ${r.failure.input}`, `  ${r.failure.diff.replace(/\n/g, '\n  ')}`, `  replay: ${r.failure.replay}`);
  }
  return lines.join('\n');
}
