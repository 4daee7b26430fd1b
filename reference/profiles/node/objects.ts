/**
 * The few JavaScript object semantics twilio-node's capability classes lean on: reading an options
 * argument, `Object.entries`, `Array.prototype.join`, and assigning an object's own properties.
 */
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { javascript, jsKeyOrder } from '../../lang/javascript.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';

/** A JavaScript value as a library object holds it: `undefined` is a value of its own there. */
export type JsValue = HostValue | undefined;

/**
 * The options argument a constructor receives, per the node vocabulary: the listed keys of the
 * input (absent ones stay absent), unless `optionsAbsent: true` passes none or `optionsValue: X`
 * passes X itself. Contradictory combinations cannot be expressed and are refused.
 */
export function optionsArgument(values: Map<string, HostValue>, keys: readonly string[], where: string): { present: false } | { present: true; value: HostValue } {
  const absent = values.has('optionsAbsent') ? values.get('optionsAbsent') : false;
  if (typeof absent !== 'boolean') throw new UnsupportedInput(`${where}optionsAbsent must be a boolean`);
  const replaced = values.has('optionsValue');
  if (absent || replaced) {
    if (absent && replaced) throw new UnsupportedInput(`${where}optionsAbsent and optionsValue contradict each other`);
    const clash = keys.filter((k) => values.has(k));
    if (clash.length) throw new UnsupportedInput(`${where}${absent ? 'optionsAbsent' : 'optionsValue'} contradicts option keys ${clash.join(', ')}`);
    return absent ? { present: false } : { present: true, value: values.get('optionsValue')! };
  }
  const picked: HostMap = new Map();
  for (const k of keys) if (values.has(k)) picked.set(k, values.get(k)!);
  return { present: true, value: picked };
}

/** `options.name` for whatever the options value is: only an object has the option properties. */
export function property(options: JsValue, name: string): JsValue {
  return isHostMap(options) ? options.get(name) : undefined;
}

/** `Array.prototype.join`: `null` and `undefined` become empty, anything else `String(x)`. */
export function jsJoin(items: readonly JsValue[], separator: string): string {
  return items.map((x) => (x === undefined || x === null ? '' : javascript.str(x))).join(separator);
}

/**
 * `Object.entries(v)` (and, by its length, `Object.keys`): an object's keys in JavaScript order, an
 * array's or string's indices (a string by UTF-16 unit), nothing for other primitives, and the
 * `TypeError` for `null`/`undefined`.
 */
export function jsEntries(v: JsValue): Array<[string, JsValue]> {
  if (v === undefined || v === null) throw new LibraryError('TypeError', 'Cannot convert undefined or null to object');
  if (isHostMap(v)) return jsKeyOrder(v).map((k) => [k, v.get(k)]);
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  if (typeof v === 'string') return Array.from({ length: v.length }, (_, i) => [String(i), v[i]]);
  return [];
}

/** `typeof v === "object"` (true for `null`, arrays and objects). */
export function isTypeofObject(v: JsValue): boolean {
  return v === null || Array.isArray(v) || isHostMap(v);
}

/** The `setAfter` quirk's value must be an object of property writes; checked when the case is read. */
export function checkWrites(writes: HostValue | undefined, where: string): HostMap | undefined {
  if (writes === undefined) return undefined;
  if (!isHostMap(writes)) throw new UnsupportedInput(`${where}setAfter must be an object`);
  return writes;
}

/**
 * Property assignments made on a library object after construction (the `setAfter` quirk). Only
 * the object's own data properties may be assigned, except the collections its add-calls fill;
 * anything else would be a property the library never reads, which the vocabulary cannot mean.
 */
export function assignProperties(target: Map<string, JsValue>, writes: HostMap | undefined, where: string, collections: readonly string[] = []): void {
  for (const [k, v] of writes ?? []) {
    if (!target.has(k) || collections.includes(k)) throw new UnsupportedInput(`${where}setAfter.${k} is not an assignable property of the twilio-node object`);
    target.set(k, v);
  }
}
