/**
 * The properties' two comparisons of answers, both through answers.ts (the one place that says
 * when two answers are the same): the adapter's token against the reference profile's at layout
 * level, and two runs of one case against each other.
 */
import type { CaseResult } from '../protocol/types.ts';
import { compareAnswers, compareTokens } from '../runner/answers.ts';

/**
 * The message naming how the adapter's token differs from the reference's in header or payload
 * bytes, or undefined when they have the same layout (`compareTokens` at level `bytes` or
 * `layout`), whatever the algorithm: whether the signature is right is signature-verifies' business.
 */
export function layoutDifference(adapter: string, reference: string): string | undefined {
  const t = compareTokens(adapter, reference);
  if (t.level === 'bytes' || t.level === 'layout') return undefined;
  if (t.part) return `${t.part.name} differs from the reference:\n  adapter:   ${t.part.a}\n  reference: ${t.part.b}`;
  return `the adapter's token is not a compact JWS like the reference's:\n  adapter:   ${adapter.slice(0, 200)}\n  reference: ${reference.slice(0, 200)}`;
}

/**
 * The message naming how two runs of one case differ, or undefined when they gave the same answer
 * (identical tokens; PS* and ES* tokens with the same header and payload; the same rejection).
 */
export function runsDifference(first: CaseResult, again: CaseResult): string | undefined {
  const c = compareAnswers(first, again, { labels: ['first run', 'second run'] });
  return c.same ? undefined : `two runs differ: ${c.explanation.slice(0, 600)}`;
}
