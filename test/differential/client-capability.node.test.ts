/**
 * Differential run: the reference in the node profile against the real twilio-node 6.2.0
 * (in-process), ClientCapability, over generated scopes whose parameters mix arbitrary unicode,
 * reserved URL characters, `%`, `+`, `~`, `*`, `'`, empty values, integer-like keys and many keys.
 */
import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential } from '../../conformance/differential/differential.ts';
import { clientCapabilityCases } from '../../conformance/differential/generators/client-capability.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';
import { twilioNode } from '../helpers/sides.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1500);

describe('differential: reference node profile vs twilio-node 6.2.0, ClientCapability', () => {
  it(`agrees byte for byte over ${RUNS} generated inputs`, async () => {
    const report = await runDifferential(
      { family: 'client_capability', arbitrary: clientCapabilityCases(libraryOf('node').dialect.clientCapability!), left: referenceSide(PROFILES.node), right: twilioNode, numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/client-capability.node.test.ts`,
    );
    console.log(formatDifferentialReport('client_capability reference-node ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped + report.outcomes.oneSidedSkips).toBe(0);
    // Mostly tokens, and the rejections (URIError, null params, missing options, string exp) reached.
    expect(report.outcomes.tokens).toBeGreaterThan(report.numRuns / 2);
    expect(report.outcomes.rejections).toBeGreaterThan(30);
    for (const c of [
      'scope:incoming',
      'scope:outgoing',
      'scope:event_stream',
      'scopes:duplicate-type',
      'params:integer-like-keys',
      'params:many-keys',
      'params:empty-object',
      'params:non-string-values',
      'params:not-an-object',
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
      'outgoing.clientName:string',
      'outgoing.clientName:non-string',
    ])
      expect(report.categories[c], c).toBeGreaterThan(10);
    // Rarer by design: a lone surrogate is a rejection in python and a URIError or odd bytes in node.
    expect(report.categories['params-value:lone-surrogate'] + report.categories['params-key:lone-surrogate']).toBeGreaterThan(5);
  });
});
