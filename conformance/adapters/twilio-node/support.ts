/**
 * What the twilio-node driver's families share: the outcomes other than "the library answered",
 * the readers of JSON.parse'd case input (positional and option-object arguments, the object-API
 * quirks `optionsAbsent`, `optionsValue` and `setAfter`) and running a planned case under the
 * frozen clock.
 */
import type { CaseOutput, CaseResult, ErrorOutput } from '../../protocol/types.ts';
import { withFrozenClock } from './clock.ts';

/** The case cannot be expressed through twilio-node's API (reported as `skipped`). */
export class Skip extends Error {}

/** The driver itself went wrong (reported as `errored`, never as the library's rejection). */
export class DriverFault extends Error {}

// ---------------------------------------------------------------------------------------------
// Small helpers over JSON.parse'd input.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function has(obj: JsonObject, key: string): boolean {
  return Object.hasOwn(obj, key);
}

/** Refuse keys this driver does not map: guessing their meaning could fake a pass or a failure. */
export function checkKeys(obj: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new Skip(`input key "${key}"${where ? ` (in ${where})` : ''} is not modelled by the twilio-node driver`);
    }
  }
}

export function asObject(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new Skip(`${where} must be an object in the node vocabulary`);
  return value;
}

export function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Skip(`${where} must be an array in the node vocabulary`);
  return value;
}

export function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Skip(`${where} must be a string in the node vocabulary`);
  return value;
}

/** Copy the listed keys that are present; absent keys stay absent (not `undefined`). */
export function pick(obj: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (has(obj, key)) out[key] = obj[key];
  return out;
}

/**
 * Positional arguments where an absent value is "not passed": trailing absent ones are dropped,
 * inner ones become `undefined` (the only way JavaScript can skip a position).
 */
export function positional(slots: ReadonlyArray<{ present: boolean; value?: unknown }>): unknown[] {
  let end = slots.length;
  while (end > 0 && !slots[end - 1].present) end--;
  return slots.slice(0, end).map((slot) => (slot.present ? slot.value : undefined));
}

export function slot(obj: JsonObject, key: string): { present: boolean; value?: unknown } {
  return has(obj, key) ? { present: true, value: obj[key] } : { present: false };
}

/**
 * The options argument of a constructor: the listed keys of `obj`, unless a quirk key replaces
 * it: `optionsAbsent: true` passes no argument, `optionsValue: X` passes X itself.
 */
export function optionsArgument(obj: JsonObject, keys: readonly string[], where: string): { present: boolean; value?: unknown } {
  const absent = has(obj, 'optionsAbsent') ? obj.optionsAbsent : false;
  if (typeof absent !== 'boolean') throw new Skip(`${where}optionsAbsent must be a boolean`);
  const replaced = has(obj, 'optionsValue');
  if (absent || replaced) {
    const clash = keys.filter((key) => has(obj, key));
    if (absent && replaced) throw new Skip(`${where}optionsAbsent and optionsValue contradict each other`);
    if (clash.length > 0) {
      throw new Skip(`${where}${absent ? 'optionsAbsent' : 'optionsValue'} contradicts option keys ${clash.join(', ')}`);
    }
    return absent ? { present: false } : { present: true, value: obj.optionsValue };
  }
  return { present: true, value: pick(obj, keys) };
}

/**
 * The `setAfter` quirk: properties assigned on the library object after construction. Only own
 * data properties the constructor created may be assigned, so a misspelt or foreign name skips
 * instead of silently adding a property the library never reads. `collections` are the arrays
 * the add-calls fill; replacing one would depend on call order the vocabulary does not state.
 */
export function planSetAfter(value: unknown, where: string, collections: readonly string[]): (target: object) => void {
  const assignments = Object.entries(asObject(value, `${where}setAfter`));
  return (target) => {
    for (const [key, newValue] of assignments) {
      const own = Object.getOwnPropertyDescriptor(target, key);
      if (!own || !('value' in own) || typeof own.value === 'function' || collections.includes(key)) {
        throw new Skip(`${where}setAfter.${key} is not an assignable property of the twilio-node object`);
      }
      (target as JsonObject)[key] = newValue;
    }
  };
}

/** twilio-node's rejection, as the protocol reports it. */
export function libraryError(error: unknown): ErrorOutput {
  if (typeof error === 'object' && error !== null) {
    const ctorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
    const message = (error as { message?: unknown }).message;
    return {
      type: typeof ctorName === 'string' ? ctorName : 'Object',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { type: typeof error, message: String(error) };
}

export function tokenString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new DriverFault(`${what} returned ${typeof value}, not a token string`);
  return value;
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** A case planned into library calls; it runs under the frozen clock. */
export type Plan = () => CaseOutput;

/** Run a plan; whatever the library throws is its answer, Skip and DriverFault pass through. */
export function runPlan(clockMs: number, plan: Plan): CaseResult {
  try {
    return { output: withFrozenClock(clockMs, plan) };
  } catch (error) {
    if (error instanceof Skip || error instanceof DriverFault) throw error;
    return { output: { error: libraryError(error) } };
  }
}
