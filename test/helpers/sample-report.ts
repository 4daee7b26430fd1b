import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { RunReport } from '../../conformance/reporters/report.ts';
import type { Verdict } from '../../conformance/runner/compare.ts';
import { gate } from '../../conformance/runner/expectations.ts';
import { runAdapter, type AdapterRun, type CaseRecord } from '../../conformance/runner/run.ts';
import { loadVectors, type Expectation, type Vector } from '../../conformance/vectors/read.ts';
import type { CaseResult } from '../../conformance/protocol/types.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { referenceAdapterCommand } from './adapters.ts';
import { ROOT } from './shared.ts';

/** A real run with a pass, a failure (wrong escape) and an unavailable adapter, for every reporter. */
export async function sampleReport(): Promise<RunReport> {
  const vectors = loadVectors(join(ROOT, 'vectors', 'access_token', 'oracle-node.json')).slice(0, 12);
  const runs = [
    await runAdapter({ name: 'reference-node', command: referenceAdapterCommand('node') }, vectors),
    await runAdapter({ name: 'faulty', command: [process.execPath, join(ROOT, 'test/fixtures/faulty-adapter.mjs'), '--fault', 'wrong-escape'] }, vectors),
    await runAdapter({ name: 'missing', unavailable: 'not installed <here> & "there"' }, vectors),
  ];
  return { tool: { name: 'twilio-jwt-conformance', version: 'test' }, started: 'start', finished: 'end', vectorCount: vectors.length, runs, gate: gate(runs) };
}

/** A hand-made vector (the input written as JSON text, read losslessly as the runner does). */
export function vector(id: string, family: Vector['family'], input: unknown, expect: Partial<Record<'node' | 'python' | 'ruby', Expectation>> = {}): Vector {
  return { id, description: `${id} (hand-made)`, family, now: 1700000000, input: parseLossless(JSON.stringify(input)), expect, flags: [], file: 'hand-made.json' };
}

/** One record: a vector, what the adapter answered, and the verdict. */
export function record(v: Vector, result: CaseResult, verdict?: Verdict): CaseRecord {
  return { vector: v, result, ...(verdict ? { verdict } : {}) };
}

/** A report over hand-made runs, gated as the CLI gates them. */
export function reportOf(runs: AdapterRun[]): RunReport {
  const vectorCount = new Set(runs.flatMap((r) => r.records.map((x) => x.vector.id))).size;
  return { tool: { name: 'twilio-jwt-conformance', version: 'test' }, started: '2026-01-01T00:00:00Z', finished: '2026-01-01T00:00:01Z', vectorCount, runs, gate: gate(runs) };
}

/** A compact JWT (unsigned signature part) whose header and payload are the given JSON texts. */
export function tokenOf(headerJson: string, payloadJson: string): string {
  return `${Buffer.from(headerJson, 'latin1').toString('base64url')}.${Buffer.from(payloadJson, 'latin1').toString('base64url')}.c2ln`;
}

/** The secrets of {@link secretReport}'s case inputs. */
export const SECRETS = {
  /** A client secret with the characters the URL encoders disagree on (`*'()!~`), a space and non-ASCII. */
  client: "cl!ent*sec'ret (value)~ü-1",
  /** An account auth token (Basic user:token with the account SID). */
  auth: 'auth_token_0123456789abcdef0123',
  /** A second auth token, in a credential_provider input's environment. */
  envAuth: 'env+auth/token=value',
  /** An API key secret (access_token). */
  api: 'api-secret/with+plus=and sláinte',
  /** A client password (credential_provider `client.password`). */
  password: 'p@ss:word;value',
  /** A fixture PEM private key (validation_token). */
  pem: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
} as const;

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const CLIENT_ID = 'OQ00000000000000000000000000000001';

