import { base64url } from './base64url.ts';
import { hmacSign, type HmacAlgorithm } from './hmac.ts';

/** A signed token and the exact segment bytes it was made from. */
export interface Minted {
  token: string;
  headerBytes: Buffer;
  payloadBytes: Buffer;
}

/**
 * Assemble a JWS compact serialization from already-encoded header and payload bytes. The bytes
 * are what each library's encoder produced, which is why they are inputs here and not JSON values.
 */
export function compactHmac(alg: HmacAlgorithm, secret: Uint8Array, headerBytes: Buffer, payloadBytes: Buffer): Minted {
  const signingInput = `${base64url(headerBytes)}.${base64url(payloadBytes)}`;
  const signature = base64url(hmacSign(alg, secret, signingInput));
  return { token: `${signingInput}.${signature}`, headerBytes, payloadBytes };
}
