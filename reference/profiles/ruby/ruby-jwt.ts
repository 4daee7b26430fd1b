/**
 * twilio-ruby's `BaseJWT` (payload, headers, `to_jwt`) over ruby-jwt 2.5 `JWT.encode`.
 * Behaviour measured in research/ruby-spec.md §1.
 */
import { compactHmac, type Minted } from '../../jwt/compact.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { LibraryError } from '../../lang/lang.ts';
import { rbClassName, ruby } from '../../lang/ruby.ts';

/** The keyword arguments of twilio-ruby's `BaseJWT.new` (undefined = not given). */
export interface RubyJwtParams {
  secretKey: HostValue | undefined;
  issuer: HostValue | undefined;
  subject?: HostValue | undefined;
  nbf?: HostValue | undefined;
  ttl: HostValue | undefined;
  validUntil?: HostValue | undefined;
}

/** `BaseJWT#initialize`'s only check. */
export function checkRubySecret(secret: HostValue | undefined): void {
  if (secret === undefined || secret === null) throw new LibraryError('ArgumentError', 'JWT does not have a signing key');
}

/** `to_jwt` of a twilio-ruby `BaseJWT` subclass whose `_generate_payload` / `_generate_headers` give these. */
export function rubyJwtToJwt(claims: HostMap, headers: HostMap, p: RubyJwtParams, clockMs: number): Minted {
  const now = ruby.nowSeconds(clockMs);
  const payload: HostMap = new Map(claims);
  payload.set('iss', p.issuer ?? null);
  payload.set('nbf', ruby.truthy(p.nbf) ? p.nbf! : now);
  payload.set('exp', p.validUntil === undefined || p.validUntil === null ? ruby.add(now, p.ttl) : p.validUntil);
  if (p.subject !== undefined && p.subject !== null) payload.set('sub', p.subject);

  const hdr: HostMap = new Map(headers);
  hdr.set('typ', 'JWT');
  hdr.set('alg', 'HS256');

  // JWT::Encode: header JSON, then the numeric-claims check and payload JSON, then the key.
  const headerBytes = Buffer.from(ruby.stringify(hdr), 'utf8');
  for (const claim of ['exp', 'iat', 'nbf']) {
    if (!payload.has(claim)) continue;
    const v = payload.get(claim)!;
    if (typeof v !== 'number' && typeof v !== 'bigint') {
      throw new LibraryError('JWT::InvalidPayload', `${claim} claim must be a Numeric value but it is a ${rbClassName(v)}`);
    }
  }
  const payloadBytes = Buffer.from(ruby.stringify(payload), 'utf8');
  const secret = p.secretKey;
  if (typeof secret !== 'string') throw new LibraryError('JWT::DecodeError', 'HMAC key expected to be a String');
  if (secret === '') throw new LibraryError('JWT::DecodeError', 'HMAC key cannot be empty');
  return compactHmac('HS256', Buffer.from(secret, 'utf8'), headerBytes, payloadBytes);
}
