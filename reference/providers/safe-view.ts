/**
 * What providers, token managers, strategies and clients show of themselves to `util.inspect`
 * (and so `console.log`) and to `JSON.stringify`: their non-secret settings, with every secret
 * (client secret, auth token, password, access token) as `[redacted]`. Without this, logging a
 * provider prints its client secret, because TypeScript's `private` fields are ordinary
 * properties.
 */
import type { ProviderEnvironment } from './rules.ts';
import { REDACTED } from './secret-encodings.ts';

/** Node's `util.inspect.custom` (by its registered name, so no `node:util` import is needed). */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** A secret as shown: `[redacted]` when it is set (a non-empty string), else what it is (unset is worth seeing). */
export function shownSecret(value: unknown): unknown {
  return typeof value === 'string' && value !== '' ? REDACTED : value;
}

/** Account credentials from the environment, the auth token redacted. */
export function environmentView(env: ProviderEnvironment | undefined): Record<string, unknown> | undefined {
  if (!env) return undefined;
  return { ...(env.accountSid !== undefined ? { accountSid: env.accountSid } : {}), ...(env.authToken !== undefined ? { authToken: shownSecret(env.authToken) } : {}) };
}

type Inspect = (value: unknown, options: object) => string;

/** Something that describes itself safely; gets JSON and inspect output from {@link jsonOf} and {@link inspectOf}. */
export interface SafeDescribed {
  /** The fields worth showing, secrets already replaced. */
  describe(): Record<string, unknown>;
}

/** `{ type: <class name>, ...describe() }`, undefined fields left out. */
export function jsonOf(self: SafeDescribed): Record<string, unknown> {
  const view = self.describe();
  return { type: self.constructor.name, ...Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) };
}

/** `ClassName { ...describe() }` in `util.inspect`'s own style (nested values inspected with the same options). */
export function inspectOf(self: SafeDescribed, depth: number, options: { depth?: number | null }, inspect?: Inspect): string {
  const view = Object.fromEntries(Object.entries(self.describe()).filter(([, v]) => v !== undefined));
  if (depth < 0) return `[${self.constructor.name}]`;
  const text = inspect ? inspect(view, { ...options, depth: options.depth == null ? options.depth : options.depth - 1 }) : JSON.stringify(view);
  return `${self.constructor.name} ${text}`;
}

/**
 * Base of every class that holds a secret: `JSON.stringify` and `util.inspect` show
 * {@link SafelyShown.describe}, never the fields themselves.
 */
export abstract class SafelyShown implements SafeDescribed {
  /** The fields worth showing, secrets already replaced. */
  abstract describe(): Record<string, unknown>;

  /** The non-secret settings, for `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return jsonOf(this);
  }

  [INSPECT_CUSTOM](depth: number, options: { depth?: number | null }, inspect?: Inspect): string {
    return inspectOf(this, depth, options, inspect);
  }
}
