/** twilio-node 6.2.0 `ClientCapability` and its scope classes (research/node-spec.md §3). */
import type { ClientCapabilityRules, BuiltCapability } from '../../client-capability/rules.ts';
import { EVENTS_PATH, SCOPE_PREFIX, type HeldScope } from '../../client-capability/scopes.ts';
import type { ScopeInput } from '../../client-capability/input.ts';
import type { HostMap } from '../../lang/host.ts';
import { javascript } from '../../lang/javascript.ts';
import { LibraryError } from '../../lang/lang.ts';
import { nodeQuerystringEscape } from '../../lang/url-encoding.ts';
import { jsonwebtokenSign } from './jsonwebtoken.ts';
import { assignProperties, checkWrites, isTypeofObject, jsEntries, jsJoin, optionsArgument, property, type JsValue } from './objects.ts';

const CAPABILITY_OPTIONS = ['accountSid', 'authToken', 'ttl'];
const OUTGOING_OPTIONS = ['applicationSid', 'clientName', 'params'];

/**
 * The checks ClientCapability and OutgoingClientScope run on their options argument, in order:
 * present, an object, then each required option truthy.
 */
function checkOptions(arg: ReturnType<typeof optionsArgument>, required: readonly string[]): JsValue {
  if (!arg.present || !javascript.truthy(arg.value)) throw new LibraryError('Error', 'Required parameter "options" missing.');
  if (!isTypeofObject(arg.value)) throw new LibraryError('TypeError', 'Parameter "options" must be a type Object');
  for (const name of required) {
    if (!javascript.truthy(property(arg.value, name))) throw new LibraryError('Error', `Required parameter "options.${name}" missing.`);
  }
  return arg.value;
}

/** `querystring.escape(v)`: a non-string is made a string first (`String(v)` / `v + ''`). */
function esc(v: JsValue): string {
  return nodeQuerystringEscape(typeof v === 'string' ? v : javascript.str(v));
}

/** The `appParams` value: each entry escaped as `k=v`, joined with `&`, and the whole escaped again. */
function appParams(entries: Array<[string, JsValue]>): string {
  return esc(entries.map(([k, v]) => `${esc(k)}=${esc(v)}`).join('&'));
}

/** Plans a scope (refusals are settled while the case is read) and returns its construction. */
function planScope(s: ScopeInput, i: number): () => HeldScope {
  const where = `scopes[${i}].`;
  const writes = checkWrites(s.keys.get('setAfter'), where);
  const options = s.type === 'outgoing' ? optionsArgument(s.keys, OUTGOING_OPTIONS, where) : undefined;
  return () => {
    const fields = new Map<string, JsValue>([['scope', SCOPE_PREFIX[s.type]]]);
    if (s.type === 'incoming') {
      fields.set('clientName', s.keys.get('clientName'));
    } else if (s.type === 'outgoing') {
      const o = checkOptions(options!, ['applicationSid']);
      for (const name of OUTGOING_OPTIONS) fields.set(name, property(o, name));
    } else {
      const filters = s.keys.get('filters');
      fields.set('filters', javascript.truthy(filters) ? filters : new Map());
    }
    assignProperties(fields, writes, where);
    return { type: s.type, fields };
  };
}

/** twilio-node's ClientCapability rules, for the family code in reference/client-capability. */
export const nodeClientCapability: ClientCapabilityRules = {
  vocabulary: {
    keys: ['accountSid', 'authToken', 'ttl', 'optionsAbsent', 'optionsValue', 'setAfter'],
    setAfter: false, // node's setAfter is plain property writes, read as a value
    scopeKeys: {
      incoming: ['clientName', 'setAfter'],
      outgoing: ['applicationSid', 'clientName', 'params', 'optionsAbsent', 'optionsValue', 'setAfter'],
      event_stream: ['filters', 'setAfter'],
    },
    rawScopes: false,
  },
  build({ values, scopes }): BuiltCapability {
    const options = optionsArgument(values, CAPABILITY_OPTIONS, '');
    const writes = checkWrites(values.get('setAfter'), '');
    const plans = scopes.map(planScope);

    const o = checkOptions(options, ['accountSid', 'authToken']);
    const ttl = property(o, 'ttl');
    const fields = new Map<string, JsValue>([
      ['accountSid', property(o, 'accountSid')],
      ['authToken', property(o, 'authToken')],
      ['ttl', javascript.truthy(ttl) ? ttl : 3600],
      ['scopes', undefined],
    ]);
    assignProperties(fields, writes, '', ['scopes']);
    return { fields, scopes: plans.map((make) => make()) };
  },
  render({ type, fields: f }) {
    const query: string[] = [];
    if (type === 'incoming') {
      query.push(`clientName=${esc(f.get('clientName'))}`);
    } else if (type === 'outgoing') {
      query.push(`appSid=${esc(f.get('applicationSid'))}`);
      const clientName = f.get('clientName');
      if (typeof clientName === 'string') query.push(`clientName=${esc(clientName)}`);
      // `typeof params === "object"`: so `{}` gives an empty appParams and `null` throws.
      if (isTypeofObject(f.get('params'))) query.push(`appParams=${appParams(jsEntries(f.get('params')))}`);
    } else {
      // The path goes in unescaped; filters ride in appParams like outgoing params.
      query.push(`path=${EVENTS_PATH}`);
      const entries = jsEntries(f.get('filters'));
      if (entries.length > 0) query.push(`appParams=${appParams(entries)}`);
    }
    return jsJoin([f.get('scope'), query.join('&')], '?');
  },
  sign(claims, { fields: f }, _args, clockMs) {
    const payload: HostMap = new Map(claims());
    const iss = f.get('accountSid');
    if (iss !== undefined) payload.set('iss', iss);
    // exp is twilio's own arithmetic (`+` on whatever ttl is), not jsonwebtoken's expiresIn.
    payload.set('exp', javascript.add(javascript.nowSeconds(clockMs), f.get('ttl')));
    return jsonwebtokenSign(payload, f.get('authToken'), [], clockMs);
  },
};
