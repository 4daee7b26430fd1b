/**
 * Public-key JWS signatures (RFC 7518 §3.3-3.5) over exact segment bytes, with `node:crypto`.
 *
 * RS* (RSASSA-PKCS1-v1_5) is deterministic, so tokens compare byte for byte. PS* (RSASSA-PSS with
 * MGF1 over the same hash and a salt as long as the digest, as jwa and PyJWT sign) and ES* are
 * randomized: only their header and payload can be compared, and the signature must verify.
 */
import { constants, createPrivateKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';

export type RsaAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512';
export type EcAlgorithm = 'ES256' | 'ES384' | 'ES512';
export type AsymmetricAlgorithm = RsaAlgorithm | EcAlgorithm;

const HASH: Record<string, 'sha256' | 'sha384' | 'sha512'> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

export function isRsaAlgorithm(a: unknown): a is RsaAlgorithm {
  return typeof a === 'string' && /^(?:RS|PS)(?:256|384|512)$/.test(a);
}

export function isAsymmetricAlgorithm(a: unknown): a is AsymmetricAlgorithm {
  return typeof a === 'string' && /^(?:RS|PS|ES)(?:256|384|512)$/.test(a);
}

/** Whether two signatures of the same input by the same key differ (PSS salt, ECDSA nonce). */
export function isRandomizedAlgorithm(a: AsymmetricAlgorithm): boolean {
  return !a.startsWith('RS');
}

/** The digest an algorithm hashes with, e.g. `sha256` for PS256. */
export function digestOf(a: AsymmetricAlgorithm): 'sha256' | 'sha384' | 'sha512' {
  return HASH[a.slice(2)];
}

function options(alg: AsymmetricAlgorithm, key: KeyObject): { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' } {
  if (alg.startsWith('PS')) {
    // Salt length = digest length (RSA_PSS_SALTLEN_DIGEST), as jwa and PyJWT use.
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  }
  if (alg.startsWith('ES')) return { key, dsaEncoding: 'ieee-p1363' };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}

/** The raw signature of `signingInput` (the ASCII `header.payload`). */
export function asymmetricSign(alg: AsymmetricAlgorithm, key: KeyObject, signingInput: string | Uint8Array): Buffer {
  const data = typeof signingInput === 'string' ? Buffer.from(signingInput, 'latin1') : signingInput;
  return cryptoSign(digestOf(alg), data, options(alg, key));
}

/** Whether `signature` is a valid signature of `signingInput` under the public (or private) key. */
export function asymmetricVerify(alg: AsymmetricAlgorithm, key: KeyObject, signingInput: string | Uint8Array, signature: Uint8Array): boolean {
  const data = typeof signingInput === 'string' ? Buffer.from(signingInput, 'latin1') : signingInput;
  try {
    return cryptoVerify(digestOf(alg), data, options(alg, key), signature);
  } catch {
    return false;
  }
}

// Parsing a PEM private key costs more than signing with it; keys are immutable, so one KeyObject
// per distinct PEM is reused (bounded, so that fuzzers feeding fresh keys cannot grow it).
const pemKeys = new Map<string, KeyObject>();

/** `createPrivateKey(pem)`, cached; throws as createPrivateKey does (failures are not cached). */
export function privateKeyFromPem(pem: string): KeyObject {
  let key = pemKeys.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    if (pemKeys.size >= 64) pemKeys.delete(pemKeys.keys().next().value!);
    pemKeys.set(pem, key);
  }
  return key;
}
