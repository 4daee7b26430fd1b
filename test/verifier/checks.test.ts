/**
 * The strict verifier's own checks beyond the vectors: options and key are refused before the
 * token is read, with the option named (never as a verdict on the token); a private key verifies
 * with its public half; NumericDates are judged on their JSON text whatever way it is written; an
 * HMAC secret is refused only when it is public key material (never an ordinary secret), and the
 * refusal never quotes the secret.
 */
import { createHmac, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURE_RSA_PRIVATE_PEM } from '../../conformance/differential/generators/fixture-keys.ts';
import {
  AlgKeyMismatch,
  HmacKeyConfusion,
  InvalidVerifyOptions,
  MAX_NUMERIC_DATE,
  MillisecondTimestamp,
  NumericDateInvalid,
  StrictVerificationError,
  verifyStrict,
  type StrictKey,
  type StrictVerifyOptions,
} from '../../conformance/verifier/index.ts';
import { ROOT } from '../helpers/shared.ts';

const NOW = 1_700_000_000;
const SECRET = 'checks-hmac-secret-0123456789abcdef';
const b64 = (x: string | Uint8Array): string => Buffer.from(x).toString('base64url');

function hs(payload: string, secret: string | Uint8Array = SECRET, alg = 'HS256'): string {
  const input = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64(payload)}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')}`;
}

function signed(alg: 'RS256' | 'ES256', key: KeyObject, payload = `{"exp":${NOW + 60}}`): string {
  const input = `${b64(JSON.stringify({ alg }))}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key).toString('base64url')}`;
}

const VALID = hs(`{"exp":${NOW + 60}}`);
const BASE: StrictVerifyOptions = { algorithms: ['HS256'], currentDate: NOW };
const secret = new TextEncoder().encode(SECRET);

/** The error verifyStrict fails with (or 'accepted'). */
async function outcome(token: string, key: StrictKey, options: StrictVerifyOptions): Promise<unknown> {
  try {
    await verifyStrict(token, key, options);
    return 'accepted';
  } catch (e) {
    return e;
  }
}

describe('options and key are checked before the token is read', () => {
  const badOptions: Array<[string, string, Record<string, unknown>]> = [
    ['clockTolerance', 'negative', { clockTolerance: -1 }],
    ['clockTolerance', 'NaN', { clockTolerance: Number.NaN }],
    ['clockTolerance', 'Infinity', { clockTolerance: Number.POSITIVE_INFINITY }],
    ['clockTolerance', 'over a day', { clockTolerance: 86_401 }],
    ['clockTolerance', 'a jose timespan string', { clockTolerance: '30s' }],
    ['currentDate', 'NaN', { currentDate: Number.NaN }],
    ['currentDate', 'an invalid Date', { currentDate: new Date(Number.NaN) }],
    ['currentDate', 'Infinity', { currentDate: Number.POSITIVE_INFINITY }],
    ['currentDate', 'negative', { currentDate: -1 }],
    ['currentDate', 'in milliseconds', { currentDate: NOW * 1000 }],
    ['currentDate', 'a string', { currentDate: String(NOW) }],
    ['algorithms', 'empty', { algorithms: [] }],
    ['algorithms', 'missing', { algorithms: undefined }],
    ['algorithms', 'unknown', { algorithms: ['HS1024'] }],
    ['algorithms', 'not strings', { algorithms: [256] }],
    ['maxTokenLength', 'zero', { maxTokenLength: 0 }],
    ['maxTokenLength', 'a fraction', { maxTokenLength: 10.5 }],
    ['maxTokenLength', 'NaN', { maxTokenLength: Number.NaN }],
    ['requiredCty', 'an empty list', { requiredCty: [] }],
    ['requiredCty', 'a string', { requiredCty: 'twilio-fpa;v=1' }],
    ['requiredClaims', 'a string', { requiredClaims: 'exp' }],
  ];
  for (const [option, what, patch] of badOptions) {
    it(`${option} ${what}: InvalidVerifyOptions naming ${option}, for a valid token and for garbage alike`, async () => {
      for (const token of [VALID, 'not a token']) {
        const e = await outcome(token, secret, { ...BASE, ...patch } as StrictVerifyOptions);
        expect(e).toBeInstanceOf(InvalidVerifyOptions);
        expect(e).toBeInstanceOf(TypeError);
        expect(e).not.toBeInstanceOf(StrictVerificationError);
        expect((e as InvalidVerifyOptions).code).toBe('ERR_STRICT_OPTIONS');
        expect((e as InvalidVerifyOptions).option).toBe(option);
        expect((e as Error).message).toContain(option);
      }
    });
  }

  it('options that are not an object', async () => {
    const e = await outcome(VALID, secret, null as unknown as StrictVerifyOptions);
    expect(e).toBeInstanceOf(InvalidVerifyOptions);
    expect((e as InvalidVerifyOptions).option).toBe('options');
  });

  it('a currentDate of 0 is that instant, not "now"', async () => {
    // exp 60 is in the future at 0 and long past now.
    expect(await outcome(hs('{"exp":60}'), secret, { ...BASE, currentDate: 0 })).toBe('accepted');
    expect(await outcome(hs('{"exp":60}'), secret, { ...BASE, currentDate: new Date(0) })).toBe('accepted');
  });

  const { privateKey: small } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const badKeys: Array<[string, unknown]> = [
    ['null', null],
    ['a string secret (bytes are needed)', 'a-secret-string-not-to-be-echoed'],
    ['an empty Uint8Array', new Uint8Array(0)],
    ['an empty secret KeyObject', createSecretKey(Buffer.alloc(0))],
    ['a 1024-bit RSA private key', small],
    ['a 1024-bit RSA public key', createPublicKey(small)],
    ['a JWK object', { kty: 'oct', k: b64(SECRET) }],
  ];
  for (const [what, key] of badKeys) {
    it(`key ${what}: InvalidVerifyOptions naming key, and the message quotes no key`, async () => {
      const e = await outcome(VALID, key as StrictKey, { ...BASE, algorithms: ['HS256', 'RS256'] });
      expect(e).toBeInstanceOf(InvalidVerifyOptions);
      expect((e as InvalidVerifyOptions).option).toBe('key');
      expect((e as Error).message).not.toContain('a-secret-string');
      expect((e as Error).message).not.toContain(b64(SECRET));
    });
  }
});

