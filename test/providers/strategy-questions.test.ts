/**
 * The strategies' own questions (issue 19, fifth gap): the auth-type enumeration, the Basic
 * strategy on its own, client Basic credentials in odd characters, and the token manager's
 * parameters. The expectations in strategy-questions.json were confirmed live against
 * twilio-node, twilio-python 9.11.0, twilio-php 8.12.0 and (the enumeration) twilio-ruby 7.11.1;
 * these tests check the vocabulary refuses what it cannot mean, the file says what the libraries
 * do, and the judge catches a wrong answer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runReferenceProviderCase } from '../../conformance/adapters/reference-providers.ts';
import { credentialProvider } from '../../conformance/families/credential-provider.ts';
import { judgeProvider, runProviderVector, type ProviderExpectation } from '../../conformance/families/provider-cases.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { QUESTIONS } from '../../scripts/vectors/provider-behaviours.ts';
import { vocabularyRefusal } from '../helpers/provider-vocabulary.ts';

type Step = { result: { ok: boolean; value?: Record<string, unknown>; errorType?: string; error?: string }; apiAuthorization: Array<string | null> };
type Doc = { vectors: Array<{ id: string; input: unknown; now: number; expect: Record<string, { unsupported?: string; steps?: Step[] }> }> };
const doc = JSON.parse(readFileSync(QUESTIONS.path, 'utf8')) as Doc;
const vector = (id: string) => doc.vectors.find((v) => v.id === `credential_provider/${id}`)!;

const refused = vocabularyRefusal;

describe('the vocabulary of the strategy questions', () => {
  const basic = { op: 'strategy', strategyClass: 'basic', username: 'u', password: 'p' };
  it('takes username and password with strategyClass basic only, both strings', () => {
    expect(refused({ steps: [basic] })).toBe('accepted');
    expect(refused({ steps: [{ ...basic, password: undefined }] })).toBe('credential_provider: steps[0]: password goes with strategyClass basic, and only there');
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'noauth', username: 'u' }] })).toBe('credential_provider: steps[0]: username goes with strategyClass basic, and only there');
    expect(refused({ steps: [{ ...basic, username: 7 }] })).toBe('credential_provider: steps[0].username must be a string');
  });

  it('takes ask with op strategy only: distinct questions of the class', () => {
    expect(refused({ steps: [{ ...basic, ask: ['authString', 'authType'] }] })).toBe('accepted');
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'token', token: 'a.b.c', ask: ['tokenExpired'] }] })).toBe('accepted');
    expect(refused({ steps: [{ ...basic, ask: ['tokenExpired'] }] })).toBe('credential_provider: steps[0].ask must list distinct questions of strategyClass basic (authType, authString, requiresAuthentication)');
    expect(refused({ steps: [{ ...basic, ask: [] }] })).toMatch(/ask must list distinct questions/);
    expect(refused({ steps: [{ ...basic, ask: ['authType', 'authType'] }] })).toMatch(/ask must list distinct questions/);
    expect(refused({ steps: [{ ...basic, ask: 'authType' }] })).toMatch(/ask must list distinct questions/);
    expect(refused({ steps: [{ op: 'api', ask: ['authType'] }] })).toBe('credential_provider: steps[0]: ask goes with op strategy, and only there');
  });

  it('takes tokenParams with a token provider only, and authTypeMembers without one', () => {
    expect(refused({ steps: [{ op: 'authTypeMembers' }] })).toBe('accepted');
    expect(refused({ provider: { type: 'orgs' }, steps: [{ op: 'tokenParams' }] })).toBe('accepted');
    expect(refused({ steps: [{ op: 'tokenParams' }] })).toBe("credential_provider: steps[0].op tokenParams needs the case's provider");
    expect(refused({ provider: { type: 'noauth' }, steps: [{ op: 'tokenParams' }] })).toBe('credential_provider: steps[0].op tokenParams needs a client_credentials or orgs provider');
  });
});

describe('strategy-questions.json', () => {
  it('records every library: an answer where it has the behaviour, unsupported with the reason where it lacks it', () => {
    const shape = Object.fromEntries(doc.vectors.map((v) => [v.id.split('/').slice(1).join('/'), Object.entries(v.expect).map(([p, e]) => `${p}:${e.unsupported ? 'unsupported' : 'answers'}`)]));
    expect(shape['auth_type/members']).toEqual(['node:unsupported', 'python:answers', 'ruby:answers', 'php:unsupported']);
    for (const id of ['basic/strategy', 'basic/requires_authentication', 'basic/auth_string_edges']) expect(shape[id]).toEqual(['node:answers', 'python:unsupported', 'ruby:unsupported', 'php:answers']);
    for (const id of ['basic/client_colon', 'basic/client_latin1', 'basic/client_outside_latin1']) expect(shape[id]).toEqual(['node:answers', 'python:answers', 'ruby:answers', 'php:answers']);
    for (const id of ['token_params/client_credentials', 'token_params/orgs', 'token_params/unset', 'token_params/null_id']) expect(shape[id]).toEqual(['node:answers', 'python:unsupported', 'ruby:unsupported', 'php:answers']);
    expect(vector('basic/strategy').expect.python.unsupported).toBe('twilio-python has no BasicAuthStrategy class');
  });

  it("holds what the libraries answered: python's and ruby's AuthType members, php's Basic without its prefix, python's latin-1", () => {
    const members = vector('auth_type/members').expect;
    expect(members.python.steps![0].result.value).toEqual({ API_KEY: 'api_key', BASIC: 'basic', CLIENT_CREDENTIALS: 'client_credentials', NO_AUTH: 'noauth', ORGS_TOKEN: 'orgs_stoken' });
    expect(members.ruby.steps![0].result.value).toEqual({ API_KEY: 'api_key', BASIC: 'basic', CLIENT_CREDENTIALS: 'client_credentials', NOAUTH: 'noauth', ORGS_TOKEN: 'orgs_token' });
    const edges = vector('basic/auth_string_edges').expect;
    const authStrings = (p: string) => edges[p].steps!.map((s) => s.result.value!.authString as string);
    // Independently: base64 of the UTF-8 bytes of "Zoë:pässe" and of "😀:x".
    expect(authStrings('node')[5]).toBe(`Basic ${Buffer.from('Zo\u00eb:p\u00e4sse', 'utf8').toString('base64')}`);
    expect(authStrings('node')[7]).toBe('Basic 8J+YgDp4');
    expect(authStrings('php')).toEqual(authStrings('node').map((s) => s.replace(/^Basic /, '')));
    expect(vector('basic/strategy').expect.php.steps![0].result).toMatchObject({ ok: false, errorType: 'Error', error: 'Call to undefined method Twilio\\AuthStrategy\\BasicAuthStrategy::requiresAuthentication()' });
    // "pässe" as latin-1 bytes (python) and as UTF-8 (the others).
    expect(vector('basic/client_latin1').expect.python.steps![0].apiAuthorization).toEqual([`Basic ${Buffer.from([...Buffer.from('AC01:p'), 0xe4, ...Buffer.from('sse')]).toString('base64')}`]);
    expect(vector('basic/client_latin1').expect.node.steps![0].apiAuthorization).toEqual([`Basic ${Buffer.from('AC01:p\u00e4sse', 'utf8').toString('base64')}`]);
    expect(vector('basic/client_outside_latin1').expect.python.steps![0].result).toEqual({
      ok: false,
      errorType: 'UnicodeEncodeError',
      error: "'latin-1' codec can't encode character '\\u20ac' in position 0: ordinal not in range(256)",
    });
    const params = vector('token_params/client_credentials').expect;
    expect(Object.keys(params.node.steps![0].result.value!)).toEqual(['grantType', 'clientId', 'clientSecret']);
    expect(Object.keys(params.php.steps![0].result.value!)).toEqual(['grantType', 'clientId', 'clientSecret', 'code', 'redirectUri', 'audience', 'refreshToken', 'scope']);
    // The client secret never appears: the runner wrote its placeholder.
    expect(params.node.steps![0].result.value!.clientSecret).toBe('<client_secret>');
    for (const v of doc.vectors) expect(JSON.stringify(v.expect)).not.toContain('s3cr3t-client-secret-value');
  });
});

describe('the python profile encodes Basic as requests does', () => {
  const basic = (PROFILES.python.providers as { credentials: { basic(u: string, p: string): string } }).credentials.basic;
  it('latin-1 bytes, and the UnicodeEncodeError of the first run it cannot encode', () => {
    expect(basic('Zo\u00eb', 'x')).toBe(`Basic ${Buffer.from([0x5a, 0x6f, 0xeb, 0x3a, 0x78]).toString('base64')}`);
    expect(() => basic('ok', 'a\u20ac\u20acb')).toThrow("'latin-1' codec can't encode characters in position 1-2: ordinal not in range(256)");
    expect(() => basic('\u{1f600}', 'x')).toThrow("'latin-1' codec can't encode character '\\U0001f600' in position 0: ordinal not in range(256)");
  });
});

describe('the judge catches a wrong answer to the questions', () => {
  /** The reference's own run of a vector for a profile, through the runner's server. */
  const referenceRun = async (id: string, profile: 'node' | 'php' | 'python') => {
    const v = vector(id);
    const input = parseLossless(JSON.stringify(v.input));
    return runProviderVector((i) => runReferenceProviderCase(PROFILES[profile], toJavaScript(i), v.now), input, v.now);
  };
  const expectation = (id: string, profile: string): ProviderExpectation => ({ kind: 'provider', steps: vector(id).expect[profile].steps as never });
  /** The result with step `i`'s value replaced. */
  const planted = (r: Awaited<ReturnType<typeof referenceRun>>, i: number, value: unknown) => {
    const out = (r as { output: { steps: Array<Record<string, unknown>> } }).output;
    return { output: { ...out, steps: out.steps.map((s, k) => (k === i ? { ...s, value } : s)) } } as never;
  };

  it("php's Basic auth string with a 'Basic ' prefix, or node's without, fails", async () => {
    const php = await referenceRun('basic/auth_string_edges', 'php');
    expect(judgeProvider(expectation('basic/auth_string_edges', 'php'), php).status).toBe('pass');
    expect(judgeProvider(expectation('basic/auth_string_edges', 'php'), planted(php, 0, { authType: 'basic', authString: 'Basic Og==' }))).toMatchObject({ status: 'fail' });
    const node = await referenceRun('basic/auth_string_edges', 'node');
    expect(judgeProvider(expectation('basic/auth_string_edges', 'node'), planted(node, 5, { authType: 'basic', authString: 'Basic Wm/rOnDkc3Nl' }))).toMatchObject({ status: 'fail' });
  });

  it('a wrong AuthType value or a missing member fails', async () => {
    const py = await referenceRun('auth_type/members', 'python');
    const want = expectation('auth_type/members', 'python');
    expect(judgeProvider(want, py).status).toBe('pass');
    expect(judgeProvider(want, planted(py, 0, { API_KEY: 'api_key', BASIC: 'basic', CLIENT_CREDENTIALS: 'client_credentials', NO_AUTH: 'noauth', ORGS_TOKEN: 'orgs_token' })).status).toBe('fail');
    expect(judgeProvider(want, planted(py, 0, { BASIC: 'basic' })).status).toBe('fail');
  });

  it("node's getParams with php's eight keys fails", async () => {
    const node = await referenceRun('token_params/client_credentials', 'node');
    const want = expectation('token_params/client_credentials', 'node');
    expect(judgeProvider(want, node).status).toBe('pass');
    const eight = { grantType: 'client_credentials', clientId: 'OQ00000000000000000000000000000001', clientSecret: '<client_secret>', code: null, redirectUri: null, audience: null, refreshToken: null, scope: null };
    expect(judgeProvider(want, planted(node, 0, eight)).status).toBe('fail');
  });

  it('an adapter answering where its library lacks the behaviour fails; one skipping is a skip', async () => {
    const unsupported = credentialProvider.readExpectation(parseLossless(JSON.stringify(vector('basic/strategy').expect.python)), 'python');
    const v = { input: parseLossless(JSON.stringify(vector('basic/strategy').input)) };
    const answered = { output: { steps: [{ label: 'BasicAuthStrategy', ok: true, value: { authType: 'basic' } }], server: { tokenRequests: [], api: [] } } } as never;
    expect((await credentialProvider.judge(unsupported, answered, v as never)).status).toBe('fail');
    expect((await credentialProvider.judge(unsupported, { skipped: { reason: 'no such class' } }, v as never)).status).toBe('skip');
  });
});
