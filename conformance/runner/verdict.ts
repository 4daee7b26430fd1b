/**
 * What judging one case yields. Kept apart from compare.ts so the family judges it calls (the
 * credential_provider one in families/provider-cases.ts) can return a verdict without importing it back.
 */

/**
 * How close a token came to the expected one, strongest first: identical bytes; identical decoded
 * header and payload texts (only the signature differs); equal parsed JSON (order or escaping
 * differs); nothing in common.
 */
export type Level = 'bytes' | 'layout' | 'claims' | 'differs';

/** How one adapter did on one vector against one profile's expectation. */
export type Verdict =
  | { status: 'pass'; level: Level | 'rejection'; verifies?: boolean }
  | { status: 'fail'; level: Level | 'rejection-message' | 'rejection-type' | 'rejected' | 'accepted'; verifies?: boolean; detail: string }
  | { status: 'skip'; reason: string }
  | { status: 'error'; message: string };
