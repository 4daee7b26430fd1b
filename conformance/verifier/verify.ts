/**
 * The harness's strict JWT verifier: jose's `jwtVerify` (signature, exp and nbf with an explicit
 * leeway, claim types) wrapped in the checks jose leaves out, which Twilio tokens make matter:
 * canonical base64url, strict UTF-8 and JSON without duplicate names, `alg: none` and algorithm
 * confusion refused before any key is used, a size bound, Twilio's `cty`, timestamps in
 * milliseconds, `iat` after `exp`. It never trusts the code under test: it reads only the token.
 */
import { KeyObject } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { JsonParseError, parseLossless } from '../../reference/json/parse.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import {
  AlgKeyMismatch,
  AlgNone,
  AlgNotAllowed,
  ClaimMissing,
  ClaimTypeInvalid,
  CtyNotAllowed,
  DuplicateKey,
  Expired,
  IatAfterExp,
  InvalidBase64url,
  InvalidUtf8,
  MalformedToken,
  MillisecondTimestamp,
  NonCanonicalBase64url,
  NotAnObject,
  NotJson,
  NotYetValid,
  SignatureInvalid,
  StrictVerificationError,
  TokenTooLarge,
  UnsupportedCritical,
} from './errors.ts';

/** The content types of Twilio's tokens: AccessToken, ValidationToken (PKCV), and the older SAT. */
export const TWILIO_CTYS: readonly string[] = ['twilio-fpa;v=1', 'twilio-pkrv;v=1', 'twilio-sat;v=1'];

/** Default bound on a token's length in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/** A NumericDate beyond this (year 2286) is taken for milliseconds. */
export const MAX_PLAUSIBLE_SECONDS = 10_000_000_000;

/** How to verify: which algorithms, at what time, with what leeway, and which optional checks. */
export interface StrictVerifyOptions {
  /** The algorithms accepted, e.g. `['HS256']`. Required: there is no default to be confused by. */
  algorithms: readonly string[];
  /** The verification time, in seconds since the epoch (a Date is also taken). Defaults to now. */
  currentDate?: number | Date;
  /** The explicit leeway for `exp` and `nbf`, in seconds (default 0). */
  clockTolerance?: number;
  /** Refuse tokens longer than this many characters (default {@link DEFAULT_MAX_TOKEN_LENGTH}). */
  maxTokenLength?: number;
  /** Require `cty` to be one of these (`true`: one of {@link TWILIO_CTYS}); absent or `false`: no check. */
  requiredCty?: readonly string[] | boolean;
  /** Claims that must be present (default `['exp']`). */
  requiredClaims?: readonly string[];
}

/** A token that passed: its header and payload. */
export interface StrictVerifyResult {
  header: Record<string, unknown>;
  payload: JWTPayload;
}

/** A verification key: an HMAC secret, or a public (or private) key object. */
export type StrictKey = Uint8Array | KeyObject;

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Refuse characters outside unpadded base64url and lengths no encoding has. */
function checkAlphabet(segment: string, what: string): void {
  if (!B64URL.test(segment)) throw new InvalidBase64url(`${what} is not unpadded base64url`);
  if (segment.length % 4 === 1) throw new InvalidBase64url(`${what} has a length no base64url encoding has`);
}

