import { JsonNumber, JsonObject, type JsonValue } from './value.ts';

/** A JSON text that is not valid JSON (RFC 8259), with the offset where reading stopped. */
export class JsonParseError extends Error {
  override name = 'JsonParseError';
  readonly code = 'ERR_JSON_PARSE';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
  }
}

/** Nesting deeper than this is refused rather than risking the stack on hostile input. */
export const MAX_JSON_DEPTH = 512;

// The first character that ends a plain run inside a string: a quote, a backslash or a control.
const STRING_END = /["\\\x00-\x1f]/g;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** The index of the quote closing a string whose first backslash is at `from`, or -1. */
function escapedStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

/**
 * Parse JSON text into a {@link JsonValue} without losing number text, key order or duplicates.
 * Accepts exactly what `JSON.parse` accepts; strings keep lone surrogates as UTF-16 code units.
 */
export function parseLossless(text: string): JsonValue {
  let pos = 0;

  const fail = (msg: string): never => {
    throw new JsonParseError(msg, pos);
  };

  const skipWs = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };

  // Strings are read by the engine where that is exact: a run with no escape or control
  // character is a slice, and one with escapes is JSON.parse'd (which keeps lone surrogates as
  // code units, as this parser does). Anything JSON.parse refuses goes through the loop below,
  // which says where and why.
  const parseString = (): string => {
    STRING_END.lastIndex = pos + 1;
    const stop = STRING_END.exec(text);
    if (stop && stop[0] === '"') {
      const s = text.slice(pos + 1, stop.index);
      pos = stop.index + 1;
      return s;
    }
    if (stop && stop[0] === '\\') {
      const end = escapedStringEnd(text, stop.index);
      if (end !== -1) {
        try {
          const s = JSON.parse(text.slice(pos, end + 1)) as string;
          pos = end + 1;
          return s;
        } catch {
          /* an invalid escape: the loop below reports it */
        }
      }
    }
    return parseStringSlowly();
  };

  const parseStringSlowly = (): string => {
    // Caller has checked the opening quote.
    pos++;
    let out = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunkStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(chunkStart, pos);
      const e = text[pos + 1];
      pos += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          pos -= 1;
          fail('bad escape');
      }
      chunkStart = pos;
    }
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > MAX_JSON_DEPTH) fail(`nesting deeper than ${MAX_JSON_DEPTH}`);
    skipWs();
    const c = text[pos];
    switch (c) {
      case '{': {
        pos++;
        const entries: Array<[string, JsonValue]> = [];
        skipWs();
        if (text[pos] === '}') {
          pos++;
          return new JsonObject(entries);
        }
        for (;;) {
          skipWs();
          if (text[pos] !== '"') fail('expected a string key');
          const key = parseString();
          skipWs();
          if (text[pos] !== ':') fail("expected ':'");
          pos++;
          entries.push([key, parseValue(depth + 1)]);
          skipWs();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === '}') {
            pos++;
            return new JsonObject(entries);
          }
          fail("expected ',' or '}'");
        }
      }
      case '[': {
        pos++;
        const items: JsonValue[] = [];
        skipWs();
        if (text[pos] === ']') {
          pos++;
          return items;
        }
        for (;;) {
          items.push(parseValue(depth + 1));
          skipWs();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === ']') {
            pos++;
            return items;
          }
          fail("expected ',' or ']'");
        }
      }
      case '"':
        return parseString();
      case 't':
        if (text.startsWith('true', pos)) {
          pos += 4;
          return true;
        }
        return fail('unexpected token');
      case 'f':
        if (text.startsWith('false', pos)) {
          pos += 5;
          return false;
        }
        return fail('unexpected token');
      case 'n':
        if (text.startsWith('null', pos)) {
          pos += 4;
          return null;
        }
        return fail('unexpected token');
      default: {
        NUMBER_RE.lastIndex = pos;
        const m = NUMBER_RE.exec(text);
        if (!m) return fail(pos >= text.length ? 'unexpected end of input' : 'unexpected token');
        pos += m[0].length;
        return new JsonNumber(m[0]);
      }
    }
  };

  const value = parseValue(0);
  skipWs();
  if (pos !== text.length) fail('unexpected text after the value');
  return value;
}
