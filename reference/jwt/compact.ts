import type { KeyObject } from 'node:crypto';
import { asymmetricSign, isRandomizedAlgorithm, type AsymmetricAlgorithm } from './asymmetric.ts';
import { base64url } from './base64url.ts';
import { hmacSign, type HmacAlgorithm } from './hmac.ts';

/** A signed token and the exact segment bytes it was made from. */
export interface Minted {
  token: string;
  headerBytes: Buffer;
  payloadBytes: Buffer;
  /** PS* and ES* signatures differ on every run: only header and payload are reproducible. */
  signatureRandomized?: boolean;
}

/**
 * Assemble a JWS compact serialization from already-encoded header and payload bytes. The bytes
 * are what each library's encoder produced, which is why they are inputs here and not JSON values.
 */
export function compactHmac(alg: HmacAlgorithm, secret: Uint8Array | string, headerBytes: Buffer, payloadBytes: Buffer): Minted {
  const signingInput = `${base64url(headerBytes)}.${base64url(payloadBytes)}`;
  const signature = base64url(hmacSign(alg, secret, signingInput));
  return { token: `${signingInput}.${signature}`, headerBytes, payloadBytes };
}

/**
 * Assemble a JWS compact serialization signed with a public-key algorithm (RS*, PS*, ES*) from
 * already-encoded header and payload bytes.
 */
export function compactAsymmetric(alg: AsymmetricAlgorithm, key: KeyObject, headerBytes: Buffer, payloadBytes: Buffer): Minted {
  const signingInput = `${base64url(headerBytes)}.${base64url(payloadBytes)}`;
  const signature = base64url(asymmetricSign(alg, key, signingInput));
  const minted: Minted = { token: `${signingInput}.${signature}`, headerBytes, payloadBytes };
  if (isRandomizedAlgorithm(alg)) minted.signatureRandomized = true;
  return minted;
}

/** An unsecured JWS (`alg: none`): the signing input and an empty signature. */
export function compactUnsigned(headerBytes: Buffer, payloadBytes: Buffer): Minted {
  return { token: `${base64url(headerBytes)}.${base64url(payloadBytes)}.`, headerBytes, payloadBytes };
}
