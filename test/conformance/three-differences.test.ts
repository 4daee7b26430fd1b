/**
 * An SDK that differs from twilio-node in exactly three ways (test/fixtures/three-differences-adapter.mjs):
 * the systematic differences of its failing access_token cases name those three and nothing
 * else, with counts taken from the vectors themselves.
 */
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { systematicDifferences } from '../../conformance/reporters/systematic.ts';
import type { JsonObject } from '../../reference/json/value.ts';
import { THREE_DIFFERENCES_NAME, runThreeDifferences, tokenTexts, type ThreeDifferencesRun } from '../helpers/three-differences.ts';

describe('the three-differences adapter', () => {
  let t: ThreeDifferencesRun;
  beforeAll(async () => {
    t = await runThreeDifferences();
  }, 600_000);

  it('runs cleanly: every token case fails with a token that verifies, every rejection passes', () => {
    expect(t.run.startError).toBeUndefined();
    expect(t.run.faults).toEqual([]);
    expect(t.run.profile).toBe('node');
    const failing = t.run.records.filter((r) => r.verdict?.status === 'fail');
    const passing = t.run.records.filter((r) => r.verdict?.status === 'pass');
    expect(failing).toHaveLength(t.expected.tokenCases);
    expect(passing).toHaveLength(t.expected.rejectionCases);
    expect(t.run.records.filter((r) => r.verdict && r.verdict.status !== 'pass' && r.verdict.status !== 'fail')).toEqual([]);
    // Re-signed with the case's key: the signature is not one of the differences. (Checked with
    // node:crypto, since jose refuses node's latin1 headers whatever their signature.)
    for (const r of failing) {
      const token = (r.result as { output: { token: string } }).output.token;
      const alg = /"alg":"HS(\d+)"/.exec(tokenTexts(token).header)![1];
      const secret = (r.vector.input as JsonObject).get('secret') as string;
      const [h, p, sig] = token.split('.');
      expect(createHmac(`sha${alg}`, secret).update(`${h}.${p}`).digest('base64url')).toBe(sig);
    }
    // Parsed, the tokens lack only iat, so no failure reaches the "claims" level.
    for (const r of failing) expect(r.verdict).toMatchObject({ level: 'differs' });
  });

  it('names exactly the three differences, with their counts', () => {
    const { tokenCases, withIat, withSlash } = t.expected;
    // The vectors must exercise all three for this test to mean anything.
    expect(tokenCases).toBeGreaterThan(100);
    expect(withIat).toBe(tokenCases);
    expect(withSlash).toBeGreaterThan(0);
    expect(withSlash).toBeLessThan(tokenCases);
    const summary = systematicDifferences(t.cases);
    expect(summary).toEqual([
      {
        adapter: THREE_DIFFERENCES_NAME,
        family: 'access_token',
        key: 'header.order:typ,alg,cty|alg,typ,cty',
        text: 'header order typ,alg,cty instead of alg,typ,cty',
        count: tokenCases,
        of: tokenCases,
      },
      { adapter: THREE_DIFFERENCES_NAME, family: 'access_token', key: 'payload.missing:iat', text: 'payload lacks iat', count: withIat, of: tokenCases },
      { adapter: THREE_DIFFERENCES_NAME, family: 'access_token', key: 'text:escaped-slash', text: '`/` written as `\\/`', count: withSlash, of: tokenCases },
    ]);
  });

  it('shows the slash difference on the cases whose payload has a `/`, at the members that hold it', () => {
    const slashed = t.cases.filter((c) => c.diff?.payload?.text.some((x) => x.kind === 'escaped-slash'));
    expect(slashed).toHaveLength(t.expected.withSlash);
    for (const c of slashed) {
      for (const x of c.diff!.payload!.text) {
        expect(x.kind).toBe('escaped-slash');
        expect(x.got).toBe(x.want.replaceAll('/', '\\/'));
      }
    }
  });
});
