/**
 * fast-check generator of `client_capability` case inputs in one library's vocabulary, labelled
 * with the categories they exercise so that a differential run can report its coverage. Scope
 * parameters are where the libraries disagree most: keys and values mix arbitrary unicode, the
 * reserved URL characters, `%`, `+`, `~`, `*`, `'`, empty strings and integer-like keys.
 */
import fc from 'fast-check';
import type { JsonValue } from '../../../reference/json/value.ts';
import { clocked, float, hazardString, jsonValue, lazyArbitrary, num, obj, type ClockDialect, type GeneratedCase } from './json.ts';

export type { GeneratedCase } from './json.ts';

/**
 * Which parts of the ClientCapability vocabulary a library's API has, and so which inputs its
 * dialect is made of. Each library states its own in its conformance entry (conformance/libraries/).
 */
export interface ClientCapabilityDialect extends ClockDialect {
  /** Scope parameters may be keyed `self` (bound positionally by the library's methods: a rejection). */
  readonly selfParamKey: boolean;
  /** Scope parameters may be other than an object (a string, a list, a number...). */
  readonly nonObjectParams: boolean;
  /** An outgoing scope takes a client name of its own. */
  readonly outgoingClientName: boolean;
  /** The base JWT's `nbf` and `validUntil` arguments. */
  readonly baseJwtFields: boolean;
  /** The token call may run more than once (`extraToJwtCalls`, `toJwtTwice`), with a ttl of its own (`toJwtTtl`) where the base JWT's fields are there too. */
  readonly repeatedToJwt: boolean;
  /** Several scopes, one of each kind, may go to the constructor (`scopesVia: "constructor"`). */
  readonly constructorScopes: boolean;
  /** Object-API quirks of an options object: properties written after construction, the options passed as one value. */
  readonly optionsObjectQuirks: boolean;
  /** Object-API quirks of a scope list: any value handed to the constructor, the `scopes=` / `client_name=` writers. */
  readonly scopeListQuirks: boolean;
  /** Custom claims added one by one before the token call (`claims: [[name, value], ...]`). */
  readonly customClaims?: boolean;
  /**
   * A typed API: a String (or null) where it takes a String, a `Map<String, String>` (or null) of
   * parameters, an int ttl (wrapping ones included); values of other types cannot be written.
   */
  readonly typed?: boolean;
}

type Labelled = [JsonValue | undefined, string[]];
const label = (arb: fc.Arbitrary<JsonValue | undefined>, cat: string): fc.Arbitrary<Labelled> => arb.map((v) => [v, [cat]]);
const plain = (arb: fc.Arbitrary<JsonValue | undefined>): fc.Arbitrary<Labelled> => arb.map((v) => [v, []]);

const sid = (prefix: string): fc.Arbitrary<string> => fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => `${prefix}${h}`);

/** RFC 3986 reserved characters and the others URL encoders treat differently. */
const RESERVED = [':', '/', '?', '#', '[', ']', '@', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', '%', '~', ' ', '"', '<', '>', '\\', '^', '`', '{', '|', '}'];
const TRICKY = ['%20', '%2B', '%E9', '%', '%%', '%zz', '+1 555', '~x', 'a*b', "o'k", 'é', '日本', '🎉', '\u2028', '\u00a0', '\u0000', 'a=b&c=d', '/2010-04-01/Events'];

/** Strings of any code points, made on first use (see {@link lazyArbitrary}). */
const binary = (maxLength: number): fc.Arbitrary<string> => lazyArbitrary(() => fc.string({ unit: 'binary', maxLength }));

/** Text for names and parameters: reserved and tricky pieces, arbitrary unicode, the empty string. */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...RESERVED), fc.constantFrom(...TRICKY), fc.string({ maxLength: 3 }), binary(3)), { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: binary(10) },
  { weight: 1, arbitrary: hazardString(4) },
  { weight: 1, arbitrary: fc.constant('') },
);

