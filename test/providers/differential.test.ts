/**
 * Beyond the recorded transcripts: generated scenarios (providers with missing or empty
 * credentials, scripted faults, clock times around the expiry buffer, concurrency, per-request
 * basic auth, auth types) run through the real twilio-node (child process, HTTPS proxy) and the
 * reference's node profile against the same kind of local server. What twilio-node did becomes the
 * expectation the reference is judged by, with the runner's own comparison.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReferenceProviderCase } from '../../conformance/adapters/reference-providers.ts';
import { findTwilioPython } from '../../conformance/adapters/registry.ts';
import { runTwilioNodeCase } from '../../conformance/adapters/twilio-node/driver.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { hasOpenssl } from '../../conformance/oauth/tls.ts';
import type { ScriptedReply } from '../../conformance/oauth/server.ts';
import type { ScenarioStep } from '../../conformance/protocol/provider-case.ts';
import { judgeProvider, runProviderVector, type ExpectedStep, type ProviderExpectation, type ServerView } from '../../conformance/families/provider-cases.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { ROOT, seedFromEnv } from '../helpers/shared.ts';
import { join } from 'node:path';

const NOW = 1700000000;
const reply: fc.Arbitrary<ScriptedReply> = fc.oneof(
  fc.constantFrom(3600, 45, 31, 30, 29, -10).map((expIn) => ({ kind: 'jwt', expIn }) as ScriptedReply),
  fc.constant({ kind: 'jwt', withoutExp: true } as ScriptedReply),
  fc.constantFrom<ScriptedReply>(
    { kind: 'raw', status: 401, body: '{"code":20003,"message":"Authentication Error - invalid client credentials","more_info":"https://www.twilio.com/docs/errors/20003","status":401}' },
    { kind: 'raw', status: 400, body: '{"error":"invalid_client","error_description":"Client authentication failed"}' },
    { kind: 'raw', status: 429, body: '{"code":20429,"message":"Too Many Requests"}', headers: { 'Retry-After': '1' } },
    { kind: 'raw', status: 500, contentType: 'text/plain', body: 'Internal Server Error' },
    { kind: 'raw', status: 503, body: '{"type":"https://www.twilio.com/docs/errors/20503","title":"Service Unavailable","status":503,"code":20503}' },
    { kind: 'raw', status: 200, body: '{"access_token": "eyJhbGciOi' },
    { kind: 'raw', status: 200, body: '' },
    { kind: 'raw', status: 200, body: '{"token_type":"Bearer"}' },
    { kind: 'raw', status: 200, body: '{"access_token":null}' },
    { kind: 'raw', status: 200, body: '{"access_token":12345}' },
    { kind: 'raw', status: 200, body: '{"access_token":"opaque-access-token-value","expires_in":3600}' },
    { kind: 'raw', status: 200, body: 'null' },
    { kind: 'destroy' },
  ),
);
const credential = fc.oneof(fc.constant<string | null | undefined>(undefined), fc.constant(null), fc.constant(''), fc.constant('OQ00000000000000000000000000000001'));
const step: fc.Arbitrary<ScenarioStep> = fc
  .record(
    {
      op: fc.constantFrom<ScenarioStep['op']>('api', 'api', 'authString', 'authString', 'authTypes', 'build'),
      at: fc.constantFrom(0, 1, 29, 30, 31, 3569, 3570, 3571, 3600, 3601).map((d) => NOW + d),
      parallel: fc.constantFrom(2, 3),
      strategy: fc.constantFrom('s', 't'),
      resource: fc.constant<'organization_account'>('organization_account'),
      auth: fc.constant({ username: 'AC00000000000000000000000000000001', password: 'basic-auth-token-value' }),
    },
    { requiredKeys: ['op', 'at'] },
  )
  .map((s) => {
    const out: Record<string, unknown> = { op: s.op, at: s.at };
    if (s.parallel !== undefined && (s.op === 'api' || s.op === 'authString')) out.parallel = s.parallel;
    if (s.op === 'authString' && s.strategy) out.strategy = s.strategy;
    if (s.op === 'api' && s.resource) out.resource = s.resource;
    if (s.op === 'api' && s.auth && !s.resource) out.auth = s.auth;
    return out as unknown as ScenarioStep;
  });
const scenario = fc.record({
  provider: fc.record({ type: fc.constantFrom('client_credentials', 'orgs', 'noauth'), clientId: credential, clientSecret: fc.constantFrom<string | null | undefined>('s3cr3t-client-secret-value', undefined, null, '') }),
  client: fc.option(fc.constant({ username: 'AC00000000000000000000000000000001', password: 'basic-auth-token-value' }), { nil: undefined }),
  environment: fc.option(fc.constant({ accountSid: 'AC00000000000000000000000000000001', authToken: 'basic-auth-token-value' }), { nil: undefined }),
  mock: fc.record({
    token: fc.array(reply, { minLength: 1, maxLength: 3 }),
    api: fc.option(
      fc.constant([
        { kind: 'raw', status: 401, body: '{"code":20003,"message":"Authenticate","status":401}' },
        { kind: 'raw', status: 200, body: '{}' },
      ] as ScriptedReply[]),
      { nil: undefined },
    ),
  }),
  steps: fc.array(step, { minLength: 1, maxLength: 4 }),
});

function clean(o: unknown): unknown {
  return JSON.parse(JSON.stringify(o)); // drops undefined keys (absent = setter not called)
}

/** What twilio-node did, as an expectation in the vectors' shape. */
function expectationFrom(result: { output: { steps: Array<Record<string, unknown>>; server: ServerView } }): ProviderExpectation {
  const { steps, server } = result.output;
  const call = (c: Record<string, unknown>) => {
    if (c.ok) return 'value' in c ? { ok: true, value: c.value } : { ok: true };
    const { type, message } = c.error as { type?: string; message: string };
    // Through the proxy, requests raises ProxyError, a ConnectionError; the reference connects directly.
    if (type === 'requests.exceptions.ProxyError') return { ok: false, errorTypes: [type, 'requests.exceptions.ConnectionError'], messageVolatile: true };
    return { ok: false, errorType: type, error: message, messageVolatile: /ECONNREFUSED/.test(message) };
  };
  const out: ExpectedStep[] = steps.map((s, i) => ({
    result: 'parallel' in s ? { parallel: (s.parallel as Array<Record<string, unknown>>).map(call) } : call(s),
    tokenRequests: server.tokenRequests.filter((t) => t.step === i).length,
    apiAuthorization: server.api.filter((a) => a.step === i).map((a) => a.authorization),
  })) as ExpectedStep[];
  const t = server.tokenRequests[0];
  return {
    kind: 'provider',
    steps: out,
    ...(t ? { tokenRequest: { method: t.method, path: t.path, headers: t.headers.map(([k, v]) => [k, /^(user-agent|host)$/i.test(k) ? null : v] as [string, string | null]), body: t.body } } : {}),
  };
}

