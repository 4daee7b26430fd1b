/**
 * The vector format's types: a producing vector (one input, a frozen clock, per-profile
 * expectations) as the reader gives it, and the error a vectors path that cannot be used raises.
 * The files' JSON Schemas are vectors/schema/producing.json and verifying.json.
 */
import type { JsonValue } from '../../reference/json/value.ts';
import type { ProfileName } from '../../reference/profiles/profile.ts';
import type { ProviderExpectation } from '../families/provider-cases.ts';
import type { Family } from '../protocol/types.ts';

export type { ProfileName };

/**
 * A vectors path or file that cannot be used: missing, unreadable, not JSON, or not valid against
 * `vectors/schema/producing.json`. The message is one line naming the file (and the JSON path).
 */
export class VectorLoadError extends Error {
  override name = 'VectorLoadError';
  readonly code = 'ERR_VECTORS';
}

/** What a profile's library does with a vector's input. */
export type Expectation =
  | { kind: 'token'; token: string; headerJson?: string; payloadJson?: string; deterministic: boolean }
  | { kind: 'error'; type?: string; message: string }
  | { kind: 'unsupported'; reason: string }
  /** The `jwt` family's decode: the header and payload the library decoded. */
  | { kind: 'decoded'; header: unknown; payload: unknown }
  | ProviderExpectation;

/** A producing vector: one input, a frozen clock, and per-profile expectations. */
export interface Vector {
  id: string;
  description: string;
  family: Family;
  now: number;
  nowMs?: number;
  /** Kept lossless: sent to adapters exactly as written. */
  input: JsonValue;
  expect: Partial<Record<ProfileName, Expectation>>;
  flags: string[];
  file: string;
}
