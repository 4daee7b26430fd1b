/**
 * `npx tsx scripts/gen-verifier-vectors.ts [--check]`: write vectors/verifier/strict.json, or with
 * `--check` fail when it differs from what its builder (conformance/vectors/build/verifier.ts)
 * makes. `npm run vectors:regen` and `vectors:check` do this too, with every other generated file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildVectorFile, VECTOR_FILE } from '../conformance/vectors/build/verifier.ts';

function main(): number {
  const text = buildVectorFile();
  if (process.argv.includes('--check')) {
    const same = readFileSync(VECTOR_FILE, 'utf8') === text;
    console.log(same ? `${VECTOR_FILE}: up to date` : `${VECTOR_FILE}: differs from the generator (run without --check)`);
    return same ? 0 : 1;
  }
  writeFileSync(VECTOR_FILE, text);
  console.log(`${VECTOR_FILE}: ${(JSON.parse(text) as { numberOfTests: number }).numberOfTests} tests`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
