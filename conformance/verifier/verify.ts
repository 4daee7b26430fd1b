/**
 * The harness's strict JWT verifier: jose's `jwtVerify` (signature, exp and nbf with an explicit
 * leeway, claim types) wrapped in the checks jose leaves out, which Twilio tokens make matter:
 * options and key checked before any token is read, canonical base64url, strict UTF-8 and JSON
 * without duplicate names, `alg: none` and algorithm confusion (by key type, and by an HMAC secret
 * that is really public key material) refused before any key is used, a size bound, Twilio's
 * `cty`, NumericDates judged on their JSON text (no Infinity, nothing negative, nothing past
 * 2^53 - 1), timestamps in milliseconds, `iat` after `exp`. It never trusts the code under test:
 * it reads only the token.
 */
import { KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { JsonParseError, parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import {
  AlgKeyMismatch,
  AlgNone,
  AlgNotAllowed,
  ClaimMissing,
  ClaimTypeInvalid,
  CtyNotAllowed,
  DuplicateKey,
  Expired,
  HmacKeyConfusion,
  IatAfterExp,
  InvalidBase64url,
  InvalidUtf8,
  InvalidVerifyOptions,
  MalformedToken,
  MillisecondTimestamp,
  NonCanonicalBase64url,
  NotAnObject,
  NotJson,
  NotYetValid,
  NumericDateInvalid,
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

/**
 * No NumericDate may exceed this (2^53 - 1 seconds): past it no clock reaches, milliseconds cannot
 * explain it (2^53 ms is already beyond what a Date holds), and a double no longer holds every
 * integer. RFC 7519 bounds nothing; jose and jsonwebtoken check only `typeof`, so `1e309` (read as
 * Infinity) never expires there, and PyJWT 2.6 fails with an uncaught OverflowError.
 */
export const MAX_NUMERIC_DATE = Number.MAX_SAFE_INTEGER;

/** The largest `clockTolerance` taken, in seconds (a day): more is no clock skew, it switches exp and nbf off. */
export const MAX_CLOCK_TOLERANCE = 86_400;

/**
 * The algorithms `algorithms` may name: what jose verifies, plus `none`, which may be listed but
 * never admits a token (an `alg: none` token is always refused).
 */
export const SUPPORTED_ALGORITHMS: readonly string[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'none'];

/**
 * How to verify: which algorithms, at what time, with what leeway, and which optional checks.
 * Every option is checked before the token is read; a bad one throws {@link InvalidVerifyOptions}
 * naming it.
 */
export interface StrictVerifyOptions {
  /** The algorithms accepted, e.g. `['HS256']`: a non-empty list from {@link SUPPORTED_ALGORITHMS}. Required: there is no default to be confused by. */
  algorithms: readonly string[];
  /** The verification time: seconds since the epoch in [0, 10^10] (a valid Date is also taken). Defaults to now. */
  currentDate?: number | Date;
  /** The explicit leeway for `exp` and `nbf`: seconds in [0, {@link MAX_CLOCK_TOLERANCE}] (default 0). */
  clockTolerance?: number;
  /** Refuse tokens longer than this many characters: a positive integer (default {@link DEFAULT_MAX_TOKEN_LENGTH}). */
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

/**
 * A verification key: an HMAC secret (bytes, or a secret KeyObject), or a public key object. A
 * private key object is taken too: it verifies with its public half. An RSA key needs at least
 * 2048 bits; an HMAC secret must not be empty, nor be public key material in disguise (PEM,
 * OpenSSH, DER or JWK text: refused with {@link HmacKeyConfusion} when an HMAC token meets it).
 */
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

/** UTF-8, JSON, no duplicate names, an object: then the value as JSON.parse gives it, and the lossless tree. */
function parseObject(bytes: Buffer, what: string): { value: Record<string, unknown>; tree: JsonObject } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (cause) {
    throw new InvalidUtf8(`${what} is not UTF-8`, { cause });
  }
  let tree: JsonValue;
  try {
    tree = parseLossless(text);
  } catch (cause) {
    if (cause instanceof JsonParseError) throw new NotJson(`${what} is not JSON (${cause.message})`, { cause });
    throw cause;
  }
  if (!(tree instanceof JsonObject)) throw new NotAnObject(`${what} is not a JSON object`);
  const dup = duplicateName(tree);
  if (dup !== undefined) throw new DuplicateKey(`${what} repeats the member ${JSON.stringify(dup)}`);
  return { value: JSON.parse(text) as Record<string, unknown>, tree };
}

// ---------------------------------------------------------------------------------------------
// Options and key, checked before the token is read

/** A short, safe description of an option's value for an error message (never of a key). */
function shown(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v;
}

interface Checked {
  algorithms: string[];
  /** In seconds, or undefined for now. */
  currentDate: number | undefined;
  clockTolerance: number;
  maxTokenLength: number;
  requiredCty: readonly string[] | undefined;
  requiredClaims: readonly string[];
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Every option, or the first bad one as {@link InvalidVerifyOptions}. */
function checkOptions(options: unknown): Checked {
  if (typeof options !== 'object' || options === null) throw new InvalidVerifyOptions('options', `${shown(options)} is not an object`);
  const o = options as Record<string, unknown>;

  const algorithms = o.algorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0) throw new InvalidVerifyOptions('algorithms', 'needs at least one allowed algorithm (there is no default to be confused by)');
  for (const a of algorithms) {
    if (typeof a !== 'string' || !SUPPORTED_ALGORITHMS.includes(a)) throw new InvalidVerifyOptions('algorithms', `${shown(a)} is not one of ${SUPPORTED_ALGORITHMS.join(', ')}`);
  }

  let currentDate: number | undefined;
  if (o.currentDate !== undefined) {
    const seconds = o.currentDate instanceof Date ? o.currentDate.getTime() / 1000 : o.currentDate;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new InvalidVerifyOptions('currentDate', `${shown(o.currentDate)} is not a finite number of seconds or a valid Date`);
    if (seconds < 0 || seconds > MAX_PLAUSIBLE_SECONDS) {
      throw new InvalidVerifyOptions('currentDate', `${shown(seconds)} seconds is outside [0, 10^10]${seconds > MAX_PLAUSIBLE_SECONDS ? ' (milliseconds? the option is in seconds)' : ''}`);
    }
    currentDate = seconds;
  }

  const clockTolerance = o.clockTolerance ?? 0;
  if (typeof clockTolerance !== 'number' || !Number.isFinite(clockTolerance) || clockTolerance < 0 || clockTolerance > MAX_CLOCK_TOLERANCE) {
    throw new InvalidVerifyOptions('clockTolerance', `${shown(clockTolerance)} is not a number of seconds in [0, ${MAX_CLOCK_TOLERANCE}]`);
  }

  const maxTokenLength = o.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (typeof maxTokenLength !== 'number' || !Number.isSafeInteger(maxTokenLength) || maxTokenLength < 1) {
    throw new InvalidVerifyOptions('maxTokenLength', `${shown(maxTokenLength)} is not a positive integer`);
  }

  let requiredCty: readonly string[] | undefined;
  if (o.requiredCty === true) requiredCty = TWILIO_CTYS;
  else if (isStringArray(o.requiredCty) && o.requiredCty.length > 0) requiredCty = o.requiredCty;
  else if (o.requiredCty !== undefined && o.requiredCty !== false) throw new InvalidVerifyOptions('requiredCty', `${shown(o.requiredCty)} is not a boolean or a non-empty array of strings`);

  const requiredClaims = o.requiredClaims ?? ['exp'];
  if (!isStringArray(requiredClaims)) throw new InvalidVerifyOptions('requiredClaims', `${shown(requiredClaims)} is not an array of strings`);

  return { algorithms: [...algorithms] as string[], currentDate, clockTolerance, maxTokenLength, requiredCty, requiredClaims };
}

const publicHalves = new WeakMap<KeyObject, KeyObject>();

/** The key as it verifies: a private key becomes its public half; no key, an empty secret or a short RSA key is a usage error. */
function checkKey(key: unknown): StrictKey {
  if (key instanceof KeyObject) {
    if (key.type === 'secret') {
      if (!key.symmetricKeySize) throw new InvalidVerifyOptions('key', 'the HMAC secret is empty');
      return key;
    }
    let pub = key;
    if (key.type === 'private') {
      // A private key holds its public half (as jsonwebtoken and PyJWT use it); jose wants that half.
      pub = publicHalves.get(key) ?? createPublicKey(key);
      publicHalves.set(key, pub);
    }
    const bits = pub.asymmetricKeyDetails?.modulusLength;
    if ((pub.asymmetricKeyType === 'rsa' || pub.asymmetricKeyType === 'rsa-pss') && (bits === undefined || bits < 2048)) {
      throw new InvalidVerifyOptions('key', `an RSA key of ${bits ?? 'unknown'} bits (at least 2048 are needed)`);
    }
    return pub;
  }
  if (key instanceof Uint8Array) {
    if (key.length === 0) throw new InvalidVerifyOptions('key', 'the HMAC secret is empty');
    return key;
  }
  // Only the kind of value: a key given as a string is still a secret and is never quoted.
  const kind = key === null ? 'null' : typeof key === 'object' ? (key.constructor?.name ?? 'an object') : `a ${typeof key}`;
  throw new InvalidVerifyOptions('key', `${kind} is neither a Uint8Array secret nor a KeyObject`);
}

// ---------------------------------------------------------------------------------------------
// Keys and algorithms

const EC_CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** Whether the key can serve `alg` at all; anything else is algorithm confusion. */
function keyFits(alg: string, key: StrictKey): boolean {
  const type = key instanceof KeyObject ? key.type : 'secret';
  const kind = key instanceof KeyObject ? key.asymmetricKeyType : undefined;
  if (alg.startsWith('HS')) return type === 'secret';
  if (type === 'secret') return false;
  if (alg.startsWith('RS')) return kind === 'rsa';
  if (alg.startsWith('PS')) return kind === 'rsa' || kind === 'rsa-pss';
  if (alg.startsWith('ES')) return kind === 'ec' && (key as KeyObject).asymmetricKeyDetails?.namedCurve === EC_CURVES[alg];
  // jose verifies EdDSA with Ed25519 only (Web Crypto has no Ed448 here).
  if (alg === 'EdDSA' || alg === 'Ed25519') return kind === 'ed25519';
  return false;
}

// PEM armour of any label (RFC 7468), and the RFC 4716 SSH2 one.
const PEM_ARMOUR = /-----BEGIN ([A-Z0-9][A-Z0-9 ]*)-----|---- BEGIN (SSH2 [A-Z ]+) ----/;
// An OpenSSH public key (or certificate) line: the key type, then its base64 blob, which always
// starts with AAAA (the type name's length, a 32-bit big-endian integer).
const OPENSSH_LINE = /(?:^|\s)(ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com|[a-z0-9.-]+-cert-v0[01]@openssh\.com)[ \t]+AAAA[A-Za-z0-9+/]/;
// DER in base64 without armour: a SEQUENCE with a long-form length begins "MI".
const BASE64_DER = /^\s*MI[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** What DER bytes hold, if they parse as a public key, a private key or an X.509 certificate. */
function derKind(der: Buffer): string | undefined {
  if (der[0] !== 0x30) return undefined;
  const attempts: Array<[string, () => unknown]> = [
    ['DER of a public key (SubjectPublicKeyInfo)', () => createPublicKey({ key: der, format: 'der', type: 'spki' })],
    ['DER of an RSA public key (PKCS#1)', () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' })],
    ['DER of an X.509 certificate', () => new X509Certificate(der)],
    ['DER of a private key (PKCS#8)', () => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })],
    ['DER of an RSA private key (PKCS#1)', () => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })],
    ['DER of an EC private key (SEC 1)', () => createPrivateKey({ key: der, format: 'der', type: 'sec1' })],
  ];
  for (const [kind, attempt] of attempts) {
    try {
      attempt();
      return kind;
    } catch {
      // not this kind
    }
  }
  return undefined;
}

/**
 * What an HMAC secret really is, when it is public key material rather than a secret: PEM text
 * (keys, certificates, any label), an OpenSSH public key line, JWK or JWK-set JSON, DER or base64
 * DER of a key or certificate. Undefined for anything else. The description never quotes the
 * secret, only the kind (and a PEM label).
 */
function keyMaterialKind(secret: Uint8Array): string | undefined {
  const bytes = Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
  const text = bytes.toString('latin1');
  const pem = PEM_ARMOUR.exec(text);
  if (pem) return `PEM text (${pem[1] ?? pem[2]})`;
  const ssh = OPENSSH_LINE.exec(text);
  if (ssh) return `an OpenSSH public key line (${ssh[1]})`;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const j = JSON.parse(trimmed) as Record<string, unknown>;
      if (typeof j.kty === 'string') return 'JWK JSON text';
      if (Array.isArray(j.keys)) return 'JWK set JSON text';
    } catch {
      // not JSON: not a JWK
    }
  }
  return derKind(bytes) ?? (BASE64_DER.test(text) ? derKind(Buffer.from(text.replace(/\s+/g, ''), 'base64')) : undefined);
}

