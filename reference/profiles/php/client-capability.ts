/**
 * twilio-php 8.12.0 `Twilio\Jwt\ClientToken` and its `Client\ScopeURI` (research/php-spec.md,
 * "ClientToken"), called as the oracle README's php vocabulary says: the constructor with named
 * arguments, `addClaim` per claim, one `allowClientIncoming` / `allowClientOutgoing` /
 * `allowEventStream` call per scope in order, then `generateToken(ttl)`.
 *
 * Each allow call builds its scope's parameters at once (`appParams` and the stream's `params` are
 * `http_build_query` of the array given, so they are always there, possibly empty); at
 * `generateToken` the last incoming client name, when truthy, is written into every outgoing
 * scope; each scope is then `http_build_query` of its parameters again (RFC 1738), which encodes
 * the already-encoded values a second time.
 */
import type { ScopeInput, ScopeType } from '../../client-capability/input.ts';
import type { BuiltCapability, ClientCapabilityRules } from '../../client-capability/rules.ts';
import { EVENTS_PATH, SCOPE_PREFIX, type HeldScope } from '../../client-capability/scopes.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { php, phpArray, phpArrayMerge, phpHttpBuildQuery, phpTruthy, type PhpArray } from '../../lang/php.ts';
import { namedArguments, phpCall, type PhpFunction, type PhpParam } from './calls.ts';
import { claimPairs } from './claims.ts';
import { phpJwtEncode } from './php-jwt.ts';

const TOKEN = 'Twilio\\Jwt\\ClientToken';
const method = (name: string, params: PhpParam[]): PhpFunction => ({ name: `${TOKEN}::${name}`, params });

const CONSTRUCT = method('__construct', [
  { name: 'accountSid', type: 'string' },
  { name: 'authToken', type: 'string' },
]);
const ADD_CLAIM = method('addClaim', [
  { name: 'name', type: 'string' },
  { name: 'value', type: 'string' },
]);
const GENERATE = method('generateToken', [{ name: 'ttl', type: 'int', optional: true }]);

/** Each scope kind's allow method, its parameters, and the input keys passed as them. */
const ALLOW: Readonly<Record<ScopeType, { fn: PhpFunction; args: ReadonlyArray<readonly [string, string]> }>> = {
  incoming: { fn: method('allowClientIncoming', [{ name: 'clientName', type: 'string' }]), args: [['clientName', 'clientName']] },
  outgoing: {
    fn: method('allowClientOutgoing', [
      { name: 'appSid', type: 'string' },
      { name: 'appParams', type: 'array', optional: true },
    ]),
    args: [
      ['applicationSid', 'appSid'],
      ['params', 'appParams'],
    ],
  },
  event_stream: { fn: method('allowEventStream', [{ name: 'filters', type: 'array', optional: true }]), args: [['filters', 'filters']] },
};

/** `preg_match('/\W/', $name)` without `/u`: any byte but `[A-Za-z0-9_]` (so every non-ASCII character). */
const NON_WORD = /[^A-Za-z0-9_]/;

/** `http_build_query($params, '', '&')`, the encoding every ScopeURI parameter goes through. */
const query = (params: PhpArray): string => phpHttpBuildQuery(params, { argSeparator: '&' });

/** One allow call: binds its arguments, runs its checks, and returns the ScopeURI it adds. */
function allow(s: ScopeInput): HeldScope {
  const { fn, args } = ALLOW[s.type];
  const bound = phpCall(fn, namedArguments(s.keys, args));
  if (s.type === 'incoming') {
    const name = bound[0] as string;
    if (NON_WORD.test(name)) throw new LibraryError('InvalidArgumentException', 'Only alphanumeric characters allowed in client name.');
    if (name === '') throw new LibraryError('InvalidArgumentException', 'Client name must not be a zero length string.');
    return { type: s.type, fields: new Map([['clientName', name]]) };
  }
  if (s.type === 'outgoing') {
    return {
      type: s.type,
      fields: new Map([
        ['appSid', bound[0]!],
        ['appParams', query((bound[1] ?? []) as PhpArray)],
      ]),
    };
  }
  return {
    type: s.type,
    fields: new Map([
      ['path', EVENTS_PATH],
      ['params', query((bound[0] ?? []) as PhpArray)],
    ]),
  };
}

