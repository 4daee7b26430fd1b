/** twilio-python 9.11 `ClientCapabilityToken` and `ScopeURI` (research/python-spec.md §4). */
import type { ScopeInput, ScopeType } from '../../client-capability/input.ts';
import type { BuiltCapability, ClientCapabilityRules } from '../../client-capability/rules.ts';
import { EVENTS_PATH, SCOPE_PREFIX, scopeUri, type HeldScope } from '../../client-capability/scopes.ts';
import { isHostMap, type HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { pythonUrlencode } from '../../lang/url-encoding.ts';
import { missingArgumentsMessage } from './calls.ts';
import { GENERATE, pyJwtToJwt } from './pyjwt.ts';
import { checkToJwtCalls, withSecondToken } from './to-jwt-calls.ts';

/** The `allow_*` method behind each scope kind, and the key it files the scope under. */
const METHODS: Readonly<Record<ScopeType, { method: string; key: string }>> = {
  outgoing: { method: 'allow_client_outgoing', key: 'outgoing' },
  incoming: { method: 'allow_client_incoming', key: 'incoming' },
  event_stream: { method: 'allow_event_stream', key: 'events' },
};

/** The constructor applies its scope keywords in this fixed order, whatever order they came in. */
const CONSTRUCTOR_ORDER: readonly ScopeType[] = ['outgoing', 'incoming', 'event_stream'];

/** One `allow_*` call: its keyword arguments in the order they are passed. */
interface AllowCall {
  type: ScopeType;
  kwargs: Array<[string, HostValue]>;
}

const qualified = (method: string): string => `ClientCapabilityToken.${method}()`;

/** The keyword arguments of a scope entry: params and filters are the method's `**kwargs`. */
function allowCall(s: ScopeInput, i: number): AllowCall {
  const where = `input.scopes[${i}]`;
  const dict = (key: string): Array<[string, HostValue]> => {
    const v = s.keys.has(key) ? s.keys.get(key) : new Map();
    if (!isHostMap(v)) throw new UnsupportedInput(`${where}.${key} is not an object; twilio-python takes keyword arguments here`);
    return [...v];
  };
  if (s.type === 'incoming') return { type: s.type, kwargs: s.keys.has('clientName') ? [['client_name', s.keys.get('clientName')!]] : [] };
  if (s.type === 'event_stream') return { type: s.type, kwargs: dict('filters') };
  const params = dict('params');
  if (s.keys.has('applicationSid') && params.some(([k]) => k === 'application_sid')) {
    throw new UnsupportedInput(`${where}.params.application_sid collides with applicationSid`);
  }
  return { type: s.type, kwargs: [...(s.keys.has('applicationSid') ? [['application_sid', s.keys.get('applicationSid')!] as [string, HostValue]] : []), ...params] };
}

/** Binds and runs one `allow_*` call: the scope it files, or Python's binding error. */
function allow(call: AllowCall): HeldScope {
  const { method } = METHODS[call.type];
  const kwargs = new Map(call.kwargs);
  // `self` is already bound positionally, and CPython checks keywords before missing arguments.
  if (kwargs.has('self')) throw new LibraryError('TypeError', `${qualified(method)} got multiple values for argument 'self'`);
  const params = new Map<string, HostValue>();
  if (call.type === 'incoming') {
    if (!kwargs.has('client_name')) throw new LibraryError('TypeError', missingArgumentsMessage(qualified(method), ['client_name']));
    params.set('clientName', kwargs.get('client_name')!);
  } else if (call.type === 'outgoing') {
    if (!kwargs.has('application_sid')) throw new LibraryError('TypeError', missingArgumentsMessage(qualified(method), ['application_sid']));
    params.set('appSid', kwargs.get('application_sid')!);
    kwargs.delete('application_sid');
    // The remaining keywords are encoded once now (urlencode, doseq) and again in to_payload.
    if (kwargs.size > 0) params.set('appParams', pythonUrlencode(kwargs, true));
  } else {
    params.set('path', EVENTS_PATH);
    if (kwargs.size > 0) params.set('params', pythonUrlencode(kwargs, true));
  }
  return { type: call.type, fields: params };
}

/** twilio-python's ClientCapabilityToken rules, for the family code in reference/client-capability. */
export const pythonClientCapability: ClientCapabilityRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'ttl', 'nbf', 'validUntil', 'scopesVia', 'toJwtTtl', 'toJwtTwice', 'secondNow', 'extraToJwtCalls'],
    setAfter: false,
    // allow_client_outgoing has no client-name argument: a clientName keyword would be an appParam.
    scopeKeys: { incoming: ['clientName'], outgoing: ['applicationSid', 'params'], event_stream: ['filters'] },
    rawScopes: false,
  },
  build({ values: v, scopes }): BuiltCapability {
    const via = v.has('scopesVia') ? v.get('scopesVia') : 'allow';
    if (via !== 'allow' && via !== 'constructor') {
      throw new UnsupportedInput(`scopesVia ${JSON.stringify(via)}: twilio-python takes scopes through the constructor or the allow_*() methods`);
    }
    let calls = scopes.map(allowCall);
    if (via === 'constructor') {
      const types = calls.map((c) => c.type);
      if (new Set(types).size < types.length) throw new UnsupportedInput('scopesVia constructor takes one scope of each kind; the case has several');
      calls = CONSTRUCTOR_ORDER.flatMap((t) => calls.filter((c) => c.type === t));
    }
    const missing = [
      ['accountSid', 'account_sid'],
      ['authToken', 'auth_token'],
    ]
      .filter(([k]) => !v.has(k))
      .map(([, py]) => py);
    if (missing.length) throw new LibraryError('TypeError', missingArgumentsMessage('ClientCapabilityToken.__init__()', missing));

    // self.capabilities: one scope per kind; a repeated call replaces it but keeps its place.
    const capabilities = new Map<string, HeldScope>();
    let clientName: HostValue | undefined;
    for (const call of calls) {
      const scope = allow(call);
      if (call.type === 'incoming') clientName = scope.fields.get('clientName');
      capabilities.set(METHODS[call.type].key, scope);
    }
    // _generate_payload adds the incoming client name to the outgoing scope (the same on every call).
    const outgoing = capabilities.get('outgoing');
    if (outgoing && clientName !== undefined && clientName !== null) outgoing.fields.set('clientName', clientName);
    return { fields: new Map(v), scopes: [...capabilities.values()] };
  },
  render({ type, fields }) {
    // ScopeURI.to_payload: the params sorted by name, then urlencode (quote_plus on str() of each).
    const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as Array<[string, HostValue]>;
    return scopeUri(SCOPE_PREFIX[type], pythonUrlencode(sorted, false));
  },
  sign(claims, _built, { values: v }, clockMs) {
    checkToJwtCalls(v);
    // valid_until is accepted by the constructor and then dropped (it passes None to Jwt).
    const toJwt = (ms: number) =>
      pyJwtToJwt(
        claims,
        new Map(),
        {
          secretKey: v.get('authToken'),
          issuer: v.get('accountSid'),
          nbf: v.has('nbf') ? v.get('nbf')! : GENERATE,
          ttl: v.has('ttl') ? v.get('ttl') : 3600n,
          toJwtTtl: v.get('toJwtTtl'),
        },
        ms,
      );
    return withSecondToken(v, toJwt(clockMs), toJwt, clockMs);
  },
};
