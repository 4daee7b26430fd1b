/**
 * Java 17 (OpenJDK 17.0.15) as twilio-java 12 runs in it, with Jackson writing JSON. The pieces
 * live in `./java/`:
 *
 * - `hash-map.ts`: `String.hashCode` and `java.util.HashMap`'s iteration order.
 * - `json.ts`: Jackson's compact output (string escaping, numbers, maps in iteration order).
 * - `numbers.ts`: wrapping `int` multiplication, `float` rounding, saturating casts, `long`
 *   division, `Double.toString`.
 * - `url.ts`: `String.getBytes(UTF_8)` and `URLEncoder.encode`.
 *
 * Every rule is checked against facts printed by the JDK itself (test/reference/lang/java.test.ts).
 */
import { JsonNumber, JsonObject, type JsonValue } from '../json/value.ts';
import { MAX_SAFE, MIN_SAFE, type HostMap, type HostValue } from './host.ts';
import { UnsupportedInput, type Lang } from './lang.ts';
import { inHashMapOrder } from './java/hash-map.ts';
import { jacksonWrite } from './java/json.ts';
import { doubleToInt, floatDiv } from './java/numbers.ts';

export * from './java/hash-map.ts';
export * from './java/json.ts';
export * from './java/numbers.ts';
export * from './java/url.ts';

/**
 * A JSON input as a Java program reading it with Jackson holds it (the oracle README's java
 * vocabulary): integer text as `Integer`/`Long`/`BigInteger` (bigint), other numbers as `Double`,
 * objects as `HashMap`s filled in input order (so held here in HashMap iteration order), arrays
 * as lists. A duplicate key keeps its first place and takes the last value, as `put` does.
 */
export function javaFromJson(v: JsonValue): HostValue {
  if (v instanceof JsonNumber) return v.isIntegerText ? BigInt(v.text) : Number(v.text);
  if (Array.isArray(v)) return v.map(javaFromJson);
  if (v instanceof JsonObject) {
    const m: HostMap = new Map();
    for (const [k, x] of v.entries) m.set(k, javaFromJson(x));
    return inHashMapOrder(m);
  }
  return v;
}

/** A value given by a TypeScript caller: integral numbers are `Long`s, others `Double`s, objects `HashMap`s. */
export function javaFromNative(v: unknown): HostValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(javaFromNative);
  if (typeof v === 'object') {
    const m: HostMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) m.set(k, javaFromNative(x));
    return inHashMapOrder(m);
  }
  throw new TypeError(`cannot use a ${typeof v} as a token input value`);
}

/** `String.valueOf(v)` / string concatenation: `null`, `true`, decimal integers. */
function javaStr(v: HostValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  throw new UnsupportedInput('Java string conversion of a double, list or map is not modelled');
}

/** The AccessToken jti's seconds, `(int) Math.floor(nowMs / 1000.0f)`: see {@link java}'s `nowSeconds`. */
export const jtiSeconds = (ms: number): number => doubleToInt(Math.floor(floatDiv(ms, 1000)));

/**
 * Java as twilio-java uses it. Java has no truthiness: `truthy` is "not null", the test its
 * helpers make. `nowSeconds` is the AccessToken jti's `(int) Math.floor(nowMs / 1000.0f)`, a float
 * division that can lag or lead the clock by tens of seconds and saturates at 2^31 − 1.
 */
export const java: Lang = {
  name: 'java',
  fromJson: javaFromJson,
  fromNative: javaFromNative,
  truthy: (v) => v !== undefined && v !== null,
  str: javaStr,
  nowSeconds: (ms) => BigInt(jtiSeconds(ms)),
  add: () => {
    throw new UnsupportedInput('twilio-java adds the ttl in milliseconds with int arithmetic; its rules do that themselves');
  },
  // No key sorting: maps are already in their iteration order.
  stringify: (v) => jacksonWrite(v),
  safeInteger: (v) => (typeof v === 'bigint' && v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : undefined),
};
