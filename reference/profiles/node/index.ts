import { javascript } from '../../lang/javascript.ts';
import type { Profile } from '../profile.ts';
import { nodeAccessToken } from './access-token.ts';
import { nodeProviders } from './providers.ts';
import { nodeClientCapability } from './client-capability.ts';
import { nodeTaskRouter } from './taskrouter.ts';
import { nodeValidationToken } from './validation-token.ts';

/** twilio-node 6.2.0 with jsonwebtoken 9.0.3 / jws 4.0.1 on Node 20. */
export const node: Profile = {
  name: 'node',
  library: { name: 'twilio-node', version: '6.2.0' },
  lang: javascript,
  accessToken: nodeAccessToken,
  providers: nodeProviders,
  clientCapability: nodeClientCapability,
  taskrouterCapability: nodeTaskRouter,
  validationToken: nodeValidationToken,
  jwt: {
    unsupported: 'twilio-node has no base Jwt class in this vocabulary: its token classes sign with jsonwebtoken directly and it has no decode API',
  },
};
