import { createPublicKey, type KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { compactVerify } from 'jose';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { isRejection, isTokenOutput, type CaseResult } from '../protocol/types.ts';
import { checkOutput } from '../protocol/validate.ts';
import { judgeProvider } from './provider-cases.ts';
import type { Expectation } from './vectors.ts';
import type { Level, Verdict } from './verdict.ts';

export type { Level, Verdict } from './verdict.ts';

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

const KEY_FIELDS = ['privateKeyPem', 'secret', 'authToken', 'secretKey'];
const isPem = (s: string): boolean => s.includes('-----BEGIN');

/**
 * The keys a token of this case may verify with, taken from the case input, for jose: the case's
 * key and, where the case reassigns it after construction (`setAfter`), the new one, since which
 * of them the library signs with is its own rule.
 */
function verificationKeys(input: JsonValue | undefined): Array<Uint8Array | KeyObject> {
  if (!(input instanceof JsonObject)) return [];
  const keys: Array<Uint8Array | KeyObject> = [];
  const setAfter = input.get('setAfter');
  for (const source of [input, setAfter instanceof JsonObject ? setAfter : undefined]) {
    for (const field of KEY_FIELDS) {
      const v = source?.get(field);
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

/** Does the token's signature verify with `jose` under the case's key? (undefined: no usable key) */
export async function verifiesWithJose(token: string, input: JsonValue | undefined): Promise<boolean | undefined> {
  const keys = verificationKeys(input);
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

function segments(token: string): { header: string; payload: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  return { header: Buffer.from(parts[0], 'base64url').toString('latin1'), payload: Buffer.from(parts[1], 'base64url').toString('latin1') };
}

/** Equal as parsed JSON values, whatever the key order or escaping. */
function sameClaims(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

/** The first place two texts differ, shown with a little context. */
export function firstDifference(want: string, got: string, labels: [string, string] = ['want', 'got']): string {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const from = Math.max(0, i - 20);
  return `at ${i}: ${labels[0]} …${JSON.stringify(want.slice(from, i + 40))} ${labels[1]} …${JSON.stringify(got.slice(from, i + 40))}`;
}

/**
 * What is wrong with the shape of an output, or undefined when it is one of protocol v1's outputs
 * (run-response.json). The protocol client validates replies at the boundary; this holds the judge
 * to the same schema for results that never crossed it (in-process sides), so that no malformed
 * output can ever be judged a pass.
 */
export function malformedOutput(out: unknown): string | undefined {
  // `server` is the runner's own view of a provider case, attached after the adapter answered.
  if (out !== null && typeof out === 'object' && Object.hasOwn(out, 'steps')) {
    const { server: _server, ...answered } = out as Record<string, unknown>;
    return checkOutput(answered);
  }
  return checkOutput(out);
}

/**
 * Judge a result against an expectation. A deterministic token must match byte for byte; a
 * randomized one (PS256) must have the expected header and payload texts and verify with `jose`.
 * A failure names the strongest level still reached, whether the signature verifies, and a diff.
 */
export async function judge(expect: Expectation, result: CaseResult, vector?: { input: JsonValue }): Promise<Verdict> {
  if ('output' in result) {
    const wrong = malformedOutput(result.output);
    if (wrong) return { status: 'error', message: `malformed output: ${wrong}` };
  }
  if (expect.kind === 'provider') return judgeProvider(expect, result);
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
  // The library's own token, byte for byte: nothing about it is the adapter's, and whether it
  // verifies is a property of the vector (test/vectors checks every expected token with jose).
  if (out.token === expect.token) return { status: 'pass', level: 'bytes' };
  const verifies = vector ? await verifiesWithJose(out.token, vector.input) : undefined;
  const withVerifies = verifies === undefined ? {} : { verifies };
  const want = segments(expect.token);
  const got = segments(out.token);
  if (!want || !got) return { status: 'fail', level: 'differs', ...withVerifies, detail: `not a compact JWS: ${out.token.slice(0, 80)}` };
  if (want.header === got.header && want.payload === got.payload) {
    if (!expect.deterministic && verifies !== false) return { status: 'pass', level: 'layout', ...withVerifies };
    return { status: 'fail', level: 'layout', ...withVerifies, detail: `header and payload identical; signature differs${verifies === false ? ' and does not verify (wrong key or algorithm?)' : ''}` };
  }
  const which = want.header !== got.header ? 'header' : 'payload';
  const diff = firstDifference(want[which], got[which]);
  const level: Level = sameClaims(want.header, got.header) && sameClaims(want.payload, got.payload) ? 'claims' : 'differs';
  return { status: 'fail', level, ...withVerifies, detail: `${which} ${diff}` };
}
