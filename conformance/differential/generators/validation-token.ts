/**
 * fast-check generator of `validation_token` case inputs: HTTP requests as twilio-node's
 * `ValidationToken.fromHttpRequest`, twilio-python's `ValidationClient.request` and a typed
 * request object (twilio-java's `fromHttpRequest`, or its Builder's fields) receive them,
 * labelled with what they exercise (every method; query parameters with reserved, percent-encoded
 * and non-ASCII characters; form and JSON bodies; header casing; ports; userinfo; trailing
 * slashes) so that a differential run can report its coverage.
 */
import fc from 'fast-check';
import { JsonObject, type JsonValue } from '../../../reference/json/value.ts';
import { FIXTURE_EC_PRIVATE_PEM, FIXTURE_RSA_1024_PRIVATE_PEM, FIXTURE_RSA_PRIVATE_PEM, FIXTURE_RSA_PUBLIC_PEM } from './fixture-keys.ts';
import { clocked, float, num, obj, type ClockDialect, type GeneratedCase } from './json.ts';

export type { GeneratedCase } from './json.ts';

/**
 * How a library takes the request it signs: `request-object`, one object with method, url,
 * headers, params and data (a form already encoded, a JSON body as the object itself), as
 * `ValidationToken.fromHttpRequest`; `http-client`, the arguments of an HTTP client's request
 * call (a form as a dict, a JSON body as text, an auth tuple) or a prepared ValidationPayload
 * (`mode`), as `ValidationClient.request`; or `typed-request`, a typed HTTP request (String
 * method, url without a fragment, String headers, params of Strings only where the url has no
 * query, a String body, the signed header names) or the token Builder's fields (`mode: "builder"`,
 * a `validationPayload` and an int `ttl`).
 */
export type ValidationRequestStyle = 'request-object' | 'http-client' | 'typed-request';

/** Which ValidationToken vocabulary a library's API has. Each library states its own in its conformance entry. */
export interface ValidationDialect extends ClockDialect {
  readonly style: ValidationRequestStyle;
  /** `algorithm` chooses between RS256 and PS256 (else it is left out). */
  readonly algorithmChoice: boolean;
}

type Labelled<T = JsonValue | undefined> = [T, string[]];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** Every method, in its usual spelling and, now and then, lower or mixed case. */
const method: fc.Arbitrary<Labelled<string>> = fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom('upper', 'upper', 'upper', 'lower', 'mixed')).map(([m, casing]) => {
  const spelled = casing === 'upper' ? m : casing === 'lower' ? m.toLowerCase() : [...m].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('');
  return [spelled, [`method:${m}`, ...(casing === 'upper' ? [] : ['method:not-upper-case'])]];
});

// Pieces that query keys and values are made of, by the category they exercise.
const RESERVED = [':', '/', '?', '#', '[', ']', '@', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', '~'];
const PERCENT = ['%20', '%2B', '%2b', '%7E', '%3D', '%C3%A9', '%41'];
// Not valid escapes: decodeURIComponent throws on them in node; python passes them through.
const BAD_PERCENT = ['%E9', '%zz', '100%', '%', '%%41'];
const UNICODE = ['\u00e9', '\u00fc', '\u00df', '\u65e5\u672c', '\ud83c\udf89', '\u00a0', '\u0130', '\u2028'];
const PLAIN = ['a', 'Z', '0', '9', '_', '-', '.', ' ', 'To', 'PageSize', 'From', 'x'];

const piece: fc.Arbitrary<Labelled<string>> = fc.oneof(
  { arbitrary: fc.constantFrom(...PLAIN).map((s): Labelled<string> => [s, []]), weight: 12 },
  { arbitrary: fc.constantFrom(...RESERVED).map((s): Labelled<string> => [s, ['query:reserved']]), weight: 3 },
  { arbitrary: fc.constantFrom(...PERCENT).map((s): Labelled<string> => [s, ['query:percent']]), weight: 2 },
  { arbitrary: fc.constantFrom(...UNICODE).map((s): Labelled<string> => [s, ['query:unicode']]), weight: 2 },
);

const text = (maxPieces: number): fc.Arbitrary<Labelled<string>> => fc.array(piece, { minLength: 1, maxLength: maxPieces }).map((ps) => [ps.map(([s]) => s).join(''), [...new Set(ps.flatMap(([, c]) => c))]]);

const paramValue: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: text(4), weight: 30 },
  { arbitrary: fc.constantFrom(...BAD_PERCENT).map((s): Labelled => [`x${s}`, ['query:percent', 'query:bad-percent']]), weight: 2 },
  { arbitrary: fc.constantFrom('\ud800', 'x\udc00').map((s): Labelled => [s, ['query:lone-surrogate']]), weight: 1 },
  { arbitrary: fc.constantFrom<JsonValue>(num(0), num(20), num(-1), float(1.5), num('12345678901234567890')).map((v): Labelled => [v, ['query:number']]), weight: 3 },
  { arbitrary: fc.constantFrom<JsonValue>(true, false, null, '').map((v): Labelled => [v, ['query:bool-null-empty']]), weight: 3 },
  { arbitrary: fc.array(text(2), { minLength: 1, maxLength: 3 }).map((vs): Labelled => [vs.map(([s]) => s), ['query:array', ...vs.flatMap(([, c]) => c)]]), weight: 3 },
);

