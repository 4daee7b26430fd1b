/**
 * One hand-written case per rule of the PHP language model, run without PHP. Every expected value
 * here was printed by Debian's php-cli 8.2 (precision=14, serialize_precision=-1); the generated
 * comparisons against the interpreter itself are in php-json, php-numbers and php-url.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseLossless } from '../../../reference/json/parse.ts';
import type { HostValue } from '../../../reference/lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../../reference/lang/lang.ts';
import {
  php,
  phpAdd,
  phpArrayMerge,
  phpCoerceArgument,
  phpFloatToString,
  phpFloatval,
  phpFromJson,
  phpHttpBuildQuery,
  phpIntval,
  phpIsNumeric,
  phpJsonDecode,
  phpJsonEncode,
  PhpJsonError,
  phpJsonFloat,
  PhpObject,
  phpRawurlencode,
  phpToString,
  phpTruthy,
  phpUrlencode,
} from '../../../reference/lang/php.ts';

const map = (...e: Array<[string, HostValue]>): Map<string, HostValue> => new Map(e);
const jsonError = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof PhpJsonError) return e.code;
    throw e;
  }
  return undefined;
};

describe('json_encode without flags', () => {
  it('escapes every / and all non-ASCII as lowercase \\uXXXX, astral characters as surrogate pairs; DEL stays', () => {
    expect(phpJsonEncode(['\x7f', 'é/🎉', '"\\\b\f\n\r\t\u0001'])).toBe('["\x7f","\\u00e9\\/\\ud83c\\udf89","\\"\\\\\\b\\f\\n\\r\\t\\u0001"]');
  });

  it("writes floats shortest, in PHP's layout, and ints apart from floats", () => {
    expect(phpJsonEncode([1e15, 10.0, -0, 0.1, 1e21, 1e-7, 3n, 1e17, 1e16, 0.0001, 1e-5])).toBe('[1000000000000000,10,-0,0.1,1.0e+21,1.0e-7,3,1.0e+17,10000000000000000,0.0001,1.0e-5]');
    expect(phpJsonFloat(0.30000000000000004)).toBe('0.30000000000000004');
    expect(phpJsonFloat(5e-324)).toBe('5.0e-324');
  });

  it('writes lists as arrays and everything else as objects: [] vs {}, key order kept', () => {
    expect(phpJsonEncode([[], new PhpObject(), map(['0', 1n], ['1', 2n]), map(['1', 1n], ['0', 2n]), new PhpObject([['0', 1n]])])).toBe('[[],{},[1,2],{"1":1,"0":2},{"0":1}]');
  });

  it('fails on INF/NAN (7), invalid UTF-8 such as a lone surrogate (5), and nesting beyond 512 (1)', () => {
    expect(jsonError(() => phpJsonEncode([NaN]))).toBe(7);
    expect(jsonError(() => phpJsonEncode('a\ud800'))).toBe(5);
    let deep: HostValue = [];
    for (let i = 0; i < 512; i++) deep = [deep];
    expect(jsonError(() => phpJsonEncode(deep))).toBe(1);
    // A later error wins over INF/NAN, which only records its code and goes on.
    expect(jsonError(() => phpJsonEncode([NaN, '\udc00']))).toBe(5);
    expect(jsonError(() => phpJsonEncode(map(['\ud800', NaN])))).toBe(7);
  });

  it('is what the php Lang stringifies with', () => {
    expect(php.stringify(map(['iss', 'SK/1'], ['exp', 1700003600n]))).toBe('{"iss":"SK\\/1","exp":1700003600}');
  });
});

describe('json_decode', () => {
  it('turns big integers into floats and keeps int64 exact', () => {
    expect(phpJsonDecode('[12345678901234567890,9223372036854775807,-9223372036854775808,-0,-0.0]')).toEqual([12345678901234567000, 9223372036854775807n, -9223372036854775808n, 0n, -0]);
  });

  it('lets the last duplicate win in the first one\'s place; associative {"0":..,"1":..} is a list', () => {
    expect(phpJsonEncode(phpJsonDecode('{"a":1,"b":2,"a":3}', { assoc: true }))).toBe('{"a":3,"b":2}');
    expect(phpJsonEncode(phpJsonDecode('{"0":"a","1":"b"}', { assoc: true }))).toBe('["a","b"]');
    expect(phpJsonEncode(phpJsonDecode('{"0":"a","1":"b"}'))).toBe('{"0":"a","1":"b"}');
    expect(phpJsonEncode(phpJsonDecode('{}', { assoc: true }))).toBe('[]');
    expect(phpJsonEncode(phpJsonDecode('{}'))).toBe('{}');
  });

  it("reports PHP's error codes", () => {
    expect(jsonError(() => phpJsonDecode(''))).toBe(4);
    expect(jsonError(() => phpJsonDecode('"abc'))).toBe(3);
    expect(jsonError(() => phpJsonDecode('[1}'))).toBe(2);
    expect(jsonError(() => phpJsonDecode('"\\ud800"'))).toBe(10);
    expect(jsonError(() => phpJsonDecode(Buffer.from([0x22, 0xff, 0x22])))).toBe(5);
    expect(jsonError(() => phpJsonDecode('{"\\u0000a":1}'))).toBe(9);
    expect(jsonError(() => phpJsonDecode('{"\\u0000a":1}', { assoc: true }))).toBeUndefined();
    expect(jsonError(() => phpJsonDecode(`${'['.repeat(512)}${']'.repeat(512)}`))).toBe(1);
    expect(jsonError(() => phpJsonDecode(`${'['.repeat(511)}${']'.repeat(511)}`))).toBeUndefined();
    expect(new PhpJsonError(5).message).toBe('Malformed UTF-8 characters, possibly incorrectly encoded');
  });

  it('reads inputs losslessly as json_decode($x, true) would, and refuses lone surrogates as PHP does', () => {
    expect(phpFromJson(parseLossless('{"0":1,"1":2.0}'))).toEqual([1n, 2]);
    expect(phpFromJson(parseLossless('9223372036854775808'))).toBe(9223372036854775808);
    expect(phpFromJson(parseLossless('{"b":1,"a":2,"b":3}'))).toEqual(map(['b', 3n], ['a', 2n]));
    expect(() => phpFromJson(parseLossless('["\\ud800"]'))).toThrow(UnsupportedInput);
  });
});

describe('string and number coercion', () => {
  it('(string) of floats uses precision=14, half to even, E notation from 15 digits', () => {
    const cases: Array<[number, string]> = [
      [0.30000000000000004, '0.3'],
      [1e15, '1.0E+15'],
      [1e14, '1.0E+14'],
      [1e13, '10000000000000'],
      [-0, '-0'],
      [10, '10'],
      [123456789012345, '1.2345678901234E+14'],
      [12345678901234.5, '12345678901234'],
      [1e-5, '1.0E-5'],
      [0.0001, '0.0001'],
      [5e-324, '4.9406564584125E-324'],
      [Infinity, 'INF'],
      [-Infinity, '-INF'],
      [NaN, 'NAN'],
    ];
    for (const [x, s] of cases) expect(phpFloatToString(x), String(x)).toBe(s);
    expect(phpFloatToString(0.1, 17)).toBe('0.10000000000000001');
    // dtoa's small-integer path keeps trailing zeros when an exact tie rounds down to even.
    expect([100000000000005, -212688588275305, 100000000000004, 100000000000015].map((x) => phpFloatToString(x))).toEqual(['1.0000000000000E+14', '-2.1268858827530E+14', '1.0E+14', '1.0000000000002E+14']);
    expect([123005, 1000050, 100000000000050, 100005.5].map((x) => phpFloatToString(x, 5))).toEqual(['1.2300E+5', '1.0000E+6', '1.0E+14', '1.0001E+5']);
    expect(phpJsonFloat(123005, 5)).toBe('1.2300e+5');
    // snprintf into a precision+1 buffer cuts INF short.
    expect(phpFloatToString(Infinity, 1)).toBe('I');
  });

  it('(string) of the other types', () => {
    expect([null, true, false, 5n, 'x', []].map((v) => phpToString(v))).toEqual(['', '1', '', '5', 'x', 'Array']);
    expect(() => phpToString(new PhpObject())).toThrow('Object of class stdClass could not be converted to string');
  });

  it('numeric strings allow leading and trailing whitespace (PHP 8), nothing else', () => {
    expect([' 60', '60 ', '\t\n\r\v\f60\f', '1e3', '.5', '5.', '+5', '-0'].map(phpIsNumeric)).toEqual(Array(8).fill(true));
    expect(['60abc', '', ' ', '0x1A', '1e', '\u00a05', '60\u0000', '1_000'].map(phpIsNumeric)).toEqual(Array(8).fill(false));
    expect(['60abc', '1e5x', '9223372036854775808', '1e400', 'abc'].map(phpIntval)).toEqual([60n, 100000n, 9223372036854775807n, 0n, 0n]);
    expect(Object.is(phpFloatval('-0'), -0)).toBe(true);
    // Out-of-range floats wrap around 2^64 in (int).
    expect(phpIntval(1e19)).toBe(-8446744073709551616n);
  });

  it('typed parameters coerce as in non-strict mode: numeric strings, integral floats, deprecations, TypeErrors', () => {
    expect(phpCoerceArgument(' 60 ', 'int')).toEqual({ ok: true, value: 60n, notices: [] });
    expect(phpCoerceArgument('1e3', 'int')).toEqual({ ok: true, value: 1000n, notices: [] });
    expect(phpCoerceArgument('1.5', 'int')).toEqual({ ok: true, value: 1n, notices: ['Implicit conversion from float-string "1.5" to int loses precision'] });
    expect(phpCoerceArgument(1.5, 'int')).toEqual({ ok: true, value: 1n, notices: ['Implicit conversion from float 1.5 to int loses precision'] });
    expect(phpCoerceArgument('60abc', 'int')).toEqual({ ok: false, expected: 'int', given: 'string' });
    expect(phpCoerceArgument('9223372036854775808', 'int')).toEqual({ ok: false, expected: 'int', given: 'string' });
    // -2^63 - 1 reads as the float -2^63, which fits.
    expect(phpCoerceArgument('-9223372036854775809', 'int')).toEqual({ ok: true, value: -9223372036854775808n, notices: [] });
    expect(phpCoerceArgument(null, 'int')).toEqual({ ok: false, expected: 'int', given: 'null' });
    expect(phpCoerceArgument(null, 'string', true)).toEqual({ ok: true, value: null, notices: [] });
    expect(phpCoerceArgument(0.30000000000000004, 'string')).toEqual({ ok: true, value: '0.3', notices: [] });
    expect(phpCoerceArgument(true, 'string')).toEqual({ ok: true, value: '1', notices: [] });
    expect(phpCoerceArgument([], 'string')).toEqual({ ok: false, expected: 'string', given: 'array' });
    expect(phpCoerceArgument(new PhpObject(), 'int')).toEqual({ ok: false, expected: 'int', given: 'stdClass' });
  });

  it('+ adds ints exactly, overflows into floats, reads numeric strings, and refuses the rest', () => {
    expect(phpAdd(9223372036854775807n, 1n)).toBe(9223372036854775808);
    expect(phpAdd(1700000000n, '60')).toBe(1700000060n);
    const notices: string[] = [];
    expect(phpAdd(1n, '60abc', notices)).toBe(61n);
    expect(notices).toEqual(['A non-numeric value encountered']);
    expect(() => phpAdd(1n, 'abc')).toThrow(new LibraryError('TypeError', 'Unsupported operand types: int + string'));
    expect(() => phpAdd(null, [])).toThrow('Unsupported operand types: null + array');
    expect(php.add(1700000000n, 3600n)).toBe(1700003600n);
  });

  it('array_merge renumbers int keys (string keys that look like ints included)', () => {
    expect(phpArrayMerge(map(['5', 'a'], ['x', 'b']), map(['x', 'c'], ['0', 'd']))).toEqual(map(['0', 'a'], ['x', 'c'], ['1', 'd']));
  });
});

describe('truthiness', () => {
  it('"0", "", 0, 0.0, -0.0, [] and null are false; "0.0", " ", NAN and every object are true', () => {
    expect(['0', '', 0n, 0, -0, [], new Map(), null, false, undefined].map(phpTruthy)).toEqual(Array(10).fill(false));
    expect(['0.0', ' ', '00', NaN, new PhpObject(), [0n], true, 1n].map(phpTruthy)).toEqual(Array(8).fill(true));
  });
});

describe('URL encoding', () => {
  it('urlencode is RFC 1738 (space as +, ~ as %7E); rawurlencode is RFC 3986', () => {
    expect(phpUrlencode('a b~c é')).toBe('a+b%7Ec+%C3%A9');
    expect(phpRawurlencode('a b~c')).toBe('a%20b~c');
    expect(phpUrlencode('-_.*')).toBe('-_.%2A');
  });

  it("http_build_query($a, '', '&'): nulls and empty arrays dropped, bools as 1/0, nesting with encoded brackets", () => {
    const data = map(['a', null], ['b', true], ['c', false], ['d', 1.5], ['e', [1n, 2n]], ['f', map(['g', 'x y'])], ['h', []], ['7', '~']);
    expect(phpHttpBuildQuery(data)).toBe('b=1&c=0&d=1.5&e%5B0%5D=1&e%5B1%5D=2&f%5Bg%5D=x+y&7=%7E');
  });
});

describe('the php Lang', () => {
  it('reads the clock as time() and TypeScript numbers as ints or floats', () => {
    expect(php.name).toBe('php');
    expect(php.nowSeconds(1700000000999)).toBe(1700000000n);
    expect(php.fromNative({ ttl: 3600, f: 1.5, z: -0, list: { 0: 'a', 1: 'b' } })).toEqual(map(['ttl', 3600n], ['f', 1.5], ['z', -0], ['list', ['a', 'b']]));
    expect(php.safeInteger(3600n)).toBe(3600);
    expect(php.safeInteger(3600)).toBeUndefined();
    expect(php.str(1e15)).toBe('1.0E+15');
    expect(php.truthy('0')).toBe(false);
  });
});
