import { php as phpLang } from '../../lang/php.ts';
import type { Profile } from '../profile.ts';
import { phpAccessToken } from './access-token.ts';
import { phpBaseJwt } from './base-jwt.ts';
import { phpClientCapability } from './client-capability.ts';
import { phpProviders } from './providers.ts';
import { phpTaskRouter } from './taskrouter.ts';

/**
 * twilio-php 8.12.0 on PHP 8.2 (`precision=14`, `serialize_precision=-1`): AccessToken,
 * ClientToken, the TaskRouter capabilities, the `JWT` class and the credential providers
 * (ClientCredentialProvider, OrgsCredentialProvider, NoAuthCredentialProvider on Rest\Client).
 */
export const php: Profile = {
  name: 'php',
  library: { name: 'twilio-php', version: '8.12.0' },
  lang: phpLang,
  accessToken: phpAccessToken,
  providers: phpProviders,
  clientCapability: phpClientCapability,
  taskrouterCapability: phpTaskRouter,
  validationToken: { unsupported: 'twilio-php has no client-validation (PKCV) token: no ValidationToken class in src/Twilio/Jwt' },
  jwt: phpBaseJwt,
};
