/** The `client_capability` family: ClientCapability (Twilio Client) tokens. */
import { clientCapabilityCases } from '../differential/generators/client-capability.ts';
import { tokenFamily } from './token-family.ts';

export const clientCapability = tokenFamily({
  name: 'client_capability',
  cases: (lib) => lib.dialect.clientCapability && clientCapabilityCases(lib.dialect.clientCapability),
  fuzzed: true,
});
