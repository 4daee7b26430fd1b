import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../conformance/reporters/html.ts';
import { renderJsonl } from '../../conformance/reporters/jsonl.ts';
import { renderSummary } from '../../conformance/reporters/tty.ts';
import { record, reportOf, vector } from '../helpers/sample-report.ts';

// Payloads are UTF-8 JSON: a report must show "José 𝄞", not the latin1 reading of its bytes
// ("JosÃ© ð…"). twilio-node really writes a non-ASCII `twr` header as latin1 bytes: that one part
// is shown as latin1 and flagged as such.
const NAME = 'José 𝄞';
const MOJIBAKE = Buffer.from(NAME, 'utf8').toString('latin1');

function utf8Token(header: string, payload: string): string {
  return `${Buffer.from(header, 'utf8').toString('base64url')}.${Buffer.from(payload, 'utf8').toString('base64url')}.c2ln`;
}

function report() {
  const v = vector(
    'access_token/hand/non-ascii',
    'access_token',
    { identity: NAME, region: 'é' },
    {
      node: {
        kind: 'token',
        token: `${Buffer.from('{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1","twr":"é"}', 'latin1').toString('base64url')}.${Buffer.from(`{"grants":{"identity":"${NAME}"}}`, 'utf8').toString('base64url')}.c2ln`,
        deterministic: true,
      },
    },
  );
  const got = utf8Token('{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1","twr":"é"}', `{"grants":{"identity":"${NAME}"},"iat":1}`);
  const impl = { name: 'sdk', version: '1', language: 'x', profile: 'node' as const, families: ['access_token' as const] };
  return reportOf([{ name: 'sdk', profile: 'node', implementation: impl, records: [record(v, { output: { token: got } }, { status: 'fail', level: 'differs', detail: 'header at 2' })] }]);
}

describe('non-ASCII text in reports', () => {
  it('JSONL shows both sides UTF-8 and flags only the latin1 header', () => {
    const lines = renderJsonl(report())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const c = lines.find((l) => l.type === 'case');
    expect(c.expected.payload).toContain(NAME);
    expect(c.got.payload).toContain(NAME);
    expect(JSON.stringify(c)).not.toContain(MOJIBAKE);
    expect(c.expected.latin1).toEqual(['header']);
    expect(c.expected.header).toContain('"twr":"é"');
    expect(c.got.latin1).toBeUndefined();
  });

  it('HTML and tty show the UTF-8 text, and HTML says which part is latin1', () => {
    const html = renderHtml(report());
    expect(html).toContain(NAME);
    expect(html).not.toContain(MOJIBAKE);
    expect(html).toMatch(/latin1/);
    expect(renderSummary(report())).not.toContain(MOJIBAKE);
  });
});
