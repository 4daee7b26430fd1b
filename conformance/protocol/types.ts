/**
 * Types of adapter protocol v1 (see PROTOCOL.md and schema/).
 *
 * The case `input` is kept as raw JSON text by the transport so that no key order or number text
 * is lost; in-process drivers receive it already decoded by the rules of their own language.
 */
import type { ProfileName } from '../../reference/profiles/profile.ts';

/** The token families the protocol knows. */
export type Family = 'access_token' | 'client_capability' | 'taskrouter_capability' | 'validation_token' | 'jwt' | 'credential_provider';

/** What an adapter says about itself in its `start` reply. */
export interface Implementation {
  name: string;
  version: string;
  language: string;
  /** The library whose behaviour it claims to reproduce (a registered profile's name); selects the expectations. */
  profile?: ProfileName;
  families: Family[];
}

/**
 * What an adapter says, in its `start` reply, when the implementation it wraps cannot run on this
 * machine (its library is not installed): the runner reports it as unavailable, not failed.
 */
export interface Unavailability {
  /** Why, in one sentence (at most 1000 characters). */
  reason: string;
  /** How to make it available, when the adapter knows (at most 1000 characters). */
  install?: string;
}

/** An adapter's reply to `start`: what it is, or why it cannot run here (exactly one of the two). */
export type StartReply = { version: 1; implementation: Implementation } | { version: 1; unavailable: Unavailability };

/** The rejection an implementation raised, as its language names it. */
export interface ErrorOutput {
  type?: string;
  message: string;
}

/** A token, with whatever extras its family adds (`canonicalRequest`, `requestHash`, ...). */
export interface TokenOutput {
  token: string;
  [extra: string]: unknown;
}

/** The implementation rejected the input. */
export interface RejectionOutput {
  error: ErrorOutput;
}

/** A decoded token (the `jwt` family's `decode` op). */
export interface DecodedOutput {
  decoded: { header: unknown; payload: unknown };
}

/** A `credential_provider` run: what each scenario step gave (see provider-case.ts). */
export interface ScenarioOutput {
  steps: Array<{ label: string; [result: string]: unknown }>;
}

/** A successful or rejected run of one case. */
export type CaseOutput = TokenOutput | RejectionOutput | DecodedOutput | ScenarioOutput;

/** True when the implementation refused the input (`{"error":{...}}`) instead of answering. */
export function isRejection(o: CaseOutput): o is RejectionOutput {
  return typeof (o as RejectionOutput).error === 'object' && (o as RejectionOutput).error !== null;
}

/** True when the answer is a token (`{"token":"..."}`), as token-producing families answer. */
export function isTokenOutput(o: CaseOutput): o is TokenOutput {
  return typeof (o as TokenOutput).token === 'string';
}

/** The answer to one `run` request, without its `seq`. */
export type CaseResult = { output: CaseOutput } | { skipped: { reason: string } } | { errored: { message: string } };

/** A case as an in-process driver receives it: `input` already decoded for its language. */
export interface DecodedCase<I = unknown> {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: I;
}
