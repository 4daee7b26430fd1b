/** The `jwt` family: a library's public base JWT API, encode and decode. */
import { baseJwtCases } from '../differential/generators/base-jwt.ts';
import { tokenFamily } from './token-family.ts';

export const jwt = tokenFamily({
  name: 'jwt',
  cases: (lib) => lib.dialect.jwt && baseJwtCases(lib.dialect.jwt),
  // Not drawn by `npm run fuzz` (as before the registry): its decode answers are the library's objects.
  fuzzed: false,
});
