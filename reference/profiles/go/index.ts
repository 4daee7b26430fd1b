import { go as goLang } from '../../lang/go.ts';
import type { Profile } from '../profile.ts';
import { goAccessToken } from './access-token.ts';
import { goTaskRouter } from './taskrouter.ts';

/**
 * twilio-go v1.30.9 (`client/jwt`, golang-jwt v5.2.2) on go1.19: AccessToken and the TaskRouter
 * capability token, from the recordings of the shared oracle (research/go-java-spec.md; twilio-go
 * is compiled and cannot be built here, so the recordings are the ground truth).
 */
export const go: Profile = {
  name: 'go',
  library: { name: 'twilio-go', version: '1.30.9' },
  lang: goLang,
  accessToken: goAccessToken,
  providers: {
    unsupported: "the reference does not model twilio-go's OAuth token handling: no twilio-go credential provider was recorded",
    notModelled: true,
  },
  clientCapability: { unsupported: 'twilio-go has no ClientCapability (Twilio Client capability token): client/jwt has AccessToken and the TaskRouter capability only' },
  taskrouterCapability: goTaskRouter,
  validationToken: { unsupported: 'twilio-go has no client-validation (PKCV) token: no ValidationToken in client/jwt' },
  jwt: {
    unsupported: "the reference does not model twilio-go's base Jwt (ToJwt with header and payload functions, FromJwt): none of its calls was recorded",
    notModelled: true,
  },
};