const params: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: fc.constant<Labelled>([undefined, ['query:none']]), weight: 2 },
  {
    arbitrary: fc
      .uniqueArray(fc.tuple(text(3), paramValue), { minLength: 1, maxLength: 5, selector: ([[k]]) => k })
      .map((entries): Labelled => [obj(entries.map(([[k], [v]]) => [k, v])), ['query:params', ...new Set(entries.flatMap(([[, kc], [, vc]]) => [...kc, ...vc]))]]),
    weight: 6,
  },
  { arbitrary: fc.constant<Labelled>([obj([]), ['query:empty-object']]), weight: 1 },
);

/** A URL: scheme, userinfo, host, port, path (with its slashes), a query of its own, a fragment. */
const url: fc.Arbitrary<Labelled<string>> = fc
  .record({
    scheme: fc.constantFrom('https', 'https', 'https', 'http', 'HTTPS'),
    userinfo: fc.constantFrom('', '', '', '', 'user:pass@', 'AC123:tok%40en@', 'user@', 'us%C3%A9r:p%3Ass@'),
    host: fc.constantFrom('api.twilio.com', 'api.twilio.com', 'API.Twilio.COM', 'localhost', '127.0.0.1', 'example.com'),
    port: fc.constantFrom('', '', '', 'default', ':8443', ':8080', ':1', ':'),
    segments: fc.array(
      fc.oneof(
        { arbitrary: fc.constantFrom('2010-04-01', 'Accounts', 'AC0123', 'Messages.json', 'v1', 'Content'), weight: 8 },
        { arbitrary: fc.constantFrom('', '.', '..'), weight: 2 },
        { arbitrary: fc.constantFrom('a b', '%7E', '~', '*', '%2F', '%20', "it's", '(x)', '+', 'x;y', ';v=1', '%41'), weight: 2 },
        { arbitrary: fc.constantFrom('caf\u00e9', '\u65e5\u672c', '%C3%A9'), weight: 1 },
      ),
      { maxLength: 5 },
    ),
    trailingSlash: fc.boolean(),
    query: fc.constantFrom('', '', '', '?PageSize=2&To=%2B1', '?', '?b=2&a=1', '?x=%20y+z'),
    fragment: fc.constantFrom('', '', '', '', '#frag'),
  })
  .map((u): Labelled<string> => {
    const defaultPort = u.scheme.toLowerCase() === 'https' ? ':443' : ':80';
    const port = u.port === 'default' ? defaultPort : u.port;
    const path = `/${u.segments.join('/')}${u.trailingSlash && u.segments.length ? '/' : ''}`;
    const cats: string[] = [];
    if (u.userinfo) cats.push('url:userinfo');
    if (u.port === 'default') cats.push('url:port-default');
    else if (u.port === ':') cats.push('url:port-empty');
    else if (u.port) cats.push('url:port-other');
    if (u.trailingSlash && u.segments.length) cats.push('url:trailing-slash');
    if (u.segments.includes('')) cats.push('url:repeated-slashes');
    if (u.segments.some((s) => s === '.' || s === '..')) cats.push('url:dot-segments');
    if (u.segments.some((s) => s.includes('%'))) cats.push('url:percent-path');
    if (u.segments.some((s) => /[^\x00-\x7f]/.test(s))) cats.push('url:unicode-path');
    if (u.host !== u.host.toLowerCase() || u.scheme !== u.scheme.toLowerCase()) cats.push('url:upper-case-host-or-scheme');
    if (u.query) cats.push('url:own-query');
    if (u.fragment) cats.push('url:fragment');
    return [`${u.scheme}://${u.userinfo}${u.host}${port}${path}${u.query}${u.fragment}`, cats];
  });

