/**
 * Build vectors/verifier/strict.json: Wycheproof-style vectors for the strict verifier
 * (conformance/verifier/), deterministically: fixed keys, a fixed clock, and PS256 signed with a
 * fixed salt (RFC 8017 EMSA-PSS over raw RSA) so that the file regenerates byte for byte.
 *
 *   npx tsx scripts/gen-verifier-vectors.ts [--check]   (npm run vectors:regen and vectors:check cover it too)
 *
 * Each vector names its flags (vectors/flags.json says what each means, whether jose alone rejects
 * it, and the verifier's error code) and its result: valid, invalid, or acceptable.
 */
import { constants, createHash, createHmac, createPrivateKey, createPublicKey, privateEncrypt, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { mintCase } from '../../../reference/cases.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { parseLossless } from '../../../reference/json/parse.ts';
import { DEFAULT_PROFILE, LIBRARIES, libraryOf, type Library, type ProfileName } from '../../libraries/index.ts';
import { FIXTURE_RSA_OTHER_PRIVATE_PEM, FIXTURE_RSA_PRIVATE_PEM } from '../../differential/generators/fixture-keys.ts';

export const VECTOR_FILE = join(PACKAGE_ROOT, 'vectors', 'verifier', 'strict.json');

/** The verification clock of every vector, in seconds. */
export const NOW = 1700000000;
const HMAC_SECRET = 'verifier-hmac-secret-0123456789abcdef';
const OTHER_SECRET = 'another-hmac-secret-0123456789abcdef';
const RSA = createPrivateKey(FIXTURE_RSA_PRIVATE_PEM);
const RSA_PUBLIC = createPublicKey(RSA);
const RSA_OTHER = createPrivateKey(FIXTURE_RSA_OTHER_PRIVATE_PEM);

/**
 * A self-signed X.509 certificate of the RSA fixture key (made once with openssl req -x509
 * -set_serial 1 and kept as text, since node:crypto cannot issue certificates).
 */
const RSA_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIIDNDCCAhygAwIBAgIBATANBgkqhkiG9w0BAQsFADAyMTAwLgYDVQQDDCd0d2ls
aW8tand0LWNvbmZvcm1hbmNlIHZlcmlmaWVyIGZpeHR1cmUwIBcNMjYxMjAzMTky
NTU2WhgPMjEyNjExMDkxOTI1NTZaMDIxMDAuBgNVBAMMJ3R3aWxpby1qd3QtY29u
Zm9ybWFuY2UgdmVyaWZpZXIgZml4dHVyZTCCASIwDQYJKoZIhvcNAQEBBQADggEP
ADCCAQoCggEBAL0vlD+mCSxHdBKL8iOJvlJ3JMj0vykGsDxwS1lv2YjgSHfZOA/q
g1EgzXZpFoceU+bSa0o3Ndlsf9t/MBbJfbuniqC9wx3NJhLNzwu/FarTDAS7fXez
HyufzNyKLZ49cv8RQzuCIja3nE/FVEy/kJOcFkayGE3e01s8zgY9j5s2oVbUjaB1
7gqk0IsFXNKa9oKp+6vDpXKzgKSy4QtT/GSZuDhA0uBSMMfSmBvzD4HtbdiDW9k4
jaI0iWJogRPf71LFp7QRZGlilkPsmBPwaMyZ2pDtmdD9V/RvuU5LIg5IfDJ5EIIS
R3+nD1ARyJqZcFG1xYgrdQlVdQQ41G4mSiUCAwEAAaNTMFEwHQYDVR0OBBYEFFvi
42Gp1Pnr/ICGTCEjtOz+16oAMB8GA1UdIwQYMBaAFFvi42Gp1Pnr/ICGTCEjtOz+
16oAMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAATHrrCSTNf0
s3wPUFoIQJo20QKgWjXQhCT+PgEcZ2v+6Y5W6aA6dF2lQJgTp9Ma/MNgqKsPPjbp
BrIJW7Ug5G9NXGL6MiWPnFjN/x8LHOzhWZTKcn/sYPGEvmOWvdD96MXr8Vqy8pGR
sT57AyKI5LdddNiOS3i32VlCB6RTqcgsZwvbtOnKWaaoFnExqy7GwrX3iU4b7Dyt
Y+Sn7xGw0Jm7pL9ZmNs2pI6GZRjyQ24jRtXMXxMsyXJSSYfv/ch5lhmp5jO3C95C
nUaID/vk6RTVcefG+vugHzzD1HL7WZxOEkffR/FRnYPSQVmoAbY2+BF/lAQo3UdR
zwgtKRaP4Lk=
-----END CERTIFICATE-----
`;

/** The RSA fixture public key as an OpenSSH wire blob (RFC 4253 6.6: string type, mpint e, mpint n). */
function opensshRsaBlob(): Buffer {
  const jwk = RSA_PUBLIC.export({ format: 'jwk' });
  const field = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  // An mpint with its top bit set gets a zero byte in front (two's complement, positive).
  const mpint = (b64u: string): Buffer => {
    const b = Buffer.from(b64u, 'base64url');
    return field(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  };
  return Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]);
}

/**
 * HMAC secrets that are really public key material, each as the bytes a careless caller would
 * pass (the text of a PEM file, an authorized_keys line, a JWK...): the key names of the file.
 */
function keyMaterialSecrets(): Record<string, Buffer> {
  const spki = RSA_PUBLIC.export({ type: 'spki', format: 'pem' }).toString();
  const blob = opensshRsaBlob().toString('base64');
  const jwk = RSA_PUBLIC.export({ format: 'jwk' });
  return {
    'hmac-spki-pem': Buffer.from(spki),
    'hmac-spki-pem-crlf': Buffer.from(`  ${spki.replace(/\n/g, '\r\n')}`),
    'hmac-pkcs1-pem': Buffer.from(RSA_PUBLIC.export({ type: 'pkcs1', format: 'pem' }).toString()),
    'hmac-private-pem': Buffer.from(FIXTURE_RSA_PRIVATE_PEM),
    'hmac-rsa-private-pem': Buffer.from(RSA.export({ type: 'pkcs1', format: 'pem' }).toString()),
    'hmac-certificate-pem': Buffer.from(RSA_CERTIFICATE_PEM),
    'hmac-ssh-rsa': Buffer.from(`ssh-rsa ${blob} verifier@twilio-jwt-conformance\n`),
    'hmac-ssh2-public-key': Buffer.from(`---- BEGIN SSH2 PUBLIC KEY ----\nComment: "verifier fixture"\n${blob.replace(/(.{70})/g, '$1\n')}\n---- END SSH2 PUBLIC KEY ----\n`),
    'hmac-jwk-json': Buffer.from(JSON.stringify(jwk)),
    'hmac-jwk-set-json': Buffer.from(JSON.stringify({ keys: [{ ...jwk, kid: 'fixture', use: 'sig' }] })),
    'hmac-spki-der': RSA_PUBLIC.export({ type: 'spki', format: 'der' }),
    'hmac-spki-base64': Buffer.from(RSA_PUBLIC.export({ type: 'spki', format: 'der' }).toString('base64')),
  };
}
const KEY_MATERIAL_SECRETS = keyMaterialSecrets();

/** The names of the file's verification keys. */
type KeyName = 'hmac' | 'rsa' | 'rsa-private' | keyof typeof KEY_MATERIAL_SECRETS;

/** Verification options a vector may set; the file's defaults fill the rest. */
interface Options {
  algorithms?: string[];
  currentDate?: number;
  clockTolerance?: number;
  maxTokenLength?: number;
  requiredCty?: boolean | string[];
  requiredClaims?: string[];
}

interface Test {
  tcId: number;
  id: string;
  comment: string;
  flags: string[];
  token: string;
  key: KeyName;
  options?: Options;
  result: 'valid' | 'invalid' | 'acceptable';
}

const DEFAULTS: Required<Omit<Options, 'currentDate'>> & { currentDate: number } = {
  algorithms: ['HS256', 'HS384', 'HS512', 'RS256', 'PS256'],
  currentDate: NOW,
  clockTolerance: 0,
  maxTokenLength: 8192,
  requiredCty: false,
  requiredClaims: ['exp'],
};

// ---------------------------------------------------------------------------------------------
// Building tokens from exact texts and bytes

const b64 = (x: string | Uint8Array): string => Buffer.from(x).toString('base64url');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function hmac(alg: string, secret: string | Uint8Array, input: string): string {
  return createHmac(`sha${alg.slice(2)}`, secret).update(input, 'latin1').digest('base64url');
}

/** MGF1 (RFC 8017 B.2.1) over SHA-256. */
function mgf1(seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; Buffer.concat(out).length < length; i++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(i);
    out.push(createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

/** RSASSA-PSS (SHA-256, MGF1-SHA256, 32-byte salt) with a salt derived from the input: reproducible. */
function psSign(key: KeyObject, input: string): string {
  const modBits = key.asymmetricKeyDetails!.modulusLength!;
  const emLen = Math.ceil((modBits - 1) / 8);
  const mHash = createHash('sha256').update(input, 'latin1').digest();
  const salt = createHash('sha256').update('verifier-vector-salt').update(input, 'latin1').digest();
  const h = createHash('sha256').update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - salt.length - h.length - 2), Buffer.from([1]), salt]);
  const masked = Buffer.from(db.map((b, i) => b ^ mgf1(h, db.length)[i]));
  masked[0] &= 0xff >> (8 * emLen - (modBits - 1));
  const em = Buffer.concat([masked, h, Buffer.from([0xbc])]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em).toString('base64url');
}

function sign(alg: string, input: string, key: 'hmac' | 'rsa' | 'other' | Uint8Array = 'hmac'): string {
  if (alg.startsWith('HS')) return hmac(alg, key === 'other' ? OTHER_SECRET : key instanceof Uint8Array ? key : HMAC_SECRET, input);
  const rsa = key === 'other' ? RSA_OTHER : RSA;
  if (alg === 'PS256') return psSign(rsa, input);
  return cryptoSign(`sha${alg.slice(2)}`, Buffer.from(input, 'latin1'), rsa).toString('base64url');
}

/** A token from exact header and payload texts (or bytes), signed over the segments as written. */
function token(header: string | Uint8Array, payload: string | Uint8Array, alg = 'HS256', key: 'hmac' | 'rsa' | 'other' | Uint8Array = 'hmac'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(alg, input, key)}`;
}

