/**
 * The AccessToken fast path (reference/access-token/fast.ts) must give exactly what the general
 * path gives: the same bytes, or the same rejection, on every input it accepts, in every profile.
 * The general path is the one the oracle and the differential runs check against the real libraries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessTokenCases } from '../../conformance/differential/generators/access-token.ts';
import { num, obj } from '../../conformance/differential/generators/json.ts';
import { AccessToken, ChatGrant, Grant, nativeAccessTokenArgs, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant } from '../../reference/access-token/api.ts';
import { fastAccessToken } from '../../reference/access-token/fast.ts';
import { GRANTS, type GrantType } from '../../reference/access-token/grants.ts';
import { readAccessTokenInput, type AccessTokenArgs } from '../../reference/access-token/input.ts';
import { buildAccessToken, buildAccessTokenGeneral } from '../../reference/access-token/mint.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import type { Minted } from '../../reference/jwt/compact.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import type { Profile } from '../../reference/profiles/profile.ts';

/** What a mint did, comparable across paths: the token and segment bytes, or the error. */
function outcome(mint: () => Minted | string): string {
  try {
    const m = mint();
    if (typeof m === 'string') return m;
    return `${m.token} ${m.headerBytes.toString('hex')} ${m.payloadBytes.toString('hex')}`;
  } catch (e) {
    const err = e as Error & { type?: string };
    return `threw ${err.name} ${err.type ?? ''}: ${err.message}`;
  }
}

function readOrSkip(input: JsonValue, profile: Profile): AccessTokenArgs | undefined {
  try {
    return readAccessTokenInput(input, profile.accessToken.vocabulary, profile.lang);
  } catch {
    return undefined; // outside the library's vocabulary: neither path is asked
  }
}

// Values a plain field takes, and the near misses that must send it down the general path.
// Printable ASCII includes `"` and `\`, which are not plain; the commoner words are.
const PLAIN_TEXT = fc.oneof({ arbitrary: fc.stringMatching(/^[\w@.:+ -]{1,12}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[\x20-\x7e]{1,10}$/), weight: 1 });
const NEAR_MISS_TEXT = fc.constantFrom<JsonValue>('', ' ', 'caf\u00e9', '\u2028', 'a"b', 'a\\b', '\ud83d\ude00', 'x\u007f', null, true, num(7));
const text = fc.oneof({ arbitrary: PLAIN_TEXT, weight: 12 }, { arbitrary: NEAR_MISS_TEXT, weight: 1 });
const secret = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{8,40}$/), weight: 6 },
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
const grant = fc.constantFrom(...(Object.keys(GRANTS) as GrantType[])).chain((type) =>
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
const nearPlainInput = fc
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
      ['grants', grants.map((g) => obj([['type', g.type], ['options', obj(Object.entries(g.options))]]))],
    ]),
  );
const clockMs = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4_000_000_000_000 }), weight: 8 },
  { arbitrary: fc.constantFrom(-1, -1500, 2 ** 50, 2 ** 53, 1.5, Number.NaN), weight: 1 },
);

describe('AccessToken fast path', () => {
  for (const profile of Object.values(PROFILES)) {
    it(`gives the general path's bytes or rejection on near-plain inputs (${profile.name})`, () => {
      let fast = 0;
      let runs = 0;
      fc.assert(
        fc.property(nearPlainInput, clockMs, (input, ms) => {
          const args = readOrSkip(input, profile);
          if (!args) return;
          runs++;
          if (fastAccessToken(args, profile, ms)) fast++;
          expect(outcome(() => buildAccessToken(args, profile, ms))).toBe(outcome(() => buildAccessTokenGeneral(args, profile, ms)));
        }),
        { numRuns: 2000 },
      );
      // Both paths were taken often: the property is not vacuous on either side.
      expect(fast).toBeGreaterThan(runs * 0.15);
      expect(runs - fast).toBeGreaterThan(runs * 0.15);
    });

    it(`gives the general path's bytes or rejection on the differential generator's inputs (${profile.name})`, () => {
      let fast = 0;
      fc.assert(
        fc.property(accessTokenCases(profile.name), (c) => {
          const args = readOrSkip(c.input, profile);
          if (!args) return;
          const ms = c.nowMs ?? c.now * 1000;
          if (fastAccessToken(args, profile, ms)) fast++;
          expect(outcome(() => buildAccessToken(args, profile, ms))).toBe(outcome(() => buildAccessTokenGeneral(args, profile, ms)));
        }),
        { numRuns: 1000 },
      );
      // This generator aims at hazards, so few of its inputs are plain (about 1.5%).
      expect(fast).toBeGreaterThanOrEqual(3);
    });

    it(`public API: toJwt gives the general path's token or rejection (${profile.name})`, () => {
      const CLASSES: Record<GrantType, new (o: object) => Grant> = {
        voice: VoiceGrant, video: VideoGrant, chat: ChatGrant, sync: SyncGrant, task_router: TaskRouterGrant, playback: PlaybackGrant,
      };
      const native = (v: JsonValue | undefined): unknown => (v === undefined ? undefined : toJavaScript(v));
      const nativeNumber = fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.integer({ min: -1000, max: 10 ** 6 }), weight: 3 },
        { arbitrary: fc.constantFrom(0, -0, 1.5, 2 ** 40 + 1, Number.NaN), weight: 1 },
      );
      let fast = 0;
      fc.assert(
        fc.property(
          fc.record({
            accountSid: PLAIN_TEXT, keySid: PLAIN_TEXT,
            secret: fc.oneof({ arbitrary: fc.stringMatching(/^\w{1,20}$/), weight: 6 }, { arbitrary: fc.stringMatching(/^[\w -]{1,20}$/), weight: 1 }),
            identity: fc.oneof({ arbitrary: PLAIN_TEXT, weight: 6 }, { arbitrary: fc.constantFrom<string | number | undefined>(undefined, '', 'caf\u00e9', 42), weight: 1 }),
            ttl: nativeNumber, nbf: fc.oneof({ arbitrary: nativeNumber, weight: 8 }, { arbitrary: fc.constant(null), weight: 1 }),
            region: fc.constantFrom(undefined, 'us1', '', 'r\u00e9gion'),
            grants: fc.array(grant, { maxLength: 3 }),
          }),
          fc.integer({ min: 0, max: 4_000_000_000_000 }),
          (f, ms) => {
            const options = { identity: f.identity, ttl: f.ttl, nbf: f.nbf as number | null | undefined, region: f.region };
            const grants = f.grants.map((g) => new CLASSES[g.type](Object.fromEntries(Object.entries(g.options).map(([k, v]) => [k, native(v as JsonValue)]))));
            const token = new AccessToken(f.accountSid, f.keySid, f.secret, { ...options, profile: profile.name, clock: () => ms });
            for (const g of grants) token.addGrant(g);
            const args = nativeAccessTokenArgs(profile, { accountSid: f.accountSid, keySid: f.keySid, secret: f.secret, ...options }, grants);
            if (fastAccessToken(args, profile, ms)) fast++;
            expect(outcome(() => token.toJwt())).toBe(outcome(() => buildAccessTokenGeneral(args, profile, ms).token));
          },
        ),
        { numRuns: 1500 },
      );
      expect(fast).toBeGreaterThan(100);
    });
  }
});
