import { describe, expect, it } from 'vitest';
import { outcomeKey } from '../../conformance/runner/answers.ts';
import { providerOutcome } from '../../conformance/families/provider-cases.ts';

// Five concurrent calls on a cold strategy each fetch a token (no single flight): which call gets
// which token depends on scheduling. Agreement must not change from run to run because of it.
const run = (order: number[]) => ({
  steps: [{ label: '5 concurrent auth strings', parallel: order.map((n) => ({ ok: true, value: `Bearer <tok-${n}>` })) }],
  server: { tokenRequests: order.map(() => ({ step: 0 })), api: [] },
});

describe('the outcome of a provider case', () => {
  it('compares concurrent results as a multiset, as the judge does', () => {
    expect(providerOutcome(run([1, 2, 3, 4, 5]))).toBe(providerOutcome(run([3, 1, 5, 2, 4])));
    expect(outcomeKey({ output: run([1, 2, 3]) } as never)).toBe(outcomeKey({ output: run([2, 3, 1]) } as never));
  });
  it('still tells different results apart', () => {
    expect(providerOutcome(run([1, 2, 3]))).not.toBe(providerOutcome(run([1, 1, 3])));
    expect(providerOutcome(run([1, 2, 3]))).not.toBe(providerOutcome(run([1, 2])));
  });
});
