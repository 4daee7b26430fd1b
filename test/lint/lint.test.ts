/**
 * The project's own lint checks (scripts/lint/): a library named outside its own places, an import
 * cycle (type-only ones too) and shipped code importing scripts/ are each reported, on planted
 * changes to real files of the checkout, and nothing is reported for the words that only look like
 * a library (`node:fs`, prose, `process.versions.node`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCycle, findCycles, findShippedImportsOfBuildTime, importGraph, importsOf, projectFiles, type ImportEdge } from '../../scripts/lint/import-graph.ts';
import { checkedFiles, findLibraryNames, libraryInString, libraryNames, mayNameLibraries } from '../../scripts/lint/library-names.ts';
import { ROOT } from '../helpers/shared.ts';

const NAMES = libraryNames(ROOT);
const GENERATOR = 'conformance/differential/generators/access-token.ts';

/** Findings in a source snippet checked as if it were `file`. */
const find = (text: string, file = 'conformance/runner/example.ts') => findLibraryNames(file, text, NAMES);

describe('library names', () => {
  it('takes the library names from the profile folders, plus the ones about to be added', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['node', 'python', 'ruby', 'php', 'go', 'java']));
  });

  it('fails on `if (profile === "python")` planted in a generator', () => {
    expect(mayNameLibraries(GENERATOR)).toBe(false);
    expect(checkedFiles(ROOT)).toContain(GENERATOR);
    const original = readFileSync(join(ROOT, GENERATOR), 'utf8');
    const lines = original.split('\n');
    // After the imports, where a branch on the profile would go.
    const at = lines.findIndex((l, i) => i > 0 && !l.startsWith('import') && lines[i - 1].startsWith('import'));
    const planted = [...lines.slice(0, at), 'export function planted(profile: string): number {', "  if (profile === 'python') return 1;", '  return 0;', '}', ...lines.slice(at)].join('\n');
    const before = findLibraryNames(GENERATOR, original, NAMES);
    const after = findLibraryNames(GENERATOR, planted, NAMES);
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual(expect.objectContaining({ file: GENERATOR, line: at + 2, library: 'python', kind: 'string', text: "'python'" }));
  });

  it.each([
    ["if (profile === 'python') x();", 'python'],
    ["const d = p === 'node' ? 1 : 2;", 'node'],
    ["switch (p) { case 'ruby': break; }", 'ruby'],
    ["const all = ['node', 'python', 'ruby'];", 'node'],
    ['const t = { node: 1, other: 2 };', 'node'],
    ["const t = { 'python': 1 };", 'python'],
    ['const t = { ruby };', 'ruby'],
    ['interface T { python: string }', 'python'],
    ["type P = 'node' | 'other';", 'node'],
    ['const v = table.python;', 'python'],
    ['const { ruby: r } = table;', 'ruby'],
    ["const a = 'twilio-node';", 'node'],
    ["const a = 'reference-ruby';", 'ruby'],
    ["const key = 'node,python';", 'node'],
    ['const a = `Python`;', 'python'],
    ["if (lib === 'php') x();", 'php'],
    ["import { urls } from '../reference/profiles/python/urls.ts';", 'python'],
    ["const d = await import('./adapters/twilio-ruby/x.ts');", 'ruby'],
  ])('reports %s', (text, library) => {
    const found = find(text, 'conformance/example.ts');
    expect(found.map((f) => f.library)).toContain(library);
  });

  it('does not report module specifiers, prose, comments, identifiers or the Node.js runtime', () => {
    const text = [
      "import { createHash } from 'node:crypto';",
      "import type { Profile } from '../../reference/profiles/profile.ts';",
      '// node, python and ruby each differ here',
      "const msg = 'runs under node and python';",
      'const python = findPython();',
      'const exe = process.execPath;',
      'const v = process.versions.node;',
      'const y = `${name} node`;',
      "const m = require.resolve('twilio');",
    ].join('\n');
    expect(find(text)).toEqual([]);
  });

  it('lets the per-library places and the registries name libraries, and nothing else', () => {
    for (const ok of ['reference/profiles/python/urls.ts', 'reference/profiles/index.ts', 'conformance/libraries/ruby.ts', 'conformance/libraries/index.ts', 'conformance/adapters/twilio-node/driver.ts', 'reference/lang/python.ts'])
      expect(mayNameLibraries(ok), ok).toBe(true);
    for (const no of ['reference/profiles/profile.ts', 'conformance/cli.ts', 'conformance/adapters/registry.ts', 'scripts/fuzz.ts', 'scripts/lint/check.ts']) expect(mayNameLibraries(no), no).toBe(false);
  });

  it('matches a string only when the whole of it names libraries', () => {
    expect(libraryInString('Node', NAMES)).toBe('node');
    expect(libraryInString('node:fs', NAMES)).toBeUndefined();
    expect(libraryInString('node_modules', NAMES)).toBeUndefined();
    expect(libraryInString('python3', NAMES)).toBeUndefined();
    expect(libraryInString('node, python', NAMES)).toBe('node');
    expect(libraryInString('node, else', NAMES)).toBeUndefined();
  });
});

