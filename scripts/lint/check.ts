/**
 * The project's own lint checks, after ESLint (`npm run lint`): no library named outside its own
 * places (library-names.ts), no family with its own machinery named outside its entry
 * (family-names.ts), no import cycle, no import of scripts/ or test/ from the shipped
 * folders (import-graph.ts). Prints every finding; exits 1 when there is one.
 *
 *   tsx scripts/lint/check.ts [--root DIR]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCycle, findCycles, findShippedImportsOfBuildTime, importGraph, projectFiles } from './import-graph.ts';
import { checkFamilyNames, describeFamilyFinding } from './family-names.ts';
import { checkLibraryNames, describeFinding } from './library-names.ts';

/** Every problem as one line each, grouped by check; empty when the checkout is clean. */
export function lintProblems(root: string): { check: string; lines: string[] }[] {
  const edges = importGraph(root, projectFiles(root));
  return [
    { check: 'library names outside their own places', lines: checkLibraryNames(root).map(describeFinding) },
    { check: 'family names outside their own places', lines: checkFamilyNames(root).map(describeFamilyFinding) },
    { check: 'import cycles', lines: findCycles(edges).map(describeCycle) },
    {
      check: 'shipped code importing scripts/ or test/',
      lines: findShippedImportsOfBuildTime(edges).map((e) => `${e.from}:${e.line} imports ${e.to}`),
    },
  ];
}

function main(argv: string[]): number {
  const at = argv.indexOf('--root');
  const root = resolve(at >= 0 ? argv[at + 1] : fileURLToPath(new URL('../..', import.meta.url)));
  let total = 0;
  for (const { check, lines } of lintProblems(root)) {
    total += lines.length;
    if (lines.length === 0) continue;
    process.stdout.write(`${check}: ${lines.length}\n`);
    for (const l of lines) process.stdout.write(`  ${l}\n`);
  }
  process.stdout.write(total === 0 ? 'lint checks: clean\n' : `lint checks: ${total} problem(s)\n`);
  return total === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
