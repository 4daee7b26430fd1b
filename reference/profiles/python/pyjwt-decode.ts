/**
 * Decoding as twilio-python's `Jwt.from_jwt` does it over PyJWT 2.6 (research/python-spec.md §1):
 * the unverified header first, the class's single algorithm, then `jwt.decode` with the signature
 * checked only when a key is given and exp and nbf always checked with no leeway. Every failure
 * becomes `JwtDecodeError(str(e))`.
 *
 * PyJWT reads segments with Python's lenient base64 (characters outside the alphabet are
 * skipped and the unused bits of the last character are ignored) and JSON with `json.loads`.
 */
import type { HostMap, HostValue } from '../../lang/host.ts';
import { isHostMap } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { pyJsonLoadsBytes } from '../../lang/python-json.ts';
import { pyStr, pyTypeName } from '../../lang/python.ts';
import { pythonUtf8 } from '../../lang/url-encoding.ts';
import { getAlgorithmByName } from './pyjwt.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * `binascii.a2b_base64(s, strict_mode=False)` (CPython 3.11): characters outside the alphabet are
 * skipped, `=` ends the data once a quad has two characters and enough padding, and the unused
 * low bits of a final partial quad are dropped. Throws `binascii.Error` as a plain Error.
 */
export function pyA2bBase64(input: Uint8Array): Buffer {
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (const ch of input) {
    if (ch === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = B64.indexOf(String.fromCharCode(ch));
    if (ch >= 0x80 || v < 0) continue;
    pads = 0;
    switch (quad) {
      case 0:
        quad = 1;
        left = v;
        break;
      case 1:
        quad = 2;
        out.push(((left << 2) | (v >> 4)) & 0xff);
        left = v & 0x0f;
        break;
      case 2:
        quad = 3;
        out.push(((left << 4) | (v >> 2)) & 0xff);
        left = v & 0x03;
        break;
      default:
        quad = 0;
        out.push(((left << 6) | v) & 0xff);
        left = 0;
    }
  }
  if (quad !== 0) throw new Error(quad === 1 ? 'excess data character' : 'Incorrect padding');
  return Buffer.from(out);
}

/** PyJWT's `base64url_decode`: pad to a multiple of four, then `urlsafe_b64decode`. */
function base64urlDecode(segment: Uint8Array): Buffer {
  const rem = segment.length % 4;
  const padded = Buffer.concat([Buffer.from(segment), Buffer.alloc(rem ? 4 - rem : 0, 0x3d)]);
  for (let i = 0; i < padded.length; i++) {
    if (padded[i] === 0x2d) padded[i] = 0x2b;
    else if (padded[i] === 0x5f) padded[i] = 0x2f;
  }
  return pyA2bBase64(padded);
}

const decodeError = (message: string): LibraryError => new LibraryError('DecodeError', message);

/** What `PyJWS._load` takes apart: the signing input as sent, the header, payload and signature bytes. */
interface Loaded {
  signingInput: Buffer;
  header: HostMap;
  payload: Buffer;
  signature: Buffer;
}

/** `PyJWS._load(jwt)`. */
function load(jwt: HostValue | undefined): Loaded {
  if (typeof jwt !== 'string') throw decodeError("Invalid token type. Token must be a <class 'bytes'>");
  const bytes = pythonUtf8(jwt);
  const lastDot = bytes.lastIndexOf(0x2e);
  const signingInput = lastDot < 0 ? undefined : bytes.subarray(0, lastDot);
  const firstDot = signingInput?.indexOf(0x2e) ?? -1;
  if (!signingInput || firstDot < 0) throw decodeError('Not enough segments');
  const segment = (b: Uint8Array, what: string): Buffer => {
    try {
      return base64urlDecode(b);
    } catch {
      throw decodeError(`Invalid ${what} padding`);
    }
  };
  const headerBytes = segment(signingInput.subarray(0, firstDot), 'header');
  let header: HostValue;
  try {
    header = pyJsonLoadsBytes(headerBytes);
  } catch (e) {
    if (e instanceof LibraryError) throw decodeError(`Invalid header string: ${e.message}`);
    throw e;
  }
  if (!isHostMap(header)) throw decodeError('Invalid header string: must be a json object');
  const payload = segment(signingInput.subarray(firstDot + 1), 'payload');
  const signature = segment(bytes.subarray(lastDot + 1), 'crypto');
  return { signingInput: Buffer.from(signingInput), header, payload, signature };
}

/** `int(v)` as PyJWT applies it to a time claim: an int, or the error Python raises. */
function pyInt(v: HostValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new LibraryError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw new LibraryError('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    // int(str): surrounding whitespace, a sign, digits (any script's decimals) with single underscores.
    const t = v.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, '');
    const m = /^([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)$/u.exec(t);
    if (!m) throw new LibraryError('ValueError', `invalid literal for int() with base 10: ${pyStr(v)}`);
    const digits = [...m[2].replace(/_/g, '')].map((c) => {
      let zero = c.codePointAt(0)!;
      while (/^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero--;
      return (c.codePointAt(0)! - zero) % 10;
    });
    const n = BigInt(digits.join(''));
    return m[1] === '-' ? -n : n;
  }
  throw new LibraryError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v)}'`);
}

