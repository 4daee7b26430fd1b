import { ruby as rubyLang } from '../../lang/ruby.ts';
import type { Profile } from '../profile.ts';
import { rubyAccessToken } from './access-token.ts';
import { rubyProviders } from './providers.ts';
import { rubyClientCapability } from './client-capability.ts';
import { rubyTaskRouter } from './taskrouter.ts';

/** twilio-ruby 7.11.1 with ruby-jwt 2.5 / json 2.6 on Ruby 3.1. */
export const ruby: Profile = {
  name: 'ruby',
  library: { name: 'twilio-ruby', version: '7.11.1' },
  lang: rubyLang,
  accessToken: rubyAccessToken,
  providers: rubyProviders,
  clientCapability: rubyClientCapability,
  taskrouterCapability: rubyTaskRouter,
  validationToken: {
    unsupported: 'twilio-ruby has no client-validation (PKCV) token: no ValidationToken class, no RS256 or twilio-pkrv anywhere in the library',
  },
  jwt: {
    unsupported: 'twilio-ruby has no public Jwt API: BaseJWT has no decode and no way to choose payload or headers of its own',
  },
};