const AUTH_VALUES = [
  'Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTphdXRoX3Rva2Vu',
  'Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTphdXRoX3Rva2Vu',
  'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc',
  '  Basic padded \t',
  'Basic caf\u00e9',
  '',
];

/** Request headers: `Authorization` in any casing (or none), sometimes a `Host`, sometimes others. */
const headers: fc.Arbitrary<Labelled> = fc
  .record({
    authName: fc.constantFrom('Authorization', 'Authorization', 'Authorization', 'authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN', ''),
    authValue: fc.constantFrom(...AUTH_VALUES),
    host: fc.constantFrom('', '', '', 'Host', 'host', 'HOST'),
    hostValue: fc.constantFrom('api.twilio.com', 'API.Twilio.com:8443', 'other.example'),
    extra: fc.subarray([
      ['Accept', 'application/json'],
      ['X-Custom', 'v'],
      ['Accept-Charset', 'utf-8'],
    ] as Array<[string, string]>),
    absent: fc.constantFrom(false, false, false, false, true),
  })
  .map((h): Labelled => {
    if (h.absent) return [undefined, ['header:none']];
    const entries: Array<[string, JsonValue]> = [];
    const cats: string[] = [];
    if (h.authName) {
      entries.push([h.authName, h.authValue]);
      cats.push(h.authName === 'Authorization' ? 'header:authorization-canonical-case' : 'header:authorization-other-case');
      if (h.authValue !== h.authValue.trim()) cats.push('header:authorization-whitespace');
      if (!h.authValue) cats.push('header:authorization-empty');
    } else cats.push('header:no-authorization');
    if (h.host) {
      entries.push([h.host, h.hostValue]);
      cats.push('header:host-given');
    }
    entries.push(...h.extra);
    return [obj(entries), cats];
  });

const formPairs = fc.uniqueArray(fc.tuple(text(2), text(3)), { minLength: 1, maxLength: 4, selector: ([[k]]) => k });

/** RFC 3986 form encoding, as twilio-node's client hands a form body to the canonicalizer (qs.stringify). */
const formEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const jsonBody = fc.constantFrom<JsonValue>(
  obj([
    ['friendlyName', 'greeting'],
    ['language', 'en'],
    ['types', obj([['twilio/text', obj([['body', 'Hi {{1}}']])]])],
  ]),
  obj([
    ['a', num(1)],
    ['b', [true, null, 'x\u00e9']],
  ]),
  obj([
    ['2', 'integer-like key'],
    ['b', float(1.5)],
    ['1', num(0)],
  ]),
  [num(1), num(2)],
);

function body(d: ValidationDialect): fc.Arbitrary<Labelled<{ data?: JsonValue; contentType?: string }>> {
  const none = fc.constant<Labelled<{ data?: JsonValue }>>([{}, ['body:none']]);
  // A typed request's body is a String: its empty body is "".
  const empty = fc.constantFrom<JsonValue>(...(d.style === 'typed-request' ? [''] : ['', obj([])])).map((data): Labelled<{ data?: JsonValue }> => [{ data }, ['body:empty']]);
  const raw = fc.constantFrom('plain text body', 'caf\u00e9 \u65e5\u672c \ud83c\udf89', 'a=1&b=2').map((data): Labelled<{ data?: JsonValue }> => [{ data }, ['body:raw-string']]);
  // A request object carries the form already encoded; an HTTP client encodes the dict itself.
  const form = formPairs.map(([...pairs]): Labelled<{ data?: JsonValue }> => [
    { data: d.style !== 'http-client' ? pairs.map(([[k], [v]]) => `${formEncode(k)}=${formEncode(v)}`).join('&') : obj(pairs.map(([[k], [v]]) => [k, v])) },
    ['body:form', ...new Set(pairs.flatMap(([[, a], [, b]]) => [...a, ...b].map((c) => c.replace('query:', 'form:'))))],
  ]);
  // A request object's JSON body is the object itself (hashed as JSON.stringify); a client's, the JSON text.
  const json = jsonBody.map((v): Labelled<{ data?: JsonValue; contentType?: string }> => [{ data: d.style === 'request-object' ? v : JSON.stringify(JSON.parse(stringify(v))), contentType: 'application/json' }, ['body:json']]);
  return fc.oneof({ arbitrary: none, weight: 4 }, { arbitrary: empty, weight: 1 }, { arbitrary: raw, weight: 1 }, { arbitrary: form, weight: 3 }, { arbitrary: json, weight: 2 });
}