const hasLone = (s: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** The hazards a string holds, as categories under `kind`. */
function textCategories(kind: string, s: string): string[] {
  const c: string[] = [];
  if (s === '') c.push(`${kind}:empty`);
  if (/[^\x00-\x7f]/.test(s)) c.push(`${kind}:unicode`);
  if (/[\ud800-\udbff][\udc00-\udfff]/.test(s)) c.push(`${kind}:astral`);
  if (hasLone(s)) c.push(`${kind}:lone-surrogate`);
  if (RESERVED.some((r) => r !== '%' && r !== '+' && r !== '~' && r !== '*' && r !== "'" && s.includes(r))) c.push(`${kind}:reserved`);
  for (const [ch, name] of [
    ['%', 'percent'],
    ['+', 'plus'],
    ['~', 'tilde'],
    ['*', 'star'],
    ["'", 'quote'],
    [' ', 'space'],
  ] as const) {
    if (s.includes(ch)) c.push(`${kind}:${name}`);
  }
  return c;
}

/** A string value labelled with its hazards. */
const labelledText = (kind: string): fc.Arbitrary<Labelled> => text.map((s): Labelled => [s, textCategories(kind, s)]);

/** A value that is not a string: numbers (ints, floats, big), booleans, null, lists and objects. */
const nonString: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.integer({ min: -1000, max: 100000 }).map(num),
  fc.constantFrom(1.5, 2.5, 0.1, 1e16, 1e21, -0.5).map(float),
  fc.constantFrom<JsonValue>(num('12345678901234567890'), true, false, null),
  fc.array(fc.oneof(text, fc.integer().map(num)), { maxLength: 3 }),
  jsonValue,
);

const INTEGER_LIKE = ['0', '1', '2', '10', '42', '007', '4294967294', '4294967295', '-1', '1.5'];
const paramKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.constantFrom(...INTEGER_LIKE) },
  { weight: 1, arbitrary: fc.constantFrom('to', 'From', 'clientName', 'appSid', 'path', '__proto__', 'constructor', 'toString') },
);

/** Scope parameters (outgoing params, event-stream filters) as an object in generated key order. */
function params(kind: string, d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  // `self` is bound positionally by python's allow_* methods: a rare, deliberate rejection.
  // A typed map holds strings, mostly well formed (whole maps then decode back), now and then a null.
  const wellFormed = (a: fc.Arbitrary<string>, nonEmpty: boolean): fc.Arbitrary<string> => fc.oneof({ weight: 5, arbitrary: a.filter((s) => !hasLone(s) && (!nonEmpty || s !== '')) }, { weight: 1, arbitrary: a });
  const key = d.typed ? wellFormed(paramKey, true) : d.selfParamKey ? fc.oneof({ weight: 60, arbitrary: paramKey }, { weight: 1, arbitrary: fc.constant('self') }) : paramKey;
  const value = d.typed ? fc.oneof({ weight: 60, arbitrary: wellFormed(text, false) }, { weight: 1, arbitrary: fc.constant<JsonValue>(null) }) : fc.oneof({ weight: 6, arbitrary: text }, { weight: 2, arbitrary: nonString });
  const entries = fc.oneof(
    { weight: 6, arbitrary: fc.uniqueArray(fc.tuple(key, value), { maxLength: 5, selector: ([k]) => k }) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.tuple(key, value), { minLength: 8, maxLength: 24, selector: ([k]) => k }) },
  );
  return entries.map((e): Labelled => {
    const cats = [`${kind}:object`];
    if (e.length === 0) cats.push(`${kind}:empty-object`);
    if (e.length >= 8) cats.push(`${kind}:many-keys`);
    if (e.some(([k]) => /^(?:0|[1-9][0-9]*)$/.test(k))) cats.push(`${kind}:integer-like-keys`);
    if (e.some(([, v]) => typeof v !== 'string')) cats.push(`${kind}:non-string-values`);
    if (e.some(([k]) => k === 'self')) cats.push(`${kind}:python-self-keyword`);
    for (const [k, v] of e) {
      cats.push(...textCategories(`${kind}-key`, k));
      if (typeof v === 'string') cats.push(...textCategories(`${kind}-value`, v));
    }
    return [obj(e), [...new Set(cats)]];
  });
}

