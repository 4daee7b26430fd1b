/**
 * The validation_token family over twilio-node: ValidationToken.fromHttpRequest, with the canonical
 * request and its hash from the library's own canonicalizer. The REST-client route
 * (`via: "twilioClient"`) is validation-client.ts.
 */
import type { TwilioModule } from './library.ts';
import { checkKeys, has, type JsonObject, optionsArgument, type Plan, planSetAfter, positional, Skip, slot, tokenString } from './support.ts';

export const VALIDATION_KEYS = ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem', 'algorithm', 'ttl', 'ttlVia', 'request', 'via', 'clientCredentials', 'apiCall', 'optionsAbsent', 'optionsValue', 'setAfter'] as const;

/** The ValidationToken options object (`privateKeyPem` is the library's `privateKey`). */
export function validationOptions(input: JsonObject): { present: boolean; value?: unknown } {
  if (has(input, 'ttlVia')) {
    // `constructorOption` is the library's documented `opts.ttl`; any other route is unknown here.
    if (input.ttlVia !== 'constructorOption') throw new Skip(`ttlVia "${String(input.ttlVia)}" is not modelled`);
    if (!has(input, 'ttl')) throw new Skip('ttlVia is given without ttl');
  }
  const renamed: JsonObject = { ...input };
  if (has(input, 'privateKeyPem')) renamed.privateKey = input.privateKeyPem;
  return optionsArgument(renamed, ['accountSid', 'credentialSid', 'signingKey', 'privateKey', 'algorithm', 'ttl'], '');
}

export function planValidationToken(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, VALIDATION_KEYS, '');
  const ValidationToken = lib.jwt.ValidationToken;
  const args = positional([validationOptions(input)]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', []) : undefined;
  const requestArgs = positional([slot(input, 'request')]);
  return () => {
    const validationToken = new ValidationToken(...args);
    setAfter?.(validationToken);
    const token = tokenString(validationToken.fromHttpRequest(...requestArgs), 'ValidationToken.fromHttpRequest');
    // The canonical request is not part of the token; the library's own canonicalizer shows it.
    const canonicalizer = validationToken.getRequestCanonicalizer(requestArgs[0]);
    return {
      token,
      canonicalRequest: canonicalizer.getCanonicalizedRequestString(),
      requestHash: canonicalizer.create(),
    };
  };
}