/** A token whose header and payload segments are given as base64url texts (possibly odd ones). */
function tokenFromSegments(h: string, p: string, alg = 'HS256', key: 'hmac' | 'rsa' = 'hmac'): string {
  return `${h}.${p}.${sign(alg, `${h}.${p}`, key)}`;
}

const J = (o: unknown): string => JSON.stringify(o);
const CLAIMS = { iss: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', sub: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', iat: NOW, nbf: NOW, exp: NOW + 3600 };
const PAYLOAD = J(CLAIMS);
const claims = (extra: Record<string, unknown>): string => J({ ...CLAIMS, ...extra });
const HS = J({ alg: 'HS256', typ: 'JWT' });
const header = (alg: string, extra: Record<string, unknown> = {}): string => J({ alg, typ: 'JWT', ...extra });

/** The same bytes written with non-zero unused bits in the last character (if it has any). */
function nonCanonical(segment: string, variant = 1): string | undefined {
  const spare = (segment.length * 6) % 8;
  if (spare === 0) return undefined;
  const last = ALPHABET.indexOf(segment.at(-1)!);
  const bits = (1 << spare) - 1;
  const changed = (last & ~bits) | (variant % (bits + 1) || 1);
  return segment.slice(0, -1) + ALPHABET[changed];
}

