import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** The HMAC algorithms the token families use. */
export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

const DIGEST: Record<HmacAlgorithm, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function isHmacAlgorithm(a: unknown): a is HmacAlgorithm {
  return a === 'HS256' || a === 'HS384' || a === 'HS512';
}

// Secret keys are immutable, so one KeyObject per distinct secret can be shared by every call;
// the cache is bounded so that a fuzzer feeding fresh secrets cannot grow it without limit.
const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_LIMIT = 256;

function secretKey(secret: Uint8Array): KeyObject {
  const id = Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength).toString('latin1');
  let key = keyCache.get(id);
  if (!key) {
    key = createSecretKey(secret);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(id, key);
  }
  return key;
}

// Most callers hold the secret as a string: keying the cache by it skips encoding it on every call.
const stringKeyCache = new Map<string, KeyObject>();

function secretKeyFromString(secret: string): KeyObject {
  let key = stringKeyCache.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (stringKeyCache.size >= KEY_CACHE_LIMIT) stringKeyCache.delete(stringKeyCache.keys().next().value!);
    stringKeyCache.set(secret, key);
  }
  return key;
}

/**
 * HMAC over the JWS signing input (ASCII `header.payload`), as raw bytes. A string secret means its
 * UTF-8 bytes (lone surrogates become U+FFFD, as Node encodes them).
 */
export function hmacSign(alg: HmacAlgorithm, secret: Uint8Array | string, signingInput: string): Buffer {
  const key = typeof secret === 'string' ? secretKeyFromString(secret) : secretKey(secret);
  return createHmac(DIGEST[alg], key).update(signingInput, 'latin1').digest();
}

/** {@link hmacSign} for a string secret, as the base64url signature segment (one digest, no copy). */
export function hmacSignBase64url(alg: HmacAlgorithm, secret: string, signingInput: string): string {
  return createHmac(DIGEST[alg], secretKeyFromString(secret)).update(signingInput, 'latin1').digest('base64url');
}
