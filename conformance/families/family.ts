/**
 * What the harness knows about one family of cases, in one place per family
 * (conformance/families/<family>.ts): the JSON Schema of its case input, how a vector's
 * expectation of it is read, how an answer is judged against one, its differential generator in
 * a library's dialect, and any preparation a case needs before it is sent (the local OAuth2 server
 * of a provider scenario). The runner, the differential and fuzz runs, the properties, regen and
 * crosscheck read these entries (index.ts) and never ask which family they hold.
 */
import type fc from 'fast-check';
import type { JsonValue } from '../../reference/json/value.ts';
import type { GeneratedCase } from '../differential/generators/json.ts';
import type { Library } from '../libraries/library.ts';
import type { CaseResult, Family } from '../protocol/types.ts';
import type { Verdict } from '../runner/verdict.ts';
import type { Expectation } from '../vectors/types.ts';

/**
 * Run one case whose input needs preparing: `send` sends an input (prepared) to the adapter. A
 * retried case calls it again, so that each attempt prepares afresh.
 */
export type CasePreparation = (send: (input: JsonValue) => Promise<CaseResult>, input: JsonValue, now: number) => Promise<CaseResult>;

/** One family's entry. */
export interface FamilyEntry {
  /** Its name on the wire and in the vectors. */
  readonly name: Family;
  /** Its case input's JSON Schema, relative to the package root (the published input vocabulary). */
  readonly inputSchema: string;
  /** The expectation kinds its vectors hold (see {@link readExpectation}). */
  readonly expectationKinds: readonly Expectation['kind'][];
  /** Read one profile's expectation of one of its vectors (lossless JSON); throws naming `where`. */
  readExpectation(v: JsonValue | undefined, where: string): Expectation;
  /**
   * Judge an adapter's result (already shape-checked) against one of its expectations; `vector`
   * gives the case input, for the key a randomized signature verifies with.
   */
  judge(expect: Expectation, result: CaseResult, vector?: { input: JsonValue }): Promise<Verdict> | Verdict;
  /** Its differential generator in a library's dialect, or undefined: the library lacks the family, or it has none. */
  cases(lib: Library): fc.Arbitrary<GeneratedCase> | undefined;
  /**
   * What a case needs before it is sent, or absent: the input goes as it is. A family with a
   * preparation cannot be replayed through the reference in-process (regen, the behaviour matrix);
   * its tests do that with the preparation.
   */
  readonly prepare?: CasePreparation;
  /** Whether `npm run fuzz` draws cases of it (its answers are tokens or rejections two adapters can be compared by). */
  readonly fuzzed: boolean;
}
