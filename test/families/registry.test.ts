/**
 * The family registry (conformance/families/): every family of the protocol has an entry with
 * every part, the entries agree with the schemas and the vectors, the runner's judge and the
 * vector reader go through them, and no module outside a family's own places names a family that
 * has machinery of its own (scripts/lint/family-names.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, FAMILY_ENTRIES, familyEntry, familyOfExpectation, isFamily } from '../../conformance/families/index.ts';
import { LIBRARIES } from '../../conformance/libraries/index.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { checkFamilyNames, findFamilyNames, GUARDED_FAMILIES, mayNameFamilies } from '../../scripts/lint/family-names.ts';
import { ROOT } from '../helpers/shared.ts';

const PARTS = ['name', 'inputSchema', 'expectationKinds', 'readExpectation', 'judge', 'cases', 'fuzzed'] as const;

describe('family registry', () => {
  it('has an entry with every part for every family the protocol and the vectors know', () => {
    const definitions = JSON.parse(readFileSync(join(ROOT, 'conformance/protocol/schema/definitions.json'), 'utf8')) as { definitions: { family: { enum: string[] } } };
    const producing = JSON.parse(readFileSync(join(ROOT, 'vectors/schema/producing.json'), 'utf8')) as { definitions: { family: { enum: string[] } } };
    expect([...FAMILIES]).toEqual(definitions.definitions.family.enum);
    expect([...FAMILIES]).toEqual(producing.definitions.family.enum);
    expect(FAMILY_ENTRIES.map((e) => e.name)).toEqual([...FAMILIES]);
    for (const e of FAMILY_ENTRIES) {
      for (const part of PARTS) expect(e[part], `${e.name}.${part}`).toBeDefined();
      expect(familyEntry(e.name)).toBe(e);
      expect(typeof e.readExpectation).toBe('function');
      expect(typeof e.judge).toBe('function');
      expect(typeof e.cases).toBe('function');
      expect(typeof e.fuzzed).toBe('boolean');
      expect(e.expectationKinds.length).toBeGreaterThan(0);
      // Its input schema is the published one for this family.
      expect(existsSync(join(ROOT, e.inputSchema)), e.inputSchema).toBe(true);
      expect((JSON.parse(readFileSync(join(ROOT, e.inputSchema), 'utf8')) as { $id: string }).$id).toMatch(new RegExp(`/input/${e.name}\\.json$`));
      if (e.prepare !== undefined) expect(typeof e.prepare).toBe('function');
    }
  });

  it('refuses an unknown family, naming the known ones', () => {
    expect(isFamily('access_tokens')).toBe(false);
    expect(() => familyEntry('access_tokens')).toThrow(/unknown family "access_tokens" \(expected access_token, .*credential_provider\)/);
  });

  it('gives a library a generator only for the families its dialect has', () => {
    for (const lib of LIBRARIES) {
      for (const e of FAMILY_ENTRIES) {
        if (e.prepare) expect(e.cases(lib), `${lib.profile.name} ${e.name}`).toBeUndefined();
      }
      expect(familyEntry('access_token').cases(lib)).toBeDefined();
      expect(familyEntry('jwt').cases(lib) !== undefined).toBe(lib.dialect.jwt !== undefined);
      expect(familyEntry('validation_token').cases(lib) !== undefined).toBe(lib.dialect.validationToken !== undefined);
    }
  });

  it("reads every committed vector's expectations with its family's reader, each of a kind the family declares", () => {
    const vectors = loadVectors(join(ROOT, 'vectors'));
    expect(new Set(vectors.map((v) => v.family))).toEqual(new Set(FAMILIES));
    for (const v of vectors) for (const e of Object.values(v.expect)) expect(familyEntry(v.family).expectationKinds, v.id).toContain(e!.kind);
  });

  it("judges through the vector's family: a provider expectation on a token family's vector is an error, not a provider verdict", async () => {
    const provider = { kind: 'provider' as const, steps: [] };
    const result = { output: { steps: [] } } as never;
    expect(familyOfExpectation('provider').prepare).toBeDefined();
    expect(await judge(provider, result, { input: null, family: 'access_token' })).toEqual({ status: 'error', message: 'a provider expectation on a access_token vector' });
    // Given alone, the expectation goes to the family whose vectors hold its kind (which wants a server view).
    expect(await judge(provider, result)).toMatchObject({ status: 'error', message: expect.stringMatching(/no server view/) });
  });
});

describe('family names (lint)', () => {
  it('guards exactly the families whose cases need preparing', () => {
    expect([...GUARDED_FAMILIES]).toEqual(FAMILY_ENTRIES.filter((e) => e.prepare).map((e) => e.name));
  });

  it('finds no guarded family named outside its own places today', () => {
    expect(checkFamilyNames(ROOT)).toEqual([]);
  });

  it('fails on a branch on the family planted in the runner', () => {
    const file = 'conformance/runner/run.ts';
    expect(mayNameFamilies(file)).toBe(false);
    const original = readFileSync(join(ROOT, file), 'utf8');
    expect(findFamilyNames(file, original)).toEqual([]);
    const planted = `${original}\nexport const special = (v: { family: string }): boolean => v.family === 'credential_provider';\n`;
    expect(findFamilyNames(file, planted)).toEqual([expect.objectContaining({ file, family: 'credential_provider', kind: 'string', text: "'credential_provider'" })]);
    expect(findFamilyNames(file, 'const t = { credential_provider: 1 };')).toEqual([expect.objectContaining({ kind: 'key' })]);
    // Prose and comments are not matches.
    expect(findFamilyNames(file, "// credential_provider\nconst s = 'credential_provider runs differ';")).toEqual([]);
  });

  it("lets the family's own places name it, and nothing else", () => {
    for (const ok of [
      'conformance/families/credential-provider.ts',
      'conformance/protocol/types.ts',
      'conformance/oauth/server.ts',
      'conformance/vectors/build/provider-transcripts.ts',
      'conformance/adapters/reference.ts',
      'scripts/vectors/provider-replies.ts',
    ])
      expect(mayNameFamilies(ok), ok).toBe(true);
    for (const no of [
      'conformance/runner/run.ts',
      'conformance/runner/compare.ts',
      'conformance/differential/differential.ts',
      'scripts/fuzz.ts',
      'scripts/vectors/regen.ts',
      'conformance/vectors/build/crosscheck.ts',
      'conformance/properties/families.ts',
    ])
      expect(mayNameFamilies(no), no).toBe(false);
  });
});