describe('keys', () => {
  const rsaPrivate = createPrivateKey(FIXTURE_RSA_PRIVATE_PEM);

  it('a private RSA key verifies with its public half, as the docs say, and still refuses HMAC tokens', async () => {
    const token = signed('RS256', rsaPrivate);
    expect(await outcome(token, rsaPrivate, { ...BASE, algorithms: ['RS256', 'HS256'] })).toBe('accepted');
    expect(await outcome(token, createPublicKey(rsaPrivate), { ...BASE, algorithms: ['RS256'] })).toBe('accepted');
    const pem = createPublicKey(rsaPrivate).export({ type: 'spki', format: 'pem' }).toString();
    const e = await outcome(hs(`{"exp":${NOW + 60}}`, pem), rsaPrivate, { ...BASE, algorithms: ['RS256', 'HS256'] });
    expect(e).toBeInstanceOf(AlgKeyMismatch);
  });

  it("ECDSA: the curve must be the algorithm's (a P-384 key for ES256 is a key mismatch, not a jose TypeError)", async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const token = signed('ES256', p256);
    expect(await outcome(token, createPublicKey(p256), { ...BASE, algorithms: ['ES256'] })).toBe('accepted');
    expect(await outcome(token, createPublicKey(p384), { ...BASE, algorithms: ['ES256'] })).toBeInstanceOf(AlgKeyMismatch);
  });

  it('EdDSA: an Ed25519 key verifies, an Ed448 key (which jose cannot use for EdDSA) is a key mismatch', async () => {
    const ed25519 = generateKeyPairSync('ed25519').privateKey;
    const input = `${b64('{"alg":"EdDSA"}')}.${b64(`{"exp":${NOW + 60}}`)}`;
    const token = `${input}.${sign(null, Buffer.from(input), ed25519).toString('base64url')}`;
    expect(await outcome(token, createPublicKey(ed25519), { ...BASE, algorithms: ['EdDSA'] })).toBe('accepted');
    expect(await outcome(token, generateKeyPairSync('ed448').publicKey, { ...BASE, algorithms: ['EdDSA'] })).toBeInstanceOf(AlgKeyMismatch);
  });

  it('ordinary HMAC secrets are never taken for key material (random bytes, DER-like bytes, text mentioning ssh-rsa or BEGIN)', async () => {
    const texts = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 96 }),
      fc.uint8Array({ minLength: 1, maxLength: 96 }).map((b) => Uint8Array.from([0x30, ...b])),
      fc.stringMatching(/^[0-9a-f]{32}$/).map((s) => new TextEncoder().encode(s)),
      fc.constantFrom('ssh-rsa is a key type', 'BEGIN PUBLIC KEY', '{"k":"not a jwk"}', 'MIIsecret', '-----not armour-----').map((s) => new TextEncoder().encode(s)),
    );
    await fc.assert(
      fc.asyncProperty(texts, async (key) => {
        expect(await outcome(hs(`{"exp":${NOW + 60}}`, key), key, BASE)).toBe('accepted');
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('a secret KeyObject is judged the same on every use (its verdict is cached), an ordinary one too', async () => {
    const pem = createPublicKey(createPrivateKey(FIXTURE_RSA_PRIVATE_PEM)).export({ type: 'spki', format: 'pem' }).toString();
    const confused = createSecretKey(Buffer.from(pem));
    const ordinary = createSecretKey(Buffer.from(SECRET));
    for (let i = 0; i < 3; i++) {
      expect(await outcome(hs(`{"exp":${NOW + 60}}`, pem), confused, BASE)).toBeInstanceOf(HmacKeyConfusion);
      expect(await outcome(VALID, ordinary, BASE)).toBe('accepted');
    }
  });

  it('a refused HMAC secret is never quoted: no 16 characters of any key-material secret appear in the message', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'vectors', 'verifier', 'strict.json'), 'utf8')) as { keys: Record<string, { kty: string; k?: string }> };
    let checked = 0;
    for (const [name, jwk] of Object.entries(doc.keys)) {
      if (jwk.kty !== 'oct' || name === 'hmac') continue;
      const bytes = Buffer.from(jwk.k!, 'base64url');
      const e = await outcome(hs(`{"exp":${NOW + 60}}`, bytes), new Uint8Array(bytes), BASE);
      expect(e, name).toBeInstanceOf(HmacKeyConfusion);
      const message = (e as Error).message;
      const text = bytes.toString('latin1');
      for (let i = 0; i + 16 <= text.length; i++) expect(message.includes(text.slice(i, i + 16)), `${name} at ${i}`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});

describe('NumericDates are judged on their JSON text', () => {
  // One value, written several ways JSON allows.
  const spellings = (n: bigint): string[] => [`${n}`, `${n}.000`, `${n}0e-1`, `${n}e0`, `0.${n}e${n.toString().length}`, `${n * 1000n}E-3`];
  const verdict = async (claim: string, text: string): Promise<string> => {
    const payload = `{"iat":${NOW},"nbf":${NOW},"exp":${NOW + 60}}`.replace(new RegExp(`"${claim}":[0-9]+`), `"${claim}":${text}`);
    const e = await outcome(hs(payload), secret, BASE);
    return e === 'accepted' ? e : (e as StrictVerificationError).code;
  };

  it('exp past 2^53 - 1 is ERR_STRICT_NUMERIC_DATE, in (10^10, 2^53 - 1] ERR_STRICT_MILLISECONDS, and ahead of now up to 10^10 accepted, however it is written', async () => {
    const max = BigInt(MAX_NUMERIC_DATE);
    const exps = fc.oneof(fc.bigInt({ min: max + 1n, max: 10n ** 40n }), fc.bigInt({ min: 10n ** 10n + 1n, max }), fc.bigInt({ min: BigInt(NOW + 1), max: 10n ** 10n }), fc.constantFrom(max, max + 1n, 10n ** 10n, 10n ** 10n + 1n));
    await fc.assert(
      fc.asyncProperty(exps, async (n) => {
        const want = n > max ? new NumericDateInvalid('x').code : n > 10n ** 10n ? new MillisecondTimestamp('x').code : 'accepted';
        for (const text of spellings(n)) expect(await verdict('exp', text), text).toBe(want);
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('a negative date is refused whatever its claim and however small, and -0 is zero', async () => {
    for (const claim of ['exp', 'nbf', 'iat']) {
      for (const text of ['-1', '-3600', '-1.5', '-1e-400', '-0.0000001', '-1e309']) expect(await verdict(claim, text), `${claim} ${text}`).toBe('ERR_STRICT_NUMERIC_DATE');
    }
    for (const text of ['-0', '-0.0', '-0e5']) expect(await verdict('iat', text), text).toBe('accepted');
  });

  it('text too large for a double is refused in every claim, however it is spelt', async () => {
    for (const claim of ['exp', 'nbf', 'iat']) {
      for (const text of [
        '1e309',
        '1E309',
        '1e+309',
        '1e400',
        '1.8e308',
        '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792',
        '0.1e310',
        '1e99999999999999999999',
      ]) {
        expect(await verdict(claim, text), `${claim} ${text.slice(0, 20)}`).toBe('ERR_STRICT_NUMERIC_DATE');
      }
    }
    // The largest double is finite, and still past the bound.
    expect(await verdict('exp', '1.7976931348623157e308')).toBe('ERR_STRICT_NUMERIC_DATE');
  });
});