/** Scope parameters in the shapes a library also accepts besides an object, where it does. */
function paramsOrOther(kind: string, d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  if (d.typed) return fc.oneof({ weight: 24, arbitrary: params(kind, d) }, { weight: 4, arbitrary: label(fc.constant(undefined), `${kind}:absent`) }, { weight: 1, arbitrary: label(fc.constant(null), `${kind}:null`) });
  if (!d.nonObjectParams) return fc.oneof({ weight: 6, arbitrary: params(kind, d) }, { weight: 1, arbitrary: label(fc.constant(undefined), `${kind}:absent`) });
  return fc.oneof(
    { weight: 12, arbitrary: params(kind, d) },
    { weight: 2, arbitrary: label(fc.constant(undefined), `${kind}:absent`) },
    { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, 'a=b', '', num(5), ['x', 'y'], [['k', 'v'], ['solo']], true), `${kind}:not-an-object`) },
  );
}

/** A client name: text, now and then null or (where the API takes any value) not a string. */
function clientName(d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  const named = labelledText('clientName').map(([v, c]): Labelled => [v, ['clientName:string', ...c]]);
  if (d.typed) return fc.oneof({ weight: 9, arbitrary: named }, { weight: 1, arbitrary: label(fc.constant(null), 'clientName:null') });
  return fc.oneof({ weight: 8, arbitrary: named }, { weight: 1, arbitrary: label(nonString, 'clientName:non-string') }, { weight: 1, arbitrary: label(fc.constant(null), 'clientName:null') });
}

function incoming(d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  return fc.oneof({ weight: 12, arbitrary: clientName(d) }, { weight: 1, arbitrary: label(fc.constant(undefined), 'clientName:absent') }).map(([name, cats]): Labelled => [
    obj([
      ['type', 'incoming'],
      ['clientName', name],
    ]),
    ['scope:incoming', ...cats.map((c) => `incoming.${c}`)],
  ]);
}

function outgoing(d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  // A typed Builder takes the application sid as a String: null, never absent or a number.
  const appSid = fc.oneof(
    { weight: 6, arbitrary: plain(sid('AP')) },
    { weight: 3, arbitrary: labelledText('appSid') },
    { weight: 1, arbitrary: label(d.typed ? fc.constantFrom<JsonValue | undefined>('', null) : fc.constantFrom<JsonValue | undefined>(undefined, '', null, num(42)), 'appSid:invalid') },
  );
  // Some outgoing scopes have no client name (python's allow_client_outgoing adds the incoming one at to_jwt).
  const name = !d.outgoingClientName ? plain(fc.constant(undefined)) : fc.oneof({ weight: 3, arbitrary: clientName(d) }, { weight: 2, arbitrary: label(fc.constant(undefined), 'clientName:absent') });
  return fc.tuple(appSid, name, paramsOrOther('params', d)).map(([[a, ac], [n, nc], [p, pc]]): Labelled => [
    obj([
      ['type', 'outgoing'],
      ['applicationSid', a],
      ['clientName', n],
      ['params', p],
    ]),
    ['scope:outgoing', ...ac, ...nc.map((c) => `outgoing.${c}`), ...pc],
  ]);
}

function eventStream(d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  return paramsOrOther('filters', d).map(([f, c]): Labelled => [
    obj([
      ['type', 'event_stream'],
      ['filters', f],
    ]),
    ['scope:event_stream', ...c],
  ]);
}

