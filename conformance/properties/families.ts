/**
 * Properties of the other token families, for any adapter: agreement with the reference at
 * layout level, determinism (HS* and RS256 byte for byte; PS256 by header and payload), a signature
 * jose verifies, and for ClientCapability that every scope string decodes back to the scopes it was
 * made from, by the escaping rules the profile's library uses.
 */
import { isDeepStrictEqual } from 'node:util';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { createPublicKey } from 'node:crypto';
import type { GeneratedCase } from '../differential/generators/json.ts';
import { familyEntry } from '../families/index.ts';
import { libraryOf, usesQuirk, type ProfileName } from '../libraries/index.ts';
import type { CapabilityTokenTables, TaskRouterTables, TaskRouterTokenTables } from '../libraries/library.ts';
import { isTokenOutput, type CaseResult, type Family } from '../protocol/types.ts';
import { verifiesWithJose } from '../runner/compare.ts';
import { acceptanceDifference } from './acceptance.ts';
import { layoutDifference, runsDifference } from './same-answer.ts';
import type { PropertyContext, PropertyDefinition } from './types.ts';

const fail = (msg: string): never => {
  throw new Error(msg);
};
const tokenOf = (r: CaseResult): string | undefined => ('output' in r && isTokenOutput(r.output) ? r.output.token : undefined);
const segment = (t: string, i: number): Buffer => Buffer.from(t.split('.')[i] ?? '', 'base64url');
const isUtf8 = (b: Buffer): boolean => Buffer.from(b.toString('utf8'), 'utf8').equals(b);

type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/** Object-API quirks (writes after construction, extra calls) change what the token is made from. */
const hasQuirk = (v: JsonValue): boolean => usesQuirk(v);

function property(family: Family, name: string, description: string, body: (ctx: PropertyContext, r: CaseResult, g: GeneratedCase) => Promise<void> | void): PropertyDefinition {
  return {
    name: `${family}/${name}`,
    family,
    description,
    // The family's generator in the profile's dialect; a library without the family has none.
    arbitrary: (p) => familyEntry(family).cases(libraryOf(p)),
    async predicate(ctx, g) {
      const r = await ctx.run(g);
      if ('errored' in r) fail(`adapter errored: ${r.errored.message}`);
      await body(ctx, r, g);
    },
  };
}

function generic(family: Family): PropertyDefinition[] {
  return [
    property(family, 'differential-layout', 'the adapter agrees with the reference profile: same header and payload, or a rejection where it rejects', (ctx, r) => {
      const ref = ctx.reference(ctx.lastCase!);
      if ('skipped' in ref || 'skipped' in r || 'errored' in ref) return;
      // One side rejecting is the difference, whatever the token looks like.
      const differs = acceptanceDifference(ctx, r);
      if (differs) fail(differs);
      const rt = tokenOf(ref);
      const at = tokenOf(r);
      if (rt === undefined) return;
      if (at === undefined) return fail(`the reference makes a token but the adapter answered ${JSON.stringify(r).slice(0, 200)}`);
      const layout = layoutDifference(at, rt);
      if (layout) fail(layout);
    }),
    property(family, 'determinism', 'the same input and clock give the same answer (PS* and ES*: the same header and payload)', async (ctx, r) => {
      const differs = runsDifference(r, await ctx.run(ctx.lastCase!));
      if (differs) fail(differs);
    }),
    property(family, 'signature-verifies', 'the signature verifies with jose under the input key', async (ctx, r, g) => {
      const t = tokenOf(r);
      if (!t) return;
      // A token for an input the profile rejects is the difference, named before any verification
      // failure that follows from it.
      const differs = acceptanceDifference(ctx, r);
      if (differs) fail(differs);
      // A header a library emits as non-UTF-8 (node's latin1 jws header) is its known defect: jose cannot parse it.
      if (!isUtf8(segment(t, 0)) || smallRsaKey(g.input) || hasQuirk(g.input)) return;
      const ok = await verifiesWithJose(t, g.input);
      if (ok === false) fail('jose does not verify the token under the input key');
    }),
  ];
}