function stringify(v: JsonValue): string {
  // A tiny lossless writer for the fixed JSON bodies above (numbers keep their text).
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
  if ('text' in v) return v.text;
  return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${stringify(x)}`).join(',')}}`;
}

/** A python `mode: "payload"` ValidationPayload, as upstream's own tests build them. */
const validationPayload: fc.Arbitrary<Labelled> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'delete'),
    path: fc.constantFrom('/Messages', '/2010-04-01/Accounts.json', '/x', ''),
    queryString: fc.constantFrom('', 'Limit=10&PageSize=5', 'b=2&a=1&a=0', 'k=1&k=10&k=2'),
    allHeaders: fc.constantFrom<JsonValue>(
      obj([
        ['authorization', 'foobar'],
        ['host', 'api.twilio.com'],
      ]),
      obj([
        ['Authorization', 'x'],
        ['HOST', 'h'],
        ['X-Custom', ['b', 'a']],
      ]),
      obj([]),
    ),
    signedHeaders: fc.constantFrom<JsonValue>(['authorization', 'host'], ['host', 'authorization'], ['Host'], [], ['x-custom', 'host']),
    body: fc.constantFrom('', 'testbody', 'caf\u00e9'),
  })
  .map((p): Labelled => [obj(Object.entries(p)), ['mode:payload']]);

const clock = fc.oneof({ arbitrary: fc.constant(1700000000), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }), weight: 1 });

type Entries = Array<[string, JsonValue | undefined]>;
/** A change to a case input, and the category it falls in. */
type Mutation = [(e: Entries) => Entries, string];

const setKey =
  (k: string, v: JsonValue | undefined) =>
  (e: Entries): Entries => [...e.filter(([x]) => x !== k), [k, v]];
const dropKeys =
  (...ks: string[]) =>
  (e: Entries): Entries =>
    e.filter(([x]) => !ks.includes(x));
/** Change one field of the request (or of the ValidationPayload) the input carries. */
const setField =
  (field: string, v: JsonValue | undefined) =>
  (e: Entries): Entries =>
    e.map(([k, x]): [string, JsonValue | undefined] => {
      if ((k !== 'request' && k !== 'validationPayload') || !(x instanceof JsonObject)) return [k, x];
      return [k, obj([...x.entries.filter(([f]) => f !== field).map(([f, y]): [string, JsonValue] => [f, y]), [field, v]])];
    });

const CREDENTIALS = ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem'];

