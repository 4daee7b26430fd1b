/**
 * The `credential_provider` family: OAuth2 credential-provider scenarios. A case runs against a
 * local OAuth2 server made for each attempt (provider-cases.ts: the server, the view of
 * what it saw, the judge); its expectations are per-step results, token requests and API
 * `Authorization` values. It has no differential generator in a library's dialect.
 */
import { toJavaScript } from '../../reference/json/stringify.ts';
import { JsonObject } from '../../reference/json/value.ts';
import { judgeAnswer } from '../runner/answers.ts';
import { judgeProvider, readProviderExpectation, runProviderVector } from './provider-cases.ts';
import { readAnswerExpectation } from '../vectors/expectation.ts';
import type { FamilyEntry } from './family.ts';

export const credentialProvider: FamilyEntry = {
  name: 'credential_provider',
  inputSchema: 'conformance/protocol/schema/input/credential_provider.json',
  expectationKinds: ['provider', 'unsupported'],
  readExpectation(v, where) {
    if (v instanceof JsonObject && v.get('steps') !== undefined) return readProviderExpectation(toJavaScript(v));
    return readAnswerExpectation(v, where);
  },
  judge: (expect, result, vector) => (expect.kind === 'provider' ? judgeProvider(expect, result) : judgeAnswer(expect, result, vector)),
  cases: () => undefined,
  prepare: runProviderVector,
  fuzzed: false,
};
