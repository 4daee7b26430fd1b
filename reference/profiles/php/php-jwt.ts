/**
 * twilio-php 8.12.0's own `Twilio\Jwt\JWT` (research/php-spec.md, "JWT::decode"): `encode` with a
 * `{typ, alg}` header that extra headers join with `+=`, `json_encode` without flags, HS256/384/512
 * only; `decode` that verifies the HMAC named by the token's own `alg` and nothing else (no exp or
 * nbf check), over PHP's lenient `base64_decode`; and its JSON error messages.
 */
import { createHmac } from 'node:crypto';
import type { Minted } from '../../jwt/compact.ts';
import type { HostValue } from '../../lang/host.ts';
import { LibraryError } from '../../lang/lang.ts';
import { isPhpObject, phpArrayUnion, phpBytes, PhpJsonError, phpJsonDecode, phpJsonEncode, phpTruthy, type PhpArray } from '../../lang/php.ts';
import { phpCall, type PhpCallSite, type PhpFunction } from './calls.ts';

const HMAC: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** `JWT::sign(string $msg, string $key, string $method = 'HS256')`. */
const SIGN: PhpFunction = {
  name: 'Twilio\\Jwt\\JWT::sign',
  params: [
    { name: 'msg', type: 'string' },
    { name: 'key', type: 'string' },
    { name: 'method', type: 'string', optional: true },
  ],
};

/** Where `decode` calls `sign` (twilio-php 8.12.0), as its TypeErrors name it. */
const DECODE_CALLS_SIGN: PhpCallSite = { file: 'Twilio/Jwt/JWT.php', line: 42 };

/** The messages `handleJsonError` gives for `json_last_error()` codes; any other code is "Unknown JSON error: N". */
const JSON_MESSAGES: Readonly<Record<number, string>> = {
  1: 'Maximum stack depth exceeded',
  3: 'Unexpected control character found',
  4: 'Syntax error, malformed JSON',
};

function jsonError(code: number): LibraryError {
  return new LibraryError('DomainException', JSON_MESSAGES[code] ?? `Unknown JSON error: ${code}`);
}

/** `JWT::jsonEncode`: json_encode without flags, its failure as a DomainException. The text is ASCII. */
function jsonEncode(v: HostValue): string {
  try {
    return phpJsonEncode(v);
  } catch (e) {
    if (e instanceof PhpJsonError) throw jsonError(e.code);
    throw e;
  }
}

/** `JWT::jsonDecode`: json_decode into objects (depth 512); null from anything but `null` is refused. */
function jsonDecode(bytes: Buffer): HostValue {
  let v: HostValue;
  try {
    v = phpJsonDecode(bytes);
  } catch (e) {
    if (e instanceof PhpJsonError) throw jsonError(e.code);
    throw e;
  }
  // ' null' decodes to null without an error.
  if (v === null && bytes.toString('latin1') !== 'null') throw new LibraryError('DomainException', 'Null result with non-null input');
  return v;
}

/** The 6-bit value of each base64 character once `-_` are read as `+/`; every other byte is skipped. */
const B64 = new Int8Array(256).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) B64[c.charCodeAt(0)] = i;
B64['-'.charCodeAt(0)] = 62;
B64['_'.charCodeAt(0)] = 63;

/**
 * `JWT::urlsafeB64Decode`: PHP's non-strict `base64_decode`, which skips `=` and any byte outside
 * the alphabet wherever they are, and drops the bits of an incomplete last group.
 */
export function phpUrlsafeB64Decode(segment: Buffer): Buffer {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  for (const byte of segment) {
    const v = B64[byte];
    if (v < 0) continue;
    acc = (acc << 6) | v;
    n++;
    if (n === 4) {
      out.push((acc >> 16) & 0xff, (acc >> 8) & 0xff, acc & 0xff);
      acc = 0;
      n = 0;
    }
  }
  if (n === 2) out.push((acc >> 4) & 0xff);
  else if (n === 3) out.push((acc >> 10) & 0xff, (acc >> 2) & 0xff);
  return Buffer.from(out);
}

