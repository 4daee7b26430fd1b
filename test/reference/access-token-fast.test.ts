/**
 * The AccessToken fast path (reference/access-token/fast.ts) must give exactly what the general
 * path gives: the same bytes, or the same rejection, on every input it accepts, in every profile.
 * The general path is the one the oracle and the differential runs check against the real libraries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessTokenCases } from '../../conformance/differential/generators/access-token.ts';
import { num, obj } from '../../conformance/differential/generators/json.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
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
import { clockMs, grant, nearPlainInput, PLAIN_TEXT } from '../helpers/plain-access-token.ts';

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

describe('AccessToken fast path', () => {
  // A profile without a fast layout mints through the general path only: nothing to compare, and
  // it must not pretend otherwise (the bench shows what that costs). Every built-in profile has one
  // now, so each is also checked with its layout taken away (a profile registered without one).
  const withoutLayout = Object.values(PROFILES).map((p) => (p.accessToken.layout ? { ...p, name: `${p.name} without its layout`, accessToken: { ...p.accessToken, layout: undefined } } : p));
  for (const profile of withoutLayout) {
    it(`is never taken in a profile without a fast layout (${profile.name})`, () => {
      fc.assert(
        fc.property(nearPlainInput, clockMs, (input, ms) => {
          const args = readOrSkip(input, profile);
          if (args) expect(fastAccessToken(args, profile, ms)).toBeUndefined();
        }),
        { numRuns: 200 },
      );
    });
  }

  for (const profile of Object.values(PROFILES).filter((p) => p.accessToken.layout)) {
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
      const property = fc.property(accessTokenCases(libraryOf(profile.name).dialect.accessToken), (c) => {
        const args = readOrSkip(c.input, profile);
        if (!args) return;
        const ms = c.nowMs ?? c.now * 1000;
        if (fastAccessToken(args, profile, ms)) fast++;
        expect(outcome(() => buildAccessToken(args, profile, ms))).toBe(outcome(() => buildAccessTokenGeneral(args, profile, ms)));
      });
      // This generator aims at hazards, so few of its inputs are plain (0.3% to 3% by dialect: php's
      // about 0.6%, once only 1 in 1000): further batches, each from the next seed, are drawn until the
      // fast path has been taken three times, so the property is never vacuous and never flaky.
      const seed = fc.readConfigureGlobal().seed ?? 0;
      for (let batch = 0; batch < 20 && fast < 3; batch++) fc.assert(property, { numRuns: 1000, seed: (seed + batch) | 0 });
      expect(fast).toBeGreaterThanOrEqual(3);
    });

    it(`public API: toJwt gives the general path's token or rejection (${profile.name})`, () => {
      const CLASSES: Record<GrantType, new (o: object) => Grant> = {
        voice: VoiceGrant,
        video: VideoGrant,
        chat: ChatGrant,
        sync: SyncGrant,
        task_router: TaskRouterGrant,
        playback: PlaybackGrant,
      };
      const native = (v: JsonValue | undefined): unknown => (v === undefined ? undefined : toJavaScript(v));
      const nativeNumber = fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.integer({ min: -1000, max: 10 ** 6 }), weight: 3 }, { arbitrary: fc.constantFrom(0, -0, 1.5, 2 ** 40 + 1, Number.NaN), weight: 1 });
      let fast = 0;
      fc.assert(
        fc.property(
          fc.record({
            accountSid: PLAIN_TEXT,
            keySid: PLAIN_TEXT,
            // Short and long (32 bytes and more: twilio-java's HS256 refuses less) plain secrets, and near misses.
            secret: fc.oneof({ arbitrary: fc.stringMatching(/^\w{1,20}$/), weight: 2 }, { arbitrary: fc.stringMatching(/^\w{32,40}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[\w -]{1,20}$/), weight: 1 }),
            identity: fc.oneof({ arbitrary: PLAIN_TEXT, weight: 6 }, { arbitrary: fc.constantFrom<string | number | undefined>(undefined, '', 'caf\u00e9', 42), weight: 1 }),
            ttl: nativeNumber,
            nbf: fc.oneof({ arbitrary: nativeNumber, weight: 8 }, { arbitrary: fc.constant(null), weight: 1 }),
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

describe('AccessToken fast path, java layout', () => {
  const java = PROFILES.java;
  const INT_MAX = 2 ** 31 - 1;
  // Sids plain, or plain but blank (jjwt drops a blank iss or sub), or not plain.
  const sid = fc.oneof({ arbitrary: PLAIN_TEXT, weight: 8 }, { arbitrary: fc.constantFrom<JsonValue>(' ', '   ', '\t', ' a '), weight: 1 });
  const option = (name: string): fc.Arbitrary<JsonValue> => (name === 'incomingAllow' ? fc.boolean() : fc.oneof({ arbitrary: PLAIN_TEXT, weight: 8 }, { arbitrary: fc.constantFrom<JsonValue>('', null), weight: 1 }));
  // Every option but the voice params and the playback map (neither is plain); a playback grant has none then (its player is null).
  const plainOptions = (type: GrantType): string[] => GRANTS[type].options.filter((o) => o !== 'outgoingApplicationParams' && o !== 'grant');
  const javaGrant = fc.constantFrom(...(Object.keys(GRANTS) as GrantType[])).chain((type) =>
    (plainOptions(type).length ? fc.uniqueArray(fc.constantFrom(...plainOptions(type)), { maxLength: 4 }) : fc.constant([])).chain((ks) =>
      fc.tuple(...ks.map(option)).map((vs) =>
        obj([
          ['type', type],
          ['options', obj(ks.map((k, i) => [k, vs[i]]))],
        ]),
      ),
    ),
  );
  /** The Builder's inputs around the edges twilio-java's rules have: int ttl overflow, 32-byte keys, blank sids, every grant with false incoming.allow and chat's field order. */
  const javaInput = fc
    .record({
      accountSid: sid,
      keySid: sid,
      secret: fc.oneof({ arbitrary: fc.stringMatching(/^\w{32,48}$/), weight: 8 }, { arbitrary: fc.constantFrom<JsonValue>('a'.repeat(31), 'b'.repeat(32), 'short', 'é'.repeat(16)), weight: 1 }),
      identity: fc.oneof({ arbitrary: PLAIN_TEXT, weight: 8 }, { arbitrary: fc.constantFrom<JsonValue>('', null), weight: 1 }),
      ttl: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.integer({ min: 1, max: INT_MAX }).map(num), weight: 3 },
        // 2147483 is the last ttl whose milliseconds fit an int; beyond INT_MAX Builder.ttl(int) does not compile.
        { arbitrary: fc.constantFrom<JsonValue>(num(2147483), num(2147484), num(INT_MAX), num(INT_MAX + 1), num(0), num(-5)), weight: 2 },
      ),
      nbf: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map(num), weight: 1 }),
      region: fc.constantFrom<JsonValue | undefined>(undefined, undefined, 'ie1', ' ', ''),
      grants: fc.array(javaGrant, { maxLength: 3 }),
    })
    .map(({ grants, ...fields }) => obj([...Object.entries(fields).map(([k, v]): [string, JsonValue | undefined] => [k, v]), ['grants', grants]]));
  // Whole milliseconds up to 2^50, where the jti's float seconds lag or lead and saturate at 2^31 - 1.
  const javaClock = fc.oneof(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 0, max: 2 ** 50 - 1 }), fc.constantFrom(2_147_483_647_000, 2_147_483_648_500, 1.5));

  it("gives twilio-java's full model's bytes or rejection on java-dialect inputs, both paths taken often", () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(javaInput, javaClock, (input, ms) => {
        const args = readOrSkip(input, java);
        if (!args) return;
        runs++;
        if (fastAccessToken(args, java, ms)) fast++;
        expect(outcome(() => buildAccessToken(args, java, ms))).toBe(outcome(() => buildAccessTokenGeneral(args, java, ms)));
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(runs * 0.15);
    expect(runs - fast).toBeGreaterThan(runs * 0.15);
  });
});
