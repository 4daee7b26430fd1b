/**
 * `npx tsx scripts/vectors/provider-transcripts.ts [SHARED_DIR]`: write
 * vectors/credential_provider/oracle-providers.json from the shared oracle's recorded provider
 * transcripts (conformance/vectors/build/provider-transcripts.ts). SHARED_DIR defaults to
 * ../shared beside the package.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../conformance/package-root.ts';
import { buildVectors, PROVIDER_TRANSCRIPTS_FILE } from '../../conformance/vectors/build/provider-transcripts.ts';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const shared = process.argv[2] ?? resolve(PACKAGE_ROOT, '..', 'shared');
  mkdirSync(dirname(PROVIDER_TRANSCRIPTS_FILE), { recursive: true });
  writeFileSync(PROVIDER_TRANSCRIPTS_FILE, `${JSON.stringify(buildVectors(shared), null, 2)}\n`);
  process.stdout.write(`wrote ${PROVIDER_TRANSCRIPTS_FILE}\n`);
}