const b64url = (b: Buffer): string => b.toString('base64url');

/** `JWT::sign` after its arguments are bound: the raw HMAC, or "Algorithm not supported". */
function hmac(msg: Buffer, key: string, method: string): Buffer {
  const hash = Object.hasOwn(HMAC, method) ? HMAC[method] : undefined;
  if (!hash) throw new LibraryError('DomainException', 'Algorithm not supported');
  return createHmac(hash, phpBytes(key)).update(msg).digest();
}

/**
 * `JWT::encode($payload, $key, $algo, $additionalHeaders)` with its arguments already bound (a
 * string key and algorithm, an array of headers): header and payload JSON first, then the
 * algorithm check.
 */
export function phpJwtEncode(payload: HostValue, key: string, algo: string, additionalHeaders: PhpArray): Minted {
  const header = phpArrayUnion(
    new Map<string, HostValue>([
      ['typ', 'JWT'],
      ['alg', algo],
    ]),
    additionalHeaders,
  );
  const headerBytes = Buffer.from(jsonEncode(header), 'latin1');
  const payloadBytes = Buffer.from(jsonEncode(payload), 'latin1');
  const signingInput = `${b64url(headerBytes)}.${b64url(payloadBytes)}`;
  const signature = hmac(Buffer.from(signingInput, 'latin1'), key, algo);
  return { token: `${signingInput}.${b64url(signature)}`, headerBytes, payloadBytes };
}

/** `$header->alg`: a property of a decoded object, else null (PHP warns and reads null). */
function algOf(header: HostValue): HostValue {
  return isPhpObject(header) && header.has('alg') ? header.get('alg')! : null;
}

/** `JWT::getHeader($jwt)` with a bound token: the decoded header. */
export function phpJwtHeader(jwt: string): HostValue {
  const parts = phpBytes(jwt).toString('latin1').split('.');
  if (parts.length !== 3) throw new LibraryError('UnexpectedValueException', 'Wrong number of segments');
  const header = jsonDecode(phpUrlsafeB64Decode(Buffer.from(parts[0], 'latin1')));
  if (header === null) throw new LibraryError('UnexpectedValueException', 'Invalid segment encoding');
  return header;
}

/**
 * `JWT::decode($jwt, $key, $verify)` with bound arguments: the payload as json_decode makes it
 * (objects as `stdClass`). The signature is checked, when `verify`, under the algorithm the
 * token's own header names; `exp`, `nbf` and `iat` are never looked at.
 */
export function phpJwtDecode(jwt: string, key: string | null, verify: boolean): HostValue {
  // PHP strings are bytes: split and decode the token's bytes.
  const parts = phpBytes(jwt).toString('latin1').split('.');
  if (parts.length !== 3) throw new LibraryError('UnexpectedValueException', 'Wrong number of segments');
  const [h, p, s] = parts.map((x) => Buffer.from(x, 'latin1'));
  const header = jsonDecode(phpUrlsafeB64Decode(h));
  if (header === null) throw new LibraryError('UnexpectedValueException', 'Invalid segment encoding');
  const payload = jsonDecode(phpUrlsafeB64Decode(p));
  if (payload === null) throw new LibraryError('UnexpectedValueException', 'Invalid segment encoding');
  const signature = phpUrlsafeB64Decode(s);
  if (verify) {
    const alg = algOf(header);
    if (!phpTruthy(alg)) throw new LibraryError('DomainException', 'Empty algorithm');
    const signingInput = Buffer.concat([h, Buffer.from('.'), p]);
    // sign() is a user function called from decode(): its parameters coerce (an int alg is "256").
    const [, boundKey, method] = phpCall(
      SIGN,
      new Map<string, HostValue>([
        ['msg', signingInput.toString('latin1')],
        ['key', key],
        ['method', alg],
      ]),
      DECODE_CALLS_SIGN,
    );
    if (!hmac(signingInput, boundKey as string, method as string).equals(signature)) {
      throw new LibraryError('UnexpectedValueException', 'Signature verification failed');
    }
  }
  return payload;
}
