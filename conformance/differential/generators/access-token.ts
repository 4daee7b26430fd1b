/**
 * fast-check generator of `access_token` case inputs in one library's vocabulary, labelled with
 * the categories they exercise so that a differential run can report its coverage.
 */
import fc from 'fast-check';
import { GRANTS, type GrantType } from '../../../reference/access-token/grants.ts';
import type { JsonValue } from '../../../reference/json/value.ts';
import { clocked, float, hazardString, jsonValue, num, obj, paramKey, type ClockDialect, type GeneratedCase } from './json.ts';

export type { GeneratedCase } from './json.ts';

/**
 * Which parts of the AccessToken vocabulary a library's API has, and so which inputs its dialect
 * is made of. Each library states its own in its conformance entry (conformance/libraries/).
 */
export interface AccessTokenDialect extends ClockDialect {
  /** `algorithm` chooses among HS256/384/512 (else it is left out, and now and then an unsupported HS512). */
  readonly algorithmChoice: boolean;
  /** Options of another grant type are now and then given (the library ignores or refuses them). */
  readonly foreignGrantOptions: boolean;
  /** A grant may be a raw value handed to the library as it is (`{type: "raw", value}`). */
  readonly rawGrants: boolean;
  /** The base JWT's `validUntil` argument. */
  readonly validUntil: boolean;
  /** A ttl given to the token call itself (`toJwtTtl`). */
  readonly toJwtTtl: boolean;
  /** Custom claims added one by one before the token call (`claims: [[name, value], ...]`, twilio-php's `addClaim`). */
  readonly customClaims?: boolean;
}

type Labelled = [JsonValue | undefined, string[]];
const label = (arb: fc.Arbitrary<JsonValue | undefined>, cat: string): fc.Arbitrary<Labelled> => arb.map((v) => [v, [cat]]);
const plain = (arb: fc.Arbitrary<JsonValue | undefined>): fc.Arbitrary<Labelled> => arb.map((v) => [v, []]);

const sid = (prefix: string): fc.Arbitrary<string> => fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => `${prefix}${h}`);

const hasAstral = (s: string): boolean => /[\ud800-\udbff][\udc00-\udfff]/.test(s);
const hasLone = (s: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

function stringCategories(kind: string, s: string): string[] {
  const c: string[] = [];
  if (hasAstral(s)) c.push(`${kind}:astral`);
  if (s.includes('\u2028')) c.push(`${kind}:U+2028`);
  if (hasLone(s)) c.push(`${kind}:lone-surrogate`);
  if (/[\u0080-\uffff]/.test(s)) c.push(`${kind}:non-ascii`);
  return c;
}

const identity: fc.Arbitrary<Labelled> = fc
  .oneof(
    { arbitrary: fc.constantFrom('alice', 'user@example.com', 'a b:c'), weight: 3 },
    { arbitrary: hazardString(6), weight: 6 },
    { arbitrary: fc.constantFrom('a\ud800b', '\udc00', '\u2028', '\ud83c\udf89x', 'x\u2029\u0000'), weight: 2 },
  )
  .map((s): Labelled => [s, ['identity:string', ...stringCategories('identity', s)]]);

const identityOther: fc.Arbitrary<Labelled> = fc.oneof(
  label(fc.integer({ min: -100000, max: 100000 }).map(num), 'identity:integer'),
  label(fc.constantFrom(num(0), num('1e21'), num('12345678901234567890')), 'identity:integer-edge'),
  label(
    fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
      .filter((x) => !Number.isInteger(x))
      .map(float),
    'identity:float',
  ),
  label(fc.constantFrom<JsonValue>(null, false, true, '', ' '), 'identity:falsy-or-bool'),
  label(fc.constantFrom<JsonValue>(['alice'], obj([['id', num(1)]])), 'identity:structured'),
  label(fc.constant(undefined), 'identity:absent'),
);

const ttl: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: label(fc.constant(undefined), 'ttl:absent'), weight: 4 },
  { arbitrary: label(fc.constant(num(0)), 'ttl:0'), weight: 1 },
  { arbitrary: label(fc.integer({ min: 1, max: 86400 * 7 }).map(num), 'ttl:positive'), weight: 3 },
  { arbitrary: label(fc.integer({ min: -100000, max: -1 }).map(num), 'ttl:negative'), weight: 1 },
  { arbitrary: label(fc.constantFrom(1.5, 3600, 0.25, -2.5, 59.999).map(float), 'ttl:float'), weight: 1 },
  { arbitrary: label(fc.constantFrom(num('100000000000000000000'), num('315360000'), num('9007199254740993'), num('1e20')), 'ttl:huge'), weight: 1 },
  { arbitrary: label(fc.constantFrom<JsonValue>('2h', '3600', '1.5d', '', ' ', '10 minutes', '-1h', 'soon', '7D', '.5y'), 'ttl:string'), weight: 1 },
  { arbitrary: label(fc.constantFrom<JsonValue>(null, true, false, ['1']), 'ttl:other'), weight: 1 },
);

