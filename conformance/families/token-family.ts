/**
 * The parts the token families share: their expectations are tokens, rejections, decoded tokens
 * or `unsupported` (conformance/vectors/expectation.ts), judged by the one comparison module
 * (runner/answers.ts), and their inputs go to the adapter as written.
 */
import { judgeAnswer } from '../runner/answers.ts';
import type { Verdict } from '../runner/verdict.ts';
import { readAnswerExpectation } from '../vectors/expectation.ts';
import type { FamilyEntry } from './family.ts';

/** A token family's entry from its own parts: name, input schema, generator, whether it is fuzzed. */
export function tokenFamily(own: Pick<FamilyEntry, 'name' | 'cases' | 'fuzzed'>): FamilyEntry {
  return {
    ...own,
    inputSchema: `conformance/protocol/schema/input/${own.name}.json`,
    expectationKinds: ['token', 'error', 'decoded', 'unsupported'],
    readExpectation: readAnswerExpectation,
    judge(expect, result, vector): Promise<Verdict> | Verdict {
      if (expect.kind === 'provider') return { status: 'error', message: `a ${expect.kind} expectation on a ${own.name} vector` };
      return judgeAnswer(expect, result, vector);
    },
  };
}
