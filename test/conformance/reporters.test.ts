import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../conformance/reporters/html.ts';
import { renderJsonl } from '../../conformance/reporters/jsonl.ts';
import { renderJunit } from '../../conformance/reporters/junit.ts';
import { renderMarkdown } from '../../conformance/reporters/markdown.ts';
import type { RunReport } from '../../conformance/reporters/report.ts';
import { renderTap } from '../../conformance/reporters/tap.ts';
import { sampleReport } from '../helpers/sample-report.ts';
import { ROOT } from '../helpers/shared.ts';

describe('reporters', () => {
  let report: RunReport;
  beforeAll(async () => {
    report = await sampleReport();
  });

  it('jsonl: every line validates against the published results schema', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'conformance/reporters/schema/results-v1.json'), 'utf8')));
    const lines = renderJsonl(report).trim().split('\n').map((l) => JSON.parse(l));
    for (const l of lines) expect(validate(l), ajv.errorsText(validate.errors)).toBe(true);
    expect(lines[0].type).toBe('header');
    expect(lines.at(-1).type).toBe('summary');
    expect(lines.at(-1).exitCode).toBe(1);
    expect(lines.filter((l) => l.type === 'case' && l.status === 'fail').length).toBeGreaterThan(0);
  });

  it('junit: well-formed counts, failures carry their level', () => {
    const xml = renderJunit(report);
    expect(xml).toMatch(/<testsuite name="reference-node" tests="12" failures="0" errors="0"/);
    expect(xml).toMatch(/<testsuite name="faulty" tests="12" failures="\d+"/);
    expect(xml).toContain('<failure message="[claims]');
    expect((xml.match(/<testcase /g) ?? []).length).toBe(24);
  });

  it('tap: a plan and one test point per case', () => {
    const tap = renderTap(report);
    expect(tap.split('\n')[1]).toBe('1..24');
    expect(tap).toMatch(/^not ok \d+ - faulty /m);
  });

  it('markdown: the verdict, the table and the new failures', () => {
    const md = renderMarkdown(report);
    expect(md).toMatch(/^## twilio-jwt-conformance: ❌ \d+ new failure/);
    expect(md).toContain('| missing | - | unavailable: not installed <here> & "there" |');
    expect(md).toContain('### New failures');
  });

  it('html: self-contained, data escaped so nothing can close the script early', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    const data = html.slice(html.indexOf('id="report-data">') + 17, html.indexOf('</script>'));
    expect(data).not.toContain('<');
    expect(JSON.parse(data).cases).toHaveLength(24);
  });
});
