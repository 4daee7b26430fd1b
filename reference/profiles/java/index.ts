import { java as javaLang } from '../../lang/java.ts';
import type { Profile } from '../profile.ts';
import { javaAccessToken } from './access-token.ts';
import { javaClientCapability } from './client-capability.ts';
import { javaTaskRouter } from './taskrouter.ts';
import { javaValidationToken } from './validation-token.ts';

/**
 * twilio-java 12.0.0 (jjwt 0.12.6, Jackson) on OpenJDK 17: AccessToken, ClientCapability,
 * TaskRouterCapability and ValidationToken. Inputs whose output twilio-java itself does not fix
 * (two grants of one type; grants sharing a HashMap bucket, such as task_router with player) are
 * answered unsupported as indeterminate. Its credential providers are not modelled (none recorded).
 */
export const java: Profile = {
  name: 'java',
  library: { name: 'twilio-java', version: '12.0.0' },
  lang: javaLang,
  accessToken: javaAccessToken,
  providers: { unsupported: "the reference does not model twilio-java's credential providers (ClientCredentialProvider, OrgsCredentialProvider); none were recorded (issue 18)", notModelled: true },
  clientCapability: javaClientCapability,
  taskrouterCapability: javaTaskRouter,
  validationToken: javaValidationToken,
  jwt: { unsupported: "twilio-java's Jwt is an abstract class with toJwt only: no decode, and its payload and headers come from a subclass, not from arguments" },
};
