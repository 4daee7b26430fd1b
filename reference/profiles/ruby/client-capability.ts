/** twilio-ruby 7.11.1 `ClientCapability` and its scope classes (research/ruby-spec.md §3). */
import type { ScopeInput } from '../../client-capability/input.ts';
import type { BuiltCapability, ClientCapabilityRules } from '../../client-capability/rules.ts';
import { EVENTS_PATH, SCOPE_PREFIX, scopeUri, type HeldScope } from '../../client-capability/scopes.ts';
import type { HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { rbToS } from '../../lang/ruby.ts';
import { rubyCgiEscape } from '../../lang/url-encoding.ts';
import { arity, blockPairs, extraToJwtCalls, implicitString, isEmpty, noMethod, positional, type RbValue } from './objects.ts';
import { checkRubySecret, rubyJwtToJwt } from './ruby-jwt.ts';

// The writers of ClientCapability: `scopes=` replaces the scope list; the others set instance
// variables that BaseJWT never reads (it signs with its own @secret_key and @issuer).
const WRITERS = ['accountSid', 'authToken', 'clientName', 'scopes'];

/** `ScopeClass.new(...)` with the entry's positional arguments: the scope object's variables. */
function newScope(s: ScopeInput): HeldScope {
  if (s.type === 'incoming') {
    const args = positional(s.keys, ['clientName']);
    if (args.length !== 1) throw arity(args.length, '1');
    return { type: s.type, fields: new Map([['client_name', args[0]]]) };
  }
  if (s.type === 'outgoing') {
    const args = positional(
      s.keys,
      ['applicationSid'],
      [
        ['clientName', () => null],
        ['params', () => new Map()],
      ],
    );
    if (args.length === 0) throw arity(0, '1..3');
    return {
      type: s.type,
      fields: new Map([
        ['application_sid', args[0]],
        ['client_name', args[1] ?? null],
        ['params', args.length > 2 ? args[2] : new Map()],
      ]),
    };
  }
  const args = positional(s.keys, [], [['filters', () => new Map()]]);
  return { type: s.type, fields: new Map([['filters', args.length ? args[0] : new Map()]]) };
}

/** `CGI.escape("#{k}=#{v}")` for each pair the scope's `map { |k, v| }` sees. */
function escapedPairs(v: RbValue): string[] {
  return blockPairs(v).map(([k, x]) => rubyCgiEscape(`${rbToS(k)}=${rbToS(x)}`));
}

/** twilio-ruby's ClientCapability rules, for the family code in reference/client-capability. */
export const rubyClientCapability: ClientCapabilityRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'ttl', 'nbf', 'validUntil', 'algorithm', 'scopesVia', 'extraToJwtCalls'],
    setAfter: true,
    scopeKeys: { incoming: ['clientName'], outgoing: ['applicationSid', 'clientName', 'params'], event_stream: ['filters'] },
    rawScopes: true,
  },
  build({ values: v, scopes, rawScopes, setAfter }): BuiltCapability {
    const via = v.has('scopesVia') ? v.get('scopesVia') : 'add_scope';
    if (via !== 'add_scope' && via !== 'constructor') throw new UnsupportedInput(`scopesVia ${JSON.stringify(via)} is not modelled`);
    if (rawScopes !== undefined && via !== 'constructor') throw new UnsupportedInput('input.scopes is not a list of scopes');
    for (const w of setAfter ?? []) {
      if (!WRITERS.includes(w.key)) throw new UnsupportedInput(`setAfter.${w.key}: ClientCapability has no writer for it`);
    }
    extraToJwtCalls(v);

    // The scope objects are made first, then handed to the constructor or to add_scope.
    const objects = scopes.map(newScope);
    const given = positional(v, ['accountSid', 'authToken']).length;
    if (given !== 2) throw arity(given, '2');
    if (v.has('algorithm')) throw new LibraryError('ArgumentError', 'unknown keyword: :algorithm');
    checkRubySecret(v.get('authToken'));

    const built: BuiltCapability = { fields: new Map(v), scopes: objects };
    if (rawScopes !== undefined) built.rawScopes = rawScopes;
    for (const w of setAfter ?? []) {
      if (w.key !== 'scopes') continue;
      if (w.scopes) {
        built.scopes = w.scopes.map(newScope);
        delete built.rawScopes;
      } else built.rawScopes = w.value;
    }
    return built;
  },
  render({ type, fields: f }) {
    if (type === 'incoming') return scopeUri(SCOPE_PREFIX.incoming, `clientName=${rubyCgiEscape(rbToS(f.get('client_name')))}`);
    if (type === 'outgoing') {
      // Fixed order appSid, clientName, appParams; the pairs are joined with an escaped '&'.
      const parts = [`appSid=${rubyCgiEscape(implicitString(f.get('application_sid')))}`];
      const clientName = f.get('client_name');
      if (clientName !== null && clientName !== undefined) parts.push(`clientName=${rubyCgiEscape(implicitString(clientName))}`);
      const params = f.get('params');
      if (!isEmpty(params)) parts.push(`appParams=${escapedPairs(params).join(rubyCgiEscape('&'))}`);
      return scopeUri(SCOPE_PREFIX.outgoing, parts.join('&'));
    }
    // The event path is escaped, and the filters are joined with a literal '&'.
    const parts = [`path=${rubyCgiEscape(EVENTS_PATH)}`];
    const filters = f.get('filters');
    if (!isEmpty(filters)) parts.push(`params=${escapedPairs(filters).join('&')}`);
    return scopeUri(SCOPE_PREFIX.event_stream, parts.join('&'));
  },
  renderRawScopes(scopes: HostValue) {
    // `@scopes.empty?` then `@scopes.map(&:_generate_payload)`: a Hash maps over [key, value] pairs.
    if (isEmpty(scopes)) return '';
    const [first] = blockPairs(scopes);
    throw noMethod('_generate_payload', [first[0] ?? null, first[1] ?? null]);
  },
  sign(claims, _built, { values: v }, clockMs) {
    return rubyJwtToJwt(
      claims(),
      new Map(),
      {
        secretKey: v.get('authToken'),
        issuer: v.get('accountSid'),
        nbf: v.get('nbf'),
        ttl: v.has('ttl') ? v.get('ttl') : 3600n,
        validUntil: v.get('validUntil'),
      },
      clockMs,
    );
  },
};
