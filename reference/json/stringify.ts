import { JsonNumber, JsonObject, type JsonValue } from './value.ts';

/**
 * Write a {@link JsonValue} back as compact JSON text with nothing lost: members in written order
 * (duplicates too) and numbers exactly as written. Strings are escaped as `JSON.stringify` does,
 * which keeps lone surrogates as `\udXXX` escapes.
 */
export function stringifyLossless(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(stringifyLossless).join(',')}]`;
  if (value instanceof JsonObject) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyLossless(v)}`).join(',')}}`;
  }
  throw new TypeError('not a JSON value');
}

/**
 * Read a {@link JsonValue} the way JavaScript's `JSON.parse` would: integer-like keys first, the
 * last duplicate wins, numbers become doubles. Routing through `JSON.parse` itself keeps every
 * corner (`__proto__` keys, number rounding) exactly as JavaScript has it.
 */
export function toJavaScript(value: JsonValue): unknown {
  return JSON.parse(stringifyLossless(value));
}