const nbf: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: label(fc.constant(undefined), 'nbf:absent'), weight: 4 },
  { arbitrary: label(fc.constant(num(0)), 'nbf:0'), weight: 1 },
  { arbitrary: label(fc.constant(null), 'nbf:null'), weight: 1 },
  { arbitrary: label(fc.integer({ min: -10, max: 2_000_000_000 }).map(num), 'nbf:integer'), weight: 2 },
  { arbitrary: label(fc.constantFrom(1699999999.5, 1700000000).map(float), 'nbf:float'), weight: 1 },
  { arbitrary: label(fc.constantFrom<JsonValue>('soon', '1700000000', true), 'nbf:other'), weight: 1 },
);

const region: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: label(fc.constant(undefined), 'region:absent'), weight: 4 },
  { arbitrary: label(fc.constantFrom('us1', 'ie1', 'au1', 'jp1'), 'region:ascii'), weight: 2 },
  { arbitrary: label(fc.constantFrom('\u65e5\u672c', 'r\u00e9gion', '\ud83c\udf89', '\u0100\u00ff', 'a\u2028'), 'region:non-ascii'), weight: 1 },
  { arbitrary: label(fc.constantFrom<JsonValue>('', null, num(1), false), 'region:falsy-or-other'), weight: 1 },
);

function algorithm(d: AccessTokenDialect): fc.Arbitrary<Labelled> {
  if (!d.algorithmChoice) return fc.oneof({ arbitrary: label(fc.constant(undefined), 'algorithm:absent'), weight: 12 }, { arbitrary: label(fc.constant('HS512'), 'algorithm:unsupported-key'), weight: 1 });
  return fc.oneof(
    { arbitrary: label(fc.constant(undefined), 'algorithm:absent'), weight: 4 },
    { arbitrary: fc.constantFrom('HS256', 'HS384', 'HS512').map((a): Labelled => [a, [`algorithm:${a}`]]), weight: 3 },
    { arbitrary: label(fc.constantFrom<JsonValue>('', null, 'RS256', 'hs256', num(5), 'none'), 'algorithm:invalid'), weight: 1 },
  );
}

const secret: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: plain(fc.constant('secret_0123456789abcdef0123456789')), weight: 10 },
  { arbitrary: label(fc.constantFrom('s\u00e9cr\u00e8t-\ud83d\udd11', 'x', 'k'.repeat(200)), 'secret:unusual'), weight: 2 },
  { arbitrary: label(fc.constantFrom<JsonValue>('', null, num(12345), '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n', 'ssh-rsa AAAA'), 'secret:invalid'), weight: 1 },
);