/** Replace the signature's byte at `i` (from the end if negative) with its bits flipped. */
function flipSignatureByte(t: string, i: number): string {
  const [h, p, s] = t.split('.');
  const sig = Buffer.from(s, 'base64url');
  const at = i < 0 ? sig.length + i : i;
  sig[at] ^= 0x01;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

const withSignature = (t: string, sig: string): string => `${t.slice(0, t.lastIndexOf('.'))}.${sig}`;
const sigOf = (t: string): string => t.slice(t.lastIndexOf('.') + 1);

// ---------------------------------------------------------------------------------------------
// Tokens minted by the reference, as each library would

function referenceToken(profile: ProfileName, family: string, input: string, nowMs = NOW * 1000): string {
  const r = mintCase(family, parseLossless(input), libraryOf(profile).profile, nowMs);
  if ('decoded' in r) throw new Error('expected a token');
  return r.token;
}

const accessTokenInput = J({
  accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', keySid: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', secret: HMAC_SECRET, identity: 'alice',
  grants: [{ type: 'voice', options: { outgoingApplicationSid: 'APxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', incomingAllow: true } }, { type: 'chat', options: { serviceSid: 'ISxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' } }],
});
const validationInput = (extra: Record<string, unknown>): string => J({
  accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', credentialSid: 'CRcccccccccccccccccccccccccccccccc', signingKey: 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  privateKeyPem: FIXTURE_RSA_PRIVATE_PEM, ...extra,
});
const REQUEST = { method: 'POST', url: 'https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages.json', headers: { Authorization: 'Basic QUM6dG9rZW4=' }, data: 'To=%2B15005550006&Body=Hi' };

// ---------------------------------------------------------------------------------------------
// The vectors

export function buildTests(): Test[] {
  const tests: Omit<Test, 'tcId'>[] = [];
  const add = (id: string, comment: string, flags: string[], tok: string, result: Test['result'], extra: { key?: KeyName; options?: Options } = {}): void => {
    tests.push({ id: `verifier/${id}`, comment, flags, token: tok, key: extra.key ?? 'hmac', ...(extra.options ? { options: extra.options } : {}), result });
  };
  const twilioCty = { requiredCty: true };

  // valid: what the reference mints for each library, and hand-built tokens at the edges.
  for (const lib of LIBRARIES) {
    const profile = lib.profile.name;
    const t = referenceToken(profile, 'access_token', accessTokenInput);
    add(`valid/access-token-${profile}`, `AccessToken as ${lib.profile.library.name} mints it (HS256, cty twilio-fpa;v=1)`, ['reference-token'], t, 'valid');
    add(`valid/access-token-${profile}-cty-required`, `AccessToken as ${lib.profile.library.name} mints it, with a Twilio cty required`, ['reference-token'], t, 'valid', { options: twilioCty });
  }
  // ValidationTokens in both request styles: one from a request object (which can choose PS256),
  // one from an HTTP client's request; each from the first library of that style.
  const styled = (style: string): Library => LIBRARIES.find((l) => l.dialect.validationToken?.style === style)!;
  const [objectStyle, clientStyle] = [styled('request-object'), styled('http-client')];
  const [objectLib, clientLib] = [objectStyle.profile.library.name, clientStyle.profile.library.name];
  const objectVt = referenceToken(objectStyle.profile.name, 'validation_token', validationInput({ request: REQUEST }));
  add(`valid/validation-token-${objectStyle.profile.name}-rs256`, `ValidationToken as ${objectLib} mints it (RS256, kid before cty)`, ['reference-token'], objectVt, 'valid', { key: 'rsa', options: twilioCty });
  const clientVt = referenceToken(clientStyle.profile.name, 'validation_token', validationInput({ mode: 'client', request: { ...REQUEST, data: { To: '+15005550006', Body: 'Hi' } } }));
  add(`valid/validation-token-${clientStyle.profile.name}-rs256`, `ClientValidationJwt as ${clientLib} mints it (RS256, nbf, sorted header)`, ['reference-token'], clientVt, 'valid', { key: 'rsa', options: twilioCty });
  const ps = referenceToken(objectStyle.profile.name, 'validation_token', validationInput({ algorithm: 'PS256', request: REQUEST }));
  const psInput = ps.slice(0, ps.lastIndexOf('.'));
  const psToken = `${psInput}.${psSign(RSA, psInput)}`;
  add(`valid/validation-token-${objectStyle.profile.name}-ps256`, `ValidationToken with PS256 as ${objectLib} mints it (deterministic salt here)`, ['reference-token'], psToken, 'valid', { key: 'rsa', options: twilioCty });
  const byDefault = libraryOf(DEFAULT_PROFILE);
  const cap = referenceToken(DEFAULT_PROFILE, 'client_capability', J({ accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', authToken: HMAC_SECRET, scopes: [{ type: 'incoming', clientName: 'alice' }] }));
  add(`valid/client-capability-${DEFAULT_PROFILE}`, `ClientCapability as ${byDefault.profile.library.name} mints it (no cty, no nbf)`, ['reference-token'], cap, 'valid');
  for (const alg of ['HS384', 'HS512']) add(`valid/${alg.toLowerCase()}`, `A plain ${alg} token`, [], token(header(alg), PAYLOAD, alg), 'valid');
  add('valid/rs256-hand-built', 'A plain RS256 token', [], token(header('RS256'), PAYLOAD, 'RS256', 'rsa'), 'valid', { key: 'rsa' });
  add(`valid/validation-token-${objectStyle.profile.name}-private-key`, `ValidationToken as ${objectLib} mints it, verified with the RSA private key (its public half)`, ['reference-token'], objectVt, 'valid', { key: 'rsa-private', options: twilioCty });
  add('valid/ps256-private-key', 'A plain PS256 token verified with the RSA private key (its public half)', [], token(header('PS256'), PAYLOAD, 'PS256', 'rsa'), 'valid', { key: 'rsa-private' });
  add('valid/ps256-hand-built', 'A plain PS256 token', [], token(header('PS256'), PAYLOAD, 'PS256', 'rsa'), 'valid', { key: 'rsa' });
  add('valid/exp-now-plus-1', 'exp one second after now: still valid', ['time-boundary'], token(HS, claims({ exp: NOW + 1 })), 'valid');
  add('valid/nbf-now', 'nbf equal to now: valid', ['time-boundary'], token(HS, claims({ nbf: NOW })), 'valid');
  add('valid/nbf-within-leeway', 'nbf 60 s ahead with a 60 s leeway: valid', ['time-boundary'], token(HS, claims({ nbf: NOW + 60 })), 'valid', { options: { clockTolerance: 60 } });
  add('valid/exp-within-leeway', 'exp 59 s ago with a 60 s leeway: valid', ['time-boundary'], token(HS, claims({ exp: NOW - 59, iat: NOW - 3659, nbf: NOW - 3659 })), 'valid', { options: { clockTolerance: 60 } });
  add('valid/iat-equals-exp', 'iat equal to exp (a zero ttl), exp in the future', ['time-boundary'], token(HS, claims({ iat: NOW + 10, exp: NOW + 10 })), 'valid');
  const atLimit = token(HS, PAYLOAD);
  add('valid/size-at-bound', 'A token exactly as long as maxTokenLength', ['size-boundary'], atLimit, 'valid', { options: { maxTokenLength: atLimit.length } });
  add('valid/no-nbf-no-iat', 'Only exp among the time claims', [], token(HS, J({ iss: CLAIMS.iss, exp: NOW + 60 })), 'valid');
  add('valid/unicode-payload', 'Non-ASCII identity and grants (raw UTF-8 as node writes them)', [], token(HS, claims({ grants: { identity: 'caf\u00e9 \u65e5\u672c \ud83c\udf89' } })), 'valid');
  add('valid/escaped-unicode-payload', 'Non-ASCII written as \\u escapes (as python writes them)', [], token(HS, PAYLOAD.replace('}', ',"grants":{"identity":"caf\\u00e9 \\ud83c\\udf89"}}')), 'valid');
  add('valid/json-whitespace', 'Header and payload JSON with insignificant whitespace', [], token('{ "alg" : "HS256" }\n', PAYLOAD.replace(/,/g, ', ')), 'valid');

  // acceptable: unusual but not wrong; the verifier accepts them, as its flags say.
  add('acceptable/float-exp', 'exp with a fraction (python with a float ttl): a NumericDate may be non-integer', ['non-integer-numeric-date'], token(HS, claims({ exp: NOW + 3600.5 })), 'acceptable');
  add('acceptable/float-nbf', 'nbf with a fraction just before now', ['non-integer-numeric-date'], token(HS, claims({ nbf: NOW - 0.5 })), 'acceptable');
  add('acceptable/no-typ', 'No typ header', ['unusual-header'], token(J({ alg: 'HS256' }), PAYLOAD), 'acceptable');
  add('acceptable/typ-lowercase', 'typ "jwt" in lower case', ['unusual-header'], token(J({ alg: 'HS256', typ: 'jwt' }), PAYLOAD), 'acceptable');
  add('acceptable/unknown-header', 'An unknown header parameter, not marked critical', ['unusual-header'], token(J({ alg: 'HS256', typ: 'JWT', x5u: 'https://example.invalid/k' }), PAYLOAD), 'acceptable');
  add('acceptable/b64-true', 'b64 true without crit (the default, RFC 7797)', ['unusual-header'], token(J({ alg: 'HS256', b64: true }), PAYLOAD), 'acceptable');
  add('acceptable/kid-number', 'A numeric kid', ['unusual-header'], token(J({ alg: 'HS256', kid: 1 }), PAYLOAD), 'acceptable');
  add('acceptable/iat-future', 'iat an hour ahead (clock skew at the issuer); exp later still', ['unusual-claim'], token(HS, claims({ iat: NOW + 3600, exp: NOW + 7200 })), 'acceptable');
  add('acceptable/aud', 'An aud claim the verifier is not asked about', ['unusual-claim'], token(HS, claims({ aud: 'https://example.invalid' })), 'acceptable');
  add('acceptable/big-integer', 'An integer claim beyond 2^53', ['unusual-claim'], token(HS, PAYLOAD.replace('}', ',"n":123456789012345678901234567890}')), 'acceptable');

  // alg none
  const noneHeader = (alg: string): string => b64(J({ alg, typ: 'JWT' }));
  add('alg-none/empty-signature', 'alg none with an empty signature', ['alg-none'], `${noneHeader('none')}.${b64(PAYLOAD)}.`, 'invalid');
  add('alg-none/kept-signature', 'alg none, the original HS256 signature kept', ['alg-none'], withSignature(`${noneHeader('none')}.${b64(PAYLOAD)}.x`, sigOf(token(HS, PAYLOAD))), 'invalid');
  add('alg-none/allowed-by-options', 'alg none while the options allow "none"', ['alg-none'], `${noneHeader('none')}.${b64(PAYLOAD)}.`, 'invalid', { options: { algorithms: ['none', 'HS256'] } });
  for (const spelling of ['None', 'NONE', 'nOnE']) add(`alg-none/${spelling}`, `alg "${spelling}" with an empty signature`, ['alg-none'], `${noneHeader(spelling)}.${b64(PAYLOAD)}.`, 'invalid');
  add('alg-none/rsa-key', 'alg none presented to an RSA verifier', ['alg-none'], `${noneHeader('none')}.${b64(PAYLOAD)}.`, 'invalid', { key: 'rsa' });
  add('alg-none/with-cty', 'alg none in a Twilio-shaped header (cty twilio-fpa;v=1)', ['alg-none'], `${b64(J({ alg: 'none', typ: 'JWT', cty: 'twilio-fpa;v=1' }))}.${b64(PAYLOAD)}.`, 'invalid');

  // algorithm confusion: HMAC keyed with the RSA public key, verified with that key.
  const spki = RSA_PUBLIC.export({ type: 'spki', format: 'pem' }).toString();
  const rsTokenForConfusion = (): string => token(header('RS256'), PAYLOAD, 'RS256', 'rsa');
  const pkcs1 = RSA_PUBLIC.export({ type: 'pkcs1', format: 'pem' }).toString();
  const der = RSA_PUBLIC.export({ type: 'spki', format: 'der' });
  const jwk = J(RSA_PUBLIC.export({ format: 'jwk' }));
  for (const [name, secret] of [['spki-pem', spki], ['pkcs1-pem', pkcs1], ['spki-pem-no-newline', spki.trimEnd()], ['jwk-json', jwk]] as const) {
    add(`alg-confusion/hs256-${name}`, `HS256 keyed with the RSA public key as ${name}, verified with that RSA key`, ['alg-confusion'], token(HS, PAYLOAD, 'HS256', Buffer.from(secret)), 'invalid', { key: 'rsa' });
  }
  add('alg-confusion/hs256-der', 'HS256 keyed with the DER bytes of the RSA public key', ['alg-confusion'], token(HS, PAYLOAD, 'HS256', der), 'invalid', { key: 'rsa' });
  for (const alg of ['HS384', 'HS512']) add(`alg-confusion/${alg.toLowerCase()}-spki`, `${alg} keyed with the RSA public key PEM`, ['alg-confusion'], token(header(alg), PAYLOAD, alg, Buffer.from(spki)), 'invalid', { key: 'rsa' });
  add('alg-confusion/validation-header', 'A ValidationToken header switched to HS256, keyed with the public key', ['alg-confusion'], token(J({ alg: 'HS256', typ: 'JWT', kid: 'CRcccccccccccccccccccccccccccccccc', cty: 'twilio-pkrv;v=1' }), PAYLOAD, 'HS256', Buffer.from(spki)), 'invalid', { key: 'rsa', options: twilioCty });
  add('alg-confusion/rs256-with-secret', 'An RS256 token presented to an HMAC verifier', ['alg-confusion'], token(header('RS256'), PAYLOAD, 'RS256', 'rsa'), 'invalid');
  add('alg-confusion/ps256-with-secret', 'A PS256 token presented to an HMAC verifier', ['alg-confusion'], token(header('PS256'), PAYLOAD, 'PS256', 'rsa'), 'invalid');
  add('alg-confusion/hs256-rsa-private-key', 'HS256 keyed with the public key PEM, verified with the RSA private key object', ['alg-confusion'], token(HS, PAYLOAD, 'HS256', Buffer.from(spki)), 'invalid', { key: 'rsa-private' });
  add('alg-confusion/rs256-with-pem-secret', 'An RS256 token verified with the public key PEM given as HMAC secret bytes', ['alg-confusion'], rsTokenForConfusion(), 'invalid', { key: 'hmac-spki-pem' });

  // HMAC key confusion through the secret: the secret IS the public key material (its text or
  // bytes), so anyone can sign HS256 with it. jose takes any bytes as a secret.
  const materialComments: Record<string, string> = {
    'hmac-spki-pem': 'the RSA public key PEM (SubjectPublicKeyInfo)',
    'hmac-spki-pem-crlf': 'the RSA public key PEM with CRLF line ends and leading spaces',
    'hmac-pkcs1-pem': 'the RSA public key PEM (PKCS#1, BEGIN RSA PUBLIC KEY)',
    'hmac-private-pem': 'the RSA private key PEM (PKCS#8)',
    'hmac-rsa-private-pem': 'the RSA private key PEM (PKCS#1, BEGIN RSA PRIVATE KEY)',
    'hmac-certificate-pem': 'a PEM X.509 certificate of the RSA key',
    'hmac-ssh-rsa': 'an OpenSSH public key line (ssh-rsa AAAA...)',
    'hmac-ssh2-public-key': 'an RFC 4716 SSH2 public key',
    'hmac-jwk-json': 'the JSON text of the RSA public JWK',
    'hmac-jwk-set-json': 'the JSON text of a JWK set holding the RSA public key',
    'hmac-spki-der': 'the DER bytes of the RSA public key',
    'hmac-spki-base64': 'the base64 DER of the RSA public key, without PEM armour',
  };
  for (const [name, bytes] of Object.entries(KEY_MATERIAL_SECRETS)) {
    const what = materialComments[name];
    add(`hmac-key-confusion/${name.slice('hmac-'.length)}`, `HS256 signed with ${what} as the HMAC secret, verified with those bytes`, ['hmac-key-confusion'], token(HS, PAYLOAD, 'HS256', bytes), 'invalid', { key: name as KeyName });
  }
  add('hmac-key-confusion/spki-pem-rs256-hs256-allowed', 'The probe: the public key PEM as HMAC secret, RS256 and HS256 allowed', ['hmac-key-confusion'], token(HS, PAYLOAD, 'HS256', KEY_MATERIAL_SECRETS['hmac-spki-pem']), 'invalid', { key: 'hmac-spki-pem', options: { algorithms: ['RS256', 'HS256'] } });
  add('hmac-key-confusion/spki-pem-hs256-only', 'The public key PEM as HMAC secret where only HS256 is allowed', ['hmac-key-confusion'], token(HS, PAYLOAD, 'HS256', KEY_MATERIAL_SECRETS['hmac-spki-pem']), 'invalid', { key: 'hmac-spki-pem', options: { algorithms: ['HS256'] } });
  add('hmac-key-confusion/certificate-hs512', 'HS512 signed with the PEM certificate as the HMAC secret', ['hmac-key-confusion'], token(header('HS512'), PAYLOAD, 'HS512', KEY_MATERIAL_SECRETS['hmac-certificate-pem']), 'invalid', { key: 'hmac-certificate-pem' });

  // alg not allowed
  add('alg-not-allowed/hs512-only-hs256', 'HS512 when only HS256 is allowed', ['alg-not-allowed'], token(header('HS512'), PAYLOAD, 'HS512'), 'invalid', { options: { algorithms: ['HS256'] } });
  add('alg-not-allowed/rs512-only-rs256', 'RS512 when only RS256 is allowed', ['alg-not-allowed'], token(header('RS512'), PAYLOAD, 'RS512', 'rsa'), 'invalid', { key: 'rsa', options: { algorithms: ['RS256'] } });
  add('alg-not-allowed/ps256-only-rs256', 'PS256 when only RS256 is allowed', ['alg-not-allowed'], token(header('PS256'), PAYLOAD, 'PS256', 'rsa'), 'invalid', { key: 'rsa', options: { algorithms: ['RS256'] } });
  for (const [name, alg] of [['missing', undefined], ['null', null], ['number', 256], ['array', ['HS256']], ['lowercase', 'hs256'], ['trailing-space', 'HS256 '], ['empty', ''], ['unknown', 'HS1024']] as const) {
    add(`alg-not-allowed/alg-${name}`, `alg ${name === 'missing' ? 'absent' : JSON.stringify(alg)}`, ['alg-not-allowed'], token(J(alg === undefined ? { typ: 'JWT' } : { alg, typ: 'JWT' }), PAYLOAD), 'invalid');
  }

  // modified, truncated, stripped signatures
  const hsToken = token(HS, PAYLOAD);
  const rsToken = token(header('RS256'), PAYLOAD, 'RS256', 'rsa');
  const psTok = token(header('PS256'), PAYLOAD, 'PS256', 'rsa');
  for (const [name, t, key] of [['hs256', hsToken, 'hmac'], ['rs256', rsToken, 'rsa'], ['ps256', psTok, 'rsa']] as const) {
    for (const [where, i] of [['first', 0], ['middle', 16], ['last', -1]] as const) {
      add(`modified-signature/${name}-${where}-byte`, `${name.toUpperCase()} signature with one bit of its ${where} byte flipped`, ['modified-signature'], flipSignatureByte(t, i), 'invalid', { key });
    }
    add(`modified-signature/${name}-zeros`, `${name.toUpperCase()} signature replaced by zero bytes of the same length`, ['modified-signature'], withSignature(t, Buffer.alloc(Buffer.from(sigOf(t), 'base64url').length).toString('base64url')), 'invalid', { key });
  }
  add('modified-signature/hs256-wrong-key', 'HS256 signed with another secret', ['modified-signature'], token(HS, PAYLOAD, 'HS256', 'other'), 'invalid');
  add('modified-signature/rs256-wrong-key', 'RS256 signed with another RSA key', ['modified-signature'], token(header('RS256'), PAYLOAD, 'RS256', 'other'), 'invalid', { key: 'rsa' });
  add('modified-signature/ps256-wrong-key', 'PS256 signed with another RSA key', ['modified-signature'], token(header('PS256'), PAYLOAD, 'PS256', 'other'), 'invalid', { key: 'rsa' });
  add('modified-signature/other-payload', 'A valid signature of another payload', ['modified-signature'], withSignature(token(HS, claims({ sub: 'ACbbbb' })), sigOf(hsToken)), 'invalid');
  add('modified-signature/payload-changed', 'The payload changed after signing (exp extended)', ['modified-signature'], `${b64(HS)}.${b64(claims({ exp: NOW + 86400 }))}.${sigOf(hsToken)}`, 'invalid');
  add('modified-signature/header-changed', 'The header changed after signing (typ removed)', ['modified-signature'], `${b64(J({ alg: 'HS256' }))}.${b64(PAYLOAD)}.${sigOf(hsToken)}`, 'invalid');
  add('modified-signature/ps-header-rs-signature', 'alg PS256 over an RS256 signature', ['modified-signature'], withSignature(token(header('PS256'), PAYLOAD, 'PS256', 'rsa'), sigOf(token(header('PS256'), PAYLOAD, 'RS256', 'rsa'))), 'invalid', { key: 'rsa' });
  add('modified-signature/rs-header-ps-signature', 'alg RS256 over a PS256 signature', ['modified-signature'], withSignature(rsToken, sigOf(token(header('RS256'), PAYLOAD, 'PS256', 'rsa'))), 'invalid', { key: 'rsa' });
  add('modified-signature/hs256-header-hs512-signature', 'alg HS256 over an HS512 signature', ['modified-signature'], withSignature(hsToken, sigOf(token(HS, PAYLOAD, 'HS512'))), 'invalid');
  add('modified-signature/hs512-header-hs256-signature', 'alg HS512 over an HS256 signature', ['modified-signature'], withSignature(token(header('HS512'), PAYLOAD, 'HS512'), sigOf(token(header('HS512'), PAYLOAD, 'HS256'))), 'invalid');
  add('modified-signature/rs256-appended-byte', 'RS256 signature with an extra byte appended', ['modified-signature'], withSignature(rsToken, Buffer.concat([Buffer.from(sigOf(rsToken), 'base64url'), Buffer.from([0])]).toString('base64url')), 'invalid', { key: 'rsa' });
  add('modified-signature/hs256-appended-bytes', 'HS256 signature with two bytes appended', ['modified-signature'], withSignature(hsToken, Buffer.concat([Buffer.from(sigOf(hsToken), 'base64url'), Buffer.from([0, 0])]).toString('base64url')), 'invalid');

  for (const [name, t, key] of [['hs256', hsToken, 'hmac'], ['rs256', rsToken, 'rsa']] as const) {
    const sig = Buffer.from(sigOf(t), 'base64url');
    add(`truncated-signature/${name}-one-byte`, `${name.toUpperCase()} signature one byte short`, ['truncated-signature'], withSignature(t, sig.subarray(0, -1).toString('base64url')), 'invalid', { key });
    add(`truncated-signature/${name}-half`, `${name.toUpperCase()} signature cut to half its bytes`, ['truncated-signature'], withSignature(t, sig.subarray(0, sig.length / 2).toString('base64url')), 'invalid', { key });
    add(`truncated-signature/${name}-one-byte-left`, `${name.toUpperCase()} signature cut to its first byte`, ['truncated-signature'], withSignature(t, sig.subarray(0, 1).toString('base64url')), 'invalid', { key });
  }
  add('truncated-signature/hs256-one-char-of-five', 'HS256 signature text cut to a length no base64url has (4n+1)', ['truncated-signature', 'invalid-base64url'], withSignature(hsToken, sigOf(hsToken).slice(0, 41)), 'invalid');
  add('truncated-signature/ps256-one-byte', 'PS256 signature one byte short', ['truncated-signature'], withSignature(psTok, Buffer.from(sigOf(psTok), 'base64url').subarray(0, -1).toString('base64url')), 'invalid', { key: 'rsa' });

  add('stripped-signature/hs256', 'HS256 header with the signature stripped', ['stripped-signature'], `${hsToken.slice(0, hsToken.lastIndexOf('.'))}.`, 'invalid');
  add('stripped-signature/rs256', 'RS256 header with the signature stripped', ['stripped-signature'], `${rsToken.slice(0, rsToken.lastIndexOf('.'))}.`, 'invalid', { key: 'rsa' });
  add('stripped-signature/validation-token', `A ${objectLib} ValidationToken with its signature stripped`, ['stripped-signature'], `${objectVt.slice(0, objectVt.lastIndexOf('.'))}.`, 'invalid', { key: 'rsa' });

  // non-canonical base64url: other texts for the same bytes
  for (const [name, t, key] of [['hs256', hsToken, 'hmac'], ['hs512', token(header('HS512'), PAYLOAD, 'HS512'), 'hmac'], ['rs256', rsToken, 'rsa'], ['ps256', psTok, 'rsa']] as const) {
    for (const variant of [1, 2, 3]) {
      const s = nonCanonical(sigOf(t), variant);
      if (s && s !== sigOf(t)) add(`non-canonical/${name}-signature-${variant}`, `${name.toUpperCase()} signature whose last character carries unused bits (variant ${variant})`, ['non-canonical-base64url'], withSignature(t, s), 'invalid', { key });
    }
  }
  for (const [i, text] of [J({ alg: 'HS256', typ: 'JWT' }), J({ alg: 'HS256' }), J({ typ: 'JWT', alg: 'HS256', kid: 'k1' })].entries()) {
    const h = nonCanonical(b64(text), i + 1);
    if (h) add(`non-canonical/header-${i + 1}`, `A header segment with non-zero unused bits, signed as written (${i + 1})`, ['non-canonical-base64url'], tokenFromSegments(h, b64(PAYLOAD)), 'invalid');
  }
  for (const [i, text] of [PAYLOAD, claims({ jti: 'a' }), claims({ jti: 'abc' })].entries()) {
    const p = nonCanonical(b64(text), i + 1);
    if (p) add(`non-canonical/payload-${i + 1}`, `A payload segment with non-zero unused bits, signed as written (${i + 1})`, ['non-canonical-base64url'], tokenFromSegments(b64(HS), p), 'invalid');
  }

  // invalid base64url
  const hb = b64(J({ alg: 'HS256', typ: 'JWT', x: 'a' }));
  const pb = b64(PAYLOAD);
  // base64url with the padding RFC 7515 drops: a JSON text whose length is no multiple of 3 gets "=" or "==".
  const padded = (make: (fill: string) => string): string => {
    const text = ['', 'a', 'aa'].map(make).find((t) => Buffer.byteLength(t) % 3 === 1)!;
    return Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  };
  const headerPadded = padded((fill) => J({ alg: 'HS256', x: fill }));
  add('base64url-padding/header', 'A header segment with its == padding, signed as written', ['base64url-padding'], tokenFromSegments(headerPadded, pb), 'invalid');
  add('base64url-padding/payload', 'A payload segment with its == padding, signed as written', ['base64url-padding'], tokenFromSegments(b64(HS), padded((fill) => claims({ x: fill }))), 'invalid');
  add('base64url-padding/signature', 'A signature with its = padding', ['base64url-padding'], `${hsToken}=`, 'invalid');
  add('invalid-base64url/header-wrong-padding', 'A header segment with one = where two are due, signed as written', ['invalid-base64url'], tokenFromSegments(headerPadded.slice(0, -1), pb), 'invalid');
  add('invalid-base64url/signature-excess-padding', 'A signature with two = where one is due', ['invalid-base64url'], `${hsToken}==`, 'invalid');
  const stdHeader = Buffer.from(J({ alg: 'HS256', x: '>>>???' })).toString('base64').replace(/=+$/, '');
  add('invalid-base64url/standard-alphabet-header', 'A header in the standard alphabet (+ and /), signed as written', ['invalid-base64url'], tokenFromSegments(stdHeader, pb), 'invalid');
  add('invalid-base64url/standard-alphabet-signature', 'A signature with a + from the standard alphabet', ['invalid-base64url'], withSignature(hsToken, `+${sigOf(hsToken).slice(1)}`), 'invalid');
  add('invalid-base64url/header-bang', 'A header segment with a ! inside, signed as written', ['invalid-base64url'], tokenFromSegments(`${hb.slice(0, 8)}!${hb.slice(8)}`, pb), 'invalid');
  add('invalid-base64url/header-non-ascii', 'A header segment with a non-ASCII character, signed as written', ['invalid-base64url'], tokenFromSegments(`${hb}\u00e9`, pb), 'invalid');
  add('invalid-base64url/header-length-4n-plus-1', 'A header segment one character longer than any encoding', ['invalid-base64url'], tokenFromSegments(`${b64(J({ alg: 'HS256', typ: 'JWT' }))}A`, pb), 'invalid');
  add('invalid-base64url/payload-star', 'A payload segment with a * inside, signed as written', ['invalid-base64url'], tokenFromSegments(b64(HS), `${pb.slice(0, 10)}*${pb.slice(10)}`), 'invalid');
  add('base64url-whitespace/header-space', 'A space inside the header segment, signed as written (atob skips it)', ['base64url-whitespace'], tokenFromSegments(`${hb.slice(0, 8)} ${hb.slice(8)}`, pb), 'invalid');
  add('base64url-whitespace/header-newline', 'A newline inside the header segment, signed as written', ['base64url-whitespace'], tokenFromSegments(`${hb.slice(0, 12)}\n${hb.slice(12)}`, pb), 'invalid');
  add('base64url-whitespace/payload-tab', 'A tab inside the payload segment, signed as written', ['base64url-whitespace'], tokenFromSegments(b64(HS), `${pb.slice(0, 12)}\t${pb.slice(12)}`), 'invalid');

  // malformed segments
  for (const [name, t] of [
    ['empty', ''],
    ['one-segment', b64(HS)],
    ['two-segments', `${b64(HS)}.${pb}`],
    ['four-segments', `${hsToken}.${sigOf(hsToken)}`],
    ['five-segments-jwe-shape', `${b64(J({ alg: 'dir', enc: 'A128GCM' }))}..${pb}.${pb}.${pb}`],
    ['dots-only', '..'],
    ['empty-header', `.${pb}.${sigOf(hsToken)}`],
    ['empty-payload', tokenFromSegments(b64(HS), '')],
    ['leading-dot', `.${hsToken}`],
    ['trailing-dot', `${hsToken}.`],
  ] as const) {
    add(`malformed/${name}`, `Malformed compact serialization: ${name.replace(/-/g, ' ')}`, ['malformed-segments'], t, 'invalid');
  }

  // not JSON, not an object, not UTF-8, BOM
  for (const [name, text] of [['garbage', 'not json'], ['open-brace', '{'], ['trailing-comma', '{"alg":"HS256",}'], ['single-quotes', "{'alg':'HS256'}"], ['trailing-garbage', '{"alg":"HS256"}x'], ['comment', '{"alg":"HS256"/*x*/}']] as const) {
    add(`not-json/header-${name}`, `Header that is not JSON: ${name.replace(/-/g, ' ')}`, ['not-json'], token(text, PAYLOAD), 'invalid');
  }
  for (const [name, text] of [['garbage', 'exp=1700003600'], ['truncated', PAYLOAD.slice(0, -1)], ['nan', '{"exp":NaN}'], ['hex-number', '{"exp":0x65}'], ['unquoted-key', '{exp:1700003600}'], ['two-objects', `${PAYLOAD}${PAYLOAD}`]] as const) {
    add(`not-json/payload-${name}`, `Payload that is not JSON: ${name.replace(/-/g, ' ')}`, ['not-json'], token(HS, text), 'invalid');
  }
  for (const [name, text] of [['array', '["HS256"]'], ['string', '"HS256"'], ['null', 'null'], ['number', '256']] as const) {
    add(`not-an-object/header-${name}`, `Header JSON that is a ${name}, not an object`, ['not-an-object'], token(text, PAYLOAD), 'invalid');
  }
  for (const [name, text] of [['array', `[${PAYLOAD}]`], ['string', J(PAYLOAD)], ['null', 'null'], ['true', 'true']] as const) {
    add(`not-an-object/payload-${name}`, `Payload JSON that is ${name === 'true' ? 'true' : `a ${name}`}, not an object`, ['not-an-object'], token(HS, text), 'invalid');
  }
  const bytes = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  add('invalid-utf8/header-ff', 'Header with byte 0xFF inside a string', ['invalid-utf8'], token(bytes('{"alg":"HS256","x":"', [0xff], '"}'), PAYLOAD), 'invalid');
  add('invalid-utf8/header-latin1-kid', 'Header with a latin1 kid (as jws writes a non-ASCII credential SID)', ['invalid-utf8'], token(bytes('{"alg":"HS256","kid":"CR', [0xe9], '"}'), PAYLOAD), 'invalid');
  add('invalid-utf8/payload-continuation', 'Payload with a lone continuation byte', ['invalid-utf8'], token(HS, bytes('{"exp":1700003600,"x":"', [0x80], '"}')), 'invalid');
  add('invalid-utf8/payload-overlong', 'Payload with an overlong encoding of /', ['invalid-utf8'], token(HS, bytes('{"exp":1700003600,"x":"', [0xc0, 0xaf], '"}')), 'invalid');
  add('invalid-utf8/payload-surrogate', 'Payload with an encoded surrogate (CESU-8)', ['invalid-utf8'], token(HS, bytes('{"exp":1700003600,"x":"', [0xed, 0xa0, 0x80], '"}')), 'invalid');
  add('invalid-utf8/payload-truncated-sequence', 'Payload ending inside a multi-byte sequence', ['invalid-utf8'], token(HS, bytes('{"exp":1700003600,"x":"', [0xe6, 0x97], '"}')), 'invalid');
  add('utf8-bom/header', 'Header with a UTF-8 byte order mark', ['utf8-bom'], token(bytes([0xef, 0xbb, 0xbf], HS), PAYLOAD), 'invalid');
  add('utf8-bom/payload', 'Payload with a UTF-8 byte order mark', ['utf8-bom'], token(HS, bytes([0xef, 0xbb, 0xbf], PAYLOAD)), 'invalid');

  // duplicate member names: JSON.parse keeps the last one silently
  add('duplicate-key/header-alg', 'Header naming alg twice (both HS256)', ['duplicate-key'], token('{"alg":"HS256","alg":"HS256"}', PAYLOAD), 'invalid');
  add('duplicate-key/header-alg-none-first', 'Header naming alg twice, none first and HS256 last', ['duplicate-key'], token('{"alg":"none","alg":"HS256"}', PAYLOAD), 'invalid');
  add('duplicate-key/header-cty', 'Header naming cty twice', ['duplicate-key'], token('{"alg":"HS256","cty":"x","cty":"twilio-fpa;v=1"}', PAYLOAD), 'invalid', { options: twilioCty });
  add('duplicate-key/payload-exp', 'Payload naming exp twice, the expired one first', ['duplicate-key'], token(HS, `{"exp":${NOW - 10},"exp":${NOW + 3600}}`), 'invalid');
  add('duplicate-key/payload-sub', 'Payload naming sub twice', ['duplicate-key'], token(HS, PAYLOAD.replace('"sub"', '"sub":"ACother","sub"')), 'invalid');
  add('duplicate-key/payload-iss', 'Payload naming iss twice', ['duplicate-key'], token(HS, PAYLOAD.replace('"iss"', '"iss":"SKother","iss"')), 'invalid');
  add('duplicate-key/nested-grants', 'A grant object naming identity twice', ['duplicate-key'], token(HS, PAYLOAD.replace('}', ',"grants":{"identity":"alice","identity":"mallory"}}')), 'invalid');
  add('duplicate-key/nested-array', 'An object inside an array naming a member twice', ['duplicate-key'], token(HS, PAYLOAD.replace('}', ',"x":[{"a":1,"a":2}]}')), 'invalid');

  // claim types
  for (const [name, claim, value] of [
    ['exp-string', 'exp', `"${NOW + 3600}"`], ['exp-null', 'exp', 'null'], ['exp-true', 'exp', 'true'], ['exp-array', 'exp', `[${NOW + 3600}]`],
    ['exp-object', 'exp', `{"t":${NOW + 3600}}`], ['nbf-string', 'nbf', `"${NOW}"`], ['iat-string', 'iat', `"${NOW}"`], ['iat-false', 'iat', 'false'],
  ] as const) {
    add(`claim-type/${name}`, `${claim} is ${value} (not a number)`, ['time-claim-type'], token(HS, PAYLOAD.replace(new RegExp(`"${claim}":[0-9]+`), `"${claim}":${value}`)), 'invalid');
  }
  for (const [name, claim, value] of [['iss-number', 'iss', '5'], ['iss-null', 'iss', 'null'], ['sub-object', 'sub', '{"sid":"AC"}'], ['sub-array', 'sub', '["AC"]'], ['iss-true', 'iss', 'true']] as const) {
    add(`claim-type/${name}`, `${claim} is ${value} (not a string)`, ['string-claim-type'], token(HS, PAYLOAD.replace(new RegExp(`"${claim}":"[^"]*"`), `"${claim}":${value}`)), 'invalid');
  }
  add('missing-claim/exp', 'No exp claim: the token never expires', ['missing-exp'], token(HS, J({ iss: CLAIMS.iss, sub: CLAIMS.sub, iat: NOW })), 'invalid');
  add('missing-claim/empty-payload', 'An empty claims set', ['missing-exp'], token(HS, '{}'), 'invalid');

  // Twilio user bugs: exp in milliseconds, iat after exp
  add('milliseconds/exp', 'exp in milliseconds (twilio-salesforce #18)', ['exp-milliseconds'], token(HS, claims({ exp: (NOW + 3600) * 1000 })), 'invalid');
  add('milliseconds/exp-now-ms', 'exp equal to now in milliseconds', ['exp-milliseconds'], token(HS, claims({ exp: NOW * 1000 })), 'invalid');
  add('milliseconds/exp-huge', 'exp of 10^15', ['exp-milliseconds'], token(HS, claims({ exp: 1e15 })), 'invalid');
  add('milliseconds/iat', 'iat in milliseconds, exp in seconds', ['iat-milliseconds'], token(HS, claims({ iat: NOW * 1000 })), 'invalid');
  add('milliseconds/all', 'Every time claim in milliseconds', ['exp-milliseconds', 'iat-milliseconds'], token(HS, J({ iss: CLAIMS.iss, iat: NOW * 1000, exp: (NOW + 3600) * 1000 })), 'invalid');
  add('iat-after-exp/by-one', 'iat one second after exp (exp still in the future)', ['iat-after-exp'], token(HS, claims({ iat: NOW + 61, exp: NOW + 60 })), 'invalid');
  add('iat-after-exp/by-an-hour', 'iat an hour after exp (a negative ttl)', ['iat-after-exp'], token(HS, claims({ iat: NOW + 7200, exp: NOW + 3600 })), 'invalid');
  add('iat-after-exp/nbf-too', 'iat and nbf after exp (twilio-video-react-hooks #71)', ['iat-after-exp'], token(HS, claims({ iat: NOW + 100, nbf: NOW - 1, exp: NOW + 50 })), 'invalid');

  // NumericDates no clock has, judged on their text: JSON.parse reads 1e309 as Infinity, which
  // jose and jsonwebtoken take for a number that never expires.
  const withTime = (claim: 'exp' | 'nbf' | 'iat', text: string): string => {
    const out = PAYLOAD.replace(new RegExp(`"${claim}":[0-9]+`), `"${claim}":${text}`);
    if (out === PAYLOAD) throw new Error(`no ${claim} in the payload`);
    return out;
  };
  for (const [name, claim, text, more] of [
    ['exp-1e309', 'exp', '1e309', []],
    ['exp-1e400', 'exp', '1e400', []],
    ['exp-1E-plus-309', 'exp', '1E+309', []],
    ['exp-1.8e308', 'exp', '1.8e308', []],
    ['exp-400-digits', 'exp', `1${'0'.repeat(400)}`, []],
    ['exp-minus-1e309', 'exp', '-1e309', ['expired']],
    ['nbf-1e309', 'nbf', '1e309', ['not-yet-valid']],
    ['nbf-minus-1e309', 'nbf', '-1e309', []],
    ['iat-1e309', 'iat', '1e309', []],
    ['iat-minus-1e309', 'iat', '-1e309', []],
  ] as const) {
    add(`numeric-date/${name}`, `${claim} ${text.length > 20 ? `${text.slice(0, 8)}... (${text.length} digits)` : text}: too large for a double, read as ${text.startsWith('-') ? '-' : ''}Infinity`, ['non-finite-numeric-date', ...more], token(HS, withTime(claim, text)), 'invalid');
  }
  for (const [name, claim, text, more, comment] of [
    ['exp-1.7e308', 'exp', '1.7e308', [], 'exp 1.7e308: a finite double, far past 2^53 - 1'],
    ['exp-2-pow-53', 'exp', '9007199254740992', [], 'exp 2^53: one past the largest NumericDate'],
    ['exp-max-safe-plus-fraction', 'exp', '9007199254740991.4', [], 'exp 2^53 - 1 + 0.4: past the bound on its text, 2^53 - 1 as a double'],
    ['exp-big-integer', 'exp', '123456789012345678901234567890', [], 'exp an integer of 30 digits'],
    ['iat-2-pow-53', 'iat', '9007199254740992', [], 'iat 2^53: past the largest NumericDate'],
    ['nbf-1e20', 'nbf', '1e20', ['not-yet-valid'], 'nbf 1e20: past the largest NumericDate'],
  ] as const) {
    add(`numeric-date/${name}`, comment, ['numeric-date-out-of-range', ...more], token(HS, withTime(claim, text)), 'invalid');
  }
  add('numeric-date/iat-negative', 'iat -1: issued before 1970', ['negative-numeric-date'], token(HS, withTime('iat', '-1')), 'invalid');
  add('numeric-date/nbf-negative', 'nbf -3600: valid since before 1970', ['negative-numeric-date'], token(HS, withTime('nbf', '-3600')), 'invalid');
  add('numeric-date/exp-negative-underflow', 'exp -1e-400: negative on its text, -0 as a double', ['negative-numeric-date', 'expired'], token(HS, withTime('exp', '-1e-400')), 'invalid');
  add('milliseconds/exp-max-safe-integer', 'exp 2^53 - 1: the largest NumericDate, and milliseconds', ['exp-milliseconds'], token(HS, withTime('exp', '9007199254740991')), 'invalid');
  add('milliseconds/exp-past-1e10-on-text', 'exp 10000000000.0000001: past 10^10 on its text, exactly 10^10 as a double', ['exp-milliseconds'], token(HS, withTime('exp', '10000000000.0000001')), 'invalid');
  add('acceptable/iat-minus-zero', 'iat -0: zero written with a sign, not a negative date', ['unusual-claim'], token(HS, withTime('iat', '-0')), 'acceptable');
  add('acceptable/exp-exponent-form', 'exp 1.7000036e9: an ordinary exp in exponent form', ['unusual-claim'], token(HS, withTime('exp', '1.7000036e9')), 'acceptable');

  // expired and not yet valid, with explicit leeway
  add('expired/exp-equals-now', 'exp equal to now: expired', ['expired'], token(HS, claims({ exp: NOW })), 'invalid');
  add('expired/exp-one-second-ago', 'exp one second ago', ['expired'], token(HS, claims({ exp: NOW - 1 })), 'invalid');
  add('expired/exp-an-hour-ago', 'exp an hour ago', ['expired'], token(HS, claims({ exp: NOW - 3600, iat: NOW - 7200, nbf: NOW - 7200 })), 'invalid');
  add('expired/at-leeway-boundary', 'exp exactly the 60 s leeway ago: expired', ['expired'], token(HS, claims({ exp: NOW - 60, iat: NOW - 3660, nbf: NOW - 3660 })), 'invalid', { options: { clockTolerance: 60 } });
  add('expired/past-leeway', 'exp 61 s ago with a 60 s leeway', ['expired'], token(HS, claims({ exp: NOW - 61, iat: NOW - 3661, nbf: NOW - 3661 })), 'invalid', { options: { clockTolerance: 60 } });
  add('expired/exp-zero', 'exp 0 (a falsy ttl read as an instant)', ['expired'], token(HS, J({ iss: CLAIMS.iss, exp: 0 })), 'invalid');
  add('expired/exp-negative', 'exp negative (gotwilio #55)', ['expired', 'negative-numeric-date'], token(HS, J({ iss: CLAIMS.iss, exp: -3600 })), 'invalid');
  add('expired/validation-token-later', `A ${objectLib} ValidationToken verified 301 s after it was made`, ['expired'], objectVt, 'invalid', { key: 'rsa', options: { currentDate: NOW + 301 } });
  add('not-yet-valid/nbf-plus-one', 'nbf one second ahead', ['not-yet-valid'], token(HS, claims({ nbf: NOW + 1 })), 'invalid');
  add('not-yet-valid/past-leeway', 'nbf 61 s ahead with a 60 s leeway', ['not-yet-valid'], token(HS, claims({ nbf: NOW + 61 })), 'invalid', { options: { clockTolerance: 60 } });
  add('not-yet-valid/far-future', 'nbf a day ahead', ['not-yet-valid'], token(HS, claims({ nbf: NOW + 86400, exp: NOW + 90000 })), 'invalid');
  add(`not-yet-valid/${clientStyle.profile.name}-token-early`, `A ${clientLib} ClientValidationJwt verified a second before its nbf`, ['not-yet-valid'], clientVt, 'invalid', { key: 'rsa', options: { currentDate: NOW - 1 } });

  // size bound
  const big = token(HS, claims({ grants: { identity: 'x'.repeat(8200) } }));
  add('too-large/over-default-bound', `A valid token of ${big.length} characters (bound 8192)`, ['token-too-large'], big, 'invalid');
  add('too-large/bound-minus-one', 'A valid token one character over maxTokenLength', ['token-too-large'], atLimit, 'invalid', { options: { maxTokenLength: atLimit.length - 1 } });
  add('too-large/small-bound', 'An ordinary AccessToken against a 64-character bound', ['token-too-large'], referenceToken(DEFAULT_PROFILE, 'access_token', accessTokenInput), 'invalid', { options: { maxTokenLength: 64 } });

  // cty where a Twilio one is required
  for (const [name, cty] of [['missing', undefined], ['jwt', 'JWT'], ['wrong-version', 'twilio-fpa;v=2'], ['upper-case', 'Twilio-FPA;v=1'], ['number', 1], ['array', ['twilio-fpa;v=1']], ['with-space', 'twilio-fpa; v=1']] as const) {
    add(`cty/${name}`, `cty ${cty === undefined ? 'absent' : JSON.stringify(cty)} where a Twilio cty is required`, ['cty-required'], token(J(cty === undefined ? { alg: 'HS256', typ: 'JWT' } : { alg: 'HS256', typ: 'JWT', cty }), PAYLOAD), 'invalid', { options: twilioCty });
  }
  // The AccessToken of the library whose ClientValidationJwt is here too (its header layout is not the default profile's).
  add('cty/fpa-where-pkrv-required', 'An AccessToken cty where only the validation cty is allowed', ['cty-required'], referenceToken(clientStyle.profile.name, 'access_token', accessTokenInput), 'invalid', { options: { requiredCty: ['twilio-pkrv;v=1'] } });

  // crit (jose's own rule)
  add('crit/unknown-extension', 'crit names a header parameter nobody understands', ['crit-unsupported'], token(J({ alg: 'HS256', crit: ['x-twilio'], 'x-twilio': 1 }), PAYLOAD), 'invalid');
  add('crit/b64-false', 'crit b64 with b64 false: an unencoded payload in a JWT', ['crit-unsupported'], token(J({ alg: 'HS256', crit: ['b64'], b64: false }), PAYLOAD), 'invalid');
  add('crit/not-an-array', 'crit that is a string, not an array', ['crit-unsupported'], token(J({ alg: 'HS256', crit: 'x', x: 1 }), PAYLOAD), 'invalid');

  return tests.map((t, i) => ({ tcId: i + 1, ...t }));
}

/** The whole file, as committed. */
export function buildVectorFile(): string {
  const tests = buildTests();
  const doc = {
    algorithm: 'JWT',
    schema: 'verifying.json',
    generatorVersion: '1',
    numberOfTests: tests.length,
    header: [
      'Negative (and some positive) vectors for a strict JWT verifier, in the manner of Project Wycheproof.',
      'Each test: tcId and id, a comment, flags (defined in ../flags.json, which says for each whether jose',
      'alone rejects it and the strict verifier\'s error code), the token, the key it is verified with, and',
      'the result: valid (must be accepted), invalid (must be rejected), acceptable (either, as the flags say).',
      'Generated by scripts/gen-verifier-vectors.ts from fixed keys and a fixed clock.',
    ],
    defaults: DEFAULTS,
    keys: {
      hmac: { kty: 'oct', k: b64(HMAC_SECRET) },
      rsa: RSA_PUBLIC.export({ format: 'jwk' }),
      'rsa-private': RSA.export({ format: 'jwk' }),
      ...Object.fromEntries(Object.entries(KEY_MATERIAL_SECRETS).map(([name, bytes]) => [name, { kty: 'oct', k: b64(bytes) }])),
    },
    tests,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