const ttl: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 6, arbitrary: label(fc.constant(undefined), 'ttl:absent') },
  { weight: 3, arbitrary: label(fc.integer({ min: 1, max: 86400 }).map(num), 'ttl:positive') },
  { weight: 1, arbitrary: label(fc.constantFrom(num(0), num(-60)), 'ttl:zero-or-negative') },
  { weight: 1, arbitrary: label(fc.constantFrom(1.5, 3600, 0.25).map(float), 'ttl:float') },
  { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>('60', null, true), 'ttl:other') },
);

/** An int ttl: where `ttl * 1000` wraps (past 2147483), the extremes, and up to a year. */
const intTtl: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 6, arbitrary: label(fc.constant(undefined), 'ttl:absent') },
  { weight: 3, arbitrary: label(fc.integer({ min: 1, max: 86400 }).map(num), 'ttl:positive') },
  { weight: 1, arbitrary: label(fc.constantFrom(num(0), num(-60)), 'ttl:zero-or-negative') },
  { weight: 1, arbitrary: label(fc.oneof(fc.constantFrom(2147483, 2147484, 2147483647, -2147483648, 315360000), fc.integer({ min: 86401, max: 31536000 })).map(num), 'ttl:int-wraps-or-long') },
);

function credential(prefix: string | undefined, cat: string, d: ClientCapabilityDialect): fc.Arbitrary<Labelled> {
  // A typed API: a blank account sid (jjwt drops a blank iss), empty, blank or short keys (refused when signing), no other types.
  const good = prefix ? sid(prefix) : d.typed ? fc.constant('auth_token_0123456789abcdef012345') : fc.constantFrom('auth_token_0123456789abcdef012345', 'tok\u00e9n-\ud83d\udd11');
  const invalid: Array<JsonValue | undefined> = d.typed ? ['', null, ' ', ...(prefix ? [] : ['tok\u00e9n-\ud83d\udd11'])] : [undefined, '', null, num(12345)];
  return fc.oneof({ weight: 30, arbitrary: plain(good) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(...invalid), `${cat}:invalid`) });
}

/** Extra top-level keys of one dialect: the base JWT's nbf and valid_until, the token call's ttl and repetitions. */
function dialectFields(d: ClientCapabilityDialect): Array<[string, fc.Arbitrary<Labelled>]> {
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [];
  if (d.baseJwtFields) {
    const nbf = fc.oneof({ weight: 8, arbitrary: plain(fc.constant(undefined)) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(num(0), num(1699000000), null), 'nbf:set') });
    const validUntil = fc.oneof({ weight: 10, arbitrary: plain(fc.constant(undefined)) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(num(1700009999), num(0)), 'validUntil:set') });
    fields.push(['nbf', nbf], ['validUntil', validUntil]);
  }
  if (d.repeatedToJwt) {
    if (d.baseJwtFields) fields.push(['toJwtTtl', fc.oneof({ weight: 10, arbitrary: plain(fc.constant(undefined)) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(num(30), num(0), float(2.5)), 'toJwtTtl:set') })]);
    // to_jwt may run more than once: the outgoing clientName it adds must not accumulate.
    fields.push(['extraToJwtCalls', fc.oneof({ weight: 14, arbitrary: plain(fc.constant(undefined)) }, { weight: 1, arbitrary: label(fc.constantFrom(num(1), num(2)), 'quirk:extraToJwtCalls') })]);
    fields.push(['toJwtTwice', fc.oneof({ weight: 14, arbitrary: plain(fc.constant(undefined)) }, { weight: 1, arbitrary: label(fc.constant(true), 'quirk:toJwtTwice') })]);
  }
  return fields;
}

/** A custom claim's name: ordinary, integer-like (array keys renumbered), the token's own claims', or not a string. */
const claimName: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 6, arbitrary: plain(fc.constantFrom('foo', 'role', 'a/b', '\u00e9', '', ' ')) },
  { weight: 2, arbitrary: label(fc.constantFrom('0', '5', '05', '-1', '1.5'), 'claims:integer-like-name') },
  { weight: 2, arbitrary: label(fc.constantFrom('scope', 'iss', 'exp'), 'claims:registered-name') },
  { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(num(7), float(2.5), true, false, null, ['x']), 'claims:name-not-string') },
);

