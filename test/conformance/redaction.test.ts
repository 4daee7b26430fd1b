import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../conformance/reporters/html.ts';
import { renderJsonl } from '../../conformance/reporters/jsonl.ts';
import { renderJunit } from '../../conformance/reporters/junit.ts';
import { renderMarkdown } from '../../conformance/reporters/markdown.ts';
import type { RunReport } from '../../conformance/reporters/report.ts';
import { renderTap } from '../../conformance/reporters/tap.ts';
import { renderSummary, ttyGate } from '../../conformance/reporters/tty.ts';
import { gate } from '../../conformance/runner/expectations.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { judgeProvider, runProviderVector, type ProviderExpectation, type ServerView } from '../../conformance/families/provider-cases.ts';
import { MIN_SECRET_LENGTH, Redactor, redactorFor } from '../../conformance/runner/redact.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import { ACCOUNT_SID, CLIENT_ID, encodingsOf, leak, pyQuotePlus, SECRETS, secretReport, vector } from '../helpers/sample-report.ts';

/**
 * Each report format read back to the text a reader sees (entities, backslash escapes and JSON
 * string escapes undone), so that a secret the format merely escaped still counts as leaked.
 */
const decoders: Record<string, (out: string) => string> = {
  tty: (s) => s,
  jsonl: (s) =>
    s +
    '\n' +
    strings(
      s
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ),
  junit: (s) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  tap: (s) => s.replace(/\\([\\#])/g, '$1') + '\n' + [...s.matchAll(/^ {2}detail: (".*")$/gm)].map((m) => JSON.parse(m[1]) as string).join('\n'),
  markdown: (s) =>
    s
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  html: (s) => s + '\n' + strings(JSON.parse(s.slice(s.indexOf('id="report-data">') + 17, s.indexOf('</script>')))),
};

/** Every string in a JSON value, one per line. */
function strings(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(strings).join('\n');
  if (v && typeof v === 'object') return Object.values(v).map(strings).join('\n');
  return '';
}

const renderers: Record<string, (r: RunReport) => string> = {
  // What the CLI's tty reporter prints: the summary, then the gate (whose messages quote errored answers).
  tty: (r) => `${renderSummary(r)}\n${JSON.stringify(ttyGate(r))}`,
  jsonl: renderJsonl,
  junit: renderJunit,
  tap: renderTap,
  markdown: renderMarkdown,
  html: renderHtml,
};

describe('secrets are redacted from every reporter, in every encoding', () => {
  const report = secretReport();
  const secrets = Object.entries(SECRETS);

  for (const [name, render] of Object.entries(renderers)) {
    it(`${name}: no encoding of any case secret, and the placeholder instead`, () => {
      const text = decoders[name](render(report));
      const leaks: string[] = [];
      for (const [which, secret] of secrets) {
        for (const [encoding, value] of Object.entries(encodingsOf(secret))) if (text.includes(value)) leaks.push(`${which} as ${encoding}`);
      }
      expect(leaks).toEqual([]);
      expect(text).toContain('[redacted]');
      // A Basic credential is shown decoded, its user kept and the secret replaced.
      expect(text).toContain('<base64 of "someone:[redacted]">');
      // Secrets shorter than the minimum are not searched for: the short case keeps its text.
      expect(text).toContain('x marks the spot');
    });
  }

  it('the client secret really differs across the encoders (so each encoding is really checked)', () => {
    // Python and WHATWG disagree on `*'()!~`, encodeURIComponent on both; JSON-ASCII on `ü`; JSON on the PEM's newlines.
    const e = encodingsOf(SECRETS.client);
    expect(encodingsOf(SECRETS.pem).json).not.toBe(SECRETS.pem);
    expect(new Set([e.raw, e['json-ascii'], e.encodeURIComponent, e['python-quote_plus'], e['python-quote'], e['whatwg-form'], e['whatwg-form-lower']]).size).toBe(7);
  });

  it('recorded expectations are redacted like the answers (both sides of a diff stay aligned)', () => {
    const red = new Redactor([SECRETS.auth], [ACCOUNT_SID]);
    const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${SECRETS.auth}`).toString('base64')}`;
    expect(red.redact(basic)).toBe(`Basic <base64 of "${ACCOUNT_SID}:[redacted]">`);
    expect(red.redact(red.redact(basic))).toBe(red.redact(basic));
  });
});

describe('the minimum length rule', () => {
  it(`secrets shorter than ${MIN_SECRET_LENGTH} characters are not redacted; longer ones are, everywhere`, () => {
    expect(MIN_SECRET_LENGTH).toBe(6);
    const r = new Redactor(['', 'x', '60', 'abcde']);
    expect(r.empty).toBe(true);
    expect(r.redact('x = 60 and abcde')).toBe('x = 60 and abcde');
    const six = new Redactor(['sécrèt']);
    expect(six.redact('a sécrèt, s%C3%A9cr%C3%A8t')).toBe('a [redacted], [redacted]');
  });

  it('an input with a short secret keeps its report text whole', () => {
    const v = vector('jwt/x', 'jwt', { op: 'decode', key: 'x', token: 'a.b.c' });
    expect(redactorFor(v.input).redact('expected x got max')).toBe('expected x got max');
  });
});

describe('which input fields are secrets', () => {
  it('secret, authToken, secretKey, key, privateKeyPem, clientSecret, password, at any depth (setAfter too)', () => {
    const input = {
      secret: 'api-secret-1',
      authToken: 'auth-token-1',
      secretKey: 'secret-key-1',
      key: 'hmac-key-1',
      privateKeyPem: 'private-pem-1',
      provider: { clientSecret: 'client-secret-1' },
      client: { password: 'password-1' },
      setAfter: { authToken: 'auth-token-2' },
      identity: 'identity-not-secret',
    };
    const r = redactorFor(vector('access_token/fields', 'access_token', input).input);
    expect(
      r.redact(
        Object.values(input)
          .map((v) => JSON.stringify(v))
          .join(' '),
      ),
    ).toBe('"[redacted]" "[redacted]" "[redacted]" "[redacted]" "[redacted]" {"clientSecret":"[redacted]"} {"password":"[redacted]"} {"authToken":"[redacted]"} "identity-not-secret"');
  });
});

describe('credential_provider server view', () => {
  const input = {
    provider: { type: 'client_credentials', clientId: CLIENT_ID, clientSecret: SECRETS.client },
    environment: { accountSid: ACCOUNT_SID, authToken: SECRETS.envAuth },
    steps: [{ op: 'api', label: 'api #1' }],
  };
  const v = vector('credential_provider/hand/view', 'credential_provider', input);
  const rawBasic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${SECRETS.envAuth}`).toString('base64')}`;

  /** A fake adapter: posts the client secret form-encoded the Python way with the account's Basic credential, and echoes the secrets. */
  const adapter = async (withServer: JsonValue) => {
    const url = (toJavaScript(withServer) as { server: { url: string } }).server.url;
    await fetch(`${url}/__conformance/step/0`);
    const body = `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${pyQuotePlus(SECRETS.client)}`;
    await (await fetch(`${url}/v2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: rawBasic }, body })).text();
    return { output: { steps: [{ label: 'api #1', ok: false, error: { type: 'Err', message: leak(SECRETS.client, SECRETS.envAuth) } }] } } as never;
  };

  it('redacts every secret of the input in every encoding, the client secret as <client_secret>', async () => {
    const result = await runProviderVector(adapter, v.input, v.now);
    const server = (result as unknown as { output: { server: ServerView } }).output.server;
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.tokenRequests[0].body).toBe(`grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=<client_secret>`);
    const auth = server.tokenRequests[0].headers.find(([h]) => h.toLowerCase() === 'authorization')![1];
    expect(auth).toBe(`Basic <base64 of "${ACCOUNT_SID}:[redacted]">`);
    const text = JSON.stringify(result);
    for (const s of [SECRETS.client, SECRETS.envAuth]) for (const [enc, value] of Object.entries(encodingsOf(s))) expect(text, enc).not.toContain(value);
  }, 60_000);

  it('judges a recorded Basic credential against the redacted one: equal passes, different fails', async () => {
    const result = await runProviderVector(adapter, v.input, v.now);
    const server = (result as unknown as { output: { server: ServerView } }).output.server;
    const expectation = (authorization: string): ProviderExpectation => ({
      kind: 'provider',
      steps: [{ label: 'api #1', result: { ok: false, messageVolatile: true }, tokenRequests: 1, apiAuthorization: [] }],
      tokenRequest: {
        method: 'POST',
        path: '/v2/token',
        headers: server.tokenRequests[0].headers.map(([h]) => [h, h.toLowerCase() === 'authorization' ? authorization : null]),
        body: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=<client_secret>`,
      },
    });
    expect(judgeProvider(expectation(rawBasic), result)).toEqual({ status: 'pass', level: 'bytes' });
    const other = `Basic ${Buffer.from(`${ACCOUNT_SID}:another-token-value`).toString('base64')}`;
    const verdict = judgeProvider(expectation(other), result);
    expect(verdict.status).toBe('fail');
    expect(JSON.stringify(verdict)).not.toContain(rawBasic.slice(6));
  }, 60_000);
});

describe('a real adapter process that leaks into stderr and its answers', () => {
  // Plain JavaScript, no dependencies: case i prints encoding i of the secret to stderr and
  // crashes (even i: the stderr tail reaches the errored message and the faults) or rejects with
  // it in the message (odd i).
  const ADAPTER = `
const leaks = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line);
  if (req.cmd === 'start') return out({ version: 1, implementation: { name: 'leaky', version: '1', language: 'js', profile: 'node', families: ['access_token'] } });
  if (req.cmd === 'stop') process.exit(0);
  const i = Number(req.case.id.split('-').pop());
  const text = 'leaked ' + leaks[i] + ' end';
  if (i % 2 === 0) process.stderr.write(text + '\\n', () => process.exit(1));
  else out({ seq: req.seq, output: { error: { type: 'ValueError', message: text } } });
});`;

  it('no report shows the secret in any encoding, from stderr, faults or answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaky-'));
    try {
      const secrets = [SECRETS.client, SECRETS.api];
      const leaks = secrets.flatMap((s) => Object.values(encodingsOf(s)));
      writeFileSync(join(dir, 'leaks.json'), JSON.stringify(leaks));
      writeFileSync(join(dir, 'adapter.cjs'), ADAPTER);
      const vectors = leaks.map((_, i) =>
        vector(`access_token/hand/leak-${i}`, 'access_token', { secret: secrets[Math.floor(i / (leaks.length / 2))], accountSid: ACCOUNT_SID, keySid: 'SK1' }, { node: { kind: 'error', message: 'expected' } }),
      );
      const run = await runAdapter({ name: 'leaky', command: [process.execPath, join(dir, 'adapter.cjs'), join(dir, 'leaks.json')] }, vectors, { maxRestarts: 1000, caseTimeoutMs: 60_000 });
      // The leaks really reached the records: stderr in errored messages and faults, and answers.
      const raw = JSON.stringify(run);
      expect(raw).toContain(`leaked ${leaks[0]} end`);
      expect(raw).toContain(`leaked ${leaks[1]} end`);
      expect(run.faults?.length).toBeGreaterThan(0);
      expect(run.records.some((r) => 'errored' in r.result && r.result.errored.message.includes('leaked '))).toBe(true);
      const report: RunReport = { tool: { name: 't', version: 'test' }, started: 's', finished: 'f', vectorCount: vectors.length, runs: [run], gate: gate([run]) };
      for (const [name, render] of Object.entries(renderers)) {
        const text = decoders[name](render(report));
        const found = leaks.filter((l) => text.includes(l));
        expect(found, `${name}: ${text}`).toEqual([]);
        expect(text, name).toContain('leaked [redacted] end');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