function sidArg(prefix: string, cat: string): fc.Arbitrary<Labelled> {
  return fc.oneof({ arbitrary: plain(sid(prefix)), weight: 12 }, { arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, '', null, num(42)), `${cat}:invalid`), weight: 1 });
}

/** A value for one grant option, shaped by what that option usually holds. */
function optionValue(option: string): fc.Arbitrary<JsonValue> {
  const odd = fc.constantFrom<JsonValue>('', null, false, num(0), num(123), true, ['RL1'], obj([['a', num(1)]]));
  if (option === 'incomingAllow') return fc.constantFrom<JsonValue>(true, false, 'true', num(1), null);
  if (option === 'outgoingApplicationParams') {
    return fc.oneof(
      { arbitrary: fc.uniqueArray(fc.tuple(paramKey, jsonValue), { maxLength: 5, selector: ([k]) => k }).map((e) => obj(e)), weight: 5 },
      { arbitrary: fc.constantFrom<JsonValue>(obj([]), 'raw=string', null, false, [num(1)]), weight: 1 },
    );
  }
  if (option === 'grant')
    return fc.oneof(
      jsonValue,
      fc.constantFrom<JsonValue>(
        obj([
          ['playbackUrl', 'https://x/y?token=1'],
          ['requestCredentials', null],
        ]),
      ),
    );
  return fc.oneof({ arbitrary: hazardString(4).map((s) => `ID${s}`), weight: 4 }, { arbitrary: odd, weight: 1 });
}

function grant(d: AccessTokenDialect): fc.Arbitrary<Labelled> {
  const typed = fc.constantFrom(...(Object.keys(GRANTS) as GrantType[])).chain((type) => {
    const own = GRANTS[type].options;
    // Now and then an option that belongs to another grant: ignored by some libraries, a TypeError in others.
    const foreign = Object.values(GRANTS)
      .flatMap((g) => g.options)
      .filter((o) => !own.includes(o));
    const stray = !d.foreignGrantOptions ? fc.constant([] as string[]) : fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 15 }, { arbitrary: fc.constantFrom(...foreign).map((o) => [o]), weight: 1 });
    return fc.tuple(fc.subarray([...own]), stray).chain(([opts, extra]) =>
      fc.tuple(...[...opts, ...extra].map((o) => optionValue(o).map((v) => [o, v] as [string, JsonValue]))).map((entries): Labelled => {
        const cats = [`grant:${type}`, ...opts.map((o) => `option:${type}.${o}`)];
        if (extra.length) cats.push('option:foreign');
        const params = entries.find(([k]) => k === 'outgoingApplicationParams')?.[1];
        if (params && typeof params === 'object' && !Array.isArray(params) && 'entries' in params && params.entries.some(([k]) => /^(?:0|[1-9][0-9]*)$/.test(k))) cats.push('params:integer-like-keys');
        return [
          obj([
            ['type', type],
            ['options', obj(entries)],
          ]),
          cats,
        ];
      }),
    );
  });
  if (!d.rawGrants) return typed;
  return fc.oneof(
    { arbitrary: typed, weight: 20 },
    {
      arbitrary: label(
        fc.constant(
          obj([
            ['type', 'raw'],
            ['value', 'not-a-grant'],
          ]),
        ),
        'grant:raw',
      ),
      weight: 1,
    },
  );
}

/** A custom claim's name: ordinary, integer-like (PHP array keys), a registered claim's, or not a string. */
const claimName: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: fc.constantFrom('foo', 'n', 'role', 'a/b', '\u00e9', '', ' ').map((k): Labelled => [k, []]), weight: 6 },
  { arbitrary: fc.constantFrom('0', '5', '05', '-1', '-0', '1.5').map((k): Labelled => [k, ['claims:integer-like-name']]), weight: 2 },
  { arbitrary: fc.constantFrom('jti', 'iss', 'sub', 'exp', 'grants', 'nbf').map((k): Labelled => [k, ['claims:registered-name']]), weight: 2 },
  { arbitrary: label(fc.constantFrom<JsonValue>(num(7), float(2.5), true, false, null, ['x']), 'claims:name-not-string'), weight: 1 },
);