// A KeyObject cannot change, so its verdict is kept; bytes can, so they are looked at every time.
const keyObjectKinds = new WeakMap<KeyObject, string | null>();

/** {@link keyMaterialKind} of the key's secret bytes. */
function secretKeyMaterial(key: StrictKey): string | undefined {
  if (!(key instanceof KeyObject)) return keyMaterialKind(key);
  let kind = keyObjectKinds.get(key);
  if (kind === undefined) keyObjectKinds.set(key, (kind = keyMaterialKind(key.export()) ?? null));
  return kind ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// NumericDates, judged on their JSON text

const NUMBER_PARTS = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** Compare the non-negative value a JSON number text denotes with `bound`, exactly: -1, 0 or 1. */
function compareNumberText(text: string, bound: bigint): number {
  const m = NUMBER_PARTS.exec(text);
  if (!m) throw new Error(`not a JSON number text: ${text.slice(0, 40)}`);
  const fraction = m[3] ?? '';
  const digits = (m[2] + fraction).replace(/^0+/, '');
  if (!digits) return bound === 0n ? 0 : -1;
  // value = digits x 10^exp; an exponent with hundreds of digits gives +-Infinity, which the
  // magnitude tests below settle without arithmetic.
  const exp = Number(m[4] ?? '0') - fraction.length;
  const magnitude = digits.length + exp; // 10^(magnitude - 1) <= value < 10^magnitude
  const boundDigits = bound.toString().length;
  if (magnitude > boundDigits) return 1;
  if (magnitude < boundDigits) return -1;
  const v = BigInt(digits);
  const [a, b] = exp >= 0 ? [v * 10n ** BigInt(exp), bound] : [v, bound * 10n ** BigInt(-exp)];
  return a > b ? 1 : a < b ? -1 : 0;
}

const MAX_NUMERIC_DATE_BIG = BigInt(MAX_NUMERIC_DATE);
const MAX_PLAUSIBLE_BIG = BigInt(MAX_PLAUSIBLE_SECONDS);
const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/**
 * Refuse a time claim whose number text is no NumericDate (non-finite, negative, past 2^53 - 1);
 * return the claims that look like milliseconds, which are refused after the signature check.
 * Non-numbers are left to jose's type check.
 */
function checkNumericDates(payload: JsonObject): string[] {
  const milliseconds: string[] = [];
  for (const claim of TIME_CLAIMS) {
    const v = payload.get(claim);
    if (!(v instanceof JsonNumber)) continue;
    const text = v.text;
    const quoted = text.length > 40 ? `${text.slice(0, 40)}... (${text.length} characters)` : text;
    if (text.startsWith('-') && /[1-9]/.test(text.replace(/[eE].*$/, ''))) throw new NumericDateInvalid(`${claim} ${quoted} is negative: before 1970`);
    if (compareNumberText(text, MAX_NUMERIC_DATE_BIG) > 0) {
      const read = Number(text);
      throw new NumericDateInvalid(Number.isFinite(read) ? `${claim} ${quoted} is past 2^53 - 1 seconds` : `${claim} ${quoted} is too large for a double: JSON.parse reads ${read}, which never expires`);
    }
    if (compareNumberText(text, MAX_PLAUSIBLE_BIG) > 0) milliseconds.push(`${claim} ${quoted}`);
  }
  return milliseconds;
}

// ---------------------------------------------------------------------------------------------
// jose

/** jose's rejection, as one of ours: by jose's error code, and for a TypeError about the key, a key mismatch. */
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
  // Options and key were checked first, so a TypeError about the key, or Web Crypto refusing to
  // import it (DataError, InvalidAccessError), is jose refusing this key for this alg.
  const name = (e as Error | undefined)?.name;
  if ((e instanceof TypeError && /\bkey\b|modulusLength|namedCurve|CryptoKey|KeyObject/i.test(err.message ?? '')) || name === 'DataError' || name === 'InvalidAccessError') {
    return new AlgKeyMismatch(msg, { cause: e });
  }
  // Anything else is still a refusal, under the generic code (never a guess at a specific one).
  return new StrictVerificationError(msg, { cause: e });
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Verify a compact JWS/JWT strictly. Resolves to its header and payload; rejects with a
 * {@link StrictVerificationError} subclass whose `code` names the first problem found, in this
 * order: size, segments, base64url, header (UTF-8, JSON, duplicates, `alg`, key fit, an HMAC
 * secret that is public key material, `cty`), payload (UTF-8, JSON, duplicates, NumericDate text),
 * then jose (signature, `crit`, claim types, `exp`/`nbf` with the leeway), then the signature's
 * own base64url canonicity, then the claims jose lets through (required, string `iss`/`sub`,
 * milliseconds, `iat` after `exp`).
 *
 * Bad options or an unusable key are not a verdict on the token: they throw
 * {@link InvalidVerifyOptions} (a TypeError naming the option) before the token is read.
 */
export async function verifyStrict(token: string, key: StrictKey, options: StrictVerifyOptions): Promise<StrictVerifyResult> {
  const o = checkOptions(options);
  const k = checkKey(key);
  if (typeof token !== 'string') throw new MalformedToken('the token is not a string');
  if (token.length > o.maxTokenLength) throw new TokenTooLarge(`the token is ${token.length} characters long (at most ${o.maxTokenLength})`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new MalformedToken(`the token has ${parts.length} segments, not 3`);
  const [h, p, s] = parts;
  if (!h || !p) throw new MalformedToken(`the ${!h ? 'header' : 'payload'} segment is empty`);

  const { value: header } = parseObject(decodeSegment(h, 'the header'), 'the header');
  const alg = header.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') throw new AlgNone('alg is none: the token is unsecured');
  if (typeof alg !== 'string' || !o.algorithms.includes(alg)) throw new AlgNotAllowed(`alg ${JSON.stringify(alg)} is not one of ${o.algorithms.join(', ')}`);
  if (!keyFits(alg, k)) throw new AlgKeyMismatch(`alg ${alg} cannot be verified with this key (algorithm confusion)`);
  if (alg.startsWith('HS')) {
    const material = secretKeyMaterial(k);
    if (material !== undefined) throw new HmacKeyConfusion(`alg ${alg} with an HMAC secret that is ${material}: public key material is no secret (algorithm confusion)`);
  }
  if (o.requiredCty && (typeof header.cty !== 'string' || !o.requiredCty.includes(header.cty))) {
    throw new CtyNotAllowed(`cty ${JSON.stringify(header.cty)} is not one of ${o.requiredCty.join(', ')}`);
  }
  const { tree: claims } = parseObject(decodeSegment(p, 'the payload'), 'the payload');
  const milliseconds = checkNumericDates(claims);
  if (!s) throw new SignatureInvalid('the signature is empty');
  checkAlphabet(s, 'the signature');

  let payload: JWTPayload;
  try {
    const currentDate = o.currentDate === undefined ? undefined : new Date(o.currentDate * 1000);
    ({ payload } = await jwtVerify(token, k, { algorithms: o.algorithms, clockTolerance: o.clockTolerance, ...(currentDate ? { currentDate } : {}) }));
  } catch (e) {
    throw fromJose(e);
  }
  // A signature that verifies may still be one of several texts for the same bytes.
  decodeSegment(s, 'the signature');

  for (const claim of o.requiredClaims) {
    if (!Object.hasOwn(payload, claim)) throw new ClaimMissing(`the ${claim} claim is missing`);
  }
  for (const claim of ['iss', 'sub'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'string') throw new ClaimTypeInvalid(`the ${claim} claim is not a string`);
  }
  if (milliseconds.length) throw new MillisecondTimestamp(`${milliseconds[0]} is past 10^10 seconds: milliseconds?`);
  if (isTime(payload.iat) && isTime(payload.exp) && payload.iat > payload.exp) throw new IatAfterExp(`iat ${payload.iat} is later than exp ${payload.exp}`);
  return { header, payload };
}
