/**
 * Go (go1.19) as twilio-go runs in it: a case input decoded by `encoding/json` into the typed
 * parameters and `map[string]interface{}` values twilio-go takes, and `json.Marshal` of the maps it
 * builds. The pieces live in `./go/`:
 *
 * - `json.ts`: `Marshal` (sorted map keys, HTML-safe escaping, U+2028/2029, float64 texts,
 *   invalid UTF-8) and Go's string order.
 *
 * Go has no integers in what twilio-go reads or writes: every JSON number is a float64 (a
 * JavaScript `number`); objects are maps (their order is irrelevant: Marshal sorts).
 */
import { JsonNumber, JsonObject, type JsonValue } from '../json/value.ts';
import type { HostMap, HostValue } from './host.ts';
import { UnsupportedInput, type Lang } from './lang.ts';
import { goJsonEncode } from './go/json.ts';

export * from './go/json.ts';

const LONE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const HAS_LONE_SURROGATE = new RegExp(LONE);
const LONE_SURROGATES = new RegExp(LONE, 'g');

/**
 * A string as a Go program holds it: `encoding/json` decodes an unpaired surrogate escape
 * (`"\ud800"`) to U+FFFD, and so does Go's `string(rune)` conversion of a surrogate.
 */
export function goString(s: string): string {
  return HAS_LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s;
}

/**
 * A JSON number as `encoding/json` decodes it into a float64 (correctly rounded, as JavaScript's
 * `Number` is). Beyond float64's range the decoder refuses it ("cannot unmarshal number ... into
 * Go value of type float64"): no Go program receives such a value.
 */
export function goNumber(text: string): number {
  const x = Number(text);
  if (!Number.isFinite(x)) throw new UnsupportedInput(`the number ${text.length > 40 ? `${text.slice(0, 40)}...` : text} is beyond float64's range: encoding/json refuses it`);
  return x;
}

/** `json.Unmarshal` into `interface{}` of an input value: float64 numbers, maps (the last duplicate key wins). */
export function goFromJson(v: JsonValue): HostValue {
  if (typeof v === 'string') return goString(v);
  if (v instanceof JsonNumber) return goNumber(v.text);
  if (Array.isArray(v)) return v.map(goFromJson);
  if (v instanceof JsonObject) {
    const m: HostMap = new Map();
    for (const [k, x] of v.entries) m.set(goString(k), goFromJson(x));
    return m;
  }
  return v;
}

/** A value given by a TypeScript caller: numbers (and bigints) are float64, objects maps. */
export function goFromNative(v: unknown): HostValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`${v} is not a JSON number (json.Marshal refuses NaN and ±Inf)`);
    return v;
  }
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(goFromNative);
  if (typeof v === 'object') {
    const m: HostMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) m.set(goString(k), goFromNative(x));
    return m;
  }
  throw new TypeError(`cannot use a ${typeof v} as a token input value`);
}

/**
 * Go has no truthiness: twilio-go tests a field against its zero value (`!= ""`, `!= 0`, a bool
 * itself) or a map by its length (`len(m) != 0`). This is that test for the values it meets.
 */
export function goNonZero(v: HostValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

/**
 * Go (go1.19) as twilio-go calls it: `time.Now().Unix()` (floored seconds) as a float64,
 * float64 arithmetic, `json.Marshal`.
 */
export const go: Lang = {
  name: 'go',
  fromJson: goFromJson,
  fromNative: goFromNative,
  truthy: goNonZero,
  // twilio-go turns one number into text, the jti's seconds: strconv.Itoa(int(now)).
  str: (v) => (typeof v === 'number' ? String(Math.trunc(v)) : typeof v === 'string' ? v : goJsonEncode(v ?? null)),
  nowSeconds: (ms) => Math.floor(ms / 1000),
  add: (now, ttl) => (now as number) + ((ttl as number | undefined) ?? 0),
  // Marshal sorts every map's keys: there is no other order.
  stringify: (v) => goJsonEncode(v),
  safeInteger: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined),
};
