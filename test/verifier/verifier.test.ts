/**
 * The strict verifier against its Wycheproof-style vectors (vectors/verifier/): the file matches
 * its schema and its generator, every flag is defined once with what jose does about it, the
 * verifier classifies every vector as its result and flags say, and wherever the flags put a
 * vector within jose's own checks, jose alone reaches the same verdict.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES, StrictVerificationError, verifyStrict, type StrictKey, type StrictVerifyOptions } from '../../conformance/verifier/index.ts';
import { buildVectorFile } from '../../conformance/vectors/build/verifier.ts';
import { ROOT } from '../helpers/shared.ts';

interface Flag {
  description: string;
  bugType?: string;
  jose?: 'rejects' | 'accepts';
  verifier?: 'rejects' | 'accepts';
  code?: string;
}
interface Test {
  tcId: number;
  id: string;
  comment: string;
  flags: string[];
  token: string;
  key: string;
  options?: Partial<StrictVerifyOptions> & { currentDate?: number };
  result: 'valid' | 'invalid' | 'acceptable';
}
interface VectorFile {
  numberOfTests: number;
  defaults: StrictVerifyOptions & { currentDate: number; clockTolerance: number };
  keys: Record<string, { kty: string; k?: string; n?: string; e?: string; d?: string }>;
  tests: Test[];
}

const FILE = join(ROOT, 'vectors', 'verifier', 'strict.json');
const text = readFileSync(FILE, 'utf8');
const doc = JSON.parse(text) as VectorFile;
const FLAGS = (JSON.parse(readFileSync(join(ROOT, 'vectors', 'flags.json'), 'utf8')) as { flags: Record<string, Flag> }).flags;
const CODES = new Set<string>(ERROR_CLASSES.map((c) => c.code));

/** The vector's key as a KeyObject (a secret, a public key, or a private one when the JWK has d). */
function keyOf(name: string): KeyObject {
  const jwk = doc.keys[name];
  if (jwk.kty === 'oct') return createSecretKey(Buffer.from(jwk.k!, 'base64url'));
  const key = { key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' } as const;
  return jwk.d ? createPrivateKey(key) : createPublicKey(key);
}

/** Every form the verifier takes the vector's key in: a secret also as plain bytes (as TextEncoder gives them). */
function keyFormsOf(name: string): Array<[string, StrictKey]> {
  const key = keyOf(name);
  return key.type === 'secret'
    ? [
        ['KeyObject', key],
        ['Uint8Array', new Uint8Array(key.export())],
      ]
    : [[key.type, key]];
}

const optionsOf = (t: Test): StrictVerifyOptions & { currentDate: number; clockTolerance: number } => ({ ...doc.defaults, ...t.options }) as StrictVerifyOptions & { currentDate: number; clockTolerance: number };

/** What the flags say the strict verifier does, and with which codes. */
function verdictOf(t: Test): { rejects: boolean; codes: string[]; joseRejects: boolean } {
  const flags = t.flags.map((f) => FLAGS[f]);
  const rejecting = flags.filter((f) => f.verifier === 'rejects');
  return { rejects: rejecting.length > 0, codes: rejecting.map((f) => f.code!), joseRejects: flags.some((f) => f.jose === 'rejects') };
}

async function strictOutcome(t: Test, key: StrictKey = keyOf(t.key)): Promise<{ ok: true } | { ok: false; code: string }> {
  try {
    await verifyStrict(t.token, key, optionsOf(t));
    return { ok: true };
  } catch (e) {
    if (!(e instanceof StrictVerificationError)) throw e;
    return { ok: false, code: e.code };
  }
}

async function joseAccepts(t: Test): Promise<boolean> {
  const o = optionsOf(t);
  try {
    // jose refuses a private key object outright; its public half is what judges the token.
    const key = keyOf(t.key);
    await jwtVerify(t.token, key.type === 'private' ? createPublicKey(key) : key, { algorithms: o.algorithms as string[], currentDate: new Date(o.currentDate * 1000), clockTolerance: o.clockTolerance });
    return true;
  } catch {
    return false;
  }
}

describe('strict verifier vectors (vectors/verifier/strict.json)', () => {
  it('validate against vectors/schema/verifying.json (ajv, strict mode)', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'vectors', 'schema', 'verifying.json'), 'utf8')));
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('are what scripts/gen-verifier-vectors.ts generates (fixed keys, fixed clock, fixed PSS salt)', () => {
    expect(buildVectorFile() === text).toBe(true);
  });

  it('number at least 150, with unique tcIds and ids, keys that exist, and results of every kind', () => {
    expect(doc.tests.length).toBe(doc.numberOfTests);
    expect(doc.tests.length).toBeGreaterThanOrEqual(150);
    expect(new Set(doc.tests.map((t) => t.tcId)).size).toBe(doc.tests.length);
    expect(new Set(doc.tests.map((t) => t.id)).size).toBe(doc.tests.length);
    for (const t of doc.tests) expect(doc.keys[t.key], t.id).toBeDefined();
    for (const r of ['valid', 'invalid', 'acceptable'] as const) expect(doc.tests.filter((t) => t.result === r).length, r).toBeGreaterThan(5);
  });

  it('carry flags defined once in vectors/flags.json, each saying whether jose alone rejects it and the code the verifier uses', () => {
    const used = new Set(doc.tests.flatMap((t) => t.flags));
    for (const name of used) {
      const f = FLAGS[name];
      expect(f, name).toBeDefined();
      expect(f.description.length, name).toBeGreaterThan(10);
      expect(['rejects', 'accepts'], `${name}.jose`).toContain(f.jose);
      expect(['rejects', 'accepts'], `${name}.verifier`).toContain(f.verifier);
      if (f.verifier === 'rejects') expect(CODES.has(f.code!), `${name}.code ${f.code}`).toBe(true);
      // A check jose makes is one the strict verifier makes too.
      if (f.jose === 'rejects') expect(f.verifier, name).toBe('rejects');
    }
    for (const t of doc.tests) {
      const { rejects } = verdictOf(t);
      if (t.result === 'invalid') expect(rejects, t.id).toBe(true);
      else expect(rejects, t.id).toBe(false);
    }
  });

  it('are each classified by the verifier as their result and flags say', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const t of doc.tests) {
      const want = verdictOf(t);
      for (const [form, key] of keyFormsOf(t.key)) {
        checked++;
        const got = await strictOutcome(t, key);
        const id = `${t.id} (key as ${form})`;
        if (want.rejects && got.ok) wrong.push(`${id}: accepted, expected ${want.codes.join(' or ')}`);
        else if (want.rejects && !got.ok && !want.codes.includes(got.code)) wrong.push(`${id}: rejected with ${got.code}, expected ${want.codes.join(' or ')}`);
        else if (!want.rejects && !got.ok) wrong.push(`${id}: rejected with ${got.code}, expected ${t.result}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(doc.tests.length);
  });

  it("agree with jose alone wherever the flags put them within jose's checks, and jose lets the rest through", async () => {
    const wrong: string[] = [];
    let within = 0;
    for (const t of doc.tests) {
      const { rejects, joseRejects } = verdictOf(t);
      const strictRejects = !(await strictOutcome(t)).ok;
      const jose = await joseAccepts(t);
      if (joseRejects || !rejects) {
        within++;
        if (jose === strictRejects) wrong.push(`${t.id}: jose ${jose ? 'accepts' : 'rejects'}, the verifier ${strictRejects ? 'rejects' : 'accepts'}`);
      } else if (!jose) {
        wrong.push(`${t.id}: jose rejects, but its flags say only the strict verifier does`);
      }
    }
    expect(wrong).toEqual([]);
    expect(within).toBeGreaterThan(100);
  });
});

describe('verifyStrict', () => {
  it('gives every rejection a stable, distinct ERR_STRICT_* code', () => {
    expect(CODES.size).toBe(ERROR_CLASSES.length);
    for (const C of ERROR_CLASSES) {
      const e = new C('x');
      expect(e.code).toMatch(/^ERR_STRICT_[A-Z0-9_]+$/);
      expect(e).toBeInstanceOf(StrictVerificationError);
      expect(e.name).toBe(C.name);
    }
  });

  it('needs the allowed algorithms spelled out', async () => {
    await expect(verifyStrict('a.b.c', new Uint8Array(32), { algorithms: [] })).rejects.toThrow(TypeError);
  });
});
