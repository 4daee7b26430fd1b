import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonParseError, MAX_JSON_DEPTH, parseLossless } from '../../../reference/json/parse.ts';
import { formatLossless, stringifyLossless, toJavaScript } from '../../../reference/json/stringify.ts';
import { JsonNumber, JsonObject } from '../../../reference/json/value.ts';

describe('parseLossless', () => {
  it('reads what JSON.parse reads, and gives the same JavaScript value', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        expect(toJavaScript(parseLossless(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts and rejects exactly the texts JSON.parse accepts and rejects', () => {
    const nearJson = fc.oneof(
      fc.string(),
      fc.json().map((t) => t.slice(0, -1)),
      fc.json().map((t) => `${t},`),
      fc.constantFrom('01', '-', '1.', '.5', '1e', '+1', 'tru', '"\\x"', '"a\nb"', '[1,]', '{"a":1,}', '{"a"}', 'nul', ' 1 ', '\u00a01', '[1]x', '"\\u12"', '"\\ud800"'),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        let native: unknown;
        let nativeOk = true;
        try {
          native = JSON.parse(text);
        } catch {
          nativeOk = false;
        }
        let oursOk = true;
        try {
          const v = parseLossless(text);
          if (nativeOk) expect(toJavaScript(v)).toEqual(native);
        } catch (e) {
          expect(e).toBeInstanceOf(JsonParseError);
          oursOk = false;
        }
        expect(oursOk).toBe(nativeOk);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads strings exactly as JSON.parse does: escapes, raw controls, surrogates, bad escapes', () => {
    const PIECES = ['a', ' ', '\u00e9', '\ud83c\udf89', '\ud800', '\udc00', '\n', '\u0001', '\u001f', '\\n', '\\"', '\\\\', '\\/', '\\b', '\\u00e9', '\\ud800', '\\uDC00', '\\x', '\\u12', '\\u12g4', '\\', '"'];
    const stringText = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => `"${p.join('')}"`);
    const text = fc.oneof(
      stringText,
      stringText.map((t) => `{${t}:[${t},1]}`),
      fc.string({ unit: 'binary', maxLength: 6 }).map((x) => JSON.stringify(x)),
    );
    fc.assert(
      fc.property(text, (t) => {
        let native: unknown;
        try {
          native = JSON.parse(t);
        } catch {
          expect(() => parseLossless(t)).toThrow(JsonParseError);
          return;
        }
        expect(stringifyLossless(parseLossless(t))).toBe(JSON.stringify(native));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps number text, big integers, key order and duplicate keys', () => {
    const v = parseLossless('{"2":1,"b":3600.0,"1":100000000000000000000,"b":1E2,"n":-0}') as JsonObject;
    expect(v.entries.map(([k]) => k)).toEqual(['2', 'b', '1', 'b', 'n']);
    expect((v.entries[1][1] as JsonNumber).text).toBe('3600.0');
    expect((v.get('1') as JsonNumber).text).toBe('100000000000000000000');
    expect((v.get('b') as JsonNumber).text).toBe('1E2');
    expect(v.keys()).toEqual(['2', 'b', '1', 'n']);
    expect(stringifyLossless(v)).toBe('{"2":1,"b":3600.0,"1":100000000000000000000,"b":1E2,"n":-0}');
    // JavaScript's reading moves integer-like keys first and lets the last duplicate win.
    expect(Object.keys(toJavaScript(v) as object)).toEqual(['1', '2', 'b', 'n']);
  });

  it('keeps lone surrogates as code units', () => {
    expect(parseLossless('"a\\ud800b\\udc00"')).toBe('a\ud800b\udc00');
    expect(parseLossless('"\\ud83c\\udf89"')).toBe('\ud83c\udf89');
  });

  it('round-trips through stringify and the pretty printer without loss', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const v = parseLossless(text);
        expect(stringifyLossless(parseLossless(stringifyLossless(v)))).toBe(stringifyLossless(v));
        expect(stringifyLossless(parseLossless(formatLossless(v)))).toBe(stringifyLossless(v));
      }),
    );
  });

  it('refuses nesting deeper than its bound with a typed error instead of overflowing the stack', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 2) + ']'.repeat(MAX_JSON_DEPTH + 2);
    expect(() => parseLossless(deep)).toThrow(JsonParseError);
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(() => parseLossless(ok)).not.toThrow();
  });

  it('names the offset where reading stopped', () => {
    expect(() => parseLossless('{"a":1,}')).toThrow(/offset 7/);
  });
});
