/**
 * `vectors:check` covers every generated file: the producing files of the registry and the
 * verifier's Wycheproof-style vectors (vectors/verifier/strict.json), a changed test of which is
 * named by its id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVectorFile, expectedFiles } from '../../conformance/vectors/build/regen.ts';
import { buildVectorFile, VECTOR_FILE } from '../../conformance/vectors/build/verifier.ts';
import { ROOT } from '../helpers/shared.ts';

describe('the regen registry', () => {
  it('builds the verifier\'s vectors with the producing files', () => {
    const files = expectedFiles();
    const verifier = files.find((f) => f.path === join(ROOT, 'vectors', 'verifier', 'strict.json'));
    expect(verifier?.path).toBe(VECTOR_FILE);
    expect(verifier?.text).toBe(buildVectorFile());
    expect(files.filter((f) => f.path.endsWith('generated.json')).length).toBeGreaterThan(0);
  });

  it('names a verifier test whose committed token differs', () => {
    const committed = readFileSync(VECTOR_FILE, 'utf8');
    const doc = JSON.parse(committed) as { tests: Array<{ id: string; token: string }> };
    const victim = doc.tests[3];
    doc.tests[3] = { ...victim, token: `${victim.token}x` };
    const edited = `${JSON.stringify(doc, null, 2)}\n`;
    expect(compareVectorFile('vectors/verifier/strict.json', edited, committed)).toEqual([expect.stringMatching(new RegExp(`^vectors/verifier/strict\\.json: ${victim.id} differs from the reference`))]);
    expect(compareVectorFile('vectors/verifier/strict.json', committed, committed)).toEqual([]);
  });
});
