/**
 * twilio-python's base `Jwt` class (payload, headers, `to_jwt`) over PyJWT 2.6 `jwt.encode`.
 * Behaviour measured in research/python-spec.md §0-1.
 */
import { compactHmac, type Minted } from '../../jwt/compact.ts';
import { isHmacAlgorithm } from '../../jwt/hmac.ts';
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
  algorithm?: string;
  /** `GENERATE` (the default) means now; `null` omits the claim. */
  nbf: HostValue | typeof GENERATE;
  ttl: HostValue | undefined;
  validUntil?: HostValue | undefined;
  /** The `ttl` argument of `to_jwt(ttl=...)`. */
  toJwtTtl?: HostValue | undefined;
}

// PyJWT refuses HMAC secrets that look like asymmetric keys (jwt/utils.py is_pem_format, is_ssh_key).
const PEM_LABELS = [
  'CERTIFICATE', 'TRUSTED CERTIFICATE', 'PRIVATE KEY', 'PUBLIC KEY', 'ENCRYPTED PRIVATE KEY',
  'OPENSSH PRIVATE KEY', 'DSA PRIVATE KEY', 'RSA PRIVATE KEY', 'RSA PUBLIC KEY', 'EC PRIVATE KEY',
  'DH PARAMETERS', 'NEW CERTIFICATE REQUEST', 'CERTIFICATE REQUEST', 'SSH2 PUBLIC KEY',
  'SSH2 ENCRYPTED PRIVATE KEY', 'X509 CRL',
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
function hmacKey(secret: HostValue): Buffer {
  if (typeof secret !== 'string') throw new LibraryError('TypeError', 'Expected a string value');
  if (/[\ud800-\udfff]/.test(secret.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    // Python raises UnicodeEncodeError quoting the offending character of the secret; the reference
    // never echoes secret material, so it declines to reproduce this one message.
    throw new UnsupportedInput('a secret with a lone surrogate (the library error would quote the secret)');
  }
  const bytes = Buffer.from(secret, 'utf8');
  if (looksAsymmetric(bytes.toString('latin1'))) {
    throw new LibraryError(
      'InvalidKeyError',
      'The specified key is an asymmetric key or x509 certificate and should not be used as an HMAC secret.',
    );
  }
  return bytes;
}

/**
 * `to_jwt()` of a twilio-python `Jwt` subclass whose `_generate_payload` / `_generate_headers`
 * return `claims` / `headers`, at clock `clockMs`. `claims` may be a function: it then runs where
 * `_generate_payload` runs (after the signing-key check), so that its errors come in that order.
 */
export function pyJwtToJwt(claims: HostMap | (() => HostMap), headers: HostMap, p: PyJwtParams, clockMs: number): Minted {
  if (!python.truthy(p.secretKey)) throw new LibraryError('ValueError', 'JWT does not have a signing key configured.');
  const algorithm = p.algorithm ?? 'HS256';
  const hdr: HostMap = new Map(headers);
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

  // PyJWT: payload JSON first, then the header ({"typ","alg"} updated by ours, keys sorted), then the key.
  const payloadBytes = Buffer.from(python.stringify(payload), 'utf8');
  const pyjwtHeader: HostMap = new Map<string, HostValue>([
    ['typ', 'JWT'],
    ['alg', algorithm],
  ]);
  for (const [k, v] of hdr) pyjwtHeader.set(k, v);
  if (pyjwtHeader.has('kid') && typeof pyjwtHeader.get('kid') !== 'string') {
    throw new LibraryError('InvalidTokenError', 'Key ID header parameter must be a string');
  }
  const headerBytes = Buffer.from(python.stringify(pyjwtHeader, { sortKeys: true }), 'utf8');
  if (!isHmacAlgorithm(algorithm)) throw new LibraryError('NotImplementedError', 'Algorithm not supported');
  return compactHmac(algorithm, hmacKey(p.secretKey!), headerBytes, payloadBytes);
}