const hexLower = (s: string): string => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
/** Python's `urllib.parse.quote_plus`: everything but letters, digits and `_.-~` percent-encoded, space as `+`. */
export const pyQuotePlus = (s: string): string =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const pyJsonAscii = (s: string): string =>
  JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Every encoding of `secret` a report must not contain, by name (written independently of the
 * implementation): raw, JSON-escaped (JavaScript and Python's ASCII-only), encodeURIComponent,
 * Python's quote and quote_plus, WHATWG URLSearchParams (each also with lower-case hex), base64
 * and base64url, and base64 of `user:secret` for the account SID, the client id and a user the
 * input does not name; for a PEM private key also its body and each body line.
 */
export function encodingsOf(secret: string): Record<string, string> {
  const b64 = (t: string): string => Buffer.from(t, 'utf8').toString('base64');
  const out: Record<string, string> = {
    raw: secret,
    json: JSON.stringify(secret).slice(1, -1),
    'json-ascii': pyJsonAscii(secret),
    encodeURIComponent: encodeURIComponent(secret),
    'encodeURIComponent-lower': hexLower(encodeURIComponent(secret)),
    'python-quote_plus': pyQuotePlus(secret),
    'python-quote_plus-lower': hexLower(pyQuotePlus(secret)),
    'python-quote': pyQuotePlus(secret).replace(/\+/g, '%20'),
    'whatwg-form': new URLSearchParams([['a', secret]]).toString().slice(2),
    'whatwg-form-lower': hexLower(new URLSearchParams([['a', secret]]).toString().slice(2)),
    base64: b64(secret),
    base64url: Buffer.from(secret, 'utf8').toString('base64url'),
    'basic-account': b64(`${ACCOUNT_SID}:${secret}`),
    'basic-client': b64(`${CLIENT_ID}:${secret}`),
    'basic-stranger': b64(`someone-else:${secret}`),
  };
  if (secret.includes('PRIVATE KEY')) {
    const lines = secret.split('\n').filter((l) => l && !l.startsWith('-----'));
    out['pem-body'] = lines.join('');
    lines.forEach((l, i) => (out[`pem-line-${i + 1}`] = l));
  }
  return out;
}

/** All encodings of all secrets as one text, each labelled, as a leaky adapter would echo them. */
export function leak(...secrets: string[]): string {
  return secrets.flatMap((s) => Object.entries(encodingsOf(s)).map(([k, v]) => `${k}=${v} Basic ${Buffer.from(`someone:${s}`).toString('base64')}`)).join(' ; ');
}

/**
 * A run whose adapter echoes every secret of its cases' inputs, in every encoding, into every
 * place a report shows: token payloads, rejection messages, errored messages (copied stderr),
 * verdict details, faults and the gate's adapter errors. A short secret (`x`) stays in the text.
 */
export function secretReport(): RunReport {
  const all = [SECRETS.client, SECRETS.auth, SECRETS.envAuth, SECRETS.api, SECRETS.password, SECRETS.pem];
  const fixtureToken = tokenOf('{"alg":"HS256","typ":"JWT"}', '{"iss":"SK1","sub":"AC1"}');
  const at = vector('access_token/hand/leak', 'access_token', { accountSid: ACCOUNT_SID, keySid: 'SK0123', secret: SECRETS.api, identity: 'alice' }, { node: { kind: 'token', token: fixtureToken, deterministic: true } });
  const cc = vector('client_capability/hand/leak', 'client_capability', { accountSid: ACCOUNT_SID, authToken: SECRETS.auth, setAfter: { authToken: SECRETS.auth } }, { node: { kind: 'error', message: 'expected rejection' } });
  const cp = vector('credential_provider/hand/leak', 'credential_provider', {
    provider: { type: 'client_credentials', clientId: CLIENT_ID, clientSecret: SECRETS.client },
    environment: { accountSid: ACCOUNT_SID, authToken: SECRETS.envAuth },
    client: { username: ACCOUNT_SID, password: SECRETS.password },
    steps: [{ op: 'api' }],
  });
  const vt = vector('validation_token/hand/leak', 'validation_token', { accountSid: ACCOUNT_SID, credentialSid: 'CR1', signingKey: 'SK1', privateKeyPem: SECRETS.pem }, { node: { kind: 'error', message: 'expected' } });
  const short = vector('jwt/hand/short', 'jwt', { op: 'decode', token: fixtureToken, key: 'x' }, { node: { kind: 'error', message: 'x marks the spot' } });
  const leaky: AdapterRun = {
    name: 'leaky',
    profile: 'node',
    implementation: { name: `leaky ${SECRETS.api}`, version: '1', profile: 'node', families: ['access_token'] } as never,
    faults: [`crashed; stderr: Traceback ... ${leak(...all)}`],
    records: [
      record(at, { output: { token: tokenOf('{"alg":"HS256"}', JSON.stringify({ leaked: leak(SECRETS.api) })) } }, { status: 'fail', level: 'claims', detail: `payload differs: ${leak(SECRETS.api)}` }),
      record(cc, { output: { error: { type: 'ValueError', message: `bad token ${leak(SECRETS.auth)}` } } }, { status: 'fail', level: 'rejection-message', detail: `message ${leak(SECRETS.auth)}` }),
      record(cp, { errored: { message: `adapter stderr: ${leak(SECRETS.client, SECRETS.envAuth, SECRETS.password)}` } }),
      record(vt, { errored: { message: `adapter stderr: ${leak(SECRETS.pem)} ${JSON.stringify(SECRETS.pem)}` } }, { status: 'error', message: `crashed: ${leak(SECRETS.pem)}` }),
      record(short, { output: { error: { type: 'DecodeError', message: 'x marks the spot' } } }, { status: 'fail', level: 'rejection-message', detail: 'x marks the spot' }),
    ],
  };
  return reportOf([leaky]);
}

/** Adapter-supplied text that tries to drive a terminal, open HTML or Markdown, and forge TAP directives. */
export const HOSTILE = {
  name: 'evil\u001b[2J\u0007\u0000 # TODO <img src=x onerror=alert(1)> | `x` [l](http://x)',
  detail: 'bad\u001b]0;pwned\u0007 \u009b31m\r\nnot ok 99 - forged # TODO\n<script>alert(1)</script> ![t](http://t/x.png) | a & b $x^2$ \u202eevil',
  reason: 'skipped # TODO not really\nok 98 - forged',
  fault: 'stderr: \u001b[31mred\u001b[0m\u0008\u007f <b>bold</b>',
} as const;

/** One adapter whose name, messages, skip reasons and faults are all {@link HOSTILE}. */
export function hostileReport(): RunReport {
  const token = tokenOf('{"alg":"HS256"}', '{"a":1}');
  const v1 = vector('access_token/hand/1-one', 'access_token', { identity: 'a' }, { node: { kind: 'token', token, deterministic: true } });
  const v2 = vector('access_token/hand/2-two', 'access_token', { identity: 'b' }, { node: { kind: 'token', token, deterministic: true } });
  const v3 = vector('access_token/hand/3-three', 'access_token', { identity: 'c' }, { node: { kind: 'token', token, deterministic: true } });
  const v4 = vector('access_token/hand/4-four', 'access_token', { identity: 'd' }, { node: { kind: 'token', token, deterministic: true } });
  const evil: AdapterRun = {
    name: HOSTILE.name,
    profile: 'node',
    faults: [HOSTILE.fault],
    records: [
      record(v1, { output: { token: tokenOf('{"alg":"HS256"}', '{"a":2}') } }, { status: 'fail', level: 'claims', detail: HOSTILE.detail }),
      record(v2, { errored: { message: HOSTILE.detail } }),
      record(v3, { skipped: { reason: HOSTILE.reason } }, { status: 'skip', reason: HOSTILE.reason }),
      record(v4, { output: { token } }, { status: 'pass', level: 'bytes' }),
    ],
  };
  const gone: AdapterRun = { name: 'gone <i>x</i>', unavailable: `not installed ${HOSTILE.fault}`, records: [] };
  return reportOf([evil, gone]);
}
