/** The `validation_token` family: ValidationToken (public-key client validation) requests. */
import { validationTokenCases } from '../differential/generators/validation-token.ts';
import { tokenFamily } from './token-family.ts';

export const validationToken = tokenFamily({
  name: 'validation_token',
  cases: (lib) => lib.dialect.validationToken && validationTokenCases(lib.dialect.validationToken),
  fuzzed: true,
});