/** Odd constructor arguments, odd requests and (request objects) object-API quirks, by request style. */
function oddities(d: ValidationDialect): fc.Arbitrary<Mutation> {
  const common: Array<fc.Arbitrary<Mutation>> = [
    fc.tuple(fc.constantFrom(...CREDENTIALS), fc.constantFrom<JsonValue | undefined>(undefined, '', null, num(42))).map(([k, v]): Mutation => [setKey(k, v), 'odd:credential-missing-or-not-a-string']),
    fc.tuple(fc.constantFrom('accountSid', 'credentialSid', 'signingKey'), fc.constantFrom('CR\u00e9\u65e5', 'AC\ud83c\udf89', 'SK "quoted"\n')).map(([k, v]): Mutation => [setKey(k, v), 'odd:credential-non-ascii']),
    fc.constantFrom(FIXTURE_RSA_1024_PRIVATE_PEM, FIXTURE_EC_PRIVATE_PEM, FIXTURE_RSA_PUBLIC_PEM, 'invalid-key').map((v): Mutation => [setKey('privateKeyPem', v), 'odd:private-key']),
    fc.constantFrom<JsonValue | undefined>(undefined, null, num(5), '', 'get').map((v): Mutation => [setField('method', v), 'odd:method']),
  ];
  if (d.style === 'request-object') {
    return fc.oneof(
      ...common,
      fc.constant<Mutation>([setKey('privateKeyPem', 'invalid-key'), 'odd:private-key']),
      fc.constantFrom<JsonValue>(null, '', 'HS256', 'rs256', num(5), 'PS256').map((v): Mutation => [setKey('algorithm', v), 'odd:algorithm']),
      fc.constant<Mutation>([(e) => setKey('ttlVia', 'constructorOption')(setKey('ttl', num(60))(e)), 'odd:ttl-option-ignored']),
      fc
        .constantFrom<JsonValue>(
          obj([['ttl', num(60)]]),
          obj([['ttl', '2h']]),
          obj([['ttl', float(1.5)]]),
          obj([['ttl', null]]),
          obj([['ttl', '3600']]),
          obj([['_algorithm', 'PS256']]),
          obj([['_algorithm', 'HS256']]),
          obj([['_algorithm', 'none']]),
          obj([['_credentialSid', num(7)]]),
          obj([['_signingKey', null]]),
        )
        .map((v): Mutation => [setKey('setAfter', v), 'odd:set-after']),
      fc.constant<Mutation>([(e) => setKey('optionsAbsent', true)(dropKeys(...CREDENTIALS, 'algorithm')(e)), 'odd:options-absent']),
      fc
        .constantFrom<JsonValue>(
          null,
          'options',
          [num(1)],
          obj([
            ['accountSid', 'AC1'],
            ['credentialSid', 'CR1'],
            ['signingKey', 'SK1'],
            ['privateKey', FIXTURE_RSA_PRIVATE_PEM],
          ]),
        )
        .map((v): Mutation => [(e) => setKey('optionsValue', v)(dropKeys(...CREDENTIALS, 'algorithm')(e)), 'odd:options-value']),
      fc.constantFrom<JsonValue | undefined>(undefined, null, 'GET https://x/').map((v): Mutation => [setKey('request', v), 'odd:request']),
      fc
        .constantFrom<JsonValue | undefined>(undefined, num(5), obj([]), '', 'not a url', '/relative', 'mailto:a@b.c?x=1', 'foo://bar/x', 'https://xn--caf-dma.com/', 'https://ex\u00e4mple.com/p')
        .map((v): Mutation => [setField('url', v), 'odd:url']),
      fc.constantFrom<JsonValue>('Authorization: x', null, obj([['Authorization', num(5)]]), obj([['Authorization', ['a']]]), obj([['authorization', 'lower']])).map((v): Mutation => [setField('headers', v), 'odd:headers']),
      fc
        .constantFrom<JsonValue>(
          'abc',
          ['x', 'y'],
          num(5),
          null,
          obj([['a', obj([['b', num(1)]])]]),
          obj([['a=b', 'c=d']]),
          obj([
            ['2', 'two'],
            ['1', 'one'],
            ['b', 'x'],
          ]),
        )
        .map((v): Mutation => [setField('params', v), 'odd:params']),
      fc.constantFrom<JsonValue>(num(5), true, num(0), [num(1)], 'caf\u00e9 \ud800').map((v): Mutation => [setField('data', v), 'odd:data']),
    );
  }
  if (d.style === 'typed-request') {
    return fc.oneof(
      ...common,
      fc.constantFrom<JsonValue>(null, 'HS256', 'PS256').map((v): Mutation => [setKey('algorithm', v), 'odd:algorithm']),
      fc
        .constantFrom<JsonValue>('https://h/a b/c', 'https://h/p?', 'https://h/p??', 'https://h/p?a=1?b=2', 'https://h//x/../y', 'https://h', '/relative/path', 'https://h/%zz', 'https://h/a|b', 'not a url')
        .map((v): Mutation => [setField('url', v), 'odd:url']),
      fc
        .constantFrom<JsonValue>(
          [
            ['Host', 'b.example'],
            ['host', 'a.example:443'],
            ['Authorization', 'z'],
            ['authorization', 'y'],
          ],
          obj([['Host', 'api.twilio.com:80']]),
          obj([['X', num(5)]]),
          'str',
        )
        .map((v): Mutation => [setField('headers', v), 'odd:headers']),
      fc.constantFrom<JsonValue>(null, [], ['HOST', ' Authorization '], ['x-custom', 'X-Custom'], [num(1)]).map((v): Mutation => [setKey('signedHeaders', v), 'odd:signed-headers']),
      fc.constantFrom<JsonValue>(obj([['a', true]]), obj([]), 'a=b').map((v): Mutation => [setField('params', v), 'odd:params']),
      fc.constantFrom<JsonValue>(num(5), obj([['a', num(1)]]), 'caf\u00e9 \ud800').map((v): Mutation => [setField('data', v), 'odd:data']),
    );
  }
  return fc.oneof(
    ...common,
    fc
      .constantFrom<JsonValue | undefined>(
        undefined,
        null,
        num(5),
        'example.com/x',
        'mailto:x',
        'ftp://h/a;b?c',
        'http:///x',
        'http://*.x.com/',
        'https://h:99999/',
        '  https://h/p',
        'https://h:0/x',
        'HTTP://H/',
        'https://h/a?',
        'https://u@h/',
        'https://:@h/',
        'https://h/a;p/b;q?x#f',
        'https://h/%zz%41',
        'https://h\x80/',
      )
      .map((v): Mutation => [setField('url', v), 'odd:url']),
    fc
      .constantFrom<JsonValue>(
        'str',
        [],
        obj([['X', num(5)]]),
        obj([['X', ' lead']]),
        obj([['Bad:Name', 'v']]),
        obj([['X', 'a\nb']]),
        obj([['X', 'end\n']]),
        obj([['Authorization', null]]),
        num(0),
        obj([
          ['Authorization', 'A'],
          ['AUTHORIZATION', 'B'],
        ]),
      )
      .map((v): Mutation => [setField('headers', v), 'odd:headers']),
    fc
      .constantFrom<JsonValue>(
        'a=b c&d',
        [
          ['a', '1'],
          ['b', '2'],
        ],
        ['ab'],
        ['abc'],
        num(5),
        true,
        [num(1)],
        obj([
          [
            'a',
            obj([
              ['x', num(1)],
              ['y', null],
            ]),
          ],
        ]),
        obj([['n', null]]),
      )
      .map((v): Mutation => [setField('params', v), 'odd:params']),
    fc.constantFrom<JsonValue>([['a', '1']], num(5), true, '%zz', obj([['a', [num(1), null, 'x']]]), 'caf\u00e9').map((v): Mutation => [setField('data', v), 'odd:data']),
    fc.constantFrom<JsonValue>(['u'], 'str', obj([]), ['u', num(5)], [], ['\u65e5', 'x'], ['u', 'p', 'q']).map((v): Mutation => [setField('auth', v), 'odd:auth']),
  );
}