const claimValue: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 6, arbitrary: plain(fc.constantFrom('bar', '', '0', 'https://x.example/y', 'Zo\u00eb \ud83c\udf89')) },
  { weight: 2, arbitrary: label(fc.constantFrom<JsonValue>(num(5), num(-1), float(0.1), float(1.5), true, false), 'claims:value-coerced') },
  { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, ['x'], obj([['a', num(1)]])), 'claims:value-refused') },
);

/** `claims`: absent mostly, else a few `[name, value]` pairs. */
const claims: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 4, arbitrary: plain(fc.constant(undefined)) },
  {
    weight: 1,
    arbitrary: fc.array(fc.tuple(claimName, claimValue), { minLength: 1, maxLength: 3 }).map((pairs): Labelled => [pairs.map(([[n], [v]]) => [n!, v!]), ['claims:set', ...pairs.flatMap(([[, a], [, b]]) => [...a, ...b])]]),
  },
);

/** A scope object's own properties, which the `setAfter` quirk reassigns after construction. */
const SCOPE_PROPERTIES: Record<string, string[]> = { incoming: ['scope', 'clientName'], outgoing: ['scope', 'applicationSid', 'clientName', 'params'], event_stream: ['scope', 'filters'] };

/** Now and then (options-object APIs) a property write on the scope object after it is made. */
function withScopeWrites(d: ClientCapabilityDialect, scope: fc.Arbitrary<Labelled>): fc.Arbitrary<Labelled> {
  if (!d.optionsObjectQuirks) return scope;
  const write = fc.tuple(fc.nat(), fc.oneof(text, nonString));
  return fc.tuple(scope, fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: write })).map(([[s, cats], w]): Labelled => {
    if (!w) return [s, cats];
    const o = s as ReturnType<typeof obj>;
    const props = SCOPE_PROPERTIES[o.get('type') as string];
    const prop = props[w[0] % props.length];
    return [obj([...o.entries.map(([k, v]): [string, JsonValue] => [k, v]), ['setAfter', obj([[prop, w[1]]])]]), [...cats, `quirk:scope.setAfter.${prop}`]];
  });
}

/** An options-object quirk: the options passed as one `optionsValue`, or a property reassigned. */
type OptionsQuirk = { kind: 'optionsValue' } | { kind: 'setAfter'; property: string; value: JsonValue };

const optionsQuirk: fc.Arbitrary<OptionsQuirk> = fc.oneof(
  fc.constant<OptionsQuirk>({ kind: 'optionsValue' }),
  fc.tuple(fc.constantFrom('ttl', 'accountSid', 'authToken'), fc.constantFrom<JsonValue>(num(0), num(60), '60', null, '', 'ACother', [num(1)])).map(([property, value]): OptionsQuirk => ({ kind: 'setAfter', property, value })),
);

function applyOptionsQuirk(entries: Array<[string, JsonValue | undefined]>, q: OptionsQuirk): Array<[string, JsonValue | undefined]> {
  if (q.kind === 'setAfter') return [...entries, ['setAfter', obj([[q.property, q.value]])]];
  const isOption = ([k]: [string, unknown]): boolean => ['accountSid', 'authToken', 'ttl'].includes(k);
  return [...entries.filter((e) => !isOption(e)), ['optionsValue', obj(entries.filter(isOption))]];
}

type Rewrite = (entries: Array<[string, JsonValue | undefined]>) => Array<[string, JsonValue | undefined]>;

/**
 * A scope-list quirk: the scopes handed to the constructor (a list, or any other value, which
 * ClientCapability keeps as it is), or the `scopes=` / `client_name=` writers called afterwards.
 */
