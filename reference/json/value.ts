/**
 * A lossless JSON value: what the text said, before any language's rules are applied.
 *
 * `JSON.parse` into plain objects loses three things that change the bytes a Twilio library emits:
 * the number text (`3600.0` is a float in Python and Ruby), integers beyond 2^53, and key order
 * (a JavaScript object moves integer-like keys first). This model keeps all three, and duplicate
 * keys too; each language profile then decides what they mean.
 */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A number exactly as written in the source text, e.g. `3600.0`, `1e3`, `100000000000000000000`. */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** True when the text has no fraction or exponent, i.e. Python and Ruby read it as an integer. */
  get isIntegerText(): boolean {
    return !/[.eE]/.test(this.text);
  }

  toString(): string {
    return this.text;
  }
}

/** An object with its members in written order, duplicates included. */
export class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonValue]>) {}

  /** The value a parser that lets the last duplicate win would keep (all three languages do). */
  get(key: string): JsonValue | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i][0] === key) return this.entries[i][1];
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.entries.some(([k]) => k === key);
  }

  /** Distinct keys in order of first appearance. */
  keys(): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const [k] of this.entries) {
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
    }
    return out;
  }
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v instanceof JsonObject;
}

export function isJsonNumber(v: JsonValue | undefined): v is JsonNumber {
  return v instanceof JsonNumber;
}