/** ValidationPayload fields with types `_generate_payload` trips over (http-client style, payload mode). */
const oddPayload: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('method', 'path', 'queryString', 'allHeaders', 'signedHeaders', 'body').map((f): Mutation => [setField(f, undefined), 'odd:payload-field-missing']),
  fc
    .constantFrom<[string, JsonValue]>(
      ['allHeaders', ['authorization']],
      [
        'allHeaders',
        obj([
          ['host', ['b', 'a']],
          ['authorization', num(5)],
        ]),
      ],
      ['allHeaders', obj([['host', [num(2), num(1)]]])],
      ['signedHeaders', 'host'],
      ['signedHeaders', [num(5)]],
      ['signedHeaders', null],
      ['signedHeaders', [['a']]],
      ['queryString', null],
      ['queryString', num(5)],
      ['body', num(5)],
      ['body', null],
      ['body', num(0)],
      ['method', num(5)],
      ['path', null],
      ['body', 'x\ud800'],
    )
    .map(([f, v]): Mutation => [setField(f, v), 'odd:payload-field-type']),
  fc.constant<Mutation>([setKey('validationPayload', null), 'odd:payload-none']),
  fc.constantFrom<JsonValue>(num(30), num(0), float(2.5)).map((v): Mutation => [setKey('toJwtTtl', v), 'odd:to-jwt-ttl']),
);

