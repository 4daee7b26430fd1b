/**
 * Differential testing: the same generated case goes to two implementations (a reference profile
 * and a real library, or any two adapters) and their answers must be identical: the same token to
 * the byte, or a rejection with the same message. Any family reuses it with its own generator.
 */
import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { compactVerify } from 'jose';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import { referenceImplementation, runReferenceCase } from '../adapters/reference.ts';
import type { AdapterProcess } from '../protocol/client.ts';
import type { WireCase } from '../protocol/serve.ts';
import type { CaseResult, Family } from '../protocol/types.ts';
import { isRejection, isTokenOutput } from '../protocol/types.ts';
import { firstDifference } from '../runner/compare.ts';
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
   * For families with randomized signatures (PS256): the key a token of this input verifies
   * with. Two tokens with identical header and payload texts then agree when both verify (jose).
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

function describe(r: CaseResult): string {
  if ('skipped' in r) return `skipped (${r.skipped.reason})`;
  if ('errored' in r) return `errored (${r.errored.message})`;
  if (isRejection(r.output)) return `rejected ${r.output.error.type ?? ''}: ${r.output.error.message}`;
  if (isTokenOutput(r.output)) return `token ${r.output.token}`;
  return JSON.stringify(r.output);
}

function segment(token: string, i: number): string {
  return Buffer.from(token.split('.')[i] ?? '', 'base64url').toString('latin1');
}

/** A readable account of how two answers differ: header and payload texts first. */
export function explainDifference(left: Side, a: CaseResult, right: Side, b: CaseResult): string | undefined {
  if ('skipped' in a || 'skipped' in b) return undefined;
  if ('errored' in a || 'errored' in b) return `${left.name}: ${describe(a)}\n${right.name}: ${describe(b)}`;
  const x = a.output;
  const y = b.output;
  if (isTokenOutput(x) && isTokenOutput(y)) {
    if (x.token === y.token) return extrasDifference(left, x, right, y);
    for (const [i, part] of [[0, 'header'], [1, 'payload']] as const) {
      const sx = segment(x.token, i);
      const sy = segment(y.token, i);
      if (sx !== sy) return `${part} differs ${firstDifference(sx, sy, [left.name, right.name])}\n  ${left.name}: ${sx}\n  ${right.name}: ${sy}`;
    }
    return `signatures differ (same header and payload)\n  ${left.name}: ${x.token}\n  ${right.name}: ${y.token}`;
  }
  if ('decoded' in x && 'decoded' in y) {
    return isDeepStrictEqual(x.decoded, y.decoded) ? undefined : `decoded tokens differ\n  ${left.name}: ${JSON.stringify(x.decoded)}\n  ${right.name}: ${JSON.stringify(y.decoded)}`;
  }
  if (isRejection(x) && isRejection(y)) {
    return x.error.message === y.error.message ? undefined : `rejection messages differ\n  ${left.name}: ${x.error.message}\n  ${right.name}: ${y.error.message}`;
  }
  return `${left.name}: ${describe(a)}\n${right.name}: ${describe(b)}`;
}

/** Family outputs beside the token (`canonicalRequest`, `requestHash`) must be identical too. */
function extrasDifference(left: Side, x: Record<string, unknown>, right: Side, y: Record<string, unknown>): string | undefined {
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (k === 'token' || JSON.stringify(x[k]) === JSON.stringify(y[k])) continue;
    return `${k} differs\n  ${left.name}: ${JSON.stringify(x[k])}\n  ${right.name}: ${JSON.stringify(y[k])}`;
  }
  return undefined;
}

/**
 * Two tokens whose header and payload texts are identical and whose signatures both verify under
 * `key`: the same answer from a randomized signature scheme.
 */
async function bothVerify(a: CaseResult, b: CaseResult, key: KeyObject): Promise<boolean> {
  if (!('output' in a) || !('output' in b) || !isTokenOutput(a.output) || !isTokenOutput(b.output)) return false;
  const [x, y] = [a.output.token, b.output.token];
  if (segment(x, 0) !== segment(y, 0) || segment(x, 1) !== segment(y, 1)) return false;
  return (await signatureVerifies(x, key)) && (await signatureVerifies(y, key));
}

/**
 * jose's verdict on a token's signature. jose refuses a protected header that is not UTF-8, which
 * twilio-node writes for a non-ASCII kid (jws encodes headers latin1); for those the RSA signature
 * over the exact signing input is checked directly.
 */
async function signatureVerifies(token: string, key: KeyObject): Promise<boolean> {
  try {
    await compactVerify(token, key);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_JWS_INVALID') return false;
  }
  const [h, p, s] = token.split('.');
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(h, 'base64url').toString('latin1')) as { alg?: unknown }).alg;
  } catch {
    return false;
  }
  const m = typeof alg === 'string' ? /^(RS|PS)(256|384|512)$/.exec(alg) : null;
  if (!m) return false;
  const padding = m[1] === 'PS' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {};
  return cryptoVerify(`sha${m[2]}`, Buffer.from(`${h}.${p}`, 'latin1'), { key, ...padding }, Buffer.from(s, 'base64url'));
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
    let diff = explainDifference(o.left, a, o.right, b);
    const key = diff === undefined ? undefined : o.verificationKey?.(g.input);
    let randomized = false;
    if (key && (await bothVerify(a, b, key))) {
      randomized = true;
      diff = 'output' in a && 'output' in b ? extrasDifference(o.left, a.output as Record<string, unknown>, o.right, b.output as Record<string, unknown>) : undefined;
    }
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
    ...(r.outcomes.randomizedVerified ? [`  of the tokens, ${r.outcomes.randomizedVerified} have randomized signatures: same header and payload, both verify (jose)`] : []),
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