function scopeListQuirk(scope: fc.Arbitrary<Labelled>): fc.Arbitrary<[string, Rewrite]> {
  const replaceScopes =
    (value: JsonValue): Rewrite =>
    (e) => [...e.filter(([k]) => k !== 'scopes'), ['scopes', value]];
  return fc.oneof(
    fc.constant<[string, Rewrite]>(['quirk:scopesVia.constructor', (e) => [...e, ['scopesVia', 'constructor']]]),
    fc.constantFrom<JsonValue>(null, '', 'abc', obj([]), obj([['k', num(1)]]), num(5), false).map((raw): [string, Rewrite] => ['quirk:scopesVia.constructor.raw', (e) => [...replaceScopes(raw)(e), ['scopesVia', 'constructor']]]),
    fc.array(scope, { maxLength: 2 }).map((ss): [string, Rewrite] => ['quirk:setAfter.scopes', (e) => [...e, ['setAfter', obj([['scopes', ss.map(([x]) => x!)]])]]]),
    fc.oneof(text, nonString).map((v): [string, Rewrite] => [
      'quirk:setAfter.clientName',
      (e) => [
        ...e,
        [
          'setAfter',
          obj([
            ['clientName', v],
            ['accountSid', 'ACother'],
          ]),
        ],
      ],
    ]),
  );
}

/** Cases for one library's dialect of the vocabulary. */
export function clientCapabilityCases(d: ClientCapabilityDialect): fc.Arbitrary<GeneratedCase> {
  const scope = withScopeWrites(d, fc.oneof(incoming(d), outgoing(d), eventStream(d)));
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
    ['accountSid', credential('AC', 'accountSid', d)],
    ['authToken', credential(undefined, 'authToken', d)],
    ['ttl', d.typed ? intTtl : ttl],
    ...dialectFields(d),
    ...(d.customClaims ? ([['claims', claims]] as Array<[string, fc.Arbitrary<Labelled>]>) : []),
  ];
  const clock = fc.oneof({ weight: 4, arbitrary: fc.constant(1700000000) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }) });
  return fc
    .tuple(
      fc.tuple(...fields.map(([, a]) => a)),
      fc.oneof({ weight: 6, arbitrary: fc.array(scope, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(scope, { maxLength: 6 }) }),
      clock,
      fc.integer({ min: 0, max: 999 }),
      fc.integer({ min: 0, max: 3 }),
      d.optionsObjectQuirks ? fc.oneof({ weight: 14, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: optionsQuirk }) : fc.constant(undefined),
      d.scopeListQuirks ? fc.oneof({ weight: 14, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: scopeListQuirk(scope) }) : fc.constant(undefined),
    )
    .map(([values, scopes, now, ms, via, quirk, listQuirk]) => {
      const categories = [...new Set([...values.flatMap(([, c]) => c), ...scopes.flatMap(([, c]) => c)])];
      const types = scopes.map(([s]) => (s as ReturnType<typeof obj>).get('type'));
      if (scopes.length === 0) categories.push('scopes:none');
      if (new Set(types).size < types.length) categories.push('scopes:duplicate-type');
      const entries: Array<[string, JsonValue | undefined]> = fields.map(([k], i) => [k, values[i][0]]);
      // A constructor that takes one scope of each kind applies them in its own fixed order.
      if (d.constructorScopes && via === 0 && scopes.length > 1 && new Set(types).size === types.length) {
        entries.push(['scopesVia', 'constructor']);
        categories.push('scopesVia:constructor');
      }
      entries.push(['scopes', scopes.map(([s]) => s!)]);
      if (quirk) categories.push(`quirk:${quirk.kind}`);
      if (listQuirk) categories.push(listQuirk[0]);
      const input = obj(quirk ? applyOptionsQuirk(entries, quirk) : listQuirk ? listQuirk[1](entries) : entries);
      return clocked(d, input, now, ms, categories);
    });
}