const claimValue: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: fc.constantFrom('bar', '', '0', 'https://x.example/y', 'Zo\u00eb \ud83c\udf89').map((v): Labelled => [v, []]), weight: 6 },
  { arbitrary: label(fc.constantFrom<JsonValue>(num(5), num(-1), float(0.1), float(1.5), num('1e20'), true, false), 'claims:value-coerced'), weight: 2 },
  { arbitrary: label(fc.constantFrom<JsonValue>(null, ['x'], obj([['a', num(1)]])), 'claims:value-refused'), weight: 1 },
);

/** `claims`: absent mostly, else a few `[name, value]` pairs, names repeated now and then. */
const claims: fc.Arbitrary<Labelled> = fc.oneof(
  { arbitrary: plain(fc.constant(undefined)), weight: 3 },
  {
    arbitrary: fc.array(fc.tuple(claimName, claimValue), { minLength: 1, maxLength: 4 }).map((pairs): Labelled => {
      const cats = ['claims:set', ...pairs.flatMap(([[, a], [, b]]) => [...a, ...b])];
      if (new Set(pairs.map(([[n]]) => JSON.stringify(n))).size < pairs.length) cats.push('claims:repeated-name');
      return [pairs.map(([[n], [v]]) => [n!, v!]), cats];
    }),
    weight: 2,
  },
);

/** Cases for one library's dialect of the vocabulary. */
export function accessTokenCases(d: AccessTokenDialect): fc.Arbitrary<GeneratedCase> {
  const extra: Array<[string, fc.Arbitrary<Labelled>]> = [
    ...(d.validUntil
      ? ([['validUntil', fc.oneof({ arbitrary: plain(fc.constant(undefined)), weight: 8 }, { arbitrary: label(fc.constantFrom<JsonValue>(num(0), num(1700009999), float(1.5), 'x', null), 'validUntil:set'), weight: 1 })]] as Array<
          [string, fc.Arbitrary<Labelled>]
        >)
      : []),
    ...(d.toJwtTtl
      ? ([['toJwtTtl', fc.oneof({ arbitrary: plain(fc.constant(undefined)), weight: 8 }, { arbitrary: label(fc.constantFrom<JsonValue>(num(0), num(30), float(2.5), num(-5)), 'toJwtTtl:set'), weight: 1 })]] as Array<
          [string, fc.Arbitrary<Labelled>]
        >)
      : []),
    ...(d.customClaims ? ([['claims', claims]] as Array<[string, fc.Arbitrary<Labelled>]>) : []),
  ];
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
    ['accountSid', sidArg('AC', 'accountSid')],
    ['keySid', sidArg('SK', 'keySid')],
    ['secret', secret],
    ['identity', fc.oneof({ arbitrary: identity, weight: 3 }, { arbitrary: identityOther, weight: 1 })],
    ['ttl', ttl],
    ['nbf', nbf],
    ['region', region],
    ['algorithm', algorithm(d)],
    ...extra,
  ];
  const clock = fc.oneof({ arbitrary: fc.constant(1700000000), weight: 4 }, { arbitrary: fc.constantFrom(0, 1234567890), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }), weight: 2 });
  return fc
    .tuple(
      fc.tuple(...fields.map(([, a]) => a)),
      fc.array(grant(d), { maxLength: 4 }),
      clock,
      fc.integer({ min: 0, max: 999 }),
      fc.shuffledSubarray(
        fields.map(([k]) => k),
        { minLength: fields.length, maxLength: fields.length },
      ),
    )
    .map(([values, grants, now, ms, order]) => {
      const byKey = new Map(fields.map(([k], i) => [k, values[i]]));
      const categories = [...new Set([...values.flatMap(([, c]) => c), ...grants.flatMap(([, c]) => c)])];
      if (grants.length === 0) categories.push('grants:none');
      if (new Set(grants.map(([g]) => JSON.stringify((g as { get?: (k: string) => unknown }).get?.('type')))).size < grants.length) categories.push('grants:duplicate-type');
      // Key order varies: it must not matter to any library's output.
      const input = obj([...order.map((k): [string, JsonValue | undefined] => [k, byKey.get(k)![0]]), ['grants', grants.map(([g]) => g!)]]);
      return clocked(d, input, now, ms, categories);
    });
}