describe('import graph', () => {
  const files = projectFiles(ROOT);
  const graph = (overrides: Record<string, string>): ImportEdge[] => importGraph(ROOT, files, (rel) => overrides[rel] ?? readFileSync(join(ROOT, rel), 'utf8'));
  const real = graph({});

  it('has no cycle and no shipped import of scripts/ or test/ today', () => {
    expect(findCycles(real).map(describeCycle)).toEqual([]);
    expect(findShippedImportsOfBuildTime(real)).toEqual([]);
  });

  it('reports a cycle that only types close', () => {
    const verdict = 'conformance/runner/verdict.ts';
    const planted = `import type { judge } from './compare.ts';\n${readFileSync(join(ROOT, verdict), 'utf8')}`;
    const cycles = findCycles(graph({ [verdict]: planted }));
    expect(cycles).toHaveLength(1);
    const members = cycles[0].map((e) => e.from);
    expect(members).toEqual(expect.arrayContaining([verdict, 'conformance/runner/compare.ts']));
    expect(cycles[0].find((e) => e.from === verdict)).toMatchObject({ to: 'conformance/runner/compare.ts', line: 1, typeOnly: true });
    // Each step leads to the next, and the last back to the first.
    cycles[0].forEach((e, i) => expect(e.to).toBe(cycles[0][(i + 1) % cycles[0].length].from));
  });

  it('reports shipped code importing scripts/', () => {
    const file = 'conformance/properties/counterexamples.ts';
    const planted = `import { ROOT } from '../../scripts/vectors/regen.ts';\n${readFileSync(join(ROOT, file), 'utf8')}`;
    expect(findShippedImportsOfBuildTime(graph({ [file]: planted }))).toEqual([{ from: file, to: 'scripts/vectors/regen.ts', line: 1, specifier: '../../scripts/vectors/regen.ts', typeOnly: false }]);
  });

  it("reports shipped code importing the vector files' build-time sources (left out of the build)", () => {
    const file = 'conformance/properties/counterexamples.ts';
    const planted = `import { inIdOrder } from '../vectors/build/ids.ts';\n${readFileSync(join(ROOT, file), 'utf8')}`;
    expect(findShippedImportsOfBuildTime(graph({ [file]: planted }))).toEqual([{ from: file, to: 'conformance/vectors/build/ids.ts', line: 1, specifier: '../vectors/build/ids.ts', typeOnly: false }]);
    // The build-time folder's own imports of each other are no finding.
    expect(real.some((e) => e.from.startsWith('conformance/vectors/build/') && e.to.startsWith('conformance/vectors/build/'))).toBe(true);
  });

  it('tells type-only imports from value imports', () => {
    const text = [
      "import type { A } from './a.ts';",
      "import { type B, type C } from './b.ts';",
      "import { D, type E } from './c.ts';",
      "export type { F } from './d.ts';",
      "export { G } from './e.ts';",
      "type H = import('./f.ts').H;",
      "const i = await import('./g.ts');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importsOf('x.ts', text).map((i) => [i.specifier, i.typeOnly])).toEqual([
      ['./a.ts', true],
      ['./b.ts', true],
      ['./c.ts', false],
      ['./d.ts', true],
      ['./e.ts', false],
      ['./f.ts', true],
      ['./g.ts', false],
    ]);
  });
});
