import { JsonObject, type JsonValue } from '../json/value.ts';
import type { HostValue } from '../lang/host.ts';
import { UnsupportedInput, type Lang } from '../lang/lang.ts';

/** One entry of `input.helpers`: the library call it names and its other keys (absent = not passed). */
export interface HelperCall {
  call: string;
  keys: Map<string, HostValue>;
}

/** A `taskrouter_capability` case input read by one language. */
export interface TaskRouterArgs {
  /** Top-level keys other than `helpers`. */
  values: Map<string, HostValue>;
  helpers: HelperCall[];
}

/** The part of the vocabulary one library can express. */
export interface TaskRouterVocabulary {
  /** Top-level keys besides `helpers`. */
  keys: readonly string[];
  /** The helper calls the library has, each with the keys its entry may carry besides `call`. */
  helpers: Readonly<Record<string, readonly string[]>>;
}

function asObject(v: JsonValue | undefined, what: string): JsonObject {
  if (!(v instanceof JsonObject)) throw new UnsupportedInput(`${what} must be a JSON object`);
  return v;
}

/**
 * Read a `taskrouter_capability` input with one language's JSON rules, refusing (as unsupported)
 * any key or helper call the library's API does not have. `policies` (where a library's vocabulary
 * lists it) only records what the helpers added; it is read and not used.
 */
export function readTaskRouterInput(input: JsonValue, vocab: TaskRouterVocabulary, lang: Lang): TaskRouterArgs {
  const obj = asObject(input, 'taskrouter_capability input');
  const args: TaskRouterArgs = { values: new Map(), helpers: [] };
  for (const key of obj.keys()) {
    const raw = obj.get(key)!;
    if (key === 'helpers') {
      if (!Array.isArray(raw)) throw new UnsupportedInput('input.helpers must be a list');
      args.helpers = raw.map((h, i) => {
        const where = `input.helpers[${i}]`;
        const o = asObject(h, where);
        const call = o.get('call');
        if (typeof call !== 'string' || !Object.hasOwn(vocab.helpers, call)) {
          throw new UnsupportedInput(`${where}.call ${JSON.stringify(call)} is not a TaskRouter helper this library has`);
        }
        const keys = new Map<string, HostValue>();
        for (const k of o.keys()) {
          if (k === 'call') continue;
          if (!vocab.helpers[call].includes(k)) throw new UnsupportedInput(`${where}.${k} is not in this library's ${call} vocabulary`);
          keys.set(k, lang.fromJson(o.get(k)!));
        }
        return { call, keys };
      });
    } else if (vocab.keys.includes(key)) {
      args.values.set(key, lang.fromJson(raw));
    } else {
      throw new UnsupportedInput(`input key "${key}" is not in this library's taskrouter_capability vocabulary`);
    }
  }
  return args;
}