/** Decode one segment, refusing anything but canonical unpadded base64url. */
function decodeSegment(segment: string, what: string): Buffer {
  checkAlphabet(segment, what);
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) throw new NonCanonicalBase64url(`${what} has non-zero unused bits in its last character`);
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The first member name an object repeats, at any depth. */
function duplicateName(v: JsonValue): string | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const d = duplicateName(x);
      if (d !== undefined) return d;
    }
  } else if (v instanceof JsonObject) {
    const seen = new Set<string>();
    for (const [k, x] of v.entries) {
      if (seen.has(k)) return k;
      seen.add(k);
      const d = duplicateName(x);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

/** UTF-8, JSON, no duplicate names, an object: then the value as JSON.parse gives it. */
function parseObject(bytes: Buffer, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (cause) {
    throw new InvalidUtf8(`${what} is not UTF-8`, { cause });
  }
  let value: JsonValue;
  try {
    value = parseLossless(text);
  } catch (cause) {
    if (cause instanceof JsonParseError) throw new NotJson(`${what} is not JSON (${cause.message})`, { cause });
    throw cause;
  }
  if (!(value instanceof JsonObject)) throw new NotAnObject(`${what} is not a JSON object`);
  const dup = duplicateName(value);
  if (dup !== undefined) throw new DuplicateKey(`${what} repeats the member ${JSON.stringify(dup)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Whether the key can serve `alg` at all; anything else is algorithm confusion. */
function keyFits(alg: string, key: StrictKey): boolean {
  const type = key instanceof KeyObject ? key.type : 'secret';
  const kind = key instanceof KeyObject ? key.asymmetricKeyType : undefined;
  if (alg.startsWith('HS')) return type === 'secret';
  if (type === 'secret') return false;
  if (alg.startsWith('RS')) return kind === 'rsa';
  if (alg.startsWith('PS')) return kind === 'rsa' || kind === 'rsa-pss';
  if (alg.startsWith('ES')) return kind === 'ec';
  if (alg === 'EdDSA' || alg === 'Ed25519') return kind === 'ed25519' || kind === 'ed448';
  return false;
}

/** jose's rejection, as one of ours. */
function fromJose(e: unknown): StrictVerificationError {
  const err = e as { code?: string; claim?: string; reason?: string; message?: string };
  const msg = `jose: ${err?.message ?? String(e)}`;
  switch (err?.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new SignatureInvalid(msg, { cause: e });
    case 'ERR_JWT_EXPIRED':
      return new Expired(msg, { cause: e });
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (err.reason === 'invalid') return new ClaimTypeInvalid(msg, { cause: e });
      if (err.reason === 'missing') return new ClaimMissing(msg, { cause: e });
      if (err.claim === 'nbf') return new NotYetValid(msg, { cause: e });
      return new StrictVerificationError(msg, { cause: e });
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new AlgNotAllowed(msg, { cause: e });
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      // crit and b64 (RFC 7515 §4.1.11, RFC 7797) are jose's to judge; anything else is malformed.
      return /crit|Extension Header Parameter|unencoded payload/i.test(err.message ?? '') ? new UnsupportedCritical(msg, { cause: e }) : new MalformedToken(msg, { cause: e });
  }
  if (e instanceof TypeError) return new AlgKeyMismatch(msg, { cause: e });
  return new StrictVerificationError(msg, { cause: e });
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Verify a compact JWS/JWT strictly. Resolves to its header and payload; rejects with a
 * {@link StrictVerificationError} subclass whose `code` names the first problem found, in this
 * order: size, segments, base64url, header (UTF-8, JSON, duplicates, `alg`, key fit, `cty`),
 * payload (UTF-8, JSON, duplicates), then jose (signature, `crit`, claim types, `exp`/`nbf` with
 * the leeway), then the signature's own base64url canonicity, then the claims jose lets through
 * (required, string `iss`/`sub`, milliseconds, `iat` after `exp`).
 */
export async function verifyStrict(token: string, key: StrictKey, options: StrictVerifyOptions): Promise<StrictVerifyResult> {
  if (!options.algorithms.length) throw new TypeError('verifyStrict needs at least one allowed algorithm');
  if (typeof token !== 'string') throw new MalformedToken('the token is not a string');
  const max = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (token.length > max) throw new TokenTooLarge(`the token is ${token.length} characters long (at most ${max})`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new MalformedToken(`the token has ${parts.length} segments, not 3`);
  const [h, p, s] = parts;
  if (!h || !p) throw new MalformedToken(`the ${!h ? 'header' : 'payload'} segment is empty`);

  const header = parseObject(decodeSegment(h, 'the header'), 'the header');
  const alg = header.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') throw new AlgNone('alg is none: the token is unsecured');
  if (typeof alg !== 'string' || !options.algorithms.includes(alg)) throw new AlgNotAllowed(`alg ${JSON.stringify(alg)} is not one of ${options.algorithms.join(', ')}`);
  if (!keyFits(alg, key)) throw new AlgKeyMismatch(`alg ${alg} cannot be verified with this key (algorithm confusion)`);
  if (options.requiredCty) {
    const allowed = options.requiredCty === true ? TWILIO_CTYS : options.requiredCty;
    if (typeof header.cty !== 'string' || !allowed.includes(header.cty)) throw new CtyNotAllowed(`cty ${JSON.stringify(header.cty)} is not one of ${allowed.join(', ')}`);
  }
  parseObject(decodeSegment(p, 'the payload'), 'the payload');
  if (!s) throw new SignatureInvalid('the signature is empty');
  checkAlphabet(s, 'the signature');

  let payload: JWTPayload;
  try {
    const currentDate = options.currentDate === undefined ? undefined : options.currentDate instanceof Date ? options.currentDate : new Date(options.currentDate * 1000);
    ({ payload } = await jwtVerify(token, key, { algorithms: [...options.algorithms], clockTolerance: options.clockTolerance ?? 0, ...(currentDate ? { currentDate } : {}) }));
  } catch (e) {
    throw fromJose(e);
  }
  // A signature that verifies may still be one of several texts for the same bytes.
  decodeSegment(s, 'the signature');

  for (const claim of options.requiredClaims ?? ['exp']) {
    if (!Object.hasOwn(payload, claim)) throw new ClaimMissing(`the ${claim} claim is missing`);
  }
  for (const claim of ['iss', 'sub'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'string') throw new ClaimTypeInvalid(`the ${claim} claim is not a string`);
  }
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const v = payload[claim];
    if (isTime(v) && Math.abs(v) > MAX_PLAUSIBLE_SECONDS) throw new MillisecondTimestamp(`${claim} ${v} is past 10^10 seconds: milliseconds?`);
  }
  if (isTime(payload.iat) && isTime(payload.exp) && payload.iat > payload.exp) throw new IatAfterExp(`iat ${payload.iat} is later than exp ${payload.exp}`);
  return { header, payload };
}
