/**
 * The registry of libraries is the one list of profiles: the published JSON Schemas list exactly
 * its profiles, its library names and versions are the ones the real libraries were recorded with
 * (the shared oracle's own files, and the twilio npm package installed here), and its quirk keys
 * are the oracle README's vocabulary.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinAdapters, LIBRARIES, PROFILE_NAMES, quirkKeys } from '../../conformance/libraries/index.ts';
import { withRegisteredProfiles } from '../../conformance/libraries/schema-profiles.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { HAS_SHARED, ROOT, SHARED } from '../helpers/shared.ts';

const json = (rel: string): { definitions: Record<string, { enum?: string[]; pattern?: string }> } => JSON.parse(readFileSync(join(ROOT, rel), 'utf8'));

describe("the published schemas list the registry's profiles", () => {
  it("the protocol's and the results' profile enums are the built-in profiles, in order", () => {
    expect(json('conformance/protocol/schema/definitions.json').definitions.profile.enum).toEqual([...PROFILE_NAMES]);
    expect(json('conformance/reporters/schema/results-v1.json').definitions.profile.enum).toEqual([...PROFILE_NAMES]);
  });

  it("the vectors' profiles pattern is the built-in profiles, one or several joined by commas", () => {
    const pattern = json('vectors/schema/producing.json').definitions.profiles.pattern;
    const alt = `(${PROFILE_NAMES.join('|')})`;
    expect(pattern).toBe(`^${alt}(,${alt})*$`);
  });

  it('a validator built from a schema lists the names it is given (and leaves the published file alone)', () => {
    const schema = json('vectors/schema/producing.json');
    const patched = withRegisteredProfiles(schema, ['node', 'node-copy']);
    expect(new RegExp(patched.definitions.profiles.pattern!).test('node,node-copy')).toBe(true);
    expect(new RegExp(patched.definitions.profiles.pattern!).test('python')).toBe(false);
    expect(schema.definitions.profiles.pattern).toBe(json('vectors/schema/producing.json').definitions.profiles.pattern);
  });
});

describe('the library entries', () => {
  it("are the reference's profiles, each once, with distinct adapters", () => {
    expect(LIBRARIES.map((l) => l.profile)).toEqual(Object.values(PROFILES));
    expect(new Set(LIBRARIES.map((l) => l.adapter.name)).size).toBe(LIBRARIES.length);
    expect(builtinAdapters()).toEqual([...PROFILE_NAMES.map((p) => `reference-${p}`), ...LIBRARIES.map((l) => l.adapter.name)]);
  });

  it('name the npm twilio version installed here for the library that runs in this process', () => {
    // The in-process adapter's library is the npm package; its entry says which version it measured.
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules/twilio/package.json'), 'utf8')).version as string;
    expect(LIBRARIES.some((l) => l.profile.library.version === installed && l.clock === 'milliseconds')).toBe(true);
  });

  it.skipIf(!HAS_SHARED)("name the library and version each profile's recordings were made with (shared oracle)", () => {
    for (const lib of LIBRARIES) {
      const dir = join(SHARED, 'oracle', lib.profile.name);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
      expect(files.length, lib.profile.name).toBeGreaterThan(0);
      for (const f of files) {
        const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { library?: string; version?: string };
        expect({ name: doc.library, version: doc.version }, `${lib.profile.name}/${f}`).toEqual(lib.profile.library);
      }
      if (lib.providerRecordings) {
        const t = JSON.parse(readFileSync(join(SHARED, 'oracle', 'providers', lib.providerRecordings.file), 'utf8')) as { library?: string; version?: string };
        expect({ name: t.library, version: t.version }).toEqual(lib.profile.library);
      }
    }
  });

  it('name the library and version every committed vector source of their profile names', () => {
    let seen = 0;
    for (const family of readdirSync(join(ROOT, 'vectors'))) {
      const dir = join(ROOT, 'vectors', family);
      if (family === 'schema' || family === 'verifier' || !statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) {
        const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { vectors?: Array<{ source?: Record<string, { library: string; version: string }> }> };
        for (const v of doc.vectors ?? []) {
          for (const [p, s] of Object.entries(v.source ?? {})) {
            expect({ name: s.library, version: s.version }, `${family}/${f} ${p}`).toEqual(LIBRARIES.find((l) => l.profile.name === p)!.profile.library);
            seen++;
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(1000);
  });

  it.skipIf(!HAS_SHARED)('together have exactly the object-API quirk keys of the oracle README', () => {
    const readme = readFileSync(join(SHARED, 'oracle', 'README.md'), 'utf8');
    const m = /Object-API quirks[^:]*:\s*([^]*?)\.\n/.exec(readme);
    expect(m).not.toBeNull();
    const listed = m![1].replace(/[`\s]/g, '').split(',');
    expect(listed.length).toBe(14);
    expect([...quirkKeys()].sort()).toEqual([...listed].sort());
  });
});
