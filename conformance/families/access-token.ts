/** The `access_token` family: AccessToken and its grants. */
import { accessTokenCases } from '../differential/generators/access-token.ts';
import { tokenFamily } from './token-family.ts';

export const accessToken = tokenFamily({
  name: 'access_token',
  cases: (lib) => accessTokenCases(lib.dialect.accessToken),
  fuzzed: true,
});
