/**
 * Private and signing keys never appear in what the reference reports for validation_token and jwt
 * cases: rejection messages, skip reasons or failure messages, for generated inputs whose keys are
 * replaced by markers (PEM-shaped, plain, with a lone surrogate).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { baseJwtCases } from '../../conformance/differential/generators/base-jwt.ts';
import { validationTokenCases } from '../../conformance/differential/generators/validation-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { PROFILES } from '../../reference/profiles/index.ts';

const MARKERS = ['s3cr3t-MARKER-7f1e', '-----BEGIN PRIVATE KEY-----\nMARKERMARKER\n-----END PRIVATE KEY-----\n', '-----BEGIN PUBLIC KEY-----\nMARKER\n-----END PUBLIC KEY-----\n', 'MARKER\ud800', 'ssh-rsa MARKER'];

/** The input with every key-bearing member replaced by the marker. */
function withSecret(input: JsonValue, secret: string, keys: string[]): JsonValue {
  if (!(input instanceof JsonObject)) return input;
  return new JsonObject(input.entries.map(([k, v]) => [k, keys.includes(k) ? secret : v]));
}

const scan = (text: string): void => {
  expect(text).not.toContain('MARKER');
};

describe('the reference never echoes a key (validation_token, jwt)', () => {
  for (const profile of ['node', 'python'] as const) {
    it(`in the ${profile} profile's validation_token errors and skip reasons`, () => {
      fc.assert(
        fc.property(validationTokenCases(libraryOf(profile).dialect.validationToken!), fc.constantFrom(...MARKERS), (g, secret) => {
          const r = runReferenceCase(PROFILES[profile], { id: 'secret-scan', family: 'validation_token', now: g.now, nowMs: g.nowMs, input: withSecret(g.input, secret, ['privateKeyPem']) });
          scan(JSON.stringify('output' in r && 'token' in r.output ? {} : r));
        }),
        { numRuns: 600 },
      );
    });
  }

  it("in the python profile's jwt errors and skip reasons (secretKey and key)", () => {
    fc.assert(
      fc.property(baseJwtCases({ style: 'base-class' }), fc.constantFrom(...MARKERS), (g, secret) => {
        const r = runReferenceCase(PROFILES.python, { id: 'secret-scan', family: 'jwt', now: g.now, input: withSecret(g.input, secret, ['secretKey', 'key']) });
        scan(JSON.stringify('output' in r && ('token' in r.output || 'decoded' in r.output) ? {} : r));
      }),
      { numRuns: 1500 },
    );
  });
});
