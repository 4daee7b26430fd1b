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

/**
 * Pretty-print a {@link JsonValue} like `JSON.stringify(v, null, indent)` but losslessly: members
 * in written order and numbers exactly as written. Used for files people read and diff.
 */
export function formatLossless(value: JsonValue, indent = 2, depth = 0): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const end = ' '.repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + formatLossless(v, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (value instanceof JsonObject) {
    if (value.entries.length === 0) return '{}';
    const body = value.entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${formatLossless(v, indent, depth + 1)}`);
    return `{\n${body.join(',\n')}\n${end}}`;
  }
  return stringifyLossless(value);
}
