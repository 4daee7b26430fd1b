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
 * A string as a Go program holds it after `encoding/json`: an unpaired surrogate escape
 * (`"\ud800"`) decodes to U+FFFD, as Go's `string(rune)` conversion of a surrogate does.
 */
export function goString(s: string): string {
  return HAS_LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s;
}

/**
 * An input string for a Go program. One with an unpaired surrogate would reach twilio-go as
 * U+FFFD, another input than the case's: an adapter answers it skipped (docs/adapter-guide.md,
 * "Unpaired surrogates"), and so does the reference.
 */
function goInputString(s: string): string {
  if (HAS_LONE_SURROGATE.test(s)) throw new UnsupportedInput('a string with an unpaired surrogate, which a Go string cannot hold (encoding/json would read U+FFFD)');
  return s;
}

/**
 * A JSON number as `encoding/json` decodes it into a float64 (correctly rounded, as JavaScript's
 * `Number` is). An integer float64 cannot hold exactly would reach twilio-go as another number,
 * so it is not expressible (docs/adapter-guide.md, "Integers the language cannot hold"); beyond
 * float64's range the decoder refuses the number outright.
 */
export function goNumber(text: string, integerText = /^-?\d+$/.test(text)): number {
  const x = Number(text);
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  if (!Number.isFinite(x)) throw new UnsupportedInput(`the number ${shown} is beyond float64's range: encoding/json refuses it`);
  if (integerText && !Number.isSafeInteger(x) && BigInt(text) !== BigInt(x)) throw new UnsupportedInput(`the integer ${shown} is not exactly a float64, the only number twilio-go takes`);
  return x;
}

/** `json.Unmarshal` into `interface{}` of an input value: float64 numbers, maps (the last duplicate key wins). */
export function goFromJson(v: JsonValue): HostValue {
  if (typeof v === 'string') return goInputString(v);
  if (v instanceof JsonNumber) return goNumber(v.text, v.isIntegerText);
  if (Array.isArray(v)) return v.map(goFromJson);
  if (v instanceof JsonObject) {
    const m: HostMap = new Map();
    for (const [k, x] of v.entries) m.set(goInputString(k), goFromJson(x));
    return m;
  }
  return v;
}

/** A value given by a TypeScript caller: numbers (and bigints float64 holds exactly) are float64, objects maps. */
export function goFromNative(v: unknown): HostValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return goInputString(v);
  // A float64 holds NaN and ±Inf too (Marshal then returns an error).
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return goNumber(v.toString(), true);
  if (Array.isArray(v)) return v.map(goFromNative);
  if (typeof v === 'object') {
    const m: HostMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) m.set(goInputString(k), goFromNative(x));
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
