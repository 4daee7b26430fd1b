/**
 * `npm run vectors:regen`: rebuild every generated vector file (conformance/vectors/build/regen.ts:
 * the producing files of the registry and the verifier's vectors; provider-behaviours.ts: the
 * provider files, built against a live local server). `--check` (`npm run vectors:check`) rebuilds
 * in memory and fails on any drift from the committed files, naming each vector that differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLibraryModules } from '../../conformance/libraries/index.ts';
import { drift, expectedFiles, recordedDrift, ROOT } from '../../conformance/vectors/build/regen.ts';
import { providerDrift, writeProviderFiles } from './provider-behaviours.ts';

export { compareVectorFile, drift, expectedFiles, recordedDrift, ROOT } from '../../conformance/vectors/build/regen.ts';

async function main(): Promise<number> {
  if (process.argv.includes('--check')) {
    // Provider files are built against a live local server, hence apart (provider-behaviours.ts).
    const problems = [...drift(), ...(await recordedDrift()), ...(await providerDrift())];
    for (const p of problems) console.error(p);
    console.log(problems.length ? `${problems.length} vector(s) drifted from the reference` : 'vectors match the reference');
    return problems.length ? 1 : 0;
  }
  for (const { path, text } of expectedFiles()) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`${path.slice(ROOT.length + 1)}: ${(text.match(/^ {4}\{$/gm) ?? []).length} vectors`);
  }
  for (const line of await writeProviderFiles()) console.log(line);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await loadLibraryModules();
  process.exitCode = await main();
}
