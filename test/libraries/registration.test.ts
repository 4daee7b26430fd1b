/**
 * A library registered at run time is a local change: node's rules under the name `node-copy`,
 * with a conformance entry of its own (test/fixtures/node-copy-library.ts), joins through
 * TWILIO_JWT_CONFORMANCE_LIBRARIES and the runner, properties, differential, fuzz and crosscheck
 * take it with no other file changed.
 *
 * What shows that a caller went through the registry rather than around it:
 * - the vectors it is judged against carry node's expectations under `node-copy` only (node's own
 *   are removed), so a runner reading node's finds nothing to judge;
 * - the entry's dialect differs from node's (no ValidationToken inputs, no AccessToken algorithm
 *   choice), so a caller that took node's entry would generate inputs this one never makes;
 * - its adapter has its own name, which crosscheck must find in the entry;
 * - adapters started as child processes (the reference in `node-copy`) must learn the profile
 *   from the inherited variable, and the protocol's and the vectors' validators must accept it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceSide, runDifferential, type Side } from '../../conformance/differential/differential.ts';
import { builtinAdapters, casesOf, isProfileName, launchBuiltin, LIBRARY_MODULES_ENV, libraryOf, loadLibraryModules, PROFILE_NAMES, registerLibrary, type Library } from '../../conformance/libraries/index.ts';
import type { WireCase } from '../../conformance/protocol/serve.ts';
import { runProperties } from '../../conformance/properties/run.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { loadVectors, type Vector } from '../../conformance/vectors/read.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { formatLossless, toJavaScript } from '../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { getProfile, PROFILES } from '../../reference/profiles/index.ts';
import { fuzz } from '../../scripts/fuzz.ts';
import { crosscheckProfile } from '../../conformance/vectors/build/crosscheck.ts';
import { ROOT } from '../helpers/shared.ts';
import { twilioNode } from '../helpers/sides.ts';

const COPY = 'node-copy';
const FIXTURE = join(ROOT, 'test/fixtures/node-copy-library.ts');
let tmp: string;
let vectors: Vector[];
const saved = process.env[LIBRARY_MODULES_ENV];

/** A vector file with node's expectations (and sources) under node-copy instead: `node,python` becomes `node-copy,python`. */
function renamed(doc: JsonObject): JsonObject {
  const rename = (o: JsonValue | undefined): JsonValue | undefined =>
    o instanceof JsonObject
      ? new JsonObject(
          o.entries.map(([k, v]) => [
            k
              .split(',')
              .map((p) => (p === 'node' ? COPY : p))
              .join(','),
            v,
          ]),
        )
      : o;
  const vs = (doc.get('vectors') as JsonValue[]).map((v) => {
    const o = v as JsonObject;
    return new JsonObject(o.entries.map(([k, x]) => [k, k === 'expect' || k === 'source' ? rename(x)! : x]));
  });
  return new JsonObject(doc.entries.map(([k, x]) => [k, k === 'vectors' ? vs : x]));
}

/** The committed producing vectors, copied into `dir` with node's expectations renamed. */
function copyVectors(dir: string): void {
  const walk = (from: string): void => {
    for (const name of readdirSync(from)) {
      const path = join(from, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'schema' && name !== 'verifier') walk(path);
        continue;
      }
      if (!name.endsWith('.json') || name === 'flags.json') continue;
      const out = join(dir, relative(join(ROOT, 'vectors'), path));
      mkdirSync(join(out, '..'), { recursive: true });
      writeFileSync(out, `${formatLossless(renamed(parseLossless(readFileSync(path, 'utf8')) as JsonObject))}\n`);
    }
  };
  walk(join(ROOT, 'vectors'));
}

beforeAll(async () => {
  process.env[LIBRARY_MODULES_ENV] = FIXTURE;
  await loadLibraryModules();
  tmp = mkdtempSync(join(tmpdir(), 'node-copy-'));
  copyVectors(join(tmp, 'vectors'));
  vectors = loadVectors(join(tmp, 'vectors'));
});

afterAll(() => {
  if (saved === undefined) delete process.env[LIBRARY_MODULES_ENV];
  else process.env[LIBRARY_MODULES_ENV] = saved;
  rmSync(tmp, { recursive: true, force: true });
});

