/**
 * answers.ts, the one comparison of answers: the rule for randomized signatures (PS*, ES*), token
 * and rejection comparison, outcome keys that agree with it, and every caller holding ES256 tokens
 * that differ only in signature to be the same answer. Tokens are made here with node:crypto, never
 * by the module under test.
 */
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDifferential, type Side } from '../../conformance/differential/differential.ts';
import { FAMILY_PROPERTIES } from '../../conformance/properties/families.ts';
import type { PropertyContext } from '../../conformance/properties/types.ts';
import type { WireCase } from '../../conformance/protocol/serve.ts';
import type { CaseResult } from '../../conformance/protocol/types.ts';
import { caseKeys, compareAnswers, compareTokens, hasRandomizedSignatures, headerAlgorithm, judgeAnswer, outcomeKey, signatureVerifies, verifiesWithJose } from '../../conformance/runner/answers.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { agreement, type AdapterRun } from '../../conformance/runner/run.ts';
import { loadVectors, type Vector } from '../../conformance/vectors/read.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { fuzzDifference } from '../../scripts/fuzz.ts';
import { join } from 'node:path';
import { ROOT } from '../helpers/shared.ts';

// ---- tokens made with node:crypto -------------------------------------------------------------

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ec2 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const SECRET = 'fixture-secret-0123456789abcdef';
const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
const pem = (k: KeyObject): string => k.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A compact JWS over the exact header bytes given, signed with node:crypto. */
function mint(alg: string, header: Buffer | string, payload: string, key: KeyObject | string = alg.startsWith('HS') ? SECRET : alg.startsWith('ES') ? ec.privateKey : rsa.privateKey): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const hash = `sha${alg.slice(2)}`;
  let sig: Buffer;
  if (alg.startsWith('HS'))
    sig = createHmac(hash, key as string)
      .update(input)
      .digest();
  else if (alg.startsWith('ES')) sig = sign(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else if (alg.startsWith('PS')) sig = sign(hash, Buffer.from(input), { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  else sig = sign(hash, Buffer.from(input), { key: key as KeyObject, padding: constants.RSA_PKCS1_PADDING });
  return `${input}.${b64(sig)}`;
}
const header = (alg: string): string => `{"alg":"${alg}","typ":"JWT"}`;
const PAYLOAD = '{"iss":"SK0123","sub":"AC0123","exp":1700003600}';
const token = (alg: string, payload = PAYLOAD, key?: KeyObject | string): string => mint(alg, header(alg), payload, key);
const out = (o: unknown): CaseResult => ({ output: o as never });
const tok = (t: string, extras: Record<string, unknown> = {}): CaseResult => out({ token: t, ...extras });
const rejected = (message: string, type?: string): CaseResult => out({ error: type === undefined ? { message } : { type, message } });
const sigOf = (t: string): string => t.split('.')[2];

describe('the rule for randomized signatures', () => {
  it('PS* and ES* are randomized; HS*, RS*, none and non-strings are not', () => {
    for (const a of ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']) expect(hasRandomizedSignatures(a), a).toBe(true);
    for (const a of ['HS256', 'HS512', 'RS256', 'RS512', 'none', '', 'ps256', 'es256']) expect(hasRandomizedSignatures(a), a).toBe(false);
    for (const a of [undefined, null, 256, ['PS256']]) expect(hasRandomizedSignatures(a)).toBe(false);
  });

  it('node:crypto really does sign PS256 and ES256 differently each time, and HS256 and RS256 the same', () => {
    expect(sigOf(token('PS256'))).not.toBe(sigOf(token('PS256')));
    expect(sigOf(token('ES256'))).not.toBe(sigOf(token('ES256')));
    expect(token('HS256')).toBe(token('HS256'));
    expect(token('RS256')).toBe(token('RS256'));
  });

  it("reads the header's alg: UTF-8, latin1 (node's jws), duplicate keys (the last wins), and none", () => {
    expect(headerAlgorithm(token('ES256'))).toBe('ES256');
    // A latin1 kid: the header is not UTF-8 (0xE9 alone), as twilio-node writes a non-ASCII kid.
    const latin1 = mint('PS256', Buffer.from('{"alg":"PS256","typ":"JWT","kid":"CRé"}', 'latin1'), PAYLOAD);
    expect(Buffer.from(latin1.split('.')[0], 'base64url').toString('latin1')).toContain('\xe9');
    expect(headerAlgorithm(latin1)).toBe('PS256');
    // latin1 truncates U+010A to a raw newline inside the string: still read.
    expect(headerAlgorithm(mint('ES256', Buffer.from('{"alg":"ES256","kid":"a\nb"}', 'latin1'), PAYLOAD))).toBe('ES256');
    expect(headerAlgorithm(mint('HS256', '{"alg":"PS256","alg":"HS256"}', PAYLOAD))).toBe('HS256');
    expect(headerAlgorithm(mint('HS256', '{"typ":"JWT"}', PAYLOAD))).toBeUndefined();
    expect(headerAlgorithm(mint('HS256', '{"alg":7}', PAYLOAD))).toBeUndefined();
    expect(headerAlgorithm('not-a-token')).toBeUndefined();
    // Lossless: a key written with an escape is the same key.
    expect(headerAlgorithm(mint('HS256', '{"\\u0061lg":"ES256"}', PAYLOAD))).toBe('ES256');
  });
});

describe('comparing two tokens', () => {
  it('PS256 and ES256 tokens that differ only in signature are the same answer (level layout)', () => {
    for (const alg of ['PS256', 'ES256']) {
      const c = compareAnswers(tok(token(alg)), tok(token(alg)));
      expect(c, alg).toMatchObject({ same: true, level: 'layout', randomized: true });
      expect(c.explanation).toContain('randomized');
    }
  });

  it('HS256 and RS256 tokens are the same only byte for byte: the same header and payload under another key is not', () => {
    expect(compareAnswers(tok(token('HS256')), tok(token('HS256')))).toMatchObject({ same: true, level: 'bytes' });
    expect(compareAnswers(tok(token('RS256')), tok(token('RS256')))).toMatchObject({ same: true, level: 'bytes' });
    const hs = compareAnswers(tok(token('HS256')), tok(token('HS256', PAYLOAD, 'another-secret')), { labels: ['a', 'b'] });
    expect(hs).toMatchObject({ same: false, level: 'layout' });
    expect(hs.explanation).toMatch(/^signatures differ \(same header and payload; HS256 signatures are deterministic\)\n {2}a: /);
    expect(compareAnswers(tok(token('RS256')), tok(token('RS256', PAYLOAD, rsa2.privateKey)))).toMatchObject({ same: false, level: 'layout' });
  });

  it('a randomized token with another payload differs, naming the part, at level claims or differs', () => {
    const other = compareAnswers(tok(token('ES256')), tok(token('ES256', '{"iss":"SK0123","sub":"AC0123","exp":1700003601}')), { labels: ['ref', 'lib'] });
    expect(other).toMatchObject({ same: false, level: 'differs' });
    expect(other.explanation).toMatch(/^payload differs at 46: ref …/);
    // The same claims in another key order: level claims, still not the same answer.
    const reordered = compareTokens(token('PS256'), token('PS256', '{"sub":"AC0123","iss":"SK0123","exp":1700003600}'));
    expect(reordered).toMatchObject({ same: false, level: 'claims', part: { name: 'payload' } });
    // Another alg is another header.
    expect(compareTokens(token('PS256'), token('RS256'))).toMatchObject({ same: false, part: { name: 'header' } });
  });

  it("node's latin1 PS256 header: same answer, and the signatures verify (which jose cannot check)", async () => {
    const h = Buffer.from('{"alg":"PS256","typ":"JWT","kid":"CRé"}', 'latin1');
    const [a, b] = [mint('PS256', h, PAYLOAD), mint('PS256', h, PAYLOAD)];
    const input = parseLossless(JSON.stringify({ privateKeyPem: pem(rsa.privateKey) }));
    expect(compareAnswers(tok(a), tok(b), { keys: caseKeys(input) })).toMatchObject({ same: true, level: 'layout', verified: true });
    expect(await verifiesWithJose(a, input)).toBe(false);
    expect(signatureVerifies(a, caseKeys(input))).toBe(true);
  });

  it('with keys, a randomized signature that does not verify makes the answers differ, naming the side', () => {
    const keys = caseKeys(parseLossless(JSON.stringify({ privateKeyPem: pem(ec.privateKey) })));
    expect(compareAnswers(tok(token('ES256')), tok(token('ES256')), { keys })).toMatchObject({ same: true, verified: true });
    const c = compareAnswers(tok(token('ES256')), tok(token('ES256', PAYLOAD, ec2.privateKey)), { keys, labels: ['ref', 'lib'] });
    expect(c).toMatchObject({ same: false, level: 'layout', verified: false });
    expect(c.explanation).toContain('the ES256 signature of lib does not verify');
    const rsaKeys = caseKeys(parseLossless(JSON.stringify({ privateKeyPem: pem(rsa.privateKey) })));
    expect(compareAnswers(tok(token('PS256', PAYLOAD, rsa2.privateKey)), tok(token('PS256')), { keys: rsaKeys })).toMatchObject({ same: false, verified: false });
  });

  it('signatureVerifies checks each algorithm over the exact signing input, and refuses a key of the wrong kind or curve', () => {
    const secret = [new TextEncoder().encode(SECRET)];
    expect(signatureVerifies(token('HS256'), secret)).toBe(true);
    expect(signatureVerifies(token('HS256', PAYLOAD, 'other'), secret)).toBe(false);
    expect(signatureVerifies(token('RS256'), [rsa.publicKey])).toBe(true);
    expect(signatureVerifies(token('RS256'), [rsa2.publicKey])).toBe(false);
    expect(signatureVerifies(token('PS256'), [rsa.privateKey])).toBe(true);
    expect(signatureVerifies(token('ES256'), [ec.publicKey])).toBe(true);
    expect(signatureVerifies(token('ES256'), [rsa.publicKey])).toBe(false);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(signatureVerifies(mint('ES256', header('ES256'), PAYLOAD, p384.privateKey), [p384.publicKey])).toBe(false);
    expect(signatureVerifies(token('HS256'), [rsa.publicKey])).toBe(false);
    expect(signatureVerifies(`${b64(header('none'))}.${b64(PAYLOAD)}.`, secret)).toBe(false);
  });

  it('identical tokens whose family outputs beside them differ are not the same answer (level extras)', () => {
    const t = token('PS256');
    expect(compareAnswers(tok(t, { canonicalRequest: 'GET\n/', requestHash: 'ab' }), tok(t, { canonicalRequest: 'GET\n/', requestHash: 'ab' }))).toMatchObject({ same: true, level: 'bytes' });
    const c = compareAnswers(tok(t, { canonicalRequest: 'GET\n/', requestHash: 'ab' }), tok(t, { canonicalRequest: 'GET\n/x', requestHash: 'ab' }));
    expect(c).toMatchObject({ same: false, level: 'extras' });
    expect(c.explanation).toMatch(/^canonicalRequest differs/);
    expect(compareAnswers(tok(token('ES256'), { requestHash: 'ab' }), tok(token('ES256')))).toMatchObject({ same: false, level: 'extras' });
  });
});

describe('comparing rejections and other answers', () => {
  it('rejections are the same with the same message and type; an absent type differs from a named one', () => {
    expect(compareAnswers(rejected('identity is required', 'TypeError'), rejected('identity is required', 'TypeError'))).toMatchObject({ same: true, level: 'rejection' });
    expect(compareAnswers(rejected('identity is required'), rejected('identity is required'))).toMatchObject({ same: true, level: 'rejection' });
    expect(compareAnswers(rejected('identity is required', 'TypeError'), rejected('other', 'TypeError'))).toMatchObject({ same: false, level: 'rejection-message' });
    const t = compareAnswers(rejected('identity is required', 'TypeError'), rejected('identity is required', 'ValueError'), { labels: ['a', 'b'] });
    expect(t).toMatchObject({ same: false, level: 'rejection-type' });
    expect(t.explanation).toBe('rejection types differ (same message)\n  a: TypeError\n  b: ValueError');
    expect(compareAnswers(rejected('identity is required', 'TypeError'), rejected('identity is required'))).toMatchObject({ same: false, level: 'rejection-type' });
  });

  it('a rejection against a token is a difference in acceptance; skipped and errored results are unanswered', () => {
    expect(compareAnswers(rejected('x'), tok(token('HS256')))).toMatchObject({ same: false, level: 'acceptance' });
    expect(compareAnswers({ skipped: { reason: 'r' } }, { skipped: { reason: 'r' } })).toMatchObject({ same: true, level: 'unanswered' });
    expect(compareAnswers({ skipped: { reason: 'r' } }, tok(token('HS256')))).toMatchObject({ same: false, level: 'unanswered' });
  });

  it('decoded tokens compare as parsed JSON, key order aside', () => {
    const d = (header: unknown, payload: unknown): CaseResult => out({ decoded: { header, payload } });
    expect(compareAnswers(d({ alg: 'HS256', typ: 'JWT' }, { a: 1 }), d({ typ: 'JWT', alg: 'HS256' }, { a: 1 }))).toMatchObject({ same: true, level: 'decoded' });
    expect(compareAnswers(d({ alg: 'HS256' }, { a: 1 }), d({ alg: 'HS256' }, { a: 2 }))).toMatchObject({ same: false, level: 'decoded' });
  });

  it('credential_provider runs compare by steps, token requests and API Authorization values', () => {
    const run = (value: string, auth: string): CaseResult => out({ steps: [{ label: 'fetch', ok: true, value }], server: { tokenRequests: [{ step: 0 }], api: [{ step: 0, authorization: auth }] } });
    expect(compareAnswers(run('tok', 'Bearer a'), run('tok', 'Bearer a'))).toMatchObject({ same: true, level: 'steps' });
    expect(compareAnswers(run('tok', 'Bearer a'), run('tok', 'Bearer b'))).toMatchObject({ same: false, level: 'steps' });
  });
});

describe('outcome keys agree with compareAnswers', () => {
  const es = token('ES256');
  const answers: CaseResult[] = [
    tok(token('HS256')),
    tok(token('HS256')),
    tok(token('HS256', PAYLOAD, 'other')),
    tok(token('RS256')),
    tok(token('RS256', PAYLOAD, rsa2.privateKey)),
    tok(token('PS256')),
    tok(token('PS256')),
    tok(token('PS256', '{"a":1}')),
    tok(es),
    tok(token('ES256')),
    tok(token('ES256', '{"sub":"AC0123","iss":"SK0123","exp":1700003600}')),
    tok(es, { requestHash: 'ab' }),
    tok(token('ES256'), { requestHash: 'ab' }),
    tok(es, { requestHash: 'cd' }),
    tok('a.b'),
    tok('a.b'),
    tok('a.b.c.d'),
    rejected('m'),
    rejected('m', 'TypeError'),
    rejected('m', 'ValueError'),
    rejected('n', 'TypeError'),
    rejected('TypeError:m'),
    out({ decoded: { header: { alg: 'HS256', typ: 'JWT' }, payload: {} } }),
    out({ decoded: { header: { typ: 'JWT', alg: 'HS256' }, payload: {} } }),
    out({ decoded: { header: {}, payload: { a: [1, { b: 2, c: 3 }] } } }),
    out({ decoded: { header: {}, payload: { a: [1, { c: 3, b: 2 }] } } }),
    out({ steps: [{ label: 's', ok: true }] }),
    out({ steps: [{ label: 's', ok: false }] }),
  ];

  it('two answers have equal keys exactly when compareAnswers finds them the same (every pair)', () => {
    fc.assert(
      fc.property(fc.nat(answers.length - 1), fc.nat(answers.length - 1), (i, j) => {
        expect(outcomeKey(answers[i]) === outcomeKey(answers[j]), `${i} ~ ${j}`).toBe(compareAnswers(answers[i], answers[j]).same);
      }),
      { numRuns: 2000 },
    );
  });

  it('a result that is not an answer has no key', () => {
    expect(outcomeKey({ skipped: { reason: 'r' } })).toBeUndefined();
    expect(outcomeKey({ errored: { message: 'm' } })).toBeUndefined();
  });
});

describe('judging against an expectation', () => {
  const expectToken = (t: string) => ({ kind: 'token' as const, token: t, deterministic: true });

  it("an ES256 or PS256 answer with the expected header and payload passes at level layout, by the token's alg", async () => {
    const input = parseLossless(JSON.stringify({ privateKeyPem: pem(ec.privateKey) }));
    expect(await judge(expectToken(token('ES256')), tok(token('ES256')), { input })).toEqual({ status: 'pass', level: 'layout', verifies: true });
    expect(await judge(expectToken(token('PS256')), tok(token('PS256')))).toEqual({ status: 'pass', level: 'layout' });
    // ... but not when the signature does not verify with jose under the case key.
    expect(await judge(expectToken(token('ES256')), tok(token('ES256', PAYLOAD, ec2.privateKey)), { input })).toMatchObject({ status: 'fail', level: 'layout', verifies: false });
  });

  it('an HS256 answer with another signature fails at level layout', async () => {
    const v = await judge(expectToken(token('HS256')), tok(token('HS256', PAYLOAD, 'other')));
    expect(v).toEqual({ status: 'fail', level: 'layout', detail: 'header and payload identical; signature differs' });
  });

  it('an expectation that records the outputs beside the token holds the answer to them', async () => {
    const t = token('RS256');
    const e = { ...expectToken(t), extras: { requestHash: 'ab' } };
    expect(await judgeAnswer(e, tok(t, { requestHash: 'ab' }))).toEqual({ status: 'pass', level: 'bytes' });
    expect(await judgeAnswer(e, tok(t, { requestHash: 'cd' }))).toEqual({ status: 'fail', level: 'differs', detail: 'requestHash "cd", expected "ab"' });
  });

  it("every committed vector's signatureRandomized flag says what the rule says of its token", () => {
    const vectors: Vector[] = loadVectors(join(ROOT, 'vectors'));
    let randomized = 0;
    let tokens = 0;
    for (const v of vectors) {
      for (const [p, e] of Object.entries(v.expect)) {
        if (e?.kind !== 'token') continue;
        tokens++;
        const rule = hasRandomizedSignatures(headerAlgorithm(e.token));
        if (rule) randomized++;
        expect(e.deterministic, `${v.id} [${p}]`).toBe(!rule);
      }
    }
    expect(tokens).toBeGreaterThan(1000);
    expect(randomized).toBeGreaterThan(0);
  });
});

describe('ES256 tokens that differ only in signature are the same answer everywhere', () => {
  const input = parseLossless(JSON.stringify({ accountSid: 'AC0123', privateKeyPem: pem(ec.privateKey) }));
  const wire: WireCase = { id: 'validation_token/es256', family: 'validation_token', now: 1700000000, input };
  // A fresh ES256 signature on every call: two sides, or two runs, never share one.
  const fresh = (): CaseResult => tok(token('ES256'), { canonicalRequest: 'GET\n/\n', requestHash: 'ab' });

  it("agreement (the runner matrix) and the reports' outcome digests", () => {
    const run = (name: string): AdapterRun => ({ name, records: [{ vector: { ...wire, description: '', expect: {} } as Vector, result: fresh() }] });
    expect(agreement([run('a'), run('b')])).toEqual([{ a: 'a', b: 'b', both: 1, same: 1 }]);
    expect(outcomeKey(fresh())).toBe(outcomeKey(fresh()));
  });

  it('the differential', async () => {
    const side = (name: string): Side => ({ name, run: () => fresh() });
    const report = await runDifferential({ family: 'validation_token', arbitrary: fc.constant({ now: wire.now, input, categories: ['es256'] }), left: side('left'), right: side('right'), numRuns: 5, seed: 1 }, () => '');
    expect(report.failure).toBeUndefined();
    expect(report.outcomes).toMatchObject({ tokens: 5, randomizedVerified: 5 });
  });

  it('the fuzzer', () => {
    expect(fuzzDifference(fresh(), fresh(), wire, ['a', 'b'])).toBeUndefined();
    // and it still reports a signature that does not verify.
    expect(fuzzDifference(fresh(), tok(token('ES256', PAYLOAD, ec2.privateKey), { canonicalRequest: 'GET\n/\n', requestHash: 'ab' }), wire, ['a', 'b'])).toContain('does not verify');
  });

  it('the properties: differential-layout and determinism', async () => {
    const ctx: PropertyContext = {
      profile: 'node',
      async run(c) {
        ctx.lastCase = { ...wire, ...c };
        return fresh();
      },
      reference: () => fresh(),
    };
    for (const name of ['validation_token/differential-layout', 'validation_token/determinism']) {
      const p = FAMILY_PROPERTIES.find((x) => x.name === name)!;
      await expect(p.predicate(ctx, { now: wire.now, input, categories: [] }), name).resolves.toBeUndefined();
    }
  });
});
