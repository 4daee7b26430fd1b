/**
 * The access_token family over twilio-node: AccessToken, its options object and its grants.
 */
import type { TwilioModule } from './library.ts';
import { asArray, asObject, asString, checkKeys, has, type JsonObject, optionsArgument, type Plan, planSetAfter, positional, Skip, slot, tokenString } from './support.ts';

const ACCESS_TOKEN_KEYS = ['accountSid', 'keySid', 'secret', 'identity', 'ttl', 'nbf', 'region', 'algorithm', 'grants', 'optionsAbsent', 'optionsValue', 'setAfter'] as const;
const ACCESS_TOKEN_OPTIONS = ['identity', 'ttl', 'nbf', 'region'] as const;

const GRANT_CLASSES = {
  voice: 'VoiceGrant',
  video: 'VideoGrant',
  chat: 'ChatGrant',
  sync: 'SyncGrant',
  task_router: 'TaskRouterGrant',
  playback: 'PlaybackGrant',
} as const;

function isGrantType(type: string): type is keyof typeof GRANT_CLASSES {
  return Object.hasOwn(GRANT_CLASSES, type);
}

export function planAccessToken(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, ACCESS_TOKEN_KEYS, '');
  const AccessToken = lib.jwt.AccessToken;
  const args = positional([slot(input, 'accountSid'), slot(input, 'keySid'), slot(input, 'secret'), optionsArgument(input, ACCESS_TOKEN_OPTIONS, '')]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', ['grants']) : undefined;

  const grants = asArray(has(input, 'grants') ? input.grants : [], 'grants').map((raw, i) => {
    const where = `grants[${i}]`;
    const grant = asObject(raw, where);
    const type = asString(grant.type, `${where}.type`);
    if (!isGrantType(type)) throw new Skip(`${where}.type "${type}" has no twilio-node grant class`);
    checkKeys(grant, ['type', 'options', 'setAfter'], where);
    const GrantClass = AccessToken[GRANT_CLASSES[type]];
    // Grant options are the library's own camelCase option object, passed through unchanged.
    const grantArgs = has(grant, 'options') ? [grant.options] : [];
    const grantSetAfter = has(grant, 'setAfter') ? planSetAfter(grant.setAfter, `${where}.`, []) : undefined;
    return { GrantClass, grantArgs, grantSetAfter };
  });
  const toJwtArgs = has(input, 'algorithm') ? [input.algorithm] : [];

  return () => {
    const token = new AccessToken(...args);
    setAfter?.(token);
    for (const { GrantClass, grantArgs, grantSetAfter } of grants) {
      const grant = new GrantClass(...grantArgs);
      grantSetAfter?.(grant);
      token.addGrant(grant);
    }
    return { token: tokenString(token.toJwt(...toJwtArgs), 'AccessToken.toJwt') };
  };
}
