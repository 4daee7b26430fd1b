import type fc from 'fast-check';
import type { GeneratedCase } from '../differential/generators/json.ts';
import type { WireCase } from '../protocol/serve.ts';
import type { CaseResult, Family } from '../protocol/types.ts';
import type { ProfileName } from '../../reference/profiles/profile.ts';

/** What a property sees while it runs: the adapter under test, its profile and the reference. */
export interface PropertyContext {
  profile: ProfileName;
  /** Run a case on the adapter under test (remembered as `lastCase`). */
  run(c: Pick<WireCase, 'now' | 'nowMs' | 'input'>): Promise<CaseResult>;
  /** The reference profile's answer to a case. */
  reference(c: WireCase): CaseResult;
  lastCase?: WireCase;
}

/** One property: a generator of inputs and a predicate that throws on a violation. */
export interface PropertyDefinition {
  name: string;
  family: Family;
  description: string;
  /** Inputs in the profile's dialect, or undefined where the profile's library does not have the family. */
  arbitrary(profile: ProfileName): fc.Arbitrary<GeneratedCase> | undefined;
  predicate(ctx: PropertyContext, g: GeneratedCase): Promise<void>;
}
