/**
 * Are two answers the same, and does an answer meet a vector's expectation? This module is the one
 * place that decides both: the runner's judge (`compare.ts`) and agreement matrix, the reports'
 * outcome digests, the differential tests, the fuzzer, the properties and the oracle replays all
 * go through it.
 *
 * One rule for randomized signatures: RSASSA-PSS (`PS*`) and ECDSA (`ES*`) sign with fresh
 * randomness (a salt, a nonce), so two tokens of theirs are the same answer when their header and
 * payload bytes are identical; every other algorithm (`HS*`, `RS*`, `none`) is deterministic and
 * its tokens must be identical to the byte. The algorithm is read from the token's own header.
 */
import { constants, createHmac, createPublicKey, KeyObject, timingSafeEqual, verify as cryptoVerify } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { isDeepStrictEqual } from 'node:util';
import { compactVerify } from 'jose';
import { parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { isRejection, isTokenOutput, type CaseOutput, type CaseResult } from '../protocol/types.ts';
import { providerOutcome } from '../families/provider-cases.ts';
import type { Expectation } from '../vectors/types.ts';
import type { Level, Verdict } from './verdict.ts';

// ---------------------------------------------------------------------------------------------
// Randomized signatures

/**
 * Whether an algorithm's signatures are randomized: RSASSA-PSS (`PS*`) and ECDSA (`ES*`) are;
 * HMAC (`HS*`), RSASSA-PKCS1-v1_5 (`RS*`), `none` and anything that is not a string are not.
 */
export function hasRandomizedSignatures(alg: unknown): boolean {
  return typeof alg === 'string' && /^(?:PS|ES)/.test(alg);
}

/**
 * The `alg` of a token's protected header, or undefined when the header has none (or is no JSON
 * object). The header is read losslessly (the last of duplicate keys wins, as the libraries'
 * parsers do). twilio-node writes headers latin1 (jws), so a header that is not UTF-8 is read as
 * latin1; and since latin1 truncates characters above U+00FF, raw control characters that this
 * leaves inside strings are read as spaces rather than making the header unreadable.
 */
export function headerAlgorithm(token: string): string | undefined {
  const bytes = Buffer.from(token.split('.')[0] ?? '', 'base64url');
  const text = isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
  const header = parseObject(text) ?? parseObject(text.replace(/[\x00-\x1f]/g, ' '));
  const alg = header?.get('alg');
  return typeof alg === 'string' ? alg : undefined;
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const v = parseLossless(text);
    return v instanceof JsonObject ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a token's own header names an algorithm with randomized signatures. */
export function isRandomizedToken(token: string): boolean {
  return hasRandomizedSignatures(headerAlgorithm(token));
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** A token's header and payload bytes (undefined: not three segments). */
function segmentsOf(token: string): { header: Buffer; payload: Buffer } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  return { header: Buffer.from(parts[0], 'base64url'), payload: Buffer.from(parts[1], 'base64url') };
}

/** Equal as parsed JSON values, whatever the key order or escaping. */
function sameClaims(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * How two tokens compare: `level` is the strongest reached (identical bytes; identical header and
 * payload bytes, only the signature differing; equal parsed JSON; nothing in common), and `same`
 * says whether that makes them the same answer: `bytes`, or `layout` under a randomized algorithm.
 * Where header or payload differ, `part` names the first that does, with both sides' texts
 * (latin1, byte for character).
 */
export interface TokenComparison {
  level: Level;
  same: boolean;
  randomized: boolean;
  part?: { name: 'header' | 'payload'; a: string; b: string };
}

/** Compare two tokens by the one rule (see the module's description). */
export function compareTokens(a: string, b: string): TokenComparison {
  const randomized = isRandomizedToken(a);
  if (a === b) return { level: 'bytes', same: true, randomized };
  const x = segmentsOf(a);
  const y = segmentsOf(b);
  if (!x || !y) return { level: 'differs', same: false, randomized };
  if (x.header.equals(y.header) && x.payload.equals(y.payload)) return { level: 'layout', same: randomized, randomized };
  const name = x.header.equals(y.header) ? 'payload' : 'header';
  const part = { name, a: x[name].toString('latin1'), b: y[name].toString('latin1') } as const;
  const claims = sameClaims(x.header.toString('latin1'), y.header.toString('latin1')) && sameClaims(x.payload.toString('latin1'), y.payload.toString('latin1'));
  return { level: claims ? 'claims' : 'differs', same: false, randomized, part };
}

/** The first place two texts differ, shown with a little context. */
export function firstDifference(want: string, got: string, labels: [string, string] = ['want', 'got']): string {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const from = Math.max(0, i - 20);
  return `at ${i}: ${labels[0]} …${JSON.stringify(want.slice(from, i + 40))} ${labels[1]} …${JSON.stringify(got.slice(from, i + 40))}`;
}

// ---------------------------------------------------------------------------------------------
// Signatures

/** A key a token of a case may verify with: a public (or private) key, or an HMAC secret's bytes. */
export type VerificationKey = KeyObject | Uint8Array;

// Public keys parsed from case PEMs, reused across cases (bounded: inputs are arbitrary text).
const publicKeys = new Map<string, KeyObject | null>();
const PUBLIC_KEY_CACHE_LIMIT = 64;

function publicKeyOf(pem: string): KeyObject | undefined {
  let key = publicKeys.get(pem);
  if (key === undefined) {
    try {
      key = createPublicKey(pem);
    } catch {
      key = null;
    }
    if (publicKeys.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(pem, key);
  }
  return key ?? undefined;
}

const KEY_FIELDS = ['privateKeyPem', 'secret', 'authToken', 'secretKey', 'key'];
const isPem = (s: string): boolean => s.includes('-----BEGIN');

/**
 * The keys a token of this case may verify with, taken from the case input: the case's key and,
 * where the case reassigns it after construction (`setAfter`), the new one, since which of them
 * the library signs with is its own rule.
 */
export function caseKeys(input: JsonValue | undefined): VerificationKey[] {
  if (!(input instanceof JsonObject)) return [];
  const keys: VerificationKey[] = [];
  const setAfter = input.get('setAfter');
  for (const source of [input, setAfter instanceof JsonObject ? setAfter : undefined]) {
    for (const field of KEY_FIELDS) {
      const given = source?.get(field);
      // An integer key is its digits where the language makes a string of it (PHP's coercive typing).
      const v = given instanceof JsonNumber && /^-?\d+$/.test(given.text) ? BigInt(given.text).toString() : given;
      if (typeof v !== 'string' || v === '') continue;
      // A PEM signs RS/PS/ES tokens; one that does not parse is an HMAC secret to the libraries.
      const publicKey = isPem(v) ? publicKeyOf(v) : undefined;
      if (publicKey) keys.push(publicKey);
      keys.push(new TextEncoder().encode(v));
      break;
    }
  }
  return keys;
}

/**
 * Does the token's signature verify with `jose` under the case's key? (undefined: no usable key.)
 * This is what a strict consumer accepts, which is what the judge reports; jose refuses headers
 * that are not UTF-8 and RSA keys under 2048 bits.
 */
export async function verifiesWithJose(token: string, input: JsonValue | undefined): Promise<boolean | undefined> {
  const keys = caseKeys(input);
  if (keys.length === 0) return undefined;
  for (const key of keys) {
    try {
      await compactVerify(token, key);
      return true;
    } catch {
      /* try the next key */
    }
  }
  return false;
}

const CURVE: Record<string, string> = { '256': 'prime256v1', '384': 'secp384r1', '512': 'secp521r1' };

/**
 * Does the token's signature verify under one of `keys`, over its exact signing input (JWS, RFC
 * 7515 §5.2, with the algorithms of RFC 7518 §3)? Unlike jose this reads headers that are not
 * UTF-8 (twilio-node's latin1 headers) and accepts the small RSA keys libraries sign with: when
 * two answers are compared, the question is only whether the signature is right.
 */
export function signatureVerifies(token: string, keys: readonly VerificationKey[]): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const m = /^(HS|RS|PS|ES)(256|384|512)$/.exec(headerAlgorithm(token) ?? '');
  if (!m) return false;
  const [, family, bits] = m;
  const hash = `sha${bits}`;
  const input = Buffer.from(`${parts[0]}.${parts[1]}`, 'latin1');
  const signature = Buffer.from(parts[2], 'base64url');
  return keys.some((key) => {
    try {
      if (family === 'HS') {
        if (key instanceof KeyObject) return false;
        const mac = createHmac(hash, key).update(input).digest();
        return mac.length === signature.length && timingSafeEqual(mac, signature);
      }
      if (!(key instanceof KeyObject)) return false;
      const pub = key.type === 'private' ? createPublicKey(key) : key;
      if (family === 'ES') {
        if (pub.asymmetricKeyDetails?.namedCurve !== CURVE[bits]) return false;
        return cryptoVerify(hash, input, { key: pub, dsaEncoding: 'ieee-p1363' }, signature);
      }
      if (pub.asymmetricKeyType !== 'rsa' && pub.asymmetricKeyType !== 'rsa-pss') return false;
      const padding = family === 'PS' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { padding: constants.RSA_PKCS1_PADDING };
      return cryptoVerify(hash, input, { key: pub, ...padding }, signature);
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Two answers

/**
 * How far two answers agree. Tokens: the {@link Level}s of {@link compareTokens}, or `extras` when
 * the tokens are the same but the family's outputs beside them (`canonicalRequest`, ...) are not.
 * Rejections: `rejection` (same message and type), `rejection-message`, `rejection-type`.
 * `acceptance`: one side rejected, the other answered. `decoded` and `steps`: the `jwt` decode and
 * `credential_provider` outputs. `shape`: outputs of different kinds (or of no known kind).
 * `unanswered`: either side skipped or errored.
 */
export type AnswerLevel = Level | 'extras' | 'rejection' | 'rejection-message' | 'rejection-type' | 'acceptance' | 'decoded' | 'steps' | 'shape' | 'unanswered';

/** Whether two answers are the same, how far they agree, and a readable account of it. */
export interface AnswerComparison {
  same: boolean;
  level: AnswerLevel;
  /** One line when the answers are the same; when not, what differs, then each side. */
  explanation: string;
  /** Both are tokens of a randomized algorithm with the same header and payload. */
  randomized?: boolean;
  /** With keys to check: whether both randomized signatures verify (a pair that does not is not the same). */
  verified?: boolean;
}

export interface CompareOptions {
  /** Names of the two sides in explanations. */
  labels?: [string, string];
  /**
   * Keys to check randomized signatures with: two tokens with the same header and payload are then
   * the same answer only when both signatures verify under one of them ({@link signatureVerifies}).
   */
  keys?: readonly VerificationKey[];
}

/** A short account of one result, for explanations. */
export function describeResult(r: CaseResult): string {
  if ('skipped' in r) return `skipped (${r.skipped.reason})`;
  if ('errored' in r) return `errored (${r.errored.message})`;
  const o = r.output;
  if (isRejection(o)) return `rejected ${o.error.type ?? ''}: ${o.error.message}`;
  if (isTokenOutput(o)) return `token ${o.token}`;
  return JSON.stringify(o);
}

/** JSON with object keys sorted at every depth: equal texts for equal parsed values. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

/** A token output's other members (`canonicalRequest`, `requestHash`, ...), canonically ordered; '' for none. */
function extrasOf(o: Record<string, unknown>): string {
  const rest = Object.entries(o).filter(([k, v]) => k !== 'token' && v !== undefined);
  return rest.length === 0 ? '' : canonical(Object.fromEntries(rest));
}

type Shape = 'rejection' | 'token' | 'steps' | 'decoded' | 'other';

/** Which kind of output this is, read defensively (an in-process side's output is not validated). */
function shapeOf(o: CaseOutput): Shape {
  if (o === null || typeof o !== 'object') return 'other';
  if (isRejection(o) && typeof o.error.message === 'string') return 'rejection';
  if (isTokenOutput(o)) return 'token';
  if (Array.isArray((o as { steps?: unknown }).steps)) return 'steps';
  if ('decoded' in o) return 'decoded';
  return 'other';
}

/**
 * Compare two answers to the same case: tokens by the one rule for randomized signatures (and the
 * family's outputs beside them, compared as JSON); rejections by message and type (an absent type
 * is a value: an answer that names its class differs from one that does not, as the judge holds
 * an answer to the class a vector records); decoded tokens as parsed JSON, key order aside;
 * `credential_provider` runs by each step's result, token requests and API Authorization values.
 * Two results that are not answers (skipped, errored) are the same only when identical.
 *
 * `same` agrees with {@link outcomeKey}: two answers are the same exactly when their keys are
 * equal (with `keys`, randomized tokens whose signatures do not both verify are the exception).
 */
export function compareAnswers(a: CaseResult, b: CaseResult, options: CompareOptions = {}): AnswerComparison {
  const [l, r] = options.labels ?? ['left', 'right'];
  const sides = `${l}: ${describeResult(a)}\n${r}: ${describeResult(b)}`;
  if (!('output' in a) || !('output' in b)) return { same: isDeepStrictEqual(a, b), level: 'unanswered', explanation: sides };
  const x = a.output;
  const y = b.output;
  const sx = shapeOf(x);
  const sy = shapeOf(y);
  if (sx !== sy) return { same: false, level: sx === 'rejection' || sy === 'rejection' ? 'acceptance' : 'shape', explanation: sides };
  switch (sx) {
    case 'rejection': {
      const [ex, ey] = [(x as { error: { type?: string; message: string } }).error, (y as { error: { type?: string; message: string } }).error];
      if (ex.message !== ey.message) return { same: false, level: 'rejection-message', explanation: `rejection messages differ\n  ${l}: ${ex.message}\n  ${r}: ${ey.message}` };
      if (ex.type !== ey.type) return { same: false, level: 'rejection-type', explanation: `rejection types differ (same message)\n  ${l}: ${ex.type ?? '(none)'}\n  ${r}: ${ey.type ?? '(none)'}` };
      return { same: true, level: 'rejection', explanation: 'the same rejection' };
    }
    case 'token':
      return compareTokenOutputs(x as Record<string, unknown> & { token: string }, y as Record<string, unknown> & { token: string }, l, r, options.keys);
    case 'decoded': {
      const [dx, dy] = [(x as { decoded: unknown }).decoded, (y as { decoded: unknown }).decoded];
      if (canonical(dx) === canonical(dy)) return { same: true, level: 'decoded', explanation: 'the same decoded token' };
      return { same: false, level: 'decoded', explanation: `decoded tokens differ\n  ${l}: ${JSON.stringify(dx)}\n  ${r}: ${JSON.stringify(dy)}` };
    }
    case 'steps': {
      const [px, py] = [providerOutcome(x as Record<string, unknown>), providerOutcome(y as Record<string, unknown>)];
      if (px === py) return { same: true, level: 'steps', explanation: 'the same steps, token requests and API Authorization values' };
      return { same: false, level: 'steps', explanation: `credential_provider runs differ ${firstDifference(px, py, [l, r])}\n  ${l}: ${px}\n  ${r}: ${py}` };
    }
    default:
      return canonical(x) === canonical(y) ? { same: true, level: 'shape', explanation: 'the same output' } : { same: false, level: 'shape', explanation: sides };
  }
}

function compareTokenOutputs(x: Record<string, unknown> & { token: string }, y: Record<string, unknown> & { token: string }, l: string, r: string, keys: readonly VerificationKey[] | undefined): AnswerComparison {
  const t = compareTokens(x.token, y.token);
  if (!t.same) {
    if (t.part) return { same: false, level: t.level, explanation: `${t.part.name} differs ${firstDifference(t.part.a, t.part.b, [l, r])}\n  ${l}: ${t.part.a}\n  ${r}: ${t.part.b}` };
    const what = t.level === 'layout' ? `signatures differ (same header and payload; ${headerAlgorithm(x.token) ?? 'no alg'} signatures are deterministic)` : 'not the same compact JWS';
    return { same: false, level: t.level, explanation: `${what}\n  ${l}: ${x.token}\n  ${r}: ${y.token}` };
  }
  // Family outputs beside the token must be identical too.
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (k === 'token' || canonical(x[k]) === canonical(y[k])) continue;
    return { same: false, level: 'extras', explanation: `${k} differs\n  ${l}: ${JSON.stringify(x[k])}\n  ${r}: ${JSON.stringify(y[k])}` };
  }
  if (t.level === 'bytes') return { same: true, level: 'bytes', explanation: 'identical tokens' };
  const alg = headerAlgorithm(x.token);
  if (!keys || keys.length === 0) return { same: true, level: 'layout', randomized: true, explanation: `the same header and payload (${alg} signatures are randomized)` };
  const bad = [x, y].flatMap((o, i) => (signatureVerifies(o.token, keys) ? [] : [i === 0 ? l : r]));
  if (bad.length > 0)
    return { same: false, level: 'layout', randomized: true, verified: false, explanation: `the same header and payload, but the ${alg} signature of ${bad.join(' and ')} does not verify\n  ${l}: ${x.token}\n  ${r}: ${y.token}` };
  return { same: true, level: 'layout', randomized: true, verified: true, explanation: `the same header and payload (${alg} signatures are randomized; both verify)` };
}

/**
 * What an adapter answered, reduced to a key comparable across adapters: two answers have equal
 * keys exactly when {@link compareAnswers} (without keys) finds them the same. Undefined for a
 * result that is not an answer (skipped, errored), which agreement leaves out.
 */
export function outcomeKey(r: CaseResult): string | undefined {
  if (!('output' in r)) return undefined;
  const o = r.output;
  switch (shapeOf(o)) {
    case 'rejection': {
      const e = (o as { error: { type?: string; message: string } }).error;
      return e.type === undefined ? `error:${e.message}` : `error[${JSON.stringify(e.type)}]:${e.message}`;
    }
    case 'token': {
      const t = o as Record<string, unknown> & { token: string };
      const s = segmentsOf(t.token);
      // Randomized tokens agree when header and payload bytes do: the key holds those bytes.
      const base = s && isRandomizedToken(t.token) ? `layout:${s.header.toString('base64url')}.${s.payload.toString('base64url')}` : `token:${t.token}`;
      const extras = extrasOf(t);
      return extras ? `${base}\n${extras}` : base;
    }
    // credential_provider: what every step gave, and its token requests and API Authorization.
    case 'steps':
      return `steps:${providerOutcome(o as Record<string, unknown>)}`;
    case 'decoded':
      return `decoded:${canonical((o as { decoded: unknown }).decoded)}`;
    default:
      return `output:${canonical(o)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// An answer and an expectation

/** A token expectation, with the family's outputs beside the token where its source records them. */
export type TokenExpectation = Extract<Expectation, { kind: 'token' }> & { extras?: Record<string, unknown> };

/**
 * Judge an answer against a token, rejection, decoded or unsupported expectation: the token
 * families' judge (conformance/families/; the runner's `judge` adds the protocol shape check and
 * hands each result to its family's judge). A deterministic token must
 * match byte for byte; a randomized one must have the expected header and payload bytes and not
 * fail to verify with `jose` under the case's key. A failure names the strongest level still
 * reached, whether the signature verifies, and a diff. Rejections must have the expected message,
 * and the expected type where the expectation records one.
 */
export async function judgeAnswer(expect: Exclude<Expectation, { kind: 'provider' }> | TokenExpectation, result: CaseResult, vector?: { input: JsonValue }): Promise<Verdict> {
  if ('skipped' in result) return { status: 'skip', reason: result.skipped.reason };
  if ('errored' in result) return { status: 'error', message: result.errored.message };
  const out = result.output;
  if (expect.kind === 'unsupported') {
    return { status: 'fail', level: 'accepted', detail: `expected the library to be unable to express this (${expect.reason})` };
  }
  if (expect.kind === 'error') {
    if (!isRejection(out)) return { status: 'fail', level: 'accepted', detail: `expected rejection "${expect.message}", got a ${isTokenOutput(out) ? 'token' : 'result'}` };
    if (out.error.message !== expect.message) {
      return { status: 'fail', level: 'rejection-message', detail: `rejected with "${out.error.message}", expected "${expect.message}"` };
    }
    // The class is part of the library's behaviour (callers catch by it): where the vector records
    // it, an adapter that does not say which class it raised has not shown the right one.
    if (expect.type !== undefined && out.error.type !== expect.type) {
      return { status: 'fail', level: 'rejection-type', detail: `rejected with the right message but ${out.error.type === undefined ? 'no type' : `type ${out.error.type}`}, expected ${expect.type}` };
    }
    return { status: 'pass', level: 'rejection' };
  }
  if (isRejection(out)) return { status: 'fail', level: 'rejected', detail: `expected a ${expect.kind === 'decoded' ? 'decoded token' : 'token'}, got ${out.error.type ?? 'error'}: ${out.error.message}` };
  if (expect.kind === 'decoded') {
    // Decoded values are compared as parsed JSON (key order aside): they are the library's objects, not bytes.
    const got = (out as { decoded?: { header?: unknown; payload?: unknown } }).decoded;
    if (!got) return { status: 'fail', level: 'differs', detail: `expected a decoded token, got ${JSON.stringify(out).slice(0, 120)}` };
    if (isDeepStrictEqual(got.header, expect.header) && isDeepStrictEqual(got.payload, expect.payload)) return { status: 'pass', level: 'claims' };
    return { status: 'fail', level: 'differs', detail: `decoded ${JSON.stringify(got).slice(0, 300)}, expected ${JSON.stringify({ header: expect.header, payload: expect.payload }).slice(0, 300)}` };
  }
  if (!isTokenOutput(out)) return { status: 'error', message: 'output has no token' };
  const token = await judgeToken(expect.token, out.token, vector);
  if (token.status !== 'pass' || !('extras' in expect) || !expect.extras) return token;
  for (const [k, want] of Object.entries(expect.extras)) {
    if (want !== undefined && JSON.stringify(out[k]) !== JSON.stringify(want)) return { status: 'fail', level: 'differs', detail: `${k} ${JSON.stringify(out[k])}, expected ${JSON.stringify(want)}` };
  }
  return token;
}

async function judgeToken(want: string, got: string, vector: { input: JsonValue } | undefined): Promise<Verdict> {
  // The library's own token, byte for byte: nothing about it is the adapter's, and whether it
  // verifies is a property of the vector (test/vectors checks every expected token with jose).
  const t = compareTokens(want, got);
  if (t.level === 'bytes') return { status: 'pass', level: 'bytes' };
  const verifies = vector ? await verifiesWithJose(got, vector.input) : undefined;
  const withVerifies = verifies === undefined ? {} : { verifies };
  if (t.level === 'differs' && !t.part) return { status: 'fail', level: 'differs', ...withVerifies, detail: `not a compact JWS: ${got.slice(0, 80)}` };
  if (t.level === 'layout') {
    if (t.randomized && verifies !== false) return { status: 'pass', level: 'layout', ...withVerifies };
    return { status: 'fail', level: 'layout', ...withVerifies, detail: `header and payload identical; signature differs${verifies === false ? ' and does not verify (wrong key or algorithm?)' : ''}` };
  }
  const part = t.part!;
  return { status: 'fail', level: t.level, ...withVerifies, detail: `${part.name} ${firstDifference(part.a, part.b)}` };
}
