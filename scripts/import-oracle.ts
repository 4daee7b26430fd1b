/**
 * `npm run vectors:import-oracle -- [--shared ../shared] [--families access_token,...]`: copy the
 * shared oracle's recorded cases of every registered library into vectors/<family>/oracle-<profile>.json
 * (conformance/vectors/build/oracle.ts), keeping their source. `--check` writes nothing and
 * fails when a file differs from what the oracle gives.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LIBRARIES, loadLibraryModules } from '../conformance/libraries/index.ts';
import { PACKAGE_ROOT } from '../conformance/package-root.ts';
import { oracleVectorFile } from '../conformance/vectors/build/oracle.ts';

async function main(): Promise<number> {
  await loadLibraryModules();
  const { values } = parseArgs({ options: { shared: { type: 'string' }, families: { type: 'string' }, check: { type: 'boolean' } } });
  const shared = resolve(values.shared ?? join(PACKAGE_ROOT, '..', 'shared'));
  const families = (values.families ?? 'access_token').split(',');
  let differ = 0;
  for (const family of families) {
    // Every registered library's recordings, kept in the oracle under its profile's name.
    for (const lib of LIBRARIES) {
      const f = oracleVectorFile(shared, lib, family);
      if (!f) continue;
      if (values.check) {
        const have = existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined;
        if (have !== f.text) differ++;
        console.log(`${f.path}: ${have === undefined ? 'missing (not imported)' : have === f.text ? 'up to date' : 'differs from the oracle'}`);
        continue;
      }
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text);
      console.log(`${f.path}: ${f.count} vectors`);
    }
  }
  return differ ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
