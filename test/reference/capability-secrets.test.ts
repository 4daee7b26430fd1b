/**
 * The auth token a capability token is signed with never appears in what the reference reports:
 * rejection messages and skip reasons, for generated ClientCapability and TaskRouter inputs in
 * every profile (including the object-API writes that reassign the token after construction).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { casesOf, libraryOf } from '../../conformance/libraries/index.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { PROFILES } from '../../reference/profiles/index.ts';

const MARKERS = ['s3cr3t-MARKER-7f1e', '-----BEGIN PRIVATE KEY-----\nMARKERMARKER\n-----END PRIVATE KEY-----\n', 'MARKER\ud800', 'MARKER\udc00 %+~'];

/** Put the marker wherever the input holds an auth token (top level, options objects, writes). */
function withToken(v: JsonValue, token: string): JsonValue {
  if (Array.isArray(v)) return v.map((x) => withToken(x, token));
  if (v instanceof JsonObject) return new JsonObject(v.entries.map(([k, x]) => [k, k === 'authToken' ? token : withToken(x, token)]));
  return v;
}

for (const family of ['client_capability', 'taskrouter_capability'] as const) {
  describe(`the reference never echoes a ${family} auth token`, () => {
    // Every profile whose library has the family (a generator in its dialect).
    for (const profile of Object.values(PROFILES).filter((p) => casesOf(libraryOf(p.name), family))) {
      it(`in the ${profile.name} profile's errors and skip reasons`, () => {
        fc.assert(
          fc.property(casesOf(libraryOf(profile.name), family)!, fc.constantFrom(...MARKERS), (g, token) => {
            const input = withToken(g.input, token);
            const r = runReferenceCase(profile, { id: 'secret-scan', family, now: g.now, nowMs: g.nowMs, input });
            const text = JSON.stringify('output' in r && 'token' in r.output ? {} : r);
            expect(text).not.toContain('MARKER');
          }),
          { numRuns: 1000 },
        );
      });
    }
  });
}