/**
 * Option values some library treats specially, for every option: the booleans (voice `incoming`
 * needs `true` itself), the falsy values of each language (`""`, `0`, `-0`, `0.0`, `null`, `[]`,
 * `{}`: node drops `""`/`0`/`null`, python also `[]`/`{}`/`0.0`, ruby only `null`/`false`) and
 * truthy look-alikes (`"true"`, `"false"`, `"0"`, `1`).
 */
const SPECIAL_VALUES: Array<[JsonValue, string]> = [
  [true, 'true'],
  [false, 'false'],
  [null, 'null'],
  ['', 'empty-string'],
  [' ', 'space'],
  ['true', 'string-true'],
  ['false', 'string-false'],
  ['0', 'string-0'],
  [num(0), '0'],
  [num('-0'), '-0'],
  [float(0), '0.0'],
  [num(1), '1'],
  [num(-7), 'negative'],
  [float(2.5), 'float'],
  [num('100000000000000000000'), 'big-integer'],
  [[], 'empty-array'],
  [['RL1'], 'array'],
  [obj([]), 'empty-object'],
  [obj([['a', num(1)]]), 'object'],
];

/** The names of {@link SPECIAL_VALUES}, as coverage categories spell them (`value:<grant>.<option>=<name>`). */
export const SPECIAL_VALUE_NAMES: readonly string[] = SPECIAL_VALUES.map(([, name]) => name);

/** Every special value of {@link SPECIAL_VALUES}, labelled `<kind>=<name>` for coverage counts. */
const specialValue = (kind: string): fc.Arbitrary<Labelled> => fc.constantFrom(...SPECIAL_VALUES).map(([v, name]): Labelled => [v, [`${kind}=${name}`]]);