/** Refuse, before any call, what ClientToken's API has no way to take. */
function checkVocabulary(scopes: readonly ScopeInput[], claims: HostValue | undefined): void {
  claimPairs(claims);
  scopes.forEach((s, i) => {
    // The outgoing scope's client name is ClientToken's own (the incoming one): only "none" is expressible.
    if (s.type === 'outgoing' && s.keys.has('clientName') && s.keys.get('clientName') !== null) {
      throw new UnsupportedInput(`input.scopes[${i}].clientName: allowClientOutgoing($appSid, $appParams) takes no client name (ClientToken appends the incoming one to every outgoing scope)`);
    }
  });
}

/** twilio-php's ClientToken rules, for the family code in reference/client-capability. */
export const phpClientCapability: ClientCapabilityRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'ttl', 'claims'],
    setAfter: false,
    scopeKeys: { incoming: ['clientName'], outgoing: ['applicationSid', 'params', 'clientName'], event_stream: ['filters'] },
    rawScopes: false,
  },
  build({ values: v, scopes }): BuiltCapability {
    checkVocabulary(scopes, v.get('claims'));
    const [accountSid, authToken] = phpCall(
      CONSTRUCT,
      namedArguments(v, [
        ['accountSid', 'accountSid'],
        ['authToken', 'authToken'],
      ]),
    );
    // addClaim stores `$customClaims[$name] = $value`: a repeated name keeps its first place.
    const claims = phpArray(
      claimPairs(v.get('claims')).map(([name, value]) => {
        const [n, x] = phpCall(
          ADD_CLAIM,
          new Map([
            ['name', name],
            ['value', value],
          ]),
        );
        return [n as string, x!] as const;
      }),
    );
    let clientName: HostValue = false;
    const held = scopes.map((s) => {
      const scope = allow(s);
      if (s.type === 'incoming') clientName = scope.fields.get('clientName')!;
      return scope;
    });
    const [ttl] = phpCall(GENERATE, namedArguments(v, [['ttl', 'ttl']]));
    // generateToken: the last incoming name, when truthy ("0" is not), goes into every outgoing scope.
    if (phpTruthy(clientName)) for (const s of held) if (s.type === 'outgoing') s.fields.set('clientName', clientName);
    return {
      fields: new Map<string, HostValue>([
        ['accountSid', accountSid!],
        ['authToken', authToken!],
        ['ttl', ttl ?? 3600n],
        ['claims', claims],
      ]),
      scopes: held,
    };
  },
  render({ type, fields }) {
    // ScopeURI::toString adds `?` and the query only when it has parameters (every scope here has some).
    if (fields.size === 0) return SCOPE_PREFIX[type];
    return `${SCOPE_PREFIX[type]}?${query(phpArray([...fields].map(([k, x]) => [k, x ?? null] as const)))}`;
  },
  sign(claims, { fields: f }, _args, clockMs) {
    // array_merge(customClaims, [scope, iss, exp]): custom claims first, a reserved name keeping its place.
    const registered: HostMap = new Map<string, HostValue>([
      ['scope', []],
      ['iss', f.get('accountSid')!],
      ['exp', php.add(php.nowSeconds(clockMs), f.get('ttl'))],
    ]);
    const payload = phpArrayMerge(f.get('claims') as PhpArray, registered) as HostMap;
    payload.set('scope', claims().get('scope')!);
    return phpJwtEncode(payload, f.get('authToken') as string, 'HS256', []);
  },
};
