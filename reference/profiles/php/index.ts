import { php as phpLang } from '../../lang/php.ts';
import type { Profile } from '../profile.ts';
import { phpAccessToken } from './access-token.ts';
import { phpBaseJwt } from './base-jwt.ts';
import { phpClientCapability } from './client-capability.ts';
import { phpTaskRouter } from './taskrouter.ts';

/**
 * twilio-php 8.12.0 on PHP 8.2 (`precision=14`, `serialize_precision=-1`): AccessToken,
 * ClientToken, the TaskRouter capabilities and the `JWT` class. The credential providers are
 * twilio-php's too, but not modelled yet (issue 17): their cases are answered unsupported, with
 * that reason, rather than guessed at, and vectors record no php expectation for them.
 */
export const php: Profile = {
  name: 'php',
  library: { name: 'twilio-php', version: '8.12.0' },
  lang: phpLang,
  accessToken: phpAccessToken,
  providers: { unsupported: 'the reference does not model twilio-php\'s credential providers yet (ClientCredentialProvider, OrgsCredentialProvider; issue 17)', notModelled: true },
  clientCapability: phpClientCapability,
  taskrouterCapability: phpTaskRouter,
  validationToken: { unsupported: 'twilio-php has no client-validation (PKCV) token: no ValidationToken class in src/Twilio/Jwt' },
  jwt: phpBaseJwt,
};
