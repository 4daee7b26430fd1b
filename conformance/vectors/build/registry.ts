import type { VectorFileSource } from '../write.ts';
import { ACCESS_TOKEN_FILES } from './sources/access-token.ts';
import { FAMILY_FILES } from './sources/families.ts';

/**
 * Every vector file that `npm run vectors:regen` builds from the reference. Files named
 * `oracle-<profile>.json` are not here: they hold recorded outputs of the real libraries
 * (scripts/import-oracle.ts), which the reference is checked against instead.
 */
export const GENERATED_FILES: VectorFileSource[] = [...ACCESS_TOKEN_FILES, ...FAMILY_FILES];
