/**
 * Types of adapter protocol v1 (see PROTOCOL.md and schema/).
 *
 * The case `input` is kept as raw JSON text by the transport so that no key order or number text
 * is lost; in-process drivers receive it already decoded by the rules of their own language.
 */

/** The token families the protocol knows. */
export type Family =
  | 'access_token'
  | 'client_capability'
  | 'taskrouter_capability'
  | 'validation_token'
  | 'jwt'
  | 'credential_provider';

/** What an adapter says about itself in its `start` reply. */
export interface Implementation {
  name: string;
  version: string;
  language: string;
  /** The library whose behaviour it claims to reproduce; selects the expectations. */
  profile?: 'node' | 'python' | 'ruby';
  families: Family[];
}

/** The rejection an implementation raised, as its language names it. */
export interface ErrorOutput {
  type?: string;
  message: string;
}

/** A successful or rejected run of one case. */
export type CaseOutput =
  | ({ token: string } & Record<string, unknown>)
  | { decoded: { header: unknown; payload: unknown } }
  | { error: ErrorOutput };

/** The answer to one `run` request, without its `seq`. */
export type CaseResult =
  | { output: CaseOutput }
  | { skipped: { reason: string } }
  | { errored: { message: string } };

/** A case as an in-process driver receives it: `input` already decoded for its language. */
export interface DecodedCase<I = unknown> {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: I;
}
