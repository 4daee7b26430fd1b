/**
 * fast-check generator of `jwt` case inputs in a library's style ({@link BaseJwtDialect}):
 * twilio-python's base `Jwt` (encodes with every constructor argument, custom headers and
 * payloads) or a static codec such as twilio-php's `JWT` (encodes of any payload, key, algorithm
 * and headers); and decodes of tokens built here (well-formed or damaged in the ways a decoder
 * must handle: wrong algorithm, bad segments, non-JSON, expired, not yet valid, tampered
 * signatures), labelled by what they exercise.
 */
import { createHmac, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import fc from 'fast-check';
import type { JsonValue } from '../../../reference/json/value.ts';
import { FIXTURE_RSA_PRIVATE_PEM, FIXTURE_RSA_PUBLIC_PEM } from './fixture-keys.ts';
import { float, num, obj, type GeneratedCase } from './json.ts';

type Labelled<T = JsonValue | undefined> = [T, string[]];
const NOW = 1700000000;
const SECRET = 'secret_key';

const pick = (cat: string, ...values: Array<JsonValue | undefined>): fc.Arbitrary<Labelled> => fc.constantFrom(...values).map((v): Labelled => [v, [cat]]);
const plainOr = (usual: JsonValue | undefined, weight: number, odd: fc.Arbitrary<Labelled>): fc.Arbitrary<Labelled> => fc.oneof({ arbitrary: fc.constant<Labelled>([usual, []]), weight }, { arbitrary: odd, weight: 1 });

const encodeCase: fc.Arbitrary<GeneratedCase> = fc
  .record({
    op: fc.constantFrom('encode', 'encode', 'encode', 'encodeTwice'),
    secretKey: plainOr(SECRET, 6, pick('encode:secret-odd', undefined, '', null, num(5), 'k'.repeat(80), '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n', 'ssh-rsa AAAA', FIXTURE_RSA_PRIVATE_PEM)),
    issuer: plainOr('issuer', 6, pick('encode:issuer-odd', undefined, null, num(5), '', 'i\u00e9\ud83c\udf89')),
    subject: plainOr(undefined, 3, pick('encode:subject', 'sub', '', null, num(0), 's\u00e9')),
    algorithm: plainOr(undefined, 3, pick('encode:algorithm', 'HS256', 'HS384', 'HS512', '', null, 'none', 'XX', num(5), 'RS256')),
    ttl: plainOr(undefined, 3, pick('encode:ttl', num(0), num(60), num(-5), float(1.5), null, '60', true)),
    nbf: plainOr(undefined, 3, pick('encode:nbf', null, num(0), num(1700000000), float(1.5), 'soon', true)),
    validUntil: plainOr(undefined, 3, pick('encode:valid-until', num(0), num(1700009999), float(1.5), 'x', null)),
    headers: plainOr(
      undefined,
      2,
      pick(
        'encode:headers',
        obj([]),
        obj([['kid', 'k1']]),
        obj([['kid', num(5)]]),
        obj([
          ['cty', 'twilio-fpa;v=1'],
          ['twr', 'us1'],
        ]),
        obj([
          ['typ', 'X'],
          ['alg', 'none'],
        ]),
        obj([['b64', false]]),
        obj([['b64', true]]),
        obj([
          ['2', num(1)],
          ['a', num(2)],
          ['1', 'x'],
        ]),
        [],
        'str',
        null,
      ),
    ),
    payload: plainOr(
      undefined,
      2,
      pick(
        'encode:payload',
        obj([]),
        obj([['custom', true]]),
        obj([
          ['iss', 'x'],
          ['exp', num(1)],
          ['nbf', num(2)],
          ['sub', 'y'],
          ['custom', true],
        ]),
        obj([
          ['\u00e9', '\u65e5\u672c'],
          ['n', [num(1), float(2.5), null]],
        ]),
        obj([
          ['big', num('123456789012345678901234567890')],
          ['f', float(1)],
        ]),
        [],
        'str',
        null,
      ),
    ),
    toJwtTtl: plainOr(undefined, 4, pick('encode:to-jwt-ttl', num(0), num(30), float(2.5), num(-5))),
    clock: fc.constantFrom(NOW, NOW, NOW, 1700000000.999, 1234567890),
    secondNow: fc.constantFrom(undefined, NOW + 10, NOW - 5),
  })
  .map((r): GeneratedCase => {
    const fields: Array<[string, Labelled]> = [
      ['secretKey', r.secretKey],
      ['issuer', r.issuer],
      ['subject', r.subject],
      ['algorithm', r.algorithm],
      ['ttl', r.ttl],
      ['nbf', r.nbf],
      ['validUntil', r.validUntil],
      ['headers', r.headers],
      ['payload', r.payload],
      ['toJwtTtl', r.toJwtTtl],
    ];
    const entries: Array<[string, JsonValue | undefined]> = [['op', r.op], ...fields.map(([k, [v]]): [string, JsonValue | undefined] => [k, v])];
    if (r.op === 'encodeTwice' && r.secondNow !== undefined) entries.push(['secondNow', num(r.secondNow)]);
    const categories = [`op:${r.op}`, ...fields.flatMap(([, [, c]]) => c)];
    if (!Number.isInteger(r.clock)) categories.push('clock:fractional');
    return { input: obj(entries), now: r.clock, categories };
  });

// ---------------------------------------------------------------------------------------------
// decode: tokens built here, then damaged

const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString('base64url');

/** Header texts (or raw bytes) with the category each exercises. */
const HEADERS: Array<[string | Uint8Array, string]> = [
  ['{"alg":"HS256","typ":"JWT"}', 'header:plain'],
  ['{"typ":"JWT","alg":"HS256"}', 'header:plain'],
  ['{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}', 'header:plain'],
  ['{"alg":"HS512","typ":"JWT"}', 'header:other-alg'],
  ['{"alg":"none","typ":"JWT"}', 'header:alg-none'],
  ['{"typ":"JWT"}', 'header:alg-missing'],
  ['{"alg":null}', 'header:alg-null'],
  ['{"alg":["HS256"]}', 'header:alg-not-string'],
  ['{"alg":"HS256","kid":5}', 'header:kid-not-string'],
  ['{"alg":"HS256","kid":"k"}', 'header:kid'],
  ['{"alg":"HS256","b64":false}', 'header:b64-false'],
  ['{"alg":"HS256","alg":"HS256"}', 'header:duplicate-key'],
  ['not json', 'header:not-json'],
  ['[1]', 'header:not-object'],
  ['{"alg":"HS256"} x', 'header:extra-data'],
  ['{"alg":"HS256",}', 'header:trailing-comma'],
  [new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"alg":"HS256"}')]), 'header:utf8-bom'],
  [new Uint8Array([0x7b, 0xff, 0x7d]), 'header:invalid-utf8'],
];

/** Payload texts with the category each exercises. */
const PAYLOADS: Array<[string, string]> = [
  ['{"hello":"world","iss":"issuer","exp":1700003600,"nbf":1700000000,"sub":"sub"}', 'payload:valid'],
  ['{"iss":"issuer","exp":1700003600}', 'payload:valid'],
  ['{"exp":1700000000}', 'payload:exp-equals-now'],
  ['{"exp":1700000001}', 'payload:exp-now-plus-1'],
  ['{"exp":1600000000}', 'payload:expired'],
  ['{"exp":1700003600.5,"nbf":1699999999.9}', 'payload:float-times'],
  ['{"exp":"1700003600"}', 'payload:exp-string'],
  ['{"exp":"soon"}', 'payload:exp-not-integer'],
  ['{"exp":null}', 'payload:exp-null'],
  ['{"exp":1e400}', 'payload:exp-infinite'],
  ['{"exp":NaN}', 'payload:exp-nan'],
  ['{"nbf":1700000001}', 'payload:nbf-future'],
  ['{"nbf":1700000000}', 'payload:nbf-now'],
  ['{"iat":1700000100}', 'payload:iat-future'],
  ['{"iat":"5"}', 'payload:iat-string'],
  ['{"iat":"x"}', 'payload:iat-not-integer'],
  ['{"iat":1699999999.5}', 'payload:iat-float'],
  ['{"aud":"x"}', 'payload:aud'],
  ['{"aud":""}', 'payload:aud-empty'],
  ['{}', 'payload:empty'],
  ['[]', 'payload:not-object'],
  ['not json', 'payload:not-json'],
  ['{"a":1,"a":2,"b":"\\u00e9\\ud83c\\udf89"}', 'payload:duplicate-key'],
  ['{"n":123456789012345678901234567890,"f":1.0,"z":-0}', 'payload:numbers'],
  [JSON.stringify({ exp: 1700003600, grants: { identity: 'alice', voice: { incoming: { allow: true } } } }), 'payload:nested'],
];

function hs(alg: string, secret: string, input: string): string {
  const bits = /512/.test(alg) ? 'sha512' : /384/.test(alg) ? 'sha384' : 'sha256';
  return b64(createHmac(bits, secret).update(input).digest());
}

const RSA = createPrivateKey(FIXTURE_RSA_PRIVATE_PEM);
const rs256 = (input: string): string => b64(cryptoSign('sha256', Buffer.from(input), RSA));

/** A damage done to a well-formed token, and its category. */
const DAMAGE: Array<[(t: string) => string, string]> = [
  [(t) => t, 'sig:intact'],
  [(t) => t, 'sig:intact'],
  [(t) => t, 'sig:intact'],
  // The last character differs only in the unused low bits (43 chars for 32 bytes: 2 spare bits).
  [(t) => t.slice(0, -1) + String.fromCharCode(t.charCodeAt(t.length - 1) ^ 1), 'sig:last-char-changed'],
  [(t) => t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.slice(-1), 'sig:modified'],
  [(t) => t.slice(0, -5), 'sig:truncated'],
  [(t) => `${t.slice(0, t.lastIndexOf('.') + 1)}`, 'sig:stripped'],
  [(t) => `${t}.extra`, 'segments:four'],
  [(t) => t.slice(0, t.lastIndexOf('.')), 'segments:two'],
  [(t) => t.replace('.', ''), 'segments:one-dot'],
  [(t) => `${t.slice(0, 5)}!${t.slice(5)}`, 'b64:non-alphabet'],
  [(t) => t.replace(/-/g, '+').replace(/_/g, '/'), 'b64:standard-alphabet'],
  [(t) => `${t}==`, 'b64:padded'],
];

const decodeCase: fc.Arbitrary<GeneratedCase> = fc
  .record({
    // Mostly well-formed tokens (so that decodes succeed often), the rest damaged one way each.
    header: fc.oneof({ arbitrary: fc.constantFrom(...HEADERS.slice(0, 3)), weight: 3 }, { arbitrary: fc.constantFrom(...HEADERS.slice(3)), weight: 2 }),
    payload: fc.oneof({ arbitrary: fc.constantFrom(...PAYLOADS.slice(0, 2)), weight: 2 }, { arbitrary: fc.constantFrom(...PAYLOADS.slice(2)), weight: 3 }),
    damage: fc.oneof({ arbitrary: fc.constant(DAMAGE[0]), weight: 3 }, { arbitrary: fc.constantFrom(...DAMAGE.slice(3)), weight: 2 }),
    key: fc.constantFrom<Labelled>(
      [undefined, ['key:absent']],
      [SECRET, ['key:right']],
      [SECRET, ['key:right']],
      ['other', ['key:wrong']],
      ['', ['key:empty']],
      [null, ['key:null']],
      [num(5), ['key:not-string']],
      [FIXTURE_RSA_PUBLIC_PEM, ['key:pem']],
    ),
    cls: fc.constantFrom('Jwt', 'Jwt', 'AccessToken', 'TaskRouterCapabilityToken', 'ClientValidationJwt'),
    reencode: fc.constantFrom(false, false, false, true),
    tokenOdd: fc.constantFrom<Labelled | undefined>(
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      [num(5), ['token:not-string']],
      [undefined, ['token:absent']],
      ['a\ud800.b.c', ['token:lone-surrogate']],
    ),
  })
  .map((r): GeneratedCase => {
    // ClientValidationJwt tokens are RS256, checked with the fixture key; the rest HMAC.
    const rsa = r.cls === 'ClientValidationJwt';
    const [rawHeader, hc] = r.header;
    const headerText = rsa && typeof rawHeader === 'string' ? rawHeader.replace('"HS256"', '"RS256"') : rawHeader;
    const [payloadText, pc] = r.payload;
    const signingInput = `${b64(headerText)}.${b64(payloadText)}`;
    const alg = typeof headerText === 'string' ? (/"alg":"(HS384|HS512)"/.exec(headerText)?.[1] ?? 'HS256') : 'HS256';
    const token = r.damage[0](`${signingInput}.${rsa ? rs256(signingInput) : hs(alg, SECRET, signingInput)}`);
    const entries: Array<[string, JsonValue | undefined]> = [
      ['op', 'decode'],
      ['class', r.cls],
    ];
    const cats = [hc, pc, r.damage[1], `class:${r.cls}`];
    if (r.tokenOdd) {
      entries.push(['token', r.tokenOdd[0]]);
      cats.push(...r.tokenOdd[1]);
    } else entries.push(['token', token]);
    if (rsa && r.key[1][0] === 'key:right') {
      entries.push(['keyIsPublicKeyOfFixtureRsa', true]);
      cats.push('key:fixture-rsa');
    } else {
      entries.push(['key', r.key[0]]);
      cats.push(...r.key[1]);
    }
    if (r.reencode) {
      entries.push(['reencode', true]);
      cats.push('reencode');
    }
    return { input: obj(entries), now: NOW, categories: cats };
  });

// ---------------------------------------------------------------------------------------------
// A static codec (twilio-php's JWT::encode / JWT::decode)

/** Header texts a codec that verifies under the token's own `alg` meets, beyond {@link HEADERS}. */
const CODEC_HEADERS: Array<[string, string]> = [
  ['{"typ":"JWT","alg":"HS384"}', 'header:other-alg'],
  ['{"alg":"0"}', 'header:alg-zero-string'],
  ['{"alg":256}', 'header:alg-integer'],
  ['{"alg":true}', 'header:alg-true'],
  ['{"alg":{}}', 'header:alg-object'],
  ['{"alg":""}', 'header:alg-empty'],
  ['null', 'header:null'],
  [' null', 'header:null-with-space'],
  ['"HS256"', 'header:string'],
  ['[]', 'header:not-object'],
  ['{"alg":"HS256","\\u0000x":1}', 'header:nul-property'],
];

/** Payload texts beyond {@link PAYLOADS}: scalars, null, depth. */
const CODEC_PAYLOADS: Array<[string, string]> = [
  ['null', 'payload:null'],
  [' null', 'payload:null-with-space'],
  ['"str"', 'payload:string'],
  ['1.0', 'payload:float'],
  ['{"url":"https:\\/\\/x\\/y","u":"\\u00e9"}', 'payload:escaped'],
  ['{"a":{"b":{"c":[1,[2,[3]]]}}}', 'payload:nested'],
  ['{"":1,"_empty_":2}', 'payload:empty-key'],
];

/**
 * The payloads a codec's decode meets. A codec that checks no claim returns `1e400` as an infinite
 * float, which no protocol answer (JSON) can carry: that one is left to decoders that refuse it.
 */
const CODEC_DECODE_PAYLOADS = [...PAYLOADS.slice(2).filter(([, c]) => c !== 'payload:exp-infinite'), ...CODEC_PAYLOADS];

/** Payloads to encode: objects, lists, scalars, escaping hazards, numbers of every kind. */
const ENCODE_PAYLOADS: Array<[JsonValue, string]> = [
  [obj([['a', num(1)]]), 'encode:payload-object'],
  [
    obj([
      ['iss', 'issuer'],
      ['exp', num(1700003600)],
      ['grants', obj([['identity', 'alice']])],
    ]),
    'encode:payload-object',
  ],
  [obj([]), 'encode:payload-empty-object'],
  [[], 'encode:payload-empty-list'],
  [[num(1), 'two', null], 'encode:payload-list'],
  [
    obj([
      ['0', 'a'],
      ['1', 'b'],
    ]),
    'encode:payload-integer-keys-list',
  ],
  [
    obj([
      ['1', 'a'],
      ['0', 'b'],
    ]),
    'encode:payload-integer-keys-unordered',
  ],
  [
    obj([
      ['url', 'https://x.example/y'],
      ['name', 'Zo\u00eb \ud83c\udf89'],
      ['c', '\u0001\u007f\u2028'],
    ]),
    'encode:payload-escaping',
  ],
  [
    obj([
      ['f', float(0.1)],
      ['e', num('1e300')],
      ['big', num('123456789012345678901234567890')],
      ['i', num('9223372036854775807')],
      ['z', num('-0')],
      ['w', float(2)],
    ]),
    'encode:payload-numbers',
  ],
  ['just a string', 'encode:payload-scalar'],
  [num(42), 'encode:payload-scalar'],
  [true, 'encode:payload-scalar'],
  [null, 'encode:payload-null'],
];

const codecEncodeCase: fc.Arbitrary<GeneratedCase> = fc
  .record({
    payload: fc.oneof({ arbitrary: fc.constantFrom(...ENCODE_PAYLOADS).map(([v, c]): Labelled => [v, [c]]), weight: 8 }, { arbitrary: pick('encode:payload-absent', undefined), weight: 1 }),
    key: plainOr(SECRET, 6, pick('encode:key-odd', undefined, '', null, num(5), float(1.5), true, ['k'], 'k\u00e9y', 'k'.repeat(80))),
    algorithm: plainOr(
      undefined,
      3,
      fc.oneof(
        fc.constantFrom('HS256', 'HS384', 'HS512').map((a): Labelled => [a, [`encode:algorithm-${a}`]]),
        pick('encode:algorithm-unsupported', 'RS256', 'hs256', 'HS256 ', '', 'none', num(256), null, ['HS256']),
      ),
    ),
    headers: plainOr(
      undefined,
      2,
      pick(
        'encode:headers',
        obj([]),
        obj([['kid', 'k1']]),
        obj([
          ['typ', 'X'],
          ['alg', 'none'],
        ]),
        obj([
          ['zz', 'last'],
          ['kid', 'KID'],
          ['aa', 'first'],
        ]),
        obj([
          ['cty', 'twilio-fpa;v=1'],
          ['twr', 'us1'],
        ]),
        obj([
          ['2', num(1)],
          ['a', num(2)],
          ['1', 'x'],
        ]),
        ['x'],
        'str',
        null,
        num(1),
        obj([['u', 'a/b\u00e9']]),
      ),
    ),
    clock: fc.constantFrom(NOW, 1234567890),
  })
  .map((r): GeneratedCase => {
    const fields: Array<[string, Labelled]> = [
      ['payload', r.payload],
      ['key', r.key],
      ['algorithm', r.algorithm],
      ['headers', r.headers],
    ];
    const entries: Array<[string, JsonValue | undefined]> = [['op', 'encode'], ...fields.map(([k, [v]]): [string, JsonValue | undefined] => [k, v])];
    return { input: obj(entries), now: r.clock, categories: ['op:encode', ...fields.flatMap(([, [, c]]) => c)] };
  });

const codecDecodeCase: fc.Arbitrary<GeneratedCase> = fc
  .record({
    header: fc.oneof({ arbitrary: fc.constantFrom(...HEADERS.slice(0, 3)), weight: 3 }, { arbitrary: fc.constantFrom(...HEADERS.slice(3), ...CODEC_HEADERS), weight: 3 }),
    payload: fc.oneof({ arbitrary: fc.constantFrom(...PAYLOADS.slice(0, 2)), weight: 2 }, { arbitrary: fc.constantFrom(...CODEC_DECODE_PAYLOADS), weight: 3 }),
    damage: fc.oneof({ arbitrary: fc.constant(DAMAGE[0]), weight: 3 }, { arbitrary: fc.constantFrom(...DAMAGE.slice(3)), weight: 2 }),
    key: fc.constantFrom<Labelled>(
      [undefined, ['key:absent']],
      [SECRET, ['key:right']],
      [SECRET, ['key:right']],
      [SECRET, ['key:right']],
      ['other', ['key:wrong']],
      ['', ['key:empty']],
      [null, ['key:null']],
      [num(5), ['key:not-string']],
      [['k'], ['key:array']],
    ),
    verify: fc.constantFrom<Labelled>(
      [undefined, []],
      [undefined, []],
      [undefined, []],
      [true, ['verify:true']],
      [false, ['verify:false']],
      ['0', ['verify:string-0']],
      ['x', ['verify:string']],
      [num(0), ['verify:0']],
      [null, ['verify:null']],
      [[], ['verify:array']],
    ),
    tokenOdd: fc.constantFrom<Labelled | undefined>(
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      [num(5), ['token:not-string']],
      [undefined, ['token:absent']],
      [null, ['token:null']],
      ['a.b', ['token:two-segments']],
    ),
  })
  .map((r): GeneratedCase => {
    const [headerText, hc] = r.header;
    const [payloadText, pc] = r.payload;
    const signingInput = `${b64(headerText)}.${b64(payloadText)}`;
    // Signed under the algorithm the header names (a codec that trusts it verifies that one).
    const alg = typeof headerText === 'string' ? (/"alg":"(HS384|HS512)"/.exec(headerText)?.[1] ?? 'HS256') : 'HS256';
    const token = r.damage[0](`${signingInput}.${hs(alg, SECRET, signingInput)}`);
    const entries: Array<[string, JsonValue | undefined]> = [
      ['op', 'decode'],
      ['token', r.tokenOdd ? r.tokenOdd[0] : token],
      ['key', r.key[0]],
      ['verify', r.verify[0]],
    ];
    const cats = [hc, pc, r.damage[1], ...r.key[1], ...r.verify[1], ...(r.tokenOdd?.[1] ?? [])];
    return { input: obj(entries), now: NOW, categories: cats };
  });

/**
 * How a library's public JWT API is shaped, and so which `jwt` inputs its dialect is made of:
 * `base-class` (twilio-python's `Jwt`: constructor arguments, `to_jwt`, a class's `from_jwt`) or
 * `static-codec` (twilio-php's `JWT::encode(payload, key, algo, headers)` and
 * `JWT::decode(jwt, key, verify)`).
 */
export interface BaseJwtDialect {
  readonly style: 'base-class' | 'static-codec';
}

/** `jwt` cases in a dialect: encodes and decodes, about half each. */
export function baseJwtCases(d: BaseJwtDialect): fc.Arbitrary<GeneratedCase> {
  return d.style === 'static-codec' ? fc.oneof(codecEncodeCase, codecDecodeCase) : fc.oneof(encodeCase, decodeCase);
}
