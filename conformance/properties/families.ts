/**
 * Properties of the other token families, for any adapter: agreement with the reference at
 * layout level, determinism (HS* and RS256 byte for byte; PS256 by header and payload), a signature
 * jose verifies, and for ClientCapability that every scope string decodes back to the scopes it was
 * made from, by the escaping rules the profile's library uses.
 */
import { isDeepStrictEqual } from 'node:util';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { createPublicKey } from 'node:crypto';
import type { GeneratedCase } from '../differential/generators/json.ts';
import { familyEntry } from '../families/index.ts';
import { libraryOf, usesQuirk, type ProfileName } from '../libraries/index.ts';
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

/** The parameters of `key=value&...` under one library's unescaping. */
function parseQuery(q: string, unescape: (s: string) => string): Array<[string, string]> {
  if (q === '') return [];
  return q.split('&').map((kv) => {
    const i = kv.indexOf('=');
    return i < 0 ? [unescape(kv), ''] : [unescape(kv.slice(0, i)), unescape(kv.slice(i + 1))];
  });
}

/** JavaScript enumerates integer-like keys first; other languages keep insertion order. */
function order(p: ProfileName, entries: Array<[string, string]>): Array<[string, string]> {
  if (!libraryOf(p).properties.clientCapability?.integerKeysFirst) return entries;
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
    const t = tokenOf(r);
    // A library whose scopes are ambiguous by design has no unescaping: they cannot round-trip.
    if (!unescape || !t || hasQuirk(g.input)) return;
    const input = toJavaScript(g.input as JsonValue) as { scopes?: Plain };
    const scopes = Array.isArray(input.scopes) ? input.scopes : [];
    const stringy = (v: Plain | undefined): boolean => typeof v === 'string' && !/[\ud800-\udfff]/.test(v);
    const usable = scopes.every((s) => {
      if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
      if ((s.type === 'incoming' && !('clientName' in s)) || (s.type === 'outgoing' && !('applicationSid' in s))) return false;
      const extra = (s.params ?? s.filters ?? {}) as Plain;
      return (
        Object.entries(s).every(([k, v]) => k === 'type' || k === 'params' || k === 'filters' || stringy(v)) &&
        typeof extra === 'object' &&
        extra !== null &&
        !Array.isArray(extra) &&
        Object.values(extra).every(stringy) &&
        Object.keys(extra).every((k) => stringy(k) && k !== '')
      );
    });
    if (!usable || scopes.length === 0) return;
    const payload = JSON.parse(segment(t, 1).toString('utf8')) as { scope?: string };
    const decoded = (payload.scope ?? '')
      .split(' ')
      .filter(Boolean)
      .map((s) => {
        const m = /^scope:(\w+):(\w+)(?:\?(.*))?$/.exec(s);
        if (!m) return fail(`not a scope: ${s}`);
        const params = Object.fromEntries(parseQuery(m[3] ?? '', unescape));
        const inner = params.appParams ?? params.params;
        return { kind: `${m[1]}:${m[2]}`, params, inner: inner === undefined ? undefined : parseQuery(inner, unescape) };
      });
    // Parameter order comes from the lossless input: a JS object would move integer-like keys first.
    const rawScopes = g.input instanceof JsonObject ? g.input.get('scopes') : undefined;
    const entriesOf = (i: number): Array<[string, string]> => {
      const raw = Array.isArray(rawScopes) ? rawScopes[i] : undefined;
      const extra = raw instanceof JsonObject ? (raw.get('params') ?? raw.get('filters')) : undefined;
      return extra instanceof JsonObject ? extra.entries.map(([k, v]): [string, string] => [k, v as string]) : [];
    };
    for (const [i, s] of (scopes as Array<Record<string, Plain>>).entries()) {
      // Node keeps every scope, python only the latest of a type: compare the unambiguous ones.
      if (scopes.filter((x) => (x as Record<string, Plain>).type === s.type).length > 1) continue;
      const kind = s.type === 'incoming' ? 'client:incoming' : s.type === 'outgoing' ? 'client:outgoing' : 'stream:subscribe';
      const found = decoded.find((d) => d.kind === kind);
      if (!found) return fail(`no ${kind} scope in ${payload.scope}`);
      if (s.type === 'incoming' && found.params.clientName !== s.clientName) fail(`clientName decodes to ${JSON.stringify(found.params.clientName)}, not ${JSON.stringify(s.clientName)}`);
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
    const optional = tables.optionalPolicyKeys ?? [];
    for (const pol of policies) {
      const keys = Object.keys(pol);
      const want = tables.policyKeys.filter((k) => keys.includes(k) || !optional.includes(k));
      if (!isDeepStrictEqual(keys, want)) fail(`policy keys ${JSON.stringify(keys)}, the ${p} profile writes ${JSON.stringify(tables.policyKeys)}${optional.length ? ` (${JSON.stringify(optional)} may be left out)` : ''}`);
    }
    const input = toJavaScript(g.input as JsonValue) as { helpers?: Array<{ call?: Plain; policy?: Record<string, Plain>; args?: Plain }> };
    // A policy given by positional arguments reads as one given by a policy object.
    const positional = tables.positionalPolicyCalls ?? [];
    const byArgs = (h: { call?: Plain; args?: Plain }): boolean => typeof h.call === 'string' && positional.includes(h.call) && Array.isArray(h.args);
    const helpers = (input.helpers ?? []).map((h) => (byArgs(h) ? { ...h, policy: { url: (h.args as Plain[])[0], method: (h.args as Plain[])[1] } } : h));
    const added = helpers.filter((h) => (h.call === 'addPolicy' || h.call === 'add_policy' || h.call === 'AddPolicy' || byArgs(h)) && typeof h.policy?.url === 'string' && typeof h.policy?.method === 'string');
    // Each literal policy appears, in order, among the emitted ones (defaults may come around them).
    let at = 0;
    for (const h of added) {
      // A Policy may store `method || "GET"`; others keep it verbatim.
      const want = { url: h.policy!.url, method: tables.emptyMethod !== undefined && h.policy!.method === '' ? tables.emptyMethod : h.policy!.method };
      const i = policies.findIndex((x, k) => k >= at && x.url === want.url && x.method === want.method);
      if (i < 0) return fail(`the policy ${JSON.stringify(want)} that was added is not in the token, in order`);
      if (tables.denyStoredAsAllow && h.policy!.allow === false && policies[i].allow !== true) fail(`the ${p} profile stores allow: false as true (allow || true)`);
      at = i + 1;
    }
  },
);

export const FAMILY_PROPERTIES: PropertyDefinition[] = [...generic('client_capability'), scopeRoundTrip, ...generic('taskrouter_capability'), policyRoundTrip, ...generic('validation_token')];

/** Whether a family's properties apply to a profile: its library has the family (a generator in its dialect). */
export function propertiesApply(p: PropertyDefinition, profile: ProfileName): boolean {
  return p.arbitrary(profile) !== undefined;
}