describe('registering a library at run time', () => {
  it('adds its profile to the registry and to the reference, and its adapters to the built-in ones', () => {
    expect(isProfileName(COPY)).toBe(true);
    expect(PROFILE_NAMES).toContain(COPY);
    expect(getProfile(COPY)).toBe(libraryOf(COPY).profile);
    expect(PROFILES[COPY].accessToken).toBe(PROFILES.node.accessToken);
    expect(builtinAdapters()).toEqual(expect.arrayContaining(['reference-node-copy', 'twilio-node-copy']));
  });

  it('refuses a name already taken, an adapter name already taken and a malformed name, naming them', () => {
    const copy = libraryOf(COPY);
    expect(() => registerLibrary({ ...copy })).toThrow(/profile "node-copy" is already registered/);
    expect(() => registerLibrary({ ...copy, profile: { ...copy.profile, name: 'node-copy-2' }, adapter: { ...copy.adapter, name: 'twilio-python' } })).toThrow(/adapter name "twilio-python" is taken/);
    expect(() => registerLibrary({ ...copy, profile: { ...copy.profile, name: 'Node Copy' }, adapter: { ...copy.adapter, name: 'x' } })).toThrow(/lower-case letters/);
    expect(() => registerLibrary({ ...copy, profile: { ...copy.profile, name: 'clockless' }, clock: 'minutes' } as unknown as Library)).toThrow(/clock must be/);
    expect(isProfileName('node-copy-2')).toBe(false);
    expect(isProfileName('clockless')).toBe(false);
  });

  it('is judged by the runner against its own expectations, through a reference adapter process started in its profile', async () => {
    const mine = vectors.filter((v) => v.expect[COPY]);
    // The copies carry node's expectations under the new name only.
    expect(mine.length).toBeGreaterThan(500);
    expect(vectors.some((v) => v.expect.node)).toBe(false);
    const run = await runAdapter(launchBuiltin(`reference-${COPY}`)!, mine, { jobs: 2 });
    expect(run.startError).toBeUndefined();
    expect(run.profile).toBe(COPY);
    const judged = run.records.filter((r) => r.verdict);
    // Every case the profile records (as a token, a rejection or a decode) is judged, and passes.
    expect(judged.length).toBe(mine.filter((v) => v.expect[COPY]!.kind !== 'unsupported').length);
    expect(run.records.every((r) => r.profile === COPY)).toBe(true);
    expect(judged.filter((r) => r.verdict!.status !== 'pass').map((r) => `${r.vector.id}: ${JSON.stringify(r.verdict)}`.slice(0, 300))).toEqual([]);
  });

  it('gets its own property suites, on inputs of its own dialect', async () => {
    const seen: WireCase[] = [];
    const ref = referenceSide(libraryOf(COPY).profile);
    const side: Side = { name: ref.name, run: (c) => (seen.push(c), ref.run(c)) };
    const families = ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token'];
    const results = await runProperties(side, COPY, families, { numRuns: 40, seed: 16 });
    // Its library has no ValidationToken dialect: those properties do not apply (node's do).
    expect(results.some((r) => r.name.startsWith('validation_token/'))).toBe(false);
    expect(new Set(results.map((r) => r.name.split('/')[0]))).toEqual(new Set(['access_token', 'client_capability', 'taskrouter_capability']));
    expect(results.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${r.message}`)).toEqual([]);
    // Its AccessToken inputs never choose an algorithm other than the one it cannot take.
    const algorithms = new Set(seen.filter((c) => c.family === 'access_token').map((c) => (toJavaScript(c.input) as { algorithm?: unknown }).algorithm));
    expect([...algorithms].every((a) => a === undefined || a === 'HS512')).toBe(true);
    expect(seen.some((c) => c.family === 'access_token')).toBe(true);
  });

  it('runs differentially against the real library it copies, in its own dialect', async () => {
    const lib = libraryOf(COPY);
    for (const family of ['access_token', 'client_capability', 'taskrouter_capability'] as const) {
      const report = await runDifferential({ family, arbitrary: casesOf(lib, family)!, left: referenceSide(lib.profile), right: twilioNode, numRuns: 150, seed: 16 }, () => 'replay');
      expect(report.failure, family).toBeUndefined();
      expect(report.numRuns).toBe(150);
      if (family === 'access_token') expect(Object.keys(report.categories).filter((c) => /^algorithm:HS(256|384)$|^algorithm:invalid$/.test(c))).toEqual([]);
    }
    expect(casesOf(lib, 'validation_token')).toBeUndefined();
    // The same fixed-seed sample in node's dialect does choose algorithms: the difference is the entry's.
    const nodeAlgorithms = fc
      .sample(casesOf(libraryOf('node'), 'access_token')!, { numRuns: 150, seed: 16 })
      .flatMap((g) => g.categories)
      .filter((c) => c.startsWith('algorithm:HS'));
    expect(nodeAlgorithms.length).toBeGreaterThan(0);
  });

  it('is fuzzed in its own dialect, against the reference in its profile by default', async () => {
    const out = join(tmp, 'fuzz');
    const r = await fuzz({ adapter: `reference-${COPY}`, durationMs: 1500, out, seed: 16, batch: 8 });
    expect(r.cases).toBeGreaterThan(0);
    expect(r.disagreements + r.adapterFaults).toBe(0);
    // Both adapters offer validation_token; its library has no generator for it.
    expect(Object.keys(r.byFamily)).not.toContain('validation_token');
    expect(Object.keys(r.byFamily)).toContain('access_token');
  });

  it("is crosschecked by its own entry's adapter over the real library", async () => {
    const some = vectors.filter((v) => v.expect[COPY] && (v.family === 'client_capability' || v.family === 'taskrouter_capability'));
    const report = await crosscheckProfile(COPY, some);
    expect(report.adapter).toBe('twilio-node-copy');
    expect(report.unavailable).toBeUndefined();
    expect(report.disagreements).toEqual([]);
    expect(report.confirmed).toBe(some.length);
    expect(report.confirmed).toBeGreaterThan(100);
  });
});
