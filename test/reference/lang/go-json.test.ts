/**
 * The Go language model (reference/lang/go.ts) against what does not come from it: the texts
 * twilio-go wrote in the shared oracle's recordings (every recorded header and payload, decoded and
 * written again, byte for byte), and Go's documented rules for encoding/json: floats formatted as
 * ES6 formats numbers (so JavaScript's own `String(x)` is the independent check), strings coerced
 * to valid UTF-8 byte by byte, map keys sorted by bytes, surrogate escapes decoded to U+FFFD.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostValue } from '../../../reference/lang/host.ts';
import { go, goFloat, goFromJson, goJsonEncode, goQuote, goQuoteBytes, goSortedKeys, goString } from '../../../reference/lang/go.ts';
import { LibraryError, UnsupportedInput } from '../../../reference/lang/lang.ts';
import { parseLossless } from '../../../reference/json/parse.ts';
import { HAS_SHARED, SHARED } from '../../helpers/shared.ts';

/** A decoded JSON value as Go's interface{} holds it: maps, float64. */
const host = (v: unknown): HostValue => (Array.isArray(v) ? v.map(host) : v !== null && typeof v === 'object' ? new Map(Object.entries(v).map(([k, x]) => [k, host(x)])) : (v as HostValue));

describe('Go encoding/json model', () => {
  it.skipIf(!HAS_SHARED)('writes every header and payload twilio-go recorded, byte for byte, from its decoded value', () => {
    let checked = 0;
    for (const family of ['access_token', 'taskrouter_capability']) {
      const file = join(SHARED, 'oracle', 'go', `${family}.json`);
      if (!existsSync(file)) continue;
      for (const c of JSON.parse(readFileSync(file, 'utf8')).cases as Array<{ id: string; output: { headerJson?: string; payloadJson?: string } }>) {
        for (const text of [c.output.headerJson, c.output.payloadJson]) {
          if (text === undefined) continue;
          expect(goJsonEncode(host(JSON.parse(text))), c.id).toBe(text);
          checked++;
        }
      }
    }
    // 90 + 29 tokens, header and payload each.
    expect(checked).toBe(238);
  });

  it('the float texts of the recordings: 1e21 and up and below 1e-6 in exponent form', () => {
    expect(goFloat(1e21)).toBe('1e+21');
    expect(goFloat(1.0000000000017e21)).toBe('1.0000000000017e+21');
    expect(goFloat(1e-7)).toBe('1e-7');
    expect(goFloat(1)).toBe('1');
    expect(goFloat(1700003600.5)).toBe('1700003600.5');
    expect(goFloat(-1.25)).toBe('-1.25');
    expect(goFloat(11700000000)).toBe('11700000000');
    expect(goFloat(-0)).toBe('-0');
    expect(goFloat(1e20)).toBe('100000000000000000000');
    expect(goFloat(0.000001)).toBe('0.000001');
    expect(goFloat(1.5e-10)).toBe('1.5e-10');
    expect(goFloat(-2.5e300)).toBe('-2.5e+300');
    // Marshal's error for them, which golang-jwt's SignedString and so ToJwt return.
    expect(() => goFloat(NaN)).toThrow(new LibraryError('*json.UnsupportedValueError', 'json: unsupported value: NaN'));
    expect(() => goFloat(-Infinity)).toThrow(/^json: unsupported value: -Inf$/);
  });

  it('formats every finite float64 as ES6 does (encoding/json: "as if by ES6 number to string conversion"), -0 apart', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(goFloat(x)).toBe(Object.is(x, -0) ? '-0' : String(x));
      }),
      { numRuns: 5000 },
    );
  });

  it('escapes < > & U+2028 U+2029 and control characters as Go 1.19 does, lower-case hex, no \\b or \\f', () => {
    expect(goQuote('a<b>&c')).toBe('"a\\u003cb\\u003e\\u0026c"');
    expect(goQuote('line\nbreak\ttab\u0001\u2028end')).toBe('"line\\nbreak\\ttab\\u0001\\u2028end"');
    expect(goQuote('\b\f\r\u001f\u2029')).toBe('"\\u0008\\u000c\\r\\u001f\\u2029"');
    expect(goQuote('"\\/\u007f\u0080é🎉\ufeff')).toBe('"\\"\\\\/\u007f\u0080é🎉\ufeff"');
  });

  it('writes text JSON.parse reads back as the same string, for strings Go can hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
        const text = goQuote(s);
        expect(JSON.parse(text)).toBe(s);
        // Nothing HTML-special or a line separator is left raw.
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('replaces each invalid UTF-8 byte with \\ufffd and keeps a valid U+FFFD raw', () => {
    const q = (...bytes: number[]): string => goQuoteBytes(Uint8Array.from(bytes));
    expect(q(0x61, 0xff, 0x62)).toBe('"a\\ufffdb"');
    // A truncated three-byte sequence, an overlong NUL, a UTF-16 surrogate, a code point past U+10FFFF.
    expect(q(0xe2, 0x82)).toBe('"\\ufffd\\ufffd"');
    expect(q(0xc0, 0x80)).toBe('"\\ufffd\\ufffd"');
    expect(q(0xed, 0xa0, 0x80)).toBe('"\\ufffd\\ufffd\\ufffd"');
    expect(q(0xf4, 0x90, 0x80, 0x80)).toBe('"\\ufffd\\ufffd\\ufffd\\ufffd"');
    expect(q(0xef, 0xbf, 0xbd)).toBe('"\ufffd"');
    expect(q(0xe2, 0x80, 0xa8)).toBe('"\\u2028"');
    // Valid UTF-8 is written as the same bytes.
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
        expect(Buffer.from(JSON.parse(goQuoteBytes(Buffer.from(s, 'utf8'))) as string, 'utf8').equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
    );
  });

  it('sorts map keys by their UTF-8 bytes, not by UTF-16 units', () => {
    const keys = ['\u{1f389}', '\uffff', 'b', 'a', 'B', '', 'ab', '\u00e9', '\ue000'];
    const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(goSortedKeys(keys)).toEqual(byBytes);
    expect(goSortedKeys(['\u{10000}', '\uffff'])).toEqual(['\uffff', '\u{10000}']);
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme-composite', maxLength: 4 }), { maxLength: 8 }), (ks) => {
        expect(goSortedKeys(ks)).toEqual([...ks].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('decodes input as encoding/json does (float64 numbers, the last duplicate key winning) and refuses what would reach Go as another input', () => {
    // encoding/json: "invalid UTF-16 surrogate pairs ... are replaced by the Unicode replacement character U+FFFD".
    expect(goString('\ud800A\udc00')).toBe('\ufffdA\ufffd');
    expect(goString('\ud83c\udf89')).toBe('\ud83c\udf89');
    expect(goFromJson(parseLossless('{"b":1.0,"a":"x\\ud83c\\udf89","b":2}'))).toEqual(
      new Map<string, HostValue>([
        ['b', 2],
        ['a', 'x\ud83c\udf89'],
      ]),
    );
    // So an unpaired surrogate, or an integer float64 does not hold exactly, is answered skipped (adapter guide).
    expect(() => goFromJson(parseLossless('"x\\ud800"'))).toThrow(UnsupportedInput);
    expect(() => goFromJson(parseLossless('12345678901234567890'))).toThrow(UnsupportedInput);
    expect(goFromJson(parseLossless('100000000000000000000'))).toBe(1e20);
    expect(goFromJson(parseLossless('9007199254740992'))).toBe(2 ** 53);
    expect(() => goFromJson(parseLossless('9007199254740993'))).toThrow(UnsupportedInput);
    expect(() => goFromJson(parseLossless('1e400'))).toThrow(UnsupportedInput);
    expect(go.add(1700000000, 3600.5)).toBe(1700003600.5);
    expect(go.nowSeconds(-1500)).toBe(-2);
  });
});
