/**
 * Planted bugs in the java profile's fast layout only (reference/profiles/java/access-token.ts,
 * `layout`), the general model untouched: the grants claim in put order instead of HashMap order,
 * and the header's `typ` before `cty` (put order). The fast-path property (fast bytes = general
 * bytes) and the committed java vectors each catch both; the same checks pass with the real layout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessTokenLayout } from '../../reference/access-token/layout.ts';
import { readAccessTokenInput } from '../../reference/access-token/input.ts';
import { buildAccessToken, buildAccessTokenGeneral } from '../../reference/access-token/mint.ts';
import { java } from '../../reference/profiles/java/index.ts';
import type { Profile } from '../../reference/profiles/profile.ts';
import { clockMs, nearPlainInput } from '../helpers/plain-access-token.ts';
import { failingVectors } from '../helpers/planted.ts';

const layout = java.accessToken.layout!;

/** The java profile with its fast layout changed by `mutate`, everything else as it is. */
const withLayout = (mutate: (l: AccessTokenLayout) => AccessTokenLayout): Profile => ({ ...java, accessToken: { ...java.accessToken, layout: mutate(layout) } });

const MUTANTS: Record<string, Profile> = {
  'grants in put order': withLayout((l) => ({ ...l, grantsOrder: (keys) => keys })),
  'header in put order': withLayout((l) => ({ ...l, header: (region) => `{"typ":"JWT","cty":"twilio-fpa;v=1"${region === undefined ? '' : `,"twr":"${region}"`},"alg":"HS256"}` })),
};

/** Whether fast bytes equal general bytes on near-plain inputs (fast-check's verdict). */
function fastMatchesGeneral(profile: Profile): boolean {
  const outcome = (f: () => { token: string }): string => {
    try {
      return f().token;
    } catch (e) {
      return `threw ${(e as Error).message}`;
    }
  };
  return !fc.check(
    fc.property(nearPlainInput, clockMs, (input, ms) => {
      let args;
      try {
        args = readAccessTokenInput(input, profile.accessToken.vocabulary, profile.lang);
      } catch {
        return;
      }
      expect(outcome(() => buildAccessToken(args, profile, ms))).toBe(outcome(() => buildAccessTokenGeneral(args, profile, ms)));
    }),
    { numRuns: 1000 },
  ).failed;
}

describe('planted bugs in the java fast layout', () => {
  it('the real layout passes both checks', async () => {
    expect(fastMatchesGeneral(java)).toBe(true);
    expect(await failingVectors(java, 'access_token', 90)).toEqual([]);
  });

  for (const [name, mutant] of Object.entries(MUTANTS)) {
    it(`${name}: the fast-path property catches it`, () => expect(fastMatchesGeneral(mutant)).toBe(false));
    it(`${name}: the java vectors catch it`, async () => expect((await failingVectors(mutant, 'access_token', 90)).length).toBeGreaterThan(0));
  }
});