/** Python's `a > b` for an `iat` value (already accepted by `int()`) against an int. */
function pyGreater(a: HostValue, b: bigint): boolean {
  if (typeof a === 'string') throw new LibraryError('TypeError', "'>' not supported between instances of 'str' and 'int'");
  if (typeof a === 'number') return a > Number(b);
  return (typeof a === 'boolean' ? (a ? 1n : 0n) : (a as bigint)) > b;
}

/** PyJWT `_validate_claims` with twilio's options and no leeway, at the whole second `now`. */
function validateClaims(payload: HostMap, now: bigint, verifying: boolean): void {
  // Without a signature check PyJWT defaults verify_iat and verify_aud to False; exp and nbf stay on.
  if (verifying && payload.has('iat')) {
    const iat = payload.get('iat')!;
    try {
      pyInt(iat);
    } catch (e) {
      if (e instanceof LibraryError && e.type === 'ValueError') throw new LibraryError('InvalidIssuedAtError', 'Issued At claim (iat) must be an integer.');
      throw e;
    }
    if (pyGreater(iat, now)) throw new LibraryError('ImmatureSignatureError', 'The token is not yet valid (iat)');
  }
  const time = (claim: string, name: string): bigint => {
    try {
      return pyInt(payload.get(claim)!);
    } catch (e) {
      if (e instanceof LibraryError && e.type === 'ValueError') throw decodeError(`${name} claim (${claim}) must be an integer.`);
      throw e;
    }
  };
  if (payload.has('nbf') && time('nbf', 'Not Before') > now) throw new LibraryError('ImmatureSignatureError', 'The token is not yet valid (nbf)');
  if (payload.has('exp') && time('exp', 'Expiration Time') <= now) throw new LibraryError('ExpiredSignatureError', 'Signature has expired');
  if (verifying && payload.has('aud')) {
    const aud = payload.get('aud')!;
    const empty = aud === null || aud === false || aud === '' || aud === 0n || aud === 0 || (Array.isArray(aud) && !aud.length) || (isHostMap(aud) && !aud.size);
    if (!empty) throw new LibraryError('InvalidAudienceError', 'Invalid audience');
  }
}

/** What `from_jwt` decoded. */
export interface DecodedJwt {
  header: HostMap;
  payload: HostMap;
}

/**
 * `cls.from_jwt(jwt, key)` for a class whose `ALGORITHM` is `algorithm`, at whole second `now`.
 * Throws `JwtDecodeError` with the message of whatever failed inside.
 */
export function fromJwt(jwt: HostValue | undefined, key: HostValue, algorithm: string, now: bigint): DecodedJwt {
  const verify = key !== null && key !== false && key !== '' && key !== 0n && key !== 0 && !(Array.isArray(key) && !key.length) && !(isHostMap(key) && !key.size);
  try {
    // get_unverified_header, then the class's algorithm before anything else.
    const { header, signingInput, payload: payloadBytes, signature } = load(jwt);
    if (header.has('kid') && typeof header.get('kid') !== 'string') throw new LibraryError('InvalidTokenError', 'Key ID header parameter must be a string');
    const alg = header.get('alg');
    if (alg !== algorithm) throw new LibraryError('ValueError', `Incorrect decoding algorithm ${pyStr(alg ?? null)}, expecting ${algorithm}.`);
    // jwt.decode: _load again (the same result), the detached-payload check, then the signature.
    if (header.get('b64') === false) {
      throw decodeError('It is required that you pass in a value for the "detached_payload" argument to decode a message having the b64 header set to false.');
    }
    if (verify) {
      const algorithmObject = getAlgorithmByName(alg);
      const prepared = algorithmObject.prepareKey(key);
      if (!algorithmObject.verify(signingInput, prepared, signature)) throw new LibraryError('InvalidSignatureError', 'Signature verification failed');
    }
    let payload: HostValue;
    try {
      payload = pyJsonLoadsBytes(payloadBytes);
    } catch (e) {
      if (e instanceof LibraryError) throw decodeError(`Invalid payload string: ${e.message}`);
      throw e;
    }
    if (!isHostMap(payload)) throw decodeError('Invalid payload string: must be a json object');
    validateClaims(payload, now, verify);
    return { header, payload };
  } catch (e) {
    if (e instanceof UnsupportedInput) throw e;
    if (e instanceof LibraryError) throw new LibraryError('JwtDecodeError', e.message);
    throw e;
  }
}
