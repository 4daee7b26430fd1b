/**
 * An SDK that differs from twilio-node in exactly three ways (test/fixtures/three-differences-adapter.mjs):
 * the systematic differences of its failing access_token cases name those three and nothing
 * else, with counts taken from the vectors themselves.
 */
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../conformance/reporters/html.ts';
import { renderJsonl } from '../../conformance/reporters/jsonl.ts';
import { renderMarkdown } from '../../conformance/reporters/markdown.ts';
import { systematicDifferences } from '../../conformance/reporters/systematic.ts';
import { renderSummary } from '../../conformance/reporters/tty.ts';
import { reportOf } from '../helpers/sample-report.ts';
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

/**
 * The reports a person reads name the same three differences with their counts, and nothing
 * else: the systematic summary in tty, Markdown, JSONL and HTML (the HTML in Chromium is checked
 * in html-browser.test.ts), and each failure's structural diff beside its first differing character.
 */
describe('the three differences in every report', () => {
  let t: ThreeDifferencesRun;
  let lines: string[];
  beforeAll(async () => {
    t = await runThreeDifferences();
    const { tokenCases, withIat, withSlash } = t.expected;
    lines = [`header order typ,alg,cty instead of alg,typ,cty — ${tokenCases} of ${tokenCases}`, `payload lacks iat — ${withIat} of ${tokenCases}`, `\`/\` written as \`\\/\` — ${withSlash} of ${tokenCases}`];
  }, 600_000);

  it('tty: a "differences" section with exactly the three, most frequent first', () => {
    const out = renderSummary(reportOf([t.run]));
    const section = out.split('differences across failing cases (most frequent first):\n')[1].split('\n\n')[0].split('\n');
    expect(section[0].trim()).toBe(`${t.run.implementation!.name} ${t.run.implementation!.version} · access_token:`);
    expect(section.slice(1).map((l) => l.trim())).toEqual(lines);
    // Each failure line is followed by its structural diff, not only the first differing character.
    expect(out).toMatch(/access_token\/edge\/minimal: \[differs\] payload lacks iat; header order typ,alg,cty instead of alg,typ,cty\n {6}first difference: header at 2: /);
  });

  it('markdown: a differences table with exactly the three rows', () => {
    const md = renderMarkdown(reportOf([t.run]));
    const table = md.split('### Differences across failing cases\n\n')[1].split('\n\n')[0].split('\n').slice(2);
    const { tokenCases, withIat, withSlash } = t.expected;
    // Labelled by the adapter's start reply (name and version), not by its command.
    expect(t.run.implementation).toMatchObject({ name: 'three-differences', version: '1.0.0' });
    expect(table).toEqual([
      `| three-differences 1.0.0 | access\\_token | header order typ,alg,cty instead of alg,typ,cty | ${tokenCases} of ${tokenCases} |`,
      `| three-differences 1.0.0 | access\\_token | payload lacks iat | ${withIat} of ${tokenCases} |`,
      `| three-differences 1.0.0 | access\\_token | \\\`/\\\` written as \\\`\\\\/\\\` | ${withSlash} of ${tokenCases} |`,
    ]);
  });

  it('jsonl: three difference records, and every failing case carries its diff', () => {
    const records = renderJsonl(reportOf([t.run]))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.filter((r) => r.type === 'difference').map((r) => [r.key, r.count, r.of])).toEqual([
      ['header.order:typ,alg,cty|alg,typ,cty', t.expected.tokenCases, t.expected.tokenCases],
      ['payload.missing:iat', t.expected.withIat, t.expected.tokenCases],
      ['text:escaped-slash', t.expected.withSlash, t.expected.tokenCases],
    ]);
    const failing = records.filter((r) => r.type === 'case' && r.status === 'fail');
    expect(failing).toHaveLength(t.expected.tokenCases);
    expect(failing.every((r) => r.diff?.header?.order?.length === 1 && r.diff.payload.missing.includes('payload.iat'))).toBe(true);
  });

  it('html: the differences are in the page data, in the summary above the matrix', () => {
    const html = renderHtml(reportOf([t.run]));
    const data = JSON.parse(html.slice(html.indexOf('id="report-data">') + 17, html.indexOf('</script>')));
    expect(data.differences.map((d: { text: string; count: number; of: number }) => `${d.text} — ${d.count} of ${d.of}`)).toEqual(lines);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="matrix"'));
  });
});
