/**
 * jjwt 0.12.6 (with jjwt-jackson) as twilio-java's `Jwt.toJwt()` drives it: a builder whose header
 * and claims are insertion-ordered maps, `alg` added to the header last, standard claims (`iss`,
 * `sub`, `jti`, `exp`, `nbf`) removed when null or without text (`Objects.isEmpty`: null, or a
 * string of only whitespace), dates written as whole seconds (`getTime() / 1000`, truncated toward
 * zero), and HMAC keys shorter than the hash output refused when signing.
 */
import type { Minted } from '../../jwt/compact.ts';
import { compactHmac } from '../../jwt/compact.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { jacksonBytes } from '../../lang/java.ts';
import { LibraryError } from '../../lang/lang.ts';

/** `Character.isWhitespace`: space separators other than the no-break ones, line and paragraph separators, and the ASCII controls it names. */
function isJavaWhitespace(c: number): boolean {
  if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) return true;
  if (c === 0x00a0 || c === 0x2007 || c === 0x202f) return false;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000;
}

/** `Strings.hasText`: some character that is not whitespace. Surrogates are not whitespace. */
export function hasText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isJavaWhitespace(s.charCodeAt(i))) return true;
  return false;
}

/** A claim or header value jjwt drops when set through a standard parameter (`Objects.isEmpty`). */
export function isEmptyStandard(v: HostValue | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && !hasText(v));
}

/** One builder call, in order: a standard claim (dropped when empty) or a custom one (dropped only when null). */
export type JjwtClaim = { name: string; value: HostValue | undefined; standard: boolean };

/** A `java.util.Date` as jjwt writes it: whole seconds of its milliseconds, truncated toward zero. */
export function jjwtSeconds(ms: bigint): bigint {
  return ms / 1000n;
}

const HMAC_BITS: Readonly<Record<'HS256' | 'HS384' | 'HS512', number>> = { HS256: 256, HS384: 384, HS512: 512 };

/** The fewest key bytes jjwt signs with for an HMAC algorithm (the hash output's size); shorter keys fail in {@link jjwtCompactHmac}. */
export const hmacMinKeyBytes = (alg: 'HS256' | 'HS384' | 'HS512'): number => HMAC_BITS[alg] / 8;

/**
 * `Jwts.builder().signWith(key, alg).setHeaderParams(headers)…compact()`: the header params in
 * the order given then `alg`, the claims in call order without the empty ones, Jackson's bytes,
 * an HMAC over them. A key shorter than the algorithm's hash output throws jjwt's
 * `SignatureException` (its cause a `WeakKeyException`) with the key's size in bits.
 */
export function jjwtCompactHmac(alg: 'HS256' | 'HS384' | 'HS512', key: Buffer, headerParams: HostMap, claims: readonly JjwtClaim[]): Minted {
  // An insertion-ordered map: `alg` is added last, or takes the place a header param of that name had.
  const header: HostMap = new Map(headerParams);
  header.set('alg', alg);
  const payload: HostMap = new Map();
  for (const { name, value, standard } of claims) {
    if (standard ? isEmptyStandard(value) : value === undefined || value === null) payload.delete(name);
    else payload.set(name, value!);
  }
  const bits = key.length * 8;
  if (bits < HMAC_BITS[alg]) {
    const cause =
      `The signing key's size is ${bits} bits which is not secure enough for the ${alg} algorithm. The JWT JWA Specification (RFC 7518, Section 3.2) ` +
      `states that keys used with ${alg} MUST have a size >= ${HMAC_BITS[alg]} bits (the key size must be greater than or equal to the hash output size). ` +
      `Consider using the Jwts.SIG.${alg}.key() builder to create a key guaranteed to be secure enough for ${alg}.  See https://tools.ietf.org/html/rfc7518#section-3.2 for more information.`;
    throw new LibraryError('SignatureException', `Unable to compute ${alg} signature. Cause: ${cause}`);
  }
  return compactHmac(alg, key, jacksonBytes(header), jacksonBytes(payload));
}
