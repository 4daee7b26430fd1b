/**
 * `npm run vectors:crosscheck`: replay every vector through each profile's real library
 * (conformance/vectors/build/crosscheck.ts) and exit 1 on any disagreement with its expectation.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLibraryModules } from '../../conformance/libraries/index.ts';
import { crosscheck, formatCrosscheck } from '../../conformance/vectors/build/crosscheck.ts';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await loadLibraryModules();
  const reports = await crosscheck();
  console.log(formatCrosscheck(reports));
  process.exitCode = reports.some((r) => r.disagreements.length) ? 1 : 0;
}