/** jose refuses RSA keys under 2048 bits, which twilio-python signs with: nothing to verify then. */
function smallRsaKey(input: JsonValue): boolean {
  const pem = input instanceof JsonObject ? input.get('privateKeyPem') : undefined;
  if (typeof pem !== 'string') return false;
  try {
    return (createPublicKey(pem).asymmetricKeyDetails?.modulusLength ?? 4096) < 2048;
  } catch {
    return false;
  }
}

/**
 * The scope claim cut into its scopes where incoming scopes carry their client name as it is: read
 * in the order the scopes were added, each incoming one matched as text (it may hold spaces), each
 * other one up to the next space (escaped, it holds none).
 */
function splitInOrder(scope: string, scopes: ReadonlyArray<Record<string, Plain>>): string[] {
  const parts: string[] = [];
  let rest = scope;
  for (const [i, s] of scopes.entries()) {
    if (i > 0) {
      if (!rest.startsWith(' ')) return fail(`the scopes end after ${i} of ${scopes.length} (${JSON.stringify(scope)})`);
      rest = rest.slice(1);
    }
    let part: string;
    if (s.type === 'incoming') {
      part = `scope:client:incoming?clientName=${typeof s.clientName === 'string' ? s.clientName : 'null'}`;
      if (!rest.startsWith(part)) return fail(`scope ${i + 1} is not ${JSON.stringify(part)}, the client name as it is: ${JSON.stringify(scope)}`);
    } else part = rest.split(' ')[0];
    parts.push(part);
    rest = rest.slice(part.length);
  }
  if (rest !== '') fail(`more scopes than the ${scopes.length} added: ${JSON.stringify(scope)}`);
  return parts;
}

/** The parameters of `key=value&...` under one library's unescaping. */
function parseQuery(q: string, unescape: (s: string) => string): Array<[string, string]> {
  if (q === '') return [];
  return q.split('&').map((kv) => {
    const i = kv.indexOf('=');
    return i < 0 ? [unescape(kv), ''] : [unescape(kv.slice(0, i)), unescape(kv.slice(i + 1))];
  });
}

