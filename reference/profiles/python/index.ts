import { python as pythonLang } from '../../lang/python.ts';
import type { Profile } from '../profile.ts';
import { pythonAccessToken } from './access-token.ts';
import { pythonBaseJwt } from './base-jwt.ts';
import { pythonProviders } from './providers.ts';
import { pythonClientCapability } from './client-capability.ts';
import { pythonTaskRouter } from './taskrouter.ts';
import { pythonValidationToken } from './validation-token.ts';

/** twilio-python 9.11.0 with PyJWT 2.6 on CPython 3.11. */
export const python: Profile = {
  name: 'python',
  library: { name: 'twilio-python', version: '9.11.0' },
  lang: pythonLang,
  accessToken: pythonAccessToken,
  providers: pythonProviders,
  clientCapability: pythonClientCapability,
  taskrouterCapability: pythonTaskRouter,
  validationToken: pythonValidationToken,
  jwt: pythonBaseJwt,
};
