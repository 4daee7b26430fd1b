/**
 * The judge: one adapter's result against one profile's expectation. The comparison itself (tokens,
 * rejections, decoded tokens, the one rule for randomized signatures) is `answers.ts`; this adds
 * the protocol's shape check, then hands the result to its family's judge (conformance/families/).
 */
import type { JsonValue } from '../../reference/json/value.ts';
import type { CaseResult } from '../protocol/types.ts';
import { checkOutput } from '../protocol/validate.ts';
import { familyEntry, familyOfExpectation } from '../families/index.ts';
import type { Family } from '../protocol/types.ts';
import type { Expectation } from '../vectors/types.ts';
import type { Verdict } from './verdict.ts';

export type { Level, Verdict } from './verdict.ts';
export { firstDifference, verifiesWithJose } from './answers.ts';

/**
 * What is wrong with the shape of an output, or undefined when it is one of protocol v1's outputs
 * (run-response.json). The protocol client validates replies at the boundary; this holds the judge
 * to the same schema for results that never crossed it (in-process sides), so that no malformed
 * output can ever be judged a pass.
 */
export function malformedOutput(out: unknown): string | undefined {
  // `server` is the runner's own view of a provider case, attached after the adapter answered.
  if (out !== null && typeof out === 'object' && Object.hasOwn(out, 'steps')) {
    const { server: _server, ...answered } = out as Record<string, unknown>;
    return checkOutput(answered);
  }
  return checkOutput(out);
}

/**
 * Judge a result against an expectation. A deterministic token must match byte for byte; a
 * randomized one (PS*, ES*: see answers.ts) must have the expected header and payload texts and
 * verify with `jose`. A failure names the strongest level still reached, whether the signature
 * verifies, and a diff.
 */
export async function judge(expect: Expectation, result: CaseResult, vector?: { input: JsonValue; family?: Family }): Promise<Verdict> {
  if ('output' in result) {
    const wrong = malformedOutput(result.output);
    if (wrong) return { status: 'error', message: `malformed output: ${wrong}` };
  }
  // The vector's family judges; an expectation given alone, the family whose vectors hold its kind.
  const family = vector?.family !== undefined ? familyEntry(vector.family) : familyOfExpectation(expect.kind);
  return family.judge(expect, result, vector);
}