/** JavaScript enumerates integer-like keys first; other languages keep insertion order, or their map's (a table's `paramsOrder`). */
function order(p: ProfileName, entries: Array<[string, string]>): Array<[string, string]> {
  const tables = libraryOf(p).properties.clientCapability;
  if (tables?.paramsOrder) {
    const byKey = new Map(entries);
    return tables.paramsOrder(entries.map(([k]) => k)).map((k): [string, string] => [k, byKey.get(k)!]);
  }
  if (!tables?.integerKeysFirst) return entries;
  const ints = entries.filter(([k]) => /^(?:0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295).sort((a, b) => Number(a[0]) - Number(b[0]));
  return [...ints, ...entries.filter((e) => !ints.includes(e))];
}

const scopeRoundTrip = property(
  'client_capability',
  'scope-round-trip',
  'every scope in the token decodes back to the client name, application sid and parameters it was made from (node: querystring escaping, appParams encoded twice; python: quote_plus, parameters sorted, appParams twice)',
  (ctx, r, g) => {
    const p = ctx.profile;
    const unescape = libraryOf(p).properties.clientCapability?.unescape;
    const raw = libraryOf(p).properties.clientCapability?.rawIncomingClientName === true;
    const t = tokenOf(r);
    // A library whose scopes are ambiguous by design has no unescaping: they cannot round-trip.
    if (!unescape || !t || hasQuirk(g.input)) return;
    const input = toJavaScript(g.input as JsonValue) as { scopes?: Plain };
    const scopes = Array.isArray(input.scopes) ? input.scopes : [];
    // Lone surrogates have no UTF-8: escaping them is each library's own fallback, not a round trip.
    const stringy = (v: Plain | undefined): boolean => typeof v === 'string' && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
    const usableScope = (s: Plain): boolean => {
      if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
      // A client name written as it is may be absent or null (written `null`).
      if ((s.type === 'incoming' && !('clientName' in s) && !raw) || (s.type === 'outgoing' && !('applicationSid' in s))) return false;
      if (raw && s.type === 'incoming' && (s.clientName === null || s.clientName === undefined)) return true;
      const extra = (s.params ?? s.filters ?? {}) as Plain;
      return (
        Object.entries(s).every(([k, v]) => k === 'type' || k === 'params' || k === 'filters' || stringy(v)) &&
        typeof extra === 'object' &&
        extra !== null &&
        !Array.isArray(extra) &&
        Object.values(extra).every(stringy) &&
        Object.keys(extra).every((k) => stringy(k) && k !== '')
      );
    };
    // Read in order (raw client names), each scope stands alone: one that cannot round-trip is passed
    // over, as long as every incoming one can be matched as text. Otherwise all must round-trip.
    const readable = (s: Plain): boolean => typeof s === 'object' && s !== null && !Array.isArray(s) && (s.type !== 'incoming' || s.clientName === null || s.clientName === undefined || stringy(s.clientName));
    if (!(raw ? scopes.every(readable) : scopes.every(usableScope)) || scopes.length === 0) return;
    const payload = JSON.parse(segment(t, 1).toString('utf8')) as { scope?: string };
    const parts = raw ? splitInOrder(payload.scope ?? '', scopes as Array<Record<string, Plain>>) : (payload.scope ?? '').split(' ').filter(Boolean);
    const decode = (s: string, i: number): { kind: string; params: Record<string, string>; inner: Array<[string, string]> | undefined } => {
      // A client name written as it is was matched as text already.
      if (raw && (scopes[i] as Record<string, Plain>).type === 'incoming') return { kind: 'client:incoming', params: {}, inner: undefined };
      const m = /^scope:(\w+):(\w+)(?:\?(.*))?$/s.exec(s);
      if (!m) return fail(`not a scope: ${s}`);
      const params = Object.fromEntries(parseQuery(m[3] ?? '', unescape));
      const inner = params.appParams ?? params.params;
      return { kind: `${m[1]}:${m[2]}`, params, inner: inner === undefined ? undefined : parseQuery(inner, unescape) };
    };
    // In order, a scope is decoded when it is compared (one passed over may not decode).
    const decoded = raw ? [] : parts.map(decode);
    // Parameter order comes from the lossless input: a JS object would move integer-like keys first.
    const rawScopes = g.input instanceof JsonObject ? g.input.get('scopes') : undefined;
    const entriesOf = (i: number): Array<[string, string]> => {
      const raw = Array.isArray(rawScopes) ? rawScopes[i] : undefined;
      const extra = raw instanceof JsonObject ? (raw.get('params') ?? raw.get('filters')) : undefined;
      return extra instanceof JsonObject ? extra.entries.map(([k, v]): [string, string] => [k, v as string]) : [];
    };
    for (const [i, s] of (scopes as Array<Record<string, Plain>>).entries()) {
      // Node keeps every scope, python only the latest of a type: compare the unambiguous ones
      // (read in order, every scope is unambiguous).
      if (!raw && scopes.filter((x) => (x as Record<string, Plain>).type === s.type).length > 1) continue;
      if (raw && !usableScope(s)) continue;
      const kind = s.type === 'incoming' ? 'client:incoming' : s.type === 'outgoing' ? 'client:outgoing' : 'stream:subscribe';
      const found = raw ? decode(parts[i], i) : decoded.find((d) => d.kind === kind);
      if (!found || found.kind !== kind) return fail(`no ${kind} scope${raw ? ` at place ${i + 1}` : ''} in ${payload.scope}`);
      if (s.type === 'incoming' && !raw && found.params.clientName !== s.clientName) fail(`clientName decodes to ${JSON.stringify(found.params.clientName)}, not ${JSON.stringify(s.clientName)}`);
      if (s.type === 'outgoing' && found.params.appSid !== s.applicationSid) fail(`appSid decodes to ${JSON.stringify(found.params.appSid)}, not ${JSON.stringify(s.applicationSid)}`);
      const extra = entriesOf(i);
      if (extra.length && !isDeepStrictEqual(found.inner, order(p, extra))) fail(`parameters decode to ${JSON.stringify(found.inner)}, not ${JSON.stringify(order(p, extra))}`);
    }
  },
);

const policyRoundTrip = property(
  'taskrouter_capability',
  'policy-round-trip',
  'policies decode to objects in the profile\'s key order, and each policy added with a literal url and method comes back with them, in the order added (node: method || "GET" and allow || true; ruby and go: verbatim)',
  (ctx, r, g) => {
    const t = tokenOf(r);
    if (!t || hasQuirk(g.input)) return;
    const p = ctx.profile;
    // Key order and stored defaults of a policy object: the library's table (research specs).
    const tables = libraryOf(p).properties.taskrouterCapability;
    // The property applies only where the library has the family, and so its table.
    if (!tables) return fail(`the ${p} entry has a TaskRouter dialect but no policy table`);
    const payload = JSON.parse(segment(t, 1).toString('utf8')) as { policies?: Array<Record<string, Plain>> };
    const policies = payload.policies ?? [];
    // The same policies with their objects' key order (for the filters a table states).
    const lossless = parseLossless(segment(t, 1).toString('utf8'));
    const orderedPolicies = lossless instanceof JsonObject && Array.isArray(lossless.get('policies')) ? (lossless.get('policies') as JsonValue[]) : [];
    const optional = tables.optionalPolicyKeys ?? [];
    for (const pol of policies) {
      const keys = Object.keys(pol);
      const want = tables.policyKeys.filter((k) => keys.includes(k) || !optional.includes(k));
      if (!isDeepStrictEqual(keys, want)) fail(`policy keys ${JSON.stringify(keys)}, the ${p} profile writes ${JSON.stringify(tables.policyKeys)}${optional.length ? ` (${JSON.stringify(optional)} may be left out)` : ''}`);
    }
    const input = toJavaScript(g.input as JsonValue) as { helpers?: Array<{ call?: Plain; policy?: Record<string, Plain>; args?: Plain }> };
    const rawHelpers = g.input instanceof JsonObject ? g.input.get('helpers') : undefined;
    // A policy given by positional arguments reads as one given by a policy object.
    const positional = tables.positionalPolicyCalls ?? [];
    const byArgs = (h: { call?: Plain; args?: Plain }): boolean => typeof h.call === 'string' && positional.includes(h.call) && Array.isArray(h.args);
    const helpers = (input.helpers ?? []).map((h, n) => ({ ...(byArgs(h) ? { ...h, policy: { url: (h.args as Plain[])[0], method: (h.args as Plain[])[1] } } : h), n }));
    const added = helpers.filter((h) => (h.call === 'addPolicy' || h.call === 'add_policy' || h.call === 'AddPolicy' || byArgs(h)) && typeof h.policy?.url === 'string' && typeof h.policy?.method === 'string');
    // Each literal policy appears, in order, among the emitted ones (defaults may come around them).
    let at = 0;
    for (const h of added) {
      const given = h.policy!.method as string;
      // A Policy may store `method || "GET"`, or convert the name (the table's method); others keep it verbatim.
      const method = tables.method ? tables.method(given) : tables.emptyMethod !== undefined && given === '' ? tables.emptyMethod : given;
      const want = { url: h.policy!.url, method };
      // Where the table states filters, the policy found has them as it says (another with the same url and method may come first).
      const filtersDiffer = (k: number): string | undefined => (tables.filter ? filtersDifference(tables.filter, rawHelpers, h.n, orderedPolicies[k]) : undefined);
      const i = policies.findIndex((x, k) => k >= at && x.url === want.url && x.method === want.method && filtersDiffer(k) === undefined);
      if (i < 0) {
        const near = policies.findIndex((x, k) => k >= at && x.url === want.url && x.method === want.method);
        return fail(`the policy ${JSON.stringify(want)} that was added is not in the token, in order${near >= 0 ? ` with its filters: ${filtersDiffer(near)}` : ''}`);
      }
      if (tables.denyStoredAsAllow && h.policy!.allow === false && policies[i].allow !== true) fail(`the ${p} profile stores allow: false as true (allow || true)`);
      at = i + 1;
    }
  },
);

/** A JSON value with its objects as `[key, value]` pairs in their order, so that a comparison sees key order. */
function withKeyOrder(v: JsonValue | Plain | undefined): unknown {
  if (v instanceof JsonObject) return v.entries.map(([k, x]) => [k, withKeyOrder(x)]);
  if (Array.isArray(v)) return v.map(withKeyOrder);
  if (v instanceof JsonNumber) return Number(v.text);
  if (typeof v === 'object' && v !== null) return Object.entries(v).map(([k, x]) => [k, withKeyOrder(x)]);
  return v;
}

/** How a written policy's filters differ from those of helper `n` of the input as the table says the library writes them (keys in order), or undefined. */
function filtersDifference(filter: NonNullable<TaskRouterTables['filter']>, rawHelpers: JsonValue | undefined, n: number, written: JsonValue | undefined): string | undefined {
  const helper = Array.isArray(rawHelpers) ? rawHelpers[n] : undefined;
  const given = helper instanceof JsonObject ? helper.get('policy') : undefined;
  if (!(given instanceof JsonObject)) return undefined;
  if (!(written instanceof JsonObject)) return 'the policy is not an object';
  for (const [option, claim] of [
    ['queryFilter', 'query_filter'],
    ['postFilter', 'post_filter'],
  ] as const) {
    const f = given.get(option);
    if (f === undefined || f === null) {
      if (written.get(claim) !== undefined) return `${claim} is written for a ${f === null ? 'null' : 'absent'} ${option}`;
      continue;
    }
    if (!(f instanceof JsonObject)) continue;
    const want = filter(f.entries.map(([k, v]) => [k, toJavaScript(v) as Plain]));
    if (want === undefined) continue;
    const got = withKeyOrder(written.get(claim));
    const expected = want.map(([k, v]) => [k, withKeyOrder(v)]);
    if (!isDeepStrictEqual(got, expected)) return `${claim} is ${JSON.stringify(got)} (pairs in order); the ${option} given is written ${JSON.stringify(expected)}`;
  }
  return undefined;
}

/** A capability family's token table in a profile's library, where it has one. */
function tokenTables(family: Family, p: ProfileName): CapabilityTokenTables | undefined {
  const tables = libraryOf(p).properties;
  return family === 'client_capability' ? tables.clientCapability?.token : family === 'taskrouter_capability' ? tables.taskrouterCapability?.token : undefined;
}

/** Whether a token table also states a TaskRouter token's policy list. */
const statesPolicies = (t: CapabilityTokenTables): t is TaskRouterTokenTables => 'helperPolicies' in t;

/** A JSON number's value (its text, which the lossless parse keeps). */
const numberOf = (v: JsonValue | undefined): number | undefined => (v instanceof JsonNumber ? Number(v.text) : undefined);

/**
 * The token's claims as the library's table states them: header and payload keys in order, `exp`
 * from the clock and ttl; for TaskRouter, the policies the helpers added and after them those each
 * token call writes, once however many calls were made. Applies where the table has a token layout.
 */
function claims(family: 'client_capability' | 'taskrouter_capability'): PropertyDefinition {
  const def = property(
    family,
    'claims',
    "header and payload keys in the order the library's table states, exp from the clock and ttl by its rule (java: milliseconds plus ttl × 1000 as a wrapping int, truncated to seconds), and for TaskRouter the helpers' policies followed by the ones each token call writes, once (java: the event-bridge GET and POST, not piling up over extra toJwt calls)",
    (ctx, r, g) => {
      const tables = tokenTables(family, ctx.profile);
      const t = tokenOf(r);
      if (!tables || !t) return;
      let header: JsonValue;
      let payload: JsonValue;
      try {
        header = parseLossless(segment(t, 0).toString('utf8'));
        payload = parseLossless(segment(t, 1).toString('utf8'));
      } catch (e) {
        return fail(`header or payload is not JSON: ${(e as Error).message}`);
      }
      if (!(header instanceof JsonObject) || !(payload instanceof JsonObject)) return fail('header and payload must be JSON objects');
      const input = toJavaScript(g.input as JsonValue) as Record<string, Plain>;
      if (!isDeepStrictEqual(header.keys(), [...tables.headerKeys])) fail(`header keys ${JSON.stringify(header.keys())}, the ${ctx.profile} profile writes ${JSON.stringify(tables.headerKeys)}`);
      const keys = tables.payloadKeys(input);
      if (!isDeepStrictEqual(payload.keys(), keys)) fail(`payload keys ${JSON.stringify(payload.keys())}, the ${ctx.profile} profile writes ${JSON.stringify(keys)} for this input`);
      const exp = tables.exp(input, g.now, g.nowMs);
      if (exp !== undefined && numberOf(payload.get('exp')) !== exp)
        fail(`exp is ${String(numberOf(payload.get('exp')))}, the ${ctx.profile} profile's rule gives ${exp} (now ${g.now}${g.nowMs === undefined ? '' : `, nowMs ${g.nowMs}`}, ttl ${JSON.stringify(input.ttl)})`);
      if (!statesPolicies(tables)) return;
      const helpers = Array.isArray(input.helpers) ? input.helpers : [];
      const calls = helpers.map((h) => (typeof h === 'object' && h !== null && !Array.isArray(h) && typeof h.call === 'string' ? h.call : undefined));
      // A call the table does not count leaves the list unstated.
      if (!calls.every((c) => c !== undefined && Object.hasOwn(tables.helperPolicies, c))) return;
      const added = calls.reduce((n, c) => n + tables.helperPolicies[c!], 0);
      const policies = payload.get('policies');
      if (!Array.isArray(policies)) return fail('the payload has no policies list');
      const appended = tables.appended(input);
      if (policies.length !== added + appended.length)
        fail(`${policies.length} policies: the helpers added ${added} and each token call writes ${appended.length} after them, once (${calls.length} helper calls, extraToJwtCalls ${JSON.stringify(input.extraToJwtCalls ?? 0)})`);
      const tail = withKeyOrder(policies.slice(policies.length - appended.length));
      if (!isDeepStrictEqual(tail, withKeyOrder(appended))) fail(`the last policies are ${JSON.stringify(tail)}, not ${JSON.stringify(withKeyOrder(appended))}`);
    },
  );
  // Only where the library's table states the layout.
  return { ...def, arbitrary: (p) => (tokenTables(family, p) ? def.arbitrary(p) : undefined) };
}

export const FAMILY_PROPERTIES: PropertyDefinition[] = [
  ...generic('client_capability'),
  scopeRoundTrip,
  claims('client_capability'),
  ...generic('taskrouter_capability'),
  policyRoundTrip,
  claims('taskrouter_capability'),
  ...generic('validation_token'),
];

/** Whether a family's properties apply to a profile: its library has the family (a generator in its dialect). */
export function propertiesApply(p: PropertyDefinition, profile: ProfileName): boolean {
  return p.arbitrary(profile) !== undefined;
}