/** A value for one grant option: what it usually holds, or any special value. */
function anyOptionValue(type: GrantType, option: string): fc.Arbitrary<Labelled> {
  const kind = `value:${type}.${option}`;
  if (option === 'incomingAllow') {
    // The booleans are the values that matter most here: weighted so that `false` is common.
    return fc.oneof({ arbitrary: fc.boolean().map((b): Labelled => [b, [`${kind}=${b}`]]), weight: 2 }, { arbitrary: specialValue(kind), weight: 1 });
  }
  const usual: fc.Arbitrary<Labelled> =
    option === 'outgoingApplicationParams'
      ? fc.uniqueArray(fc.tuple(paramKey, jsonValue), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((e): Labelled => [obj(e), [`${kind}=params`]])
      : option === 'grant'
        ? jsonValue.map((v): Labelled => [v, [`${kind}=json`]])
        : option === 'outgoingApplicationSid'
          ? sid('AP').map((v): Labelled => [v, [`${kind}=sid`]])
          : hazardString(4).map((s): Labelled => [`ID${s}`, [`${kind}=string`]]);
  return fc.oneof({ arbitrary: usual, weight: 1 }, { arbitrary: specialValue(kind), weight: 2 });
}

/** One grant of this type, each of its own options present three times in four, with any value. */
function anyGrantOf(type: GrantType): fc.Arbitrary<Labelled> {
  const options = GRANTS[type].options;
  return fc.tuple(...options.map((o) => fc.option(anyOptionValue(type, o), { freq: 4, nil: undefined }))).map((values): Labelled => {
    const present = options.flatMap((o, i) => (values[i] === undefined ? [] : [[o, values[i]] as const]));
    return [
      obj([
        ['type', type],
        ['options', obj(present.map(([o, [v]]) => [o, v]))],
      ]),
      [`grant:${type}`, ...present.flatMap(([, [, c]]) => c)],
    ];
  });
}

const GRANT_TYPES = Object.keys(GRANTS) as GrantType[];

/**
 * Most grant types once each in any order, then now and then a second grant of some type (which
 * replaces the first one's value and keeps its position).
 */
const anyGrants: fc.Arbitrary<Labelled[]> = fc
  .tuple(
    fc.tuple(...GRANT_TYPES.map(anyGrantOf)),
    fc.shuffledSubarray(
      GRANT_TYPES.map((_, i) => i),
      { minLength: 4, maxLength: GRANT_TYPES.length },
    ),
    fc.array(fc.constantFrom(...GRANT_TYPES).chain(anyGrantOf), { maxLength: 2 }),
  )
  .map(([byType, order, again]) => [...order.map((i) => byType[i]), ...again]);

/**
 * Identities of every JSON type, each library's own rules deciding what comes of them: node
 * stringifies integers, omits floats, booleans, arrays and objects and rejects the falsy ones;
 * python writes the truthy ones as they are; ruby everything but `null` and `false`.
 */
const anyIdentity: fc.Arbitrary<Labelled> = fc.oneof(
  identity.map(([v]): Labelled => [v, ['identity-type=string']]),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((i): Labelled => [num(i), ['identity-type=integer']]),
  fc.constantFrom(num('1e21'), num('12345678901234567890'), num('-0'), num('9007199254740993')).map((v): Labelled => [v, ['identity-type=integer-edge']]),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((x): Labelled => [float(x), ['identity-type=float']]),
  fc.boolean().map((b): Labelled => [b, [`identity-type=${b}`]]),
  fc.constantFrom<JsonValue>(['alice'], [], [num(1), null]).map((v): Labelled => [v, ['identity-type=array']]),
  fc
    .constantFrom<JsonValue>(
      obj([['id', num(1)]]),
      obj([]),
      obj([
        ['name', 'alice'],
        ['tags', ['a']],
      ]),
    )
    .map((v): Labelled => [v, ['identity-type=object']]),
  fc.constantFrom<JsonValue | undefined>(null, '', num(0), float(0), undefined).map((v): Labelled => [v, ['identity-type=falsy-or-absent']]),
);

/**
 * Cases whose point is the grants claim: valid credentials and settings in the dialect's
 * vocabulary (so most of them make a token), an identity of any type and four or more grants
 * with every option value. Kept apart from {@link accessTokenCases} so that the vector sample drawn
 * from that one stays as it is.
 */
export function accessTokenGrantCases(d: AccessTokenDialect): fc.Arbitrary<GeneratedCase> {
  return fc
    .tuple(sid('AC'), sid('SK'), anyIdentity, anyGrants, fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }), fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 0, max: 999 }))
    .map(([accountSid, keySid, [id, idCats], grants, ttlValue, now, ms]) => {
      const input = obj([
        ['accountSid', accountSid],
        ['keySid', keySid],
        ['secret', 'secret_0123456789abcdef0123456789'],
        ['identity', id],
        ['ttl', ttlValue === undefined ? undefined : num(ttlValue)],
        ['grants', grants.map(([g]) => g!)],
      ]);
      const categories = [...new Set(['grants:contents', ...idCats, ...grants.flatMap(([, c]) => c)])];
      return clocked(d, input, now, ms, categories);
    });
}

/** What the property suites draw from: the differential cases and, as often, the grant-focused ones. */
export function accessTokenPropertyCases(d: AccessTokenDialect): fc.Arbitrary<GeneratedCase> {
  return fc.oneof(accessTokenCases(d), accessTokenGrantCases(d));
}