describe.runIf(process.env.REQUIRE_REAL_LIBRARIES === '1' || hasOpenssl())('generated scenarios: the node profile against the real twilio-node', () => {
  it('agree on generated scenarios (PROVIDER_DIFF_RUNS, default 16)', async () => {
    const samples = fc.sample(scenario, { numRuns: Number(process.env.PROVIDER_DIFF_RUNS ?? 16), seed: seedFromEnv() });
    const problems: string[] = [];
    const queue = samples.map((s, i) => ({ i, input: parseLossless(JSON.stringify(clean(s))) }));
    const worker = async (): Promise<void> => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const { i, input } = job;
        const real = await runProviderVector((inp) => runTwilioNodeCase({ id: `gen-${i}`, family: 'credential_provider', now: NOW, input: toJavaScript(inp) }), input, NOW);
        if (!('output' in real)) {
          problems.push(`gen-${i}: twilio-node ${JSON.stringify(real)}\n${JSON.stringify(toJavaScript(input))}`);
          continue;
        }
        const mine = await runProviderVector((inp) => runReferenceProviderCase(PROFILES.node, toJavaScript(inp), NOW), input, NOW);
        const verdict = judgeProvider(expectationFrom(real as never), mine);
        if (verdict.status !== 'pass') problems.push(`gen-${i}: ${JSON.stringify(verdict)}\n${JSON.stringify(toJavaScript(input))}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(problems).toEqual([]);
  });
});

const lib9 = process.env.TWILIO_PYTHON_9_LIB;
const py = findTwilioPython();

describe.runIf(lib9 !== undefined && 'python' in py)('generated scenarios: the python profile against twilio-python 9.x (TWILIO_PYTHON_9_LIB, a local check)', () => {
  it('agree on generated scenarios', async () => {
    const python = (py as { python: string }).python;
    const proc = await AdapterProcess.start([python, join(ROOT, 'conformance/adapters/twilio-python/adapter.py'), '--lib', lib9!], { caseTimeoutMs: 60_000 });
    const problems: string[] = [];
    try {
      // twilio-python has no NoAuthCredentialProvider: those scenarios are skipped on both sides.
      const samples = fc.sample(
        scenario.filter((s) => s.provider.type !== 'noauth'),
        { numRuns: Number(process.env.PROVIDER_DIFF_RUNS ?? 16), seed: seedFromEnv() },
      );
      for (const [i, s] of samples.entries()) {
        const input = parseLossless(JSON.stringify(clean(s)));
        const real = await runProviderVector((inp) => proc.run({ id: `gen-${i}`, family: 'credential_provider', now: NOW, input: inp }), input, NOW);
        if (!('output' in real)) {
          problems.push(`gen-${i}: twilio-python ${JSON.stringify(real).slice(0, 500)}\n${JSON.stringify(toJavaScript(input))}`);
          continue;
        }
        const mine = await runProviderVector((inp) => runReferenceProviderCase(PROFILES.python, toJavaScript(inp), NOW), input, NOW);
        const verdict = judgeProvider(expectationFrom(real as never), mine);
        if (verdict.status !== 'pass') problems.push(`gen-${i}: ${JSON.stringify(verdict)}\n${JSON.stringify(toJavaScript(input))}`);
      }
    } finally {
      await proc.stop();
    }
    expect(problems).toEqual([]);
  });
});
