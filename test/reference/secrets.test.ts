/**
 * Secrets the reference handles never appear in what it reports: rejection messages, skip
 * reasons or failure messages, for any generated input in any profile.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { accessTokenCases } from '../../conformance/differential/generators/access-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { JsonObject } from '../../reference/json/value.ts';
import { PROFILES } from '../../reference/profiles/index.ts';

const MARKERS = ['s3cr3t-MARKER-7f1e', '-----BEGIN PRIVATE KEY-----\nMARKERMARKER\n-----END PRIVATE KEY-----\n', 'MARKER\ud800'];

describe('the reference never echoes a secret', () => {
  for (const profile of Object.values(PROFILES)) {
    it(`in the ${profile.name} profile's errors and skip reasons`, () => {
      const withSecret = fc.tuple(accessTokenCases(libraryOf(profile.name).dialect.accessToken), fc.constantFrom(...MARKERS)).map(([g, secret]) => ({
        ...g,
        secret,
        input: new JsonObject([...(g.input as JsonObject).entries.filter(([k]) => k !== 'secret'), ['secret', secret]]),
      }));
      fc.assert(
        fc.property(withSecret, (g) => {
          const r = runReferenceCase(profile, { id: 'secret-scan', family: 'access_token', now: g.now, nowMs: g.nowMs, input: g.input });
          const text = JSON.stringify('output' in r && 'token' in r.output ? {} : r);
          expect(text).not.toContain('MARKER');
        }),
        { numRuns: 1500 },
      );
    });
  }
});
