import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../conformance/reporters/html.ts';
import { renderJsonl } from '../../conformance/reporters/jsonl.ts';
import { renderJunit } from '../../conformance/reporters/junit.ts';
import { renderMarkdown } from '../../conformance/reporters/markdown.ts';
import { adapterLabels, type RunReport } from '../../conformance/reporters/report.ts';
import { renderTap } from '../../conformance/reporters/tap.ts';
import { renderSummary, ttyGate } from '../../conformance/reporters/tty.ts';
import { HOSTILE, hostileReport, record, reportOf, sampleReport, secretReport, vector } from '../helpers/sample-report.ts';
import { ROOT } from '../helpers/shared.ts';

const schema = JSON.parse(readFileSync(join(ROOT, 'conformance/reporters/schema/results-v1.json'), 'utf8'));

function validateJsonl(report: RunReport): Array<Record<string, unknown>> {
  const ajv = new Ajv({ strict: true, strictRequired: false });
  const validate = ajv.compile(schema);
  const lines = renderJsonl(report)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const l of lines) expect(validate(l), ajv.errorsText(validate.errors)).toBe(true);
  return lines;
}

describe('reporters', () => {
  let report: RunReport;
  beforeAll(async () => {
    report = await sampleReport();
  });

  it('jsonl: every line validates against the published results schema', () => {
    const lines = validateJsonl(report);
    expect(lines[0].type).toBe('header');
    expect(lines.at(-1)!.type).toBe('summary');
    expect(lines.at(-1)!.exitCode).toBe(1);
    expect(lines.filter((l) => l.type === 'case' && l.status === 'fail').length).toBeGreaterThan(0);
  });

  it('jsonl: hostile and secret-bearing reports validate too', () => {
    validateJsonl(hostileReport());
    validateJsonl(secretReport());
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
    expect(md).toContain('| missing | - | unavailable: not installed &lt;here&gt; &amp; "there" |');
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

/** Raw control characters other than the line feed between lines (C0, DEL, C1). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('reporters neutralise adapter-supplied text', () => {
  const report = hostileReport();

  it('tty: no raw ESC, BEL, NUL, CR, C1 or bidi override; each is shown escaped', () => {
    const out = renderSummary(report);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).toContain('evil\\x1b[2J\\x07\\x00');
    expect(out).toContain('bad\\x1b]0;pwned\\x07 \\x9b31m\\r\\nnot ok 99');
    expect(out).toContain('\\u202eevil');
    expect(out).toContain('stderr: \\x1b[31mred\\x1b[0m\\x08\\x7f');
    // Every failure is one line: the injected newline did not start a line of its own.
    expect(out.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
  });

  it('tty: the gate printed after the summary is escaped too', () => {
    const g = ttyGate(report);
    expect(g.exitCode).toBe(report.gate.exitCode);
    const text = JSON.stringify(g).replace(/\\\\/g, '\\');
    expect(JSON.parse(JSON.stringify(report.gate)).summary).toMatch(RAW_CONTROL);
    for (const s of [g.summary, ...g.adapterErrors.map((e) => e.message), ...g.empty]) expect(s).not.toMatch(RAW_CONTROL);
    expect(text).toContain('evil\\x1b[2J');
  });

  it('markdown: no raw HTML, no Markdown structure from the text, one line per item', () => {
    const md = renderMarkdown(report);
    expect(md).not.toMatch(/[<>]/);
    expect(md).not.toMatch(RAW_CONTROL);
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    // No link or image can open: every `[` `]` `(` `!` from the text is escaped.
    expect(md).not.toMatch(/(^|[^\\])\]\(/m);
    expect(md).not.toMatch(/(^|[^\\])!\[/m);
    // The adapter's table row has exactly the table's cells (its `|` escaped).
    const row = md.split('\n').find((l) => l.startsWith('| evil'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(2 + 1);
    // The new failures: one bullet each, no line injected between them.
    const bullets = md
      .split('\n### New failures')[1]
      .split('\n')
      .filter((l) => l.trim());
    // A failure may carry one nested "first difference" line; nothing else.
    expect(bullets.slice(1).every((l) => l.startsWith('- ') || l.startsWith('  - first difference: '))).toBe(true);
    expect(bullets.slice(1).filter((l) => l.startsWith('- '))).toHaveLength(report.gate.newFailures.length);
  });

  it('tap: no text makes a TODO or SKIP directive, and no test point is forged', () => {
    const tap = renderTap(report);
    expect(tap).not.toMatch(RAW_CONTROL);
    const lines = tap.trimEnd().split('\n');
    const points = lines.filter((l) => /^(not )?ok\b/.test(l));
    expect(points).toHaveLength(4);
    expect(points.map((l) => /^(not ok|ok) (\d+)/.exec(l)!.slice(1).join(' '))).toEqual(['not ok 1', 'not ok 2', 'ok 3', 'ok 4']);
    // A directive is an unescaped `#`: none on `not ok` lines, exactly ours on the skip.
    const directives = (l: string): string[] => [...l.matchAll(/(?<!\\)(?:\\\\)*#\s*(\w+)/g)].map((m) => m[1].toUpperCase());
    for (const l of points.filter((p) => p.startsWith('not ok'))) expect(directives(l)).toEqual([]);
    expect(directives(points[2])).toEqual(['SKIP']);
    expect(points[0]).toContain('\\# TODO');
    // Outside test points, only the version, the plan and YAML blocks.
    for (const l of lines.filter((x) => !points.includes(x))) expect(l).toMatch(/^(TAP version 13|1\.\.4| {2}---| {2}\.\.\.| {2}[a-z]+: .*| {2}diff:| {4}- ".*")$/);
    for (const m of tap.matchAll(/^ {2}detail: (.*)$/gm)) expect(JSON.parse(m[1])).toBe(HOSTILE.detail);
  });

  it('junit: markup only from the reporter; attribute values carry the text escaped', () => {
    const xml = renderJunit(report);
    const rest = xml.replace(/^<\?xml [^>]*\?>/, '').replace(/<\/?(?:testsuites|testsuite|testcase|failure|error|skipped|properties|property)\b(?:\s+[a-z]+="[^"<>]*")*\s*\/?>/g, '');
    expect(rest).not.toMatch(/[<>]/);
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).toContain('\\u001b');
  });

  it('html: the data survives intact and cannot close the script', () => {
    const html = renderHtml(report);
    const data = html.slice(html.indexOf('id="report-data">') + 17, html.indexOf('</script>'));
    expect(data).not.toContain('<');
    const parsed = JSON.parse(data);
    expect(parsed.adapters[0].name).toBe(HOSTILE.name);
    expect(parsed.cases[0].detail).toBe(HOSTILE.detail);
  });
});

describe('reporters state the gate verdict in its own words', () => {
  // An adapter held to a profile for which the vector records nothing: every case unjudged.
  const unjudged = vector('access_token/hand/unjudged', 'access_token', { accountSid: 'AC1', signingKeySid: 'SK1', secret: 'abcdefgh' }, {});
  const emptyRun = reportOf([{ name: 'quiet', profile: 'node', implementation: { name: 'quiet', version: '1', language: 'x', profile: 'node', families: ['access_token'] }, records: [record(unjudged, { output: { token: 'a.b.c' } })] }]);
  const erroredRun = reportOf([
    { name: 'crashy', profile: 'node', implementation: { name: 'crashy', version: '1', language: 'x', profile: 'node', families: ['access_token'] }, records: [record(unjudged, { errored: { message: 'adapter exited (code 1)' } })] },
  ]);

  it('a run that judged nothing is exit 2 "nothing checked", never "adapter error" or "conforms", in Markdown, HTML and JSONL', () => {
    expect(emptyRun.gate.exitCode).toBe(2);
    expect(emptyRun.gate.adapterErrors).toEqual([]);
    const md = renderMarkdown(emptyRun);
    expect(md.split('\n')[0]).toMatch(/nothing checked/);
    expect(md).not.toMatch(/adapter error|conforms \(/);
    expect(md).toMatch(/### Nothing checked/);
    const html = renderHtml(emptyRun);
    expect(html).toContain('"verdict":"nothing checked');
    expect(html).not.toContain("' (adapter error)'");
    const summary = validateJsonl(emptyRun).at(-1)!;
    expect(summary).toMatchObject({ exitCode: 2, judged: 0 });
    expect(summary.summary).toMatch(/^nothing checked/);
    expect((summary.empty as string[])[0]).toMatch(/quiet: judged 0 of 1 cases/);
  });

  it('errored cases are listed as adapter errors with their message in Markdown and JSONL', () => {
    expect(erroredRun.gate.exitCode).toBe(2);
    const md = renderMarkdown(erroredRun);
    expect(md.split('\n')[0]).toMatch(/⚠️ adapter error .*\(exit 2\)/);
    expect(md).toMatch(/### Adapter errors \(1\)/);
    const summary = validateJsonl(erroredRun).at(-1)!;
    expect(summary.erroredCases).toEqual([{ adapter: 'crashy', id: 'access_token/hand/unjudged', message: 'adapter exited (code 1)' }]);
  });
});

describe('adapter labels', () => {
  const impl = (name: string, version?: string) => ({ name, ...(version ? { version } : {}) });
  it("are the start reply's name and version, not the command line", () => {
    expect(adapterLabels([{ name: 'php vendor/bin/adapter.php --verbose', implementation: impl('twilio-php', '8.12.0') }])).toEqual(['twilio-php 8.12.0']);
  });
  it('fall back to the --adapter value when the start reply named nothing', () => {
    expect(adapterLabels([{ name: 'reference-node' }, { name: 'x', implementation: impl('  ') }])).toEqual(['reference-node', 'x']);
  });
  it('stay distinct when two adapters answer start alike', () => {
    expect(
      adapterLabels([
        { name: 'reference-node', implementation: impl('twilio-jwt-conformance', '0.1.0') },
        { name: 'node wrap.mjs --fault a', implementation: impl('twilio-jwt-conformance', '0.1.0') },
      ]),
    ).toEqual(['twilio-jwt-conformance 0.1.0 (reference-node)', 'twilio-jwt-conformance 0.1.0 (adapter 2)']);
  });
});
