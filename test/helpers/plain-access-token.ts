/**
 * fast-check generators of AccessToken inputs close to "plain" (see reference/access-token/fast.ts):
 * most fields plain, a few near misses, so that both the fast path and the general path are taken.
 */
import fc from 'fast-check';
import type { GeneratedCase } from '../../conformance/differential/generators/access-token.ts';
import { num, obj } from '../../conformance/differential/generators/json.ts';
import { fastAccessToken } from '../../reference/access-token/fast.ts';
import { GRANTS, type GrantType } from '../../reference/access-token/grants.ts';
import { readAccessTokenInput } from '../../reference/access-token/input.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import type { Profile } from '../../reference/profiles/profile.ts';

// Values a plain field takes, and the near misses that must send it down the general path.
// Printable ASCII includes `"` and `\`, which are not plain; the commoner words are.
export const PLAIN_TEXT = fc.oneof({ arbitrary: fc.stringMatching(/^[\w@.:+ -]{1,12}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[\x20-\x7e]{1,10}$/), weight: 1 });
const NEAR_MISS_TEXT = fc.constantFrom<JsonValue>('', ' ', 'caf\u00e9', '\u2028', 'a"b', 'a\\b', '\ud83d\ude00', 'x\u007f', null, true, num(7));
const text = fc.oneof({ arbitrary: PLAIN_TEXT, weight: 12 }, { arbitrary: NEAR_MISS_TEXT, weight: 1 });
const secret = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{8,40}$/), weight: 1 },
  // fast-check keeps repetitions short: secrets of 32 bytes or more (all twilio-java's HS256 signs with) need their own arm.
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{32,48}$/), weight: 5 },
  { arbitrary: fc.constantFrom<JsonValue>('with-dash', 'with space', 'ssh-rsa AAAAB3', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n', '', 's\u00e9cret', null), weight: 1 },
);
const integerish = (min: number, max: number): fc.Arbitrary<JsonValue | undefined> =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.integer({ min, max }).map(num), weight: 4 },
    // Zero, float texts (floats in Python and Ruby, integers in JavaScript), huge and non-numbers.
    { arbitrary: fc.constantFrom<JsonValue>(num(0), num('-0'), num('3600.0'), num('1e3'), num('1.5'), num(2 ** 40), num(2 ** 40 + 1), num('9007199254740993'), '3600', null, false), weight: 1 },
  );
const region = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.constantFrom<JsonValue>('us1', 'ie1', 'a b'), weight: 2 },
  { arbitrary: fc.constantFrom<JsonValue>('', 'r\u00e9gion', 'a"b', null, num(1)), weight: 1 },
);
const ALL_OPTIONS = [...new Set(Object.values(GRANTS).flatMap((g) => [...g.options]))];
const optionValue = fc.oneof(
  { arbitrary: PLAIN_TEXT, weight: 6 },
  { arbitrary: fc.constantFrom<JsonValue>(true, false), weight: 2 },
  { arbitrary: fc.constantFrom<JsonValue>('', 'caf\u00e9', null, num(1), obj([['to', '+1555']]), obj([])), weight: 1 },
);
const ownValue = (option: string): fc.Arbitrary<JsonValue> =>
  option === 'incomingAllow' ? fc.oneof({ arbitrary: fc.boolean(), weight: 8 }, { arbitrary: optionValue, weight: 1 }) : fc.oneof({ arbitrary: PLAIN_TEXT, weight: 8 }, { arbitrary: optionValue, weight: 1 });
export const grant = fc.constantFrom(...(Object.keys(GRANTS) as GrantType[])).chain((type) =>
  fc.record({
    type: fc.constant(type),
    options: fc.oneof(
      // Mostly the grant's own options; sometimes another grant's, which no library takes the same way.
      { arbitrary: fc.uniqueArray(fc.constantFrom(...GRANTS[type].options), { maxLength: 4 }).chain((ks) => fc.tuple(...ks.map(ownValue)).map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]])))), weight: 8 },
      { arbitrary: fc.dictionary(fc.constantFrom(...ALL_OPTIONS), optionValue, { maxKeys: 3 }), weight: 1 },
    ),
  }),
);

/** Inputs close to plain: most fields plain, a few near misses, so both sides of every check are hit. */
export const nearPlainInput = fc
  .record({
    accountSid: text,
    keySid: text,
    secret,
    identity: text,
    ttl: integerish(-100, 10 ** 7),
    nbf: integerish(-(10 ** 10), 10 ** 10),
    region,
    grants: fc.array(grant, { maxLength: 3 }),
  })
  .map(({ grants, ...fields }) =>
    obj([
      ...Object.entries(fields).map(([k, v]): [string, JsonValue | undefined] => [k, v]),
      [
        'grants',
        grants.map((g) =>
          obj([
            ['type', g.type],
            ['options', obj(Object.entries(g.options))],
          ]),
        ),
      ],
    ]),
  );
export const clockMs = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4_000_000_000_000 }), weight: 8 }, { arbitrary: fc.constantFrom(-1, -1500, 2 ** 50, 2 ** 53, 1.5, Number.NaN), weight: 1 });

/**
 * Differential cases from {@link nearPlainInput}, labelled with the path the reference takes for
 * them (`path:fast` or `path:general`). `withMs` adds a sub-second clock (node only).
 */
export function nearPlainCases(profile: Profile, withMs: boolean): fc.Arbitrary<GeneratedCase> {
  return fc.tuple(nearPlainInput, fc.integer({ min: 0, max: 4_000_000_000_000 })).map(([input, ms]) => {
    const now = Math.floor(ms / 1000);
    const clock = withMs ? ms : now * 1000;
    const args = readAccessTokenInput(input, profile.accessToken.vocabulary, profile.lang);
    const categories = [fastAccessToken(args, profile, clock) ? 'path:fast' : 'path:general'];
    return withMs ? { input, now, nowMs: ms, categories } : { input, now, categories };
  });
}