/** The token Builder's own settings (typed-request style): an int ttl, a null query string. */
const oddBuilder: fc.Arbitrary<Mutation> = fc.oneof(
  oddPayload,
  fc.constantFrom<JsonValue>(num(60), num(0), num(2147484), num(-300)).map((v): Mutation => [setKey('ttl', v), 'odd:builder-ttl']),
  fc.constant<Mutation>([setField('queryString', null), 'odd:payload-field-type']),
);

/** `validation_token` cases in one library's dialect, over the fixture RSA key. */
export function validationTokenCases(d: ValidationDialect): fc.Arbitrary<GeneratedCase> {
  const credentials: Array<[string, JsonValue]> = [
    ['accountSid', 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['credentialSid', 'CRcccccccccccccccccccccccccccccccc'],
    ['signingKey', 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
    ['privateKeyPem', FIXTURE_RSA_PRIVATE_PEM],
  ];
  const algorithm: fc.Arbitrary<Labelled> = d.algorithmChoice ? fc.constantFrom<Labelled>([undefined, ['alg:RS256']], [undefined, ['alg:RS256']], ['PS256', ['alg:PS256']]) : fc.constant<Labelled>([undefined, []]);
  const auth: fc.Arbitrary<Labelled> = d.style === 'http-client' ? fc.constantFrom<Labelled>([undefined, []], [undefined, []], [undefined, []], [['ACuser', 'p\u00e4ss'], ['auth:tuple']]) : fc.constant<Labelled>([undefined, []]);
  const request = fc.tuple(method, url, headers, params, body(d), auth).map(([[m, mc], [u0, uc], [h, hc], [p0, pc], [b, bc], [a, ac]]): Labelled => {
    // A typed request: no fragment in the url, and params only where the url has no query of its own.
    const typed = d.style === 'typed-request';
    const u = typed ? u0.replace(/#.*$/, '') : u0;
    const p = typed && (u.includes('?') || !(p0 instanceof JsonObject) || p0.entries.length === 0 || !p0.entries.every(([, v]) => typeof v === 'string')) ? undefined : p0;
    const labels = [...mc, ...(typed ? uc.filter((c) => c !== 'url:fragment') : uc), ...hc, ...(p === p0 ? pc : ['query:none']), ...bc, ...ac];
    let hdrs = h;
    if (b.contentType) hdrs = obj([...((h as { entries?: Array<[string, JsonValue]> } | undefined)?.entries ?? []), ['Content-Type', b.contentType]]);
    return [
      obj([
        ['method', m],
        ['url', u],
        ['headers', hdrs],
        ['params', p],
        ['data', b.data],
        ['auth', a],
      ]),
      labels,
    ];
  });
  const clientCall = fc.oneof({ arbitrary: request.map((r): Labelled => [r[0], ['mode:client', ...r[1]]]), weight: 9 }, { arbitrary: validationPayload, weight: 1 });
  // Most cases are well-formed; one in five gets an odd argument or (request objects) an object-API quirk.
  const none = fc.constant<Mutation | undefined>(undefined);
  const mutation = fc.oneof({ arbitrary: none, weight: 4 }, { arbitrary: oddities(d), weight: 1 });
  const payloadMutation = fc.oneof({ arbitrary: none, weight: 1 }, { arbitrary: d.style === 'typed-request' ? oddBuilder : oddPayload, weight: 1 });
  return fc.tuple(d.style === 'request-object' ? request : clientCall, algorithm, clock, fc.integer({ min: 0, max: 999 }), mutation, payloadMutation).map(([[r, rc], [alg, ac], now, ms, odd, oddP]) => {
    const payloadMode = rc.includes('mode:payload');
    const mode: Entries = d.style === 'http-client' ? [['mode', payloadMode ? 'payload' : 'client']] : d.style === 'typed-request' && payloadMode ? [['mode', 'builder']] : [];
    let entries: Entries = [...credentials, ['algorithm', alg], ...mode, [payloadMode ? 'validationPayload' : 'request', r]];
    const categories = [...new Set([...rc, ...ac])];
    const change = payloadMode ? oddP : odd;
    if (change) {
      entries = change[0](entries);
      categories.push(change[1], 'odd');
    }
    const input = obj(entries);
    return clocked(d, input, now, ms, categories);
  });
}
