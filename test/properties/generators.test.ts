/**
 * The access_token property cases reach what issue 14 (item 16) found they did not: every value of
 * every grant option each library treats specially, and identities of every JSON type, in every
 * profile's dialect; and in a property run of the usual size, enough tokens that show the two bugs
 * the properties once let through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { accessTokenGrantCases, accessTokenPropertyCases, SPECIAL_VALUE_NAMES } from '../../conformance/differential/generators/access-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { GRANTS, type GrantType } from '../../reference/access-token/grants.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { PROFILES } from '../../reference/profiles/index.ts';

const DIALECTS = ['node', 'python', 'ruby'] as const;
const IDENTITY_TYPES = ['string', 'integer', 'integer-edge', 'float', 'true', 'false', 'array', 'object', 'falsy-or-absent'];

describe('access_token property cases', () => {
  for (const d of DIALECTS) {
    it(`cover every grant option value and identity type (${d})`, () => {
      const seen = new Set(fc.sample(accessTokenGrantCases(libraryOf(d).dialect.accessToken), { numRuns: 1500, seed: 14 }).flatMap((g) => g.categories));
      const missing: string[] = [];
      for (const [type, g] of Object.entries(GRANTS) as Array<[GrantType, (typeof GRANTS)[GrantType]]>) {
        for (const option of g.options) {
          for (const value of SPECIAL_VALUE_NAMES) if (!seen.has(`value:${type}.${option}=${value}`)) missing.push(`${type}.${option}=${value}`);
        }
      }
      for (const t of IDENTITY_TYPES) if (!seen.has(`identity-type=${t}`)) missing.push(`identity ${t}`);
      expect(missing).toEqual([]);
      // 6 grants x their 16 options x every special value: the list is not trivially empty.
      expect(SPECIAL_VALUE_NAMES.length).toBeGreaterThanOrEqual(15);
    });
  }

  // 200 runs is the CLI's default; a property sees each bug on a token the library really makes.
  it('show a voice incomingAllow false (node) and a numeric identity (python) on many tokens of every 200-run sample', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const node = fc.sample(accessTokenPropertyCases(libraryOf('node').dialect.accessToken), { numRuns: 200, seed }).filter((g) => {
        const r = runReferenceCase(PROFILES.node, { id: 'n', family: 'access_token', now: g.now, nowMs: g.nowMs, input: g.input });
        const grants = (toJavaScript(g.input) as { grants?: Array<{ type?: unknown; options?: Record<string, unknown> }> }).grants ?? [];
        const voice = grants.filter((x) => x.type === 'voice').pop();
        return 'output' in r && 'token' in r.output && voice?.options?.incomingAllow === false;
      });
      const python = fc.sample(accessTokenPropertyCases(libraryOf('python').dialect.accessToken), { numRuns: 200, seed }).filter((g) => {
        const r = runReferenceCase(PROFILES.python, { id: 'p', family: 'access_token', now: g.now, input: g.input });
        return 'output' in r && 'token' in r.output && /"identity":-?\d/.test(Buffer.from(r.output.token.split('.')[1], 'base64url').toString());
      });
      expect(node.length, `seed ${seed}: node tokens with a voice incomingAllow false`).toBeGreaterThanOrEqual(8);
      expect(python.length, `seed ${seed}: python tokens with a numeric identity`).toBeGreaterThanOrEqual(15);
    }
  });
});
