import type { Minted } from '../jwt/compact.ts';
import type { HostMap, HostValue } from '../lang/host.ts';
import type { HelperCall, TaskRouterArgs, TaskRouterVocabulary } from './input.ts';

/** The capability object as a library holds it between calls. */
export interface TaskRouterState {
  /** Its own fields, under the library's names. */
  fields: Map<string, HostValue | undefined>;
  /** The policies added so far, as the token will carry them (or as the library holds them, for its `toJwt` to write). */
  policies: HostMap[];
}

/** One planned helper call, run against the capability; `toJwt` mints (and may change state). */
export type HelperStep = (state: TaskRouterState, toJwt: () => Minted) => void;

/**
 * Everything one library does differently for TaskRouterCapability, as data and small functions.
 * The family code ({@link mintTaskRouterCapability}) calls these and never asks which library it is.
 */
export interface TaskRouterRules {
  readonly vocabulary: TaskRouterVocabulary;
  /** Plans one helper call: refuses what the library cannot express, before anything runs. */
  helper(call: HelperCall, index: number): HelperStep;
  /** The constructor (with the policies it adds itself); throws the library's error. */
  construct(args: TaskRouterArgs): TaskRouterState;
  /** How many discarded `toJwt` calls come before the answered one. */
  extraToJwtCalls(args: TaskRouterArgs): number;
  /** `toJwt()` on the capability as it stands (ruby's appends policies every time). */
  toJwt(state: TaskRouterState, args: TaskRouterArgs, clockMs: number): Minted;
}
