/**
 * Differential run: the reference in the python profile against the real twilio-python over
 * stdio, ClientCapabilityToken, over generated scopes whose parameters mix arbitrary unicode,
 * reserved URL characters, `%`, `+`, `~`, `*`, `'`, empty values, integer-like keys and many keys.
 * Skipped, with the reason, where no interpreter can import twilio (required in CI).
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { clientCapabilityCases } from '../../conformance/differential/generators/client-capability.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { useRealLibrary } from '../helpers/adapters.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1200);
const required = process.env.REQUIRE_REAL_LIBRARIES === '1';

describe('differential: reference python profile vs twilio-python, ClientCapabilityToken', () => {
  const lib = useRealLibrary('twilio-python', required);
  it.skipIf(lib.skip)(`agrees byte for byte over ${RUNS} generated inputs${lib.note}`, async () => {
    const report = await runDifferential(
      { family: 'client_capability', arbitrary: clientCapabilityCases(libraryOf('python').dialect.clientCapability!), left: referenceSide(PROFILES.python), right: lib.side(), numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/client-capability.python.test.ts`,
    );
    console.log(formatDifferentialReport('client_capability reference-python ~ twilio-python', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    // Mostly tokens, and the rejections (UnicodeEncodeError, binding errors, signing key) reached.
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of [
      'scope:incoming',
      'scope:outgoing',
      'scope:event_stream',
      'scopes:duplicate-type',
      'scopesVia:constructor',
      'params:integer-like-keys',
      'params:many-keys',
      'params:empty-object',
      'params:non-string-values',
      'filters:object',
      'params-value:unicode',
      'params-value:reserved',
      'params-value:percent',
      'params-value:plus',
      'params-value:tilde',
      'params-value:star',
      'params-value:quote',
      'params-value:empty',
      'params-key:unicode',
      'params-key:reserved',
      'incoming.clientName:non-string',
      'incoming.clientName:absent',
    ])
      expect(report.categories[c], c).toBeGreaterThan(10);
    // Rarer by design: a lone surrogate is a rejection in python and a URIError or odd bytes in node.
    expect(report.categories['params-value:lone-surrogate'] + report.categories['params-key:lone-surrogate']).toBeGreaterThan(5);
  });
});
