/**
 * The client_capability family over twilio-node: ClientCapability and its scopes.
 */
import type { TwilioModule } from './library.ts';
import { asArray, asObject, asString, checkKeys, has, type JsonObject, optionsArgument, type Plan, planSetAfter, positional, Skip, slot, tokenString } from './support.ts';

const CLIENT_CAPABILITY_KEYS = ['accountSid', 'authToken', 'ttl', 'scopes', 'optionsAbsent', 'optionsValue', 'setAfter'] as const;
const CLIENT_CAPABILITY_OPTIONS = ['accountSid', 'authToken', 'ttl'] as const;
const OUTGOING_SCOPE_OPTIONS = ['applicationSid', 'clientName', 'params'] as const;

function planScope(lib: TwilioModule, raw: unknown, where: string): () => object {
  const scope = asObject(raw, where);
  const type = asString(scope.type, `${where}.type`);
  const { IncomingClientScope, OutgoingClientScope, EventStreamScope } = lib.jwt.ClientCapability;
  let make: () => object;
  switch (type) {
    case 'incoming': {
      checkKeys(scope, ['type', 'clientName', 'setAfter'], where);
      // IncomingClientScope takes the bare client name, not an options object.
      const args = positional([slot(scope, 'clientName')]);
      make = () => new IncomingClientScope(...args);
      break;
    }
    case 'outgoing': {
      checkKeys(scope, ['type', ...OUTGOING_SCOPE_OPTIONS, 'optionsAbsent', 'optionsValue', 'setAfter'], where);
      const args = positional([optionsArgument(scope, OUTGOING_SCOPE_OPTIONS, `${where}.`)]);
      make = () => new OutgoingClientScope(...args);
      break;
    }
    case 'event_stream': {
      checkKeys(scope, ['type', 'filters', 'setAfter'], where);
      const args = positional([slot(scope, 'filters')]);
      make = () => new EventStreamScope(...args);
      break;
    }
    default:
      throw new Skip(`${where}.type "${type}" has no twilio-node scope class`);
  }
  const setAfter = has(scope, 'setAfter') ? planSetAfter(scope.setAfter, `${where}.`, []) : undefined;
  return () => {
    const made = make();
    setAfter?.(made);
    return made;
  };
}

export function planClientCapability(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, CLIENT_CAPABILITY_KEYS, '');
  const ClientCapability = lib.jwt.ClientCapability;
  const args = positional([optionsArgument(input, CLIENT_CAPABILITY_OPTIONS, '')]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', ['scopes']) : undefined;
  const scopes = asArray(has(input, 'scopes') ? input.scopes : [], 'scopes').map((raw, i) => planScope(lib, raw, `scopes[${i}]`));
  return () => {
    const capability = new ClientCapability(...args);
    setAfter?.(capability);
    for (const makeScope of scopes) capability.addScope(makeScope());
    return { token: tokenString(capability.toJwt(), 'ClientCapability.toJwt') };
  };
}
