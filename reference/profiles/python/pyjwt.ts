/**
 * twilio-python's base `Jwt` class (payload, headers, `to_jwt`) over PyJWT 2.6 `jwt.encode`.
 * Behaviour measured in research/python-spec.md §0-1.
 */
import { constants, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { privateKeyFromPem } from '../../jwt/asymmetric.ts';
import { base64url } from '../../jwt/base64url.ts';
import { compactHmac, type Minted } from '../../jwt/compact.ts';
import { hmacSign, isHmacAlgorithm } from '../../jwt/hmac.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { python } from '../../lang/python.ts';

/** `Jwt.GENERATE`: the default `nbf`, meaning "now". */
export const GENERATE = Symbol('Jwt.GENERATE');

/** The constructor arguments of twilio-python's `Jwt` (undefined = not given, i.e. Python's default). */
export interface PyJwtParams {
  secretKey: HostValue | undefined;
  issuer: HostValue | undefined;
  subject?: HostValue | undefined;
  /** `algorithm or "HS256"`: any value the caller passes, as PyJWT then looks it up. */
  algorithm?: HostValue;
  /** `GENERATE` (the default) means now; `null` omits the claim. */
  nbf: HostValue | typeof GENERATE;
  ttl: HostValue | undefined;
  validUntil?: HostValue | undefined;
  /** The `ttl` argument of `to_jwt(ttl=...)`. */
  toJwtTtl?: HostValue | undefined;
}

// PyJWT refuses HMAC secrets that look like asymmetric keys (jwt/utils.py is_pem_format, is_ssh_key).
const PEM_LABELS = [
  'CERTIFICATE',
  'TRUSTED CERTIFICATE',
  'PRIVATE KEY',
  'PUBLIC KEY',
  'ENCRYPTED PRIVATE KEY',
  'OPENSSH PRIVATE KEY',
  'DSA PRIVATE KEY',
  'RSA PRIVATE KEY',
  'RSA PUBLIC KEY',
  'EC PRIVATE KEY',
  'DH PARAMETERS',
  'NEW CERTIFICATE REQUEST',
  'CERTIFICATE REQUEST',
  'SSH2 PUBLIC KEY',
  'SSH2 ENCRYPTED PRIVATE KEY',
  'X509 CRL',
];
// Matched against the key's UTF-8 bytes read as latin1, so `.` is "any byte" as in Python's bytes regex.
const PEM_RE = new RegExp(`----[- ]BEGIN (${PEM_LABELS.join('|')})[- ]----\\r?\\n.+?\\r?\\n----[- ]END \\1[- ]----`, 's');
const SSH_FORMATS = ['ssh-ed25519', 'ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];
// Python's bytes-mode \S: anything but ASCII whitespace.
const SSH_CERT_RE = /^([^ \t\n\r\f\v]+)[ \t]+[^ \t\n\r\f\v]+/;

function looksAsymmetric(keyLatin1: string): boolean {
  if (PEM_RE.test(keyLatin1)) return true;
  if (SSH_FORMATS.some((f) => keyLatin1.includes(f))) return true;
  const m = SSH_CERT_RE.exec(keyLatin1);
  return !!m && m[1].endsWith('-cert-v01@openssh.com');
}

/** PyJWT's HMAC `prepare_key`: the secret's bytes, or its error. */
export function hmacKey(secret: HostValue): Buffer {
  if (typeof secret !== 'string') throw new LibraryError('TypeError', 'Expected a string value');
  if (/[\ud800-\udfff]/.test(secret.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    // Python raises UnicodeEncodeError quoting the offending character of the secret; the reference
    // never echoes secret material, so it declines to reproduce this one message.
    throw new UnsupportedInput('a secret with a lone surrogate (the library error would quote the secret)');
  }
  const bytes = Buffer.from(secret, 'utf8');
  if (looksAsymmetric(bytes.toString('latin1'))) {
    throw new LibraryError('InvalidKeyError', 'The specified key is an asymmetric key or x509 certificate and should not be used as an HMAC secret.');
  }
  return bytes;
}

/**
 * `to_jwt()` of a twilio-python `Jwt` subclass whose `_generate_payload` / `_generate_headers`
 * return `claims` / `headers`, at clock `clockMs`. `claims` may be a function: it then runs where
 * `_generate_payload` runs (after the signing-key check), so that its errors come in that order;
 * `headers` likewise, where `_generate_headers` runs (before the payload).
 */
export function pyJwtToJwt(claims: HostMap | (() => HostMap), headers: HostMap | (() => HostMap), p: PyJwtParams, clockMs: number): Minted {
  if (!python.truthy(p.secretKey)) throw new LibraryError('ValueError', 'JWT does not have a signing key configured.');
  const algorithm = p.algorithm ?? 'HS256';
  const hdr: HostMap = new Map(typeof headers === 'function' ? headers() : headers);
  hdr.set('typ', 'JWT');
  hdr.set('alg', algorithm);

  const now = python.nowSeconds(clockMs);
  const payload: HostMap = new Map(typeof claims === 'function' ? claims() : claims);
  payload.set('iss', p.issuer ?? null);
  payload.set('exp', python.add(now, p.ttl ?? null));
  if (p.nbf !== null) payload.set('nbf', p.nbf === GENERATE ? now : p.nbf);
  if (python.truthy(p.validUntil)) payload.set('exp', p.validUntil!);
  if (python.truthy(p.subject)) payload.set('sub', p.subject!);
  if (python.truthy(p.toJwtTtl)) payload.set('exp', python.add(now, p.toJwtTtl));

  return pyjwtEncode(payload, p.secretKey!, algorithm, hdr);
}

/** A key as PyJWT's RSA `prepare_key` leaves it: a private or a public key object. */
interface RsaKey {
  key: KeyObject;
  /** cryptography's class name for the object (error messages print it). */
  className: string;
}

// The classes cryptography 38's OpenSSL backend loads each key type into.
const PRIVATE_CLASS: Record<string, string> = { rsa: '_RSAPrivateKey', ec: '_EllipticCurvePrivateKey', dsa: '_DSAPrivateKey', ed25519: '_Ed25519PrivateKey', ed448: '_Ed448PrivateKey' };
const PUBLIC_CLASS: Record<string, string> = { rsa: '_RSAPublicKey', ec: '_EllipticCurvePublicKey', dsa: '_DSAPublicKey', ed25519: '_Ed25519PublicKey', ed448: '_Ed448PublicKey' };
// How many positional arguments each private key class's sign() takes (self included).
const SIGN_ARITY: Record<string, number> = { ec: 3, dsa: 3, ed25519: 2, ed448: 2 };

/**
 * PyJWT's RSA `prepare_key` (RS* and PS*): a PEM private key, else a PEM public key. A text that
 * is neither fails with cryptography's message, which carries OpenSSL's error queue; that text is
 * not modelled, so such a key is unsupported rather than guessed at.
 */
function rsaPrepareKey(key: HostValue): RsaKey {
  if (typeof key !== 'string') throw new LibraryError('TypeError', 'Expecting a PEM-formatted key.');
  if (/[\ud800-\udfff]/.test(key.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    throw new UnsupportedInput('a key with a lone surrogate (the library error would quote part of the key)');
  }
  if (key.startsWith('ssh-rsa') && looksLikeSshRsaKey(key)) throw new UnsupportedInput('OpenSSH public keys (load_ssh_public_key) are not modelled');
  try {
    const k = privateKeyFromPem(key);
    const className = PRIVATE_CLASS[k.asymmetricKeyType ?? ''];
    if (!className) throw new UnsupportedInput(`a ${k.asymmetricKeyType} private key is not modelled`);
    return { key: k, className };
  } catch (e) {
    if (e instanceof UnsupportedInput) throw e;
    if ((e as { code?: string }).code === 'ERR_MISSING_PASSPHRASE') throw new LibraryError('TypeError', 'Password was not given but private key is encrypted');
  }
  // load_pem_public_key takes SubjectPublicKeyInfo and PKCS#1 public keys, not certificates.
  if (/-----BEGIN (?:RSA )?PUBLIC KEY-----/.test(key)) {
    try {
      const k = createPublicKey(key);
      const className = PUBLIC_CLASS[k.asymmetricKeyType ?? ''];
      if (className) return { key: k, className };
    } catch {
      // falls through to the unmodelled OpenSSL message
    }
  }
  // Without a public-key PEM line OpenSSL's answer is always the same; with one, it depends on
  // what is wrong inside, which is not modelled.
  if (!/-----BEGIN (?:RSA )?PUBLIC KEY-----/.test(key)) throw new LibraryError('ValueError', pemBlockHasBadBase64(key) ? BAD_BASE64 : NO_START_LINE);
  throw new UnsupportedInput("a damaged public-key PEM fails with OpenSSL's error queue in its message, which is not modelled");
}

/** cryptography 38's error when `load_pem_public_key` finds no PEM block it can read. */
const NO_START_LINE =
  "('Could not deserialize key data. The data may be in an incorrect format, it may be encrypted with an unsupported algorithm, " +
  "or it may be an unsupported key type (e.g. EC curves with explicit parameters).', [_OpenSSLErrorWithText(code=75497580, lib=9, " +
  "reason=108, reason_text=b'error:0480006C:PEM routines::no start line')])";

/** cryptography 38's error when OpenSSL's PEM reader meets a block whose body is not base64. */
const BAD_BASE64 =
  "('Could not deserialize key data. The data may be in an incorrect format, it may be encrypted with an unsupported algorithm, " +
  "or it may be an unsupported key type (e.g. EC curves with explicit parameters).', [_OpenSSLErrorWithText(code=75497572, lib=9, " +
  "reason=100, reason_text=b'error:04800064:PEM routines::bad base64 decode')])";

/**
 * OpenSSL's PEM reader decodes every block it walks past before it looks at the label, so a
 * BEGIN/END block whose body is not whole base64 fails with "bad base64 decode" even when the
 * label is not the one sought (measured against cryptography 38 / OpenSSL 3).
 */
function pemBlockHasBadBase64(key: string): boolean {
  for (const m of key.matchAll(/-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g)) {
    const body = m[2].replace(/[\r\n]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) return true;
  }
  return false;
}

/** Whether `ssh-rsa <base64> ...` holds a well-formed RSA key blob (which load_ssh_public_key would take). */
function looksLikeSshRsaKey(key: string): boolean {
  const data = key.split(/\s+/)[1];
  if (!data || !/^[A-Za-z0-9+/]+=*$/.test(data)) return false;
  const blob = Buffer.from(data, 'base64');
  let at = 0;
  const field = (): Buffer | undefined => {
    if (at + 4 > blob.length) return undefined;
    const n = blob.readUInt32BE(at);
    if (at + 4 + n > blob.length) return undefined;
    const f = blob.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return f;
  };
  const type = field();
  return type?.toString('latin1') === 'ssh-rsa' && field() !== undefined && field() !== undefined && at === blob.length;
}

const DIGEST: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function rsaOptions(alg: string, key: KeyObject): { key: KeyObject; padding: number; saltLength?: number } {
  // PS*: MGF1 over the same hash, salt as long as the digest (padding.PSS(salt_length=digest_size)).
  return alg.startsWith('PS') ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { key, padding: constants.RSA_PKCS1_PADDING };
}

/** One of PyJWT's algorithm objects, as far as twilio-python reaches it. */
export interface PyAlgorithm {
  /** `prepare_key`: the key as the algorithm uses it, or the library's error. */
  prepareKey(key: HostValue): unknown;
  sign(msg: Buffer, key: unknown): Buffer;
  verify(msg: Buffer, key: unknown, signature: Buffer): boolean;
}

const NONE: PyAlgorithm = {
  prepareKey(key) {
    if (key !== '' && key !== null) throw new LibraryError('InvalidKeyError', 'When alg = "none", key value must be None.');
    return null;
  },
  sign: () => Buffer.alloc(0),
  verify: () => false,
};

function hmacAlgorithm(alg: 'HS256' | 'HS384' | 'HS512'): PyAlgorithm {
  const sign = (msg: Buffer, key: unknown): Buffer => hmacSign(alg, key as Buffer, msg.toString('latin1'));
  return {
    prepareKey: hmacKey,
    sign,
    verify: (msg, key, signature) => {
      const mac = sign(msg, key);
      return mac.length === signature.length && mac.equals(signature);
    },
  };
}

function rsaAlgorithm(alg: string): PyAlgorithm {
  const digest = DIGEST[alg.slice(2)];
  return {
    prepareKey: rsaPrepareKey,
    sign(msg, prepared) {
      const { key, className } = prepared as RsaKey;
      if (key.type === 'public') throw new LibraryError('AttributeError', `'${className}' object has no attribute 'sign'`);
      const arity = SIGN_ARITY[key.asymmetricKeyType ?? ''];
      if (arity !== undefined) throw new LibraryError('TypeError', `${className}.sign() takes ${arity} positional arguments but 4 were given`);
      try {
        return cryptoSign(digest, msg, rsaOptions(alg, key));
      } catch {
        throw new UnsupportedInput('an RSA key too small for this digest fails inside OpenSSL, which is not modelled');
      }
    },
    verify(msg, prepared, signature) {
      const { key, className } = prepared as RsaKey;
      if (key.type === 'private') throw new LibraryError('AttributeError', `'${className}' object has no attribute 'verify'`);
      if (key.asymmetricKeyType !== 'rsa') throw new UnsupportedInput(`verifying with a ${key.asymmetricKeyType} key under ${alg} is not modelled`);
      try {
        return cryptoVerify(digest, msg, rsaOptions(alg, key), signature);
      } catch {
        return false;
      }
    },
  };
}

/**
 * PyJWT's `get_algorithm_by_name`: the algorithms twilio-python can reach. ES* and EdDSA exist in
 * PyJWT but no twilio token uses them; they are refused as unsupported rather than guessed at.
 */
export function getAlgorithmByName(name: HostValue): PyAlgorithm {
  if (name === 'none') return NONE;
  if (isHmacAlgorithm(name)) return hmacAlgorithm(name);
  if (typeof name === 'string' && /^(?:RS|PS)(?:256|384|512)$/.test(name)) return rsaAlgorithm(name);
  if (typeof name === 'string' && ['ES256', 'ES256K', 'ES384', 'ES521', 'ES512', 'EdDSA'].includes(name)) {
    throw new UnsupportedInput(`PyJWT's ${name} is not modelled (no twilio-python token uses it)`);
  }
  throw new LibraryError('NotImplementedError', 'Algorithm not supported');
}

/**
 * PyJWT 2.6 `jwt.encode(payload, key, algorithm, headers)`: the payload JSON in dict order, then
 * the header (`{"typ", "alg"}` updated by `headers`, keys sorted), then the key and the signature.
 * `b64: false` in the headers detaches the payload (RFC 7797), as PyJWT does.
 */
export function pyjwtEncode(payload: HostMap, key: HostValue, algorithm: HostValue, headers: HostMap): Minted {
  const payloadBytes = Buffer.from(python.stringify(payload), 'utf8');
  let alg: HostValue = algorithm;
  let detached = false;
  if (python.truthy(headers)) {
    if (python.truthy(headers.get('alg'))) alg = headers.get('alg')!;
    if (headers.get('b64') === false) detached = true;
  }
  const header: HostMap = new Map<string, HostValue>([
    ['typ', 'JWT'],
    ['alg', alg],
  ]);
  if (python.truthy(headers)) {
    if (headers.has('kid') && typeof headers.get('kid') !== 'string') {
      throw new LibraryError('InvalidTokenError', 'Key ID header parameter must be a string');
    }
    for (const [k, v] of headers) header.set(k, v);
  }
  if (!python.truthy(header.get('typ'))) header.delete('typ');
  if (detached) header.set('b64', false);
  else header.delete('b64');
  const headerBytes = Buffer.from(python.stringify(header, { sortKeys: true }), 'utf8');
  // Detached: the raw payload JSON is signed, and the token's middle segment is left empty.
  const signingInput = Buffer.from(`${base64url(headerBytes)}.${detached ? payloadBytes.toString('latin1') : base64url(payloadBytes)}`, 'latin1');
  const algorithmObject = getAlgorithmByName(alg);
  const prepared = algorithmObject.prepareKey(key);
  if (!detached && isHmacAlgorithm(alg)) return compactHmac(alg, prepared as Buffer, headerBytes, payloadBytes);
  const signature = base64url(algorithmObject.sign(signingInput, prepared));
  const token = `${base64url(headerBytes)}.${detached ? '' : base64url(payloadBytes)}.${signature}`;
  const minted: Minted = { token, headerBytes, payloadBytes };
  if (typeof alg === 'string' && alg.startsWith('PS')) minted.signatureRandomized = true;
  return minted;
}
