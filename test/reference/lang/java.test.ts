/**
 * The Java language model against facts printed by the JDK itself: OpenJDK 17.0.15
 * (`openjdk version "17.0.15" 2025-04-15`, Debian 17.0.15+6-Debian-1deb12u1), running throwaway
 * programs that printed `String.hashCode()`, a `HashMap<String, Object>`'s `keySet()` after `put`
 * of each key in turn, `(int) Math.floor(ms / 1000.0f)`, `ttl * 1000` on ints, `URLEncoder.encode(s,
 * "UTF-8")`, `Double.toString` and `new URI(s).normalize().getPath()` (or its URISyntaxException). The expected values below are those printed outputs, pasted.
 * No JDK is needed to run this test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonObject } from '../../../reference/json/value.ts';
import { doubleToInt, floatDiv, hashMapOrder, intMul, jacksonWrite, java, javaDoubleToString, javaStringHash, javaUrlEncode, javaUtf8, putAllOrder, simulatedHashMapOrder } from '../../../reference/lang/java.ts';
import { JavaUriSyntaxError, javaUriNormalizedPath } from '../../../reference/lang/java/uri.ts';
import { UnsupportedInput } from '../../../reference/lang/lang.ts';

describe('String.hashCode', () => {
  // Printed by `s.hashCode()`.
  const printed: Array<[string, number]> = [
    ['', 0],
    ['a', 97],
    ['Aa', 2112],
    ['BB', 2112],
    ['identity', -135761730],
    ['voice', 112386354],
    ['grants', -1237884201],
    ['jti', 105567],
    ['typ', 115339],
    ['cty', 98856],
    ['twr', 115279],
    ['player', -985752863],
    ['task_router', 2006716227],
    ['data_sync', -363389424],
    ['chat', 3052376],
    ['video', 112202875],
    ['h\u00e9llo', 103094734],
    ['\ud83c\udf89', 1773261],
    ['polygenelubricants', -2147483648],
    ['zzzzzzzzzzzzzzzzzzzzzzzzzzz', 682058298],
    ['AaAaAaAa', -540425984],
  ];
  for (const [s, h] of printed) it(`${JSON.stringify(s)} → ${h}`, () => expect(javaStringHash(s)).toBe(h));
});

describe('HashMap iteration order', () => {
  // Each line: the keys put in turn → `String.join(",", m.keySet())` as printed.
  const printed: Array<[string, string]> = [
    ['typ,cty,twr', 'cty,typ,twr'],
    ['typ,cty', 'cty,typ'],
    ['identity,voice,video,chat,data_sync,task_router', 'voice,identity,chat,data_sync,video,task_router'],
    ['identity,voice,video,chat,data_sync,player', 'voice,identity,chat,data_sync,video,player'],
    ['zeta,alpha,mid,To,From', 'zeta,alpha,mid,To,From'],
    // 12 entries stay in 16 buckets; the 13th resizes to 32.
    ['k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11', 'k0,k1,k2,k3,k4,k5,k11,k6,k10,k7,k8,k9'],
    ['k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12', 'k0,k1,k2,k3,k4,k5,k11,k6,k10,k7,k8,k12,k9'],
    // Equal hash codes: one bucket, insertion order.
    ['BB,Aa', 'BB,Aa'],
    ['application_sid,params', 'application_sid,params'],
    // {typ} then putAll({alg}): ClientCapability's header params.
    ['typ,alg', 'typ,alg'],
    ['AaAaAa,AaAaBB,AaBBAa,AaBBBB,BBAaAa,BBAaBB,BBBBAa,BBBBBB,AaAa,BBBB,x', 'AaAaAa,AaAaBB,AaBBAa,AaBBBB,BBAaAa,BBAaBB,BBBBAa,BBBBBB,x,AaAa,BBBB'],
    // A 9th and 10th key in one bucket: treeifyBin resizes (to 32, then 64) instead of treeifying.
    ['AaAaAaAa,AaAaAaBB,AaAaBBAa,AaAaBBBB,AaBBAaAa,AaBBAaBB,AaBBBBAa,AaBBBBBB,BBAaAaAa', 'AaAaAaAa,AaAaAaBB,AaAaBBAa,AaAaBBBB,AaBBAaAa,AaBBAaBB,AaBBBBAa,AaBBBBBB,BBAaAaAa'],
    ['AaAaAaAa,AaAaAaBB,AaAaBBAa,AaAaBBBB,AaBBAaAa,AaBBAaBB,AaBBBBAa,AaBBBBBB,BBAaAaAa,BBAaAaBB,a,q,zz', 'zz,AaAaAaAa,AaAaAaBB,AaAaBBAa,AaAaBBBB,AaBBAaAa,AaBBAaBB,AaBBBBAa,AaBBBBBB,BBAaAaAa,BBAaAaBB,a,q'],
    // 40 keys: resized to 64 buckets.
    [
      'key0,key919,key838,key757,key676,key595,key514,key433,key352,key271,key190,key109,key28,key947,key866,key785,key704,key623,key542,key461,key380,key299,key218,key137,key56,key975,key894,key813,key732,key651,key570,key489,key408,key327,key246,key165,key84,key3,key922,key841',
      'key0,key838,key514,key975,key813,key3,key757,key218,key433,key84,key894,key732,key676,key137,key352,key299,key651,key595,key271,key570,key56,key190,key947,key408,key704,key866,key327,key623,key109,key922,key785,key246,key542,key489,key841,key165,key461,key380,key28,key919',
    ],
  ];
  for (const [put, iterated] of printed) it(`put ${put.slice(0, 40)}…`, () => expect(hashMapOrder(put.split(',')).join(',')).toBe(iterated));

  // Printed by: a HashMap filled by put, its keySet, then `new HashMap<>().putAll(it)` and that keySet.
  const putAll: Array<[string, string, string]> = [
    ['zeta,alpha,mid', 'zeta,alpha,mid', 'zeta,mid,alpha'],
    ['zeta,alpha,mid,Aa,BB', 'zeta,Aa,BB,alpha,mid', 'zeta,Aa,BB,mid,alpha'],
    ['a b,path,pct,u,plus,keep', 'pct,path,a b,u,keep,plus', 'pct,path,a b,u,keep,plus'],
    ['k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12', 'k0,k1,k2,k3,k4,k5,k11,k6,k10,k7,k8,k12,k9', 'k0,k1,k2,k3,k4,k5,k11,k6,k10,k7,k8,k12,k9'],
    ['x', 'x', 'x'],
  ];
  for (const [put, source, copied] of putAll) {
    it(`putAll into an empty HashMap sizes its table for the source: ${put.slice(0, 30)}`, () => {
      expect(hashMapOrder(put.split(',')).join(',')).toBe(source);
      expect(putAllOrder(source.split(',')).join(',')).toBe(copied);
    });
  }

  it('a key put again keeps its first place', () => expect(hashMapOrder(['BB', 'Aa', 'BB'])).toEqual(['BB', 'Aa']));

  it("the small-map shortcut (no resize, no treeify: a stable sort by bucket) gives the simulated table's order", () => {
    // Short keys over few letters share hash codes and buckets often (Aa and BB collide outright).
    const key = fc.oneof(fc.stringMatching(/^[ABab]{1,4}$/), fc.stringMatching(/^[a-z_]{1,10}$/), fc.constantFrom('identity', 'voice', 'video', 'chat', 'data_sync', 'task_router', 'player', 'typ', 'cty', 'twr'));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 14 }), fc.constantFrom(1, 2, 4, 8, 16, 32), (keys, capacity) => {
        let simulated: string[] | string;
        try {
          simulated = simulatedHashMapOrder(keys, capacity);
        } catch (e) {
          simulated = String(e);
        }
        let order: string[] | string;
        try {
          order = hashMapOrder(keys, capacity);
        } catch (e) {
          order = String(e);
        }
        expect(order).toEqual(simulated);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a bucket Java would treeify (nine or more keys in one bucket of 64 or more)', () => {
    const p = ['Aa', 'BB'];
    const colliding = Array.from({ length: 16 }, (_, i) => p[(i >> 3) & 1] + p[(i >> 2) & 1] + p[(i >> 1) & 1] + p[i & 1]);
    expect(() => hashMapOrder(colliding.slice(0, 11))).toThrow(UnsupportedInput);
  });

  it('JSON objects are read into HashMap order, nested ones too', () => {
    const o = new JsonObject([
      ['zeta', '1'],
      [
        'k',
        new JsonObject([
          ['typ', 'a'],
          ['cty', 'b'],
        ]),
      ],
    ]);
    const m = java.fromJson(o) as Map<string, unknown>;
    expect([...m.keys()]).toEqual(hashMapOrder(['zeta', 'k']));
    expect([...(m.get('k') as Map<string, unknown>).keys()]).toEqual(['cty', 'typ']);
  });
});

describe('int and float arithmetic', () => {
  // Printed by `(int)(Math.floor(ms / 1000.0f))` for a long ms.
  const jti: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [999999, 999],
    [1700000000000, 1700000000],
    [1700000000123, 1700000000],
    [1700000099999, 1700000000],
    [1700000100000, 1700000000],
    [1700000131072, 1700000128],
    [2147483647000, 2147483647],
    [2147483648000, 2147483647],
    [4102444800000, 2147483647],
    [-1, -1],
    [-1500, -2],
    [253402300799999, 2147483647],
  ];
  for (const [ms, s] of jti)
    it(`jti seconds of ${ms} ms → ${s}`, () => {
      expect(doubleToInt(Math.floor(floatDiv(ms, 1000)))).toBe(s);
      expect(java.nowSeconds(ms)).toBe(BigInt(s));
    });
  // Printed by `ttl * 1000` on an int.
  const ttl: Array<[number, number]> = [
    [3600, 3600000],
    [2147483, 2147483000],
    [2147484, -2147483296],
    [2147483647, -1000],
    [315360000, 1827387392],
    [-60, -60000],
    [-2147483648, 0],
  ];
  for (const [t, p] of ttl) it(`int ${t} * 1000 → ${p}`, () => expect(intMul(t, 1000)).toBe(p));
});

describe('URLEncoder.encode(s, "UTF-8")', () => {
  // Printed by URLEncoder.encode.
  const printed: Array<[string, string]> = [
    ['a b', 'a+b'],
    ['~', '%7E'],
    ['*', '*'],
    ['-_.', '-_.'],
    ['\u00e9', '%C3%A9'],
    ['\ud83c\udf89', '%F0%9F%8E%89'],
    ['a+b&c=d/e?f', 'a%2Bb%26c%3Dd%2Fe%3Ff'],
    ["!'()", '%21%27%28%29'],
    ['\u007f', '%7F'],
    ['\ud800x', '%3Fx'],
  ];
  for (const [s, e] of printed) it(`${JSON.stringify(s)} → ${e}`, () => expect(javaUrlEncode(s)).toBe(e));
  it('getBytes(UTF_8) replaces a lone surrogate with ?', () => expect(javaUtf8('a\udc00').toString('latin1')).toBe('a?'));
});

describe('Double.toString', () => {
  // Printed by Double.toString.
  const printed: Array<[number, string]> = [
    [1.0, '1.0'],
    [0.5, '0.5'],
    [1e21, '1.0E21'],
    [1e-7, '1.0E-7'],
    [-0.0, '-0.0'],
    [0.1, '0.1'],
    [1e7, '1.0E7'],
    [9999999.0, '9999999.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [123456789.0, '1.23456789E8'],
    [1.5e300, '1.5E300'],
    [2e-3, '0.002'],
    [100.0, '100.0'],
    [1e16, '1.0E16'],
    [1234567.125, '1234567.125'],
  ];
  for (const [d, s] of printed) it(`${d} → ${s}`, () => expect(javaDoubleToString(d)).toBe(s));
  it('refuses large doubles whose JDK 17 digits may not be the shortest (printed: 4.6339927102834509E17)', () => {
    expect(() => javaDoubleToString(4.633992710283451e17)).toThrow(UnsupportedInput);
  });
  it('refuses subnormals (printed: 4.9E-324 for Double.MIN_VALUE, not the shortest 5.0E-324)', () => {
    expect(() => javaDoubleToString(5e-324)).toThrow(UnsupportedInput);
  });
});

describe('Jackson output (twilio-java 12.0.0 recordings, shared oracle java/access_token.json)', () => {
  it('escapes quotes, backslashes and controls, leaves HTML, DEL and U+2028 raw, escapes surrogates in upper-case hex', () => {
    // java-identity-controls, java-identity-html, identity-unicode, identity-lone-surrogate.
    expect(jacksonWrite('a\u0000b\u001fc\u007fd\u2028e\u2029f\b\f\r\n\t')).toBe('"a\\u0000b\\u001Fc\u007fd\u2028e\u2029f\\b\\f\\r\\n\\t"');
    expect(jacksonWrite('<script>alert("x&y")</script> \'/\\')).toBe('"<script>alert(\\"x&y\\")</script> \'/\\\\"');
    expect(jacksonWrite('Zo\u00eb \u65e5\u672c \ud83c\udf89')).toBe('"Zo\u00eb \u65e5\u672c \\uD83C\\uDF89"');
    expect(jacksonWrite('a\ud800b')).toBe('"a\\uD800b"');
  });
  it('writes integers exactly and doubles with Double.toString (java-params-numbers)', () => {
    const v = java.fromJson(
      new JsonObject([
        ['big', new JsonNumber('1e+21')],
        ['neg', new JsonNumber('-0.0')],
        ['bigint', new JsonNumber('100000000000000000000')],
        ['one', new JsonNumber('1.0')],
      ]),
    );
    expect(jacksonWrite(v)).toBe('{"big":1.0E21,"neg":-0.0,"one":1.0,"bigint":100000000000000000000}');
  });
});

describe('new URI(s).normalize().getPath()', () => {
  // Printed by a throwaway program (escaped as \uXXXX); ERR: new URI(s) threw URISyntaxException.
  const printed: Array<[string, string]> = [
    ['/a//b', '/a/b'],
    ['//', 'ERR'],
    ['///x', '/x'],
    ['//foo', ''],
    ['//2010-04-01/Accounts/x', '/Accounts/x'],
    ['/../a/./b', '/../a/b'],
    ['a/../../b', '../b'],
    ['./a:b', './a:b'],
    ['x/../b:c', './b:c'],
    ['/a%zz', 'ERR'],
    ['/a%2', 'ERR'],
    ['/a b', 'ERR'],
    ['/caf\u00e9', '/caf\u00e9'],
    ['/x%C3%A9', '/x\u00e9'],
    ['/a?b', '/a'],
    ['/a#b', '/a'],
    ['', ''],
    ['/.', '/'],
    ['/..', '/..'],
    ['/a/..', '/'],
    ['a/..', ''],
    ['/a/b/..', '/a/'],
    ['a/.', 'a/'],
    ['./', ''],
    ['/a/../..', '/..'],
    ['a/b/../../..', '..'],
    ['/../..', '/../..'],
    ['/x//../y', '/y'],
    ['//x//y', '/y'],
    ['//u@h/p', '/p'],
    ['//h:99999/x', '/x'],
    ['/%41%2F%7e', '/A/~'],
    ['/x/%2e%2e/y', '/x/../y'],
    ["/it's(x);a+b~*", "/it's(x);a+b~*"],
    ['/[x]', 'ERR'],
    ['/a|b', 'ERR'],
    ['/a"b', 'ERR'],
    ['/a`', 'ERR'],
    ['/a\u007f', 'ERR'],
    ['/a\u0080', 'ERR'],
    ['/\u00a0', 'ERR'],
    ['/a\u2028', 'ERR'],
    ['/a\u3000', 'ERR'],
    ['/a\u200b', '/a\u200b'],
    ['/\ud800', '/\ud800'],
  ];
  const unescape = (s: string): string => s.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  for (const [s, want] of printed) {
    it(`${JSON.stringify(s)} → ${want}`, () => {
      if (want === 'ERR') expect(() => javaUriNormalizedPath(unescape(s))).toThrow(JavaUriSyntaxError);
      else expect(javaUriNormalizedPath(unescape(s))).toBe(unescape(want));
    });
  }
  it('refuses what it does not model: a scheme, an odd authority, escapes that are not UTF-8 (printed: one U+FFFD for %ED%A0%80)', () => {
    for (const s of ['a:b/c', '//a b/x', '//[::1]/x', '/%ED%A0%80']) expect(() => javaUriNormalizedPath(s)).toThrow(UnsupportedInput);
  });
});
