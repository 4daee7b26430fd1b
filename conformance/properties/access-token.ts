/**
 * Properties of AccessToken that any implementation of a profile must satisfy, checked on
 * generated inputs against any adapter: the relations of research/*-spec.md (ttl, nbf, identity,
 * grants, key order), determinism, a signature `jose` verifies, and agreement with the reference
 * at layout level.
 */
import { compactVerify } from 'jose';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parseLossless } from '../../reference/json/parse.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { accessTokenPropertyCases } from '../differential/generators/access-token.ts';
import { isTokenOutput, type CaseResult } from '../protocol/types.ts';
import { libraryOf, type ProfileName } from '../libraries/index.ts';
import { acceptanceDifference } from './acceptance.ts';
import { layoutDifference, runsDifference } from './same-answer.ts';
import { GRANT_KEYS, grantsClaim, type AccessTokenSpec, type Plain } from './spec.ts';
import type { PropertyDefinition, PropertyContext } from './types.ts';

/** The AccessToken relations of a profile's library (its conformance entry). */
const specOf = (p: ProfileName): AccessTokenSpec => libraryOf(p).properties.accessToken;

class Violation extends Error {}
const fail = (msg: string): never => {
  throw new Violation(msg);
};

interface Decoded {
  headerKeys: string[];
  payloadKeys: string[];
  header: Record<string, Plain>;
  payload: Record<string, Plain>;
  grantKeys: string[];
}

/** The token's segments as JSON; `headerOk` false leaves the header out (a profile's non-UTF-8 header). */
function decode(token: string, headerOk = true): Decoded {
  const [h, p] = token.split('.');
  const headerText = Buffer.from(h ?? '', 'base64url').toString('latin1');
  const payloadText = Buffer.from(p ?? '', 'base64url').toString('utf8');
  let header: JsonValue;
  let payload: JsonValue;
  try {
    header = headerOk ? parseLossless(headerText) : new JsonObject([]);
    payload = parseLossless(payloadText);
  } catch (e) {
    return fail(`header or payload is not JSON: ${(e as Error).message}`);
  }
  if (!(header instanceof JsonObject) || !(payload instanceof JsonObject)) return fail('header and payload must be JSON objects');
  const grants = payload.get('grants');
  return {
    headerKeys: header.keys(),
    payloadKeys: payload.keys(),
    header: toJavaScript(header) as Record<string, Plain>,
    payload: toJavaScript(payload) as Record<string, Plain>,
    grantKeys: grants instanceof JsonObject ? grants.keys() : [],
  };
}

const inputOf = (input: JsonValue): Record<string, Plain> => toJavaScript(input) as Record<string, Plain>;
const tokenOf = (r: CaseResult): string | undefined => ('output' in r && isTokenOutput(r.output) ? r.output.token : undefined);

/**
 * Equal as decoded JSON values. Number texts are the layout property's business here: `-0` and `0`
 * (node writes `0` for `-0`) and `1e3` and `1000.0` are the same value.
 */
const sameValue = (a: Plain | undefined, b: Plain | undefined): boolean => (a === undefined || b === undefined ? a === b : isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))));
const show = (v: Plain | undefined): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/** An input field as written (lossless: number texts kept), for the spec relations that need it. */
const rawField = (ctx: PropertyContext, key: string): JsonValue | undefined => {
  const input = ctx.lastCase?.input;
  return input instanceof JsonObject ? input.get(key) : undefined;
};

/** Only plain, in-range numeric relations are asserted; exotic ttl types are the vectors' business. */
const exactInt = (v: Plain | undefined): boolean => typeof v === 'number' && Number.isSafeInteger(v);

function check(name: string, description: string, body: (ctx: PropertyContext, r: CaseResult, input: Record<string, Plain>, profile: ProfileName) => Promise<void> | void): PropertyDefinition {
  return {
    name: `access_token/${name}`,
    family: 'access_token',
    description,
    arbitrary: (p) => accessTokenPropertyCases(libraryOf(p).dialect.accessToken),
    async predicate(ctx, g) {
      const r = await ctx.run(g);
      if ('errored' in r) fail(`adapter errored: ${r.errored.message}`);
      await body(ctx, r, inputOf(g.input), ctx.profile);
    },
  };
}

export const ACCESS_TOKEN_PROPERTIES: PropertyDefinition[] = [
  check('differential-layout', 'the adapter agrees with the reference profile: same header and payload texts, or a rejection where it rejects', async (ctx, r) => {
    const ref = ctx.reference(ctx.lastCase!);
    if ('skipped' in ref || 'skipped' in r) return;
    if ('errored' in ref) return;
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
  check('key-order', 'header and payload keys come in the order the profile emits them', (_ctx, r, input, p) => {
    const t = tokenOf(r);
    if (!t) return;
    const spec = specOf(p);
    const headerOk = spec.headerIsUtf8(input.region);
    const d = decode(t, headerOk);
    const wantHeader = spec.headerOrder(input.region);
    if (headerOk && !isDeepStrictEqual(d.headerKeys, wantHeader)) fail(`header keys ${JSON.stringify(d.headerKeys)}, the ${p} profile emits ${JSON.stringify(wantHeader)}`);
    const wantPayload = spec.payloadOrder({ nbf: d.payloadKeys.includes('nbf'), sub: d.payloadKeys.includes('sub') }, input);
    if (!isDeepStrictEqual(d.payloadKeys, wantPayload)) fail(`payload keys ${JSON.stringify(d.payloadKeys)}, the ${p} profile emits ${JSON.stringify(wantPayload)}`);
  }),
  check('ttl', 'exp minus the clock relates to ttl as the profile says (node: ttl || 3600; python and ruby: ttl, 0 included)', (ctx, r, input, p) => {
    const t = tokenOf(r);
    if (!t || 'validUntil' in input || 'toJwtTtl' in input) return;
    const offset = specOf(p).expOffset(input.ttl);
    if (offset === undefined || !exactInt(offset)) return;
    const d = decode(t, specOf(p).headerIsUtf8(input.region));
    const now = Math.floor((ctx.lastCase!.nowMs ?? ctx.lastCase!.now * 1000) / 1000);
    if (d.payload.exp !== now + offset) fail(`exp is ${JSON.stringify(d.payload.exp)}; with ttl ${JSON.stringify(input.ttl)} at ${now} the ${p} profile gives ${now + offset}`);
    if (specOf(p).hasIat !== 'iat' in d.payload) fail(`the ${p} profile ${specOf(p).hasIat ? 'has' : 'has no'} iat`);
    if (specOf(p).hasIat && d.payload.iat !== now) fail(`iat is ${JSON.stringify(d.payload.iat)}, not the clock ${now}`);
  }),
  check('nbf', 'nbf is present, absent or the clock exactly as the profile says', (ctx, r, input, p) => {
    const t = tokenOf(r);
    if (!t) return;
    const d = decode(t, specOf(p).headerIsUtf8(input.region));
    const now = Math.floor((ctx.lastCase!.nowMs ?? ctx.lastCase!.now * 1000) / 1000);
    const want = specOf(p).nbf(input.nbf, 'nbf' in input, input);
    if (want === 'absent') {
      if ('nbf' in d.payload) fail(`nbf ${JSON.stringify(d.payload.nbf)} is present; the ${p} profile omits it for nbf ${JSON.stringify(input.nbf)}`);
    } else if (want === 'now') {
      if (d.payload.nbf !== now) fail(`nbf is ${JSON.stringify(d.payload.nbf)}; the ${p} profile uses the clock (${now})`);
    } else if (exactInt(want.value as Plain) || typeof want.value === 'string') {
      if (!isDeepStrictEqual(d.payload.nbf, want.value)) fail(`nbf is ${JSON.stringify(d.payload.nbf)}, input was ${JSON.stringify(input.nbf)}`);
    }
  }),
  check('identity-and-grants', 'identity and every grant type round-trip through decoding, each grant once in first-added order (or the order the profile writes its keys in)', (ctx, r, input, p) => {
    const t = tokenOf(r);
    if (!t) return;
    const d = decode(t, specOf(p).headerIsUtf8(input.region));
    const grants = (d.payload.grants ?? {}) as Record<string, Plain>;
    const want = specOf(p).identity(input.identity, rawField(ctx, 'identity'));
    if (want === 'absent') {
      if ('identity' in grants) fail(`identity ${JSON.stringify(grants.identity)} is present; the ${p} profile drops identity ${JSON.stringify(input.identity)}`);
    } else if (typeof want.value !== 'number' || exactInt(want.value)) {
      if (!sameValue(grants.identity, want.value)) fail(`identity is ${JSON.stringify(grants.identity)}; the ${p} profile emits ${JSON.stringify(want.value)}`);
    }
    const types = ((input.grants ?? []) as Array<{ type?: Plain }>).map((g) => g.type).filter((x): x is string => typeof x === 'string' && x in GRANT_KEYS);
    const added = [...new Set(types.map((x) => GRANT_KEYS[x]))];
    const wantKeys = specOf(p).grantKeysOrder?.(added) ?? added;
    const gotKeys = d.grantKeys.filter((k) => k !== 'identity');
    if (!isDeepStrictEqual(gotKeys, wantKeys)) fail(`grant keys ${JSON.stringify(gotKeys)}, added were ${JSON.stringify(wantKeys)}`);
  }),
  check(
    'grant-contents',
    "the identity and every grant's fields are what the profile writes for the options given (voice incoming only for the boolean true; each language's truthiness for the other fields; playback verbatim or its default; a later grant of a type replaces the earlier), and equal the reference profile's",
    (ctx, r, input, p) => {
      const t = tokenOf(r);
      if (!t) return;
      const grants = decode(t, false).payload.grants;
      if (typeof grants !== 'object' || grants === null || Array.isArray(grants)) return fail(`the grants claim is ${show(grants)}, not an object`);
      const spec = specOf(p);
      const id = spec.identity(input.identity, rawField(ctx, 'identity'));
      if (id === 'absent') {
        if ('identity' in grants) fail(`identity ${show(grants.identity)} is present; the ${p} profile drops identity ${show(input.identity)}`);
      } else if (!sameValue(grants.identity, id.value)) {
        fail(`identity is ${show(grants.identity)}; for identity ${show(input.identity)} the ${p} profile writes ${show(id.value)}`);
      }
      const want = grantsClaim(spec, input.grants, rawField(ctx, 'grants'));
      if (want) {
        for (const key of new Set([...Object.keys(want), ...Object.keys(grants).filter((k) => k !== 'identity')])) {
          if (!sameValue(grants[key], want[key])) {
            const added = ((input.grants ?? []) as Plain[]).filter((g) => typeof g === 'object' && g !== null && !Array.isArray(g) && GRANT_KEYS[g.type as string] === key);
            fail(`grant ${key} is ${show(grants[key])}; the ${p} profile writes ${show(want[key])} for ${show(added)}`);
          }
        }
      }
      // And the same claim as the reference profile, value for value.
      const ref = ctx.reference(ctx.lastCase!);
      const rt = 'skipped' in ref || 'errored' in ref ? undefined : tokenOf(ref);
      if (rt === undefined) return;
      const refGrants = decode(rt, false).payload.grants;
      if (!sameValue(grants, refGrants)) fail(`the grants claim differs from the reference profile's:\n  adapter:   ${show(grants)}\n  reference: ${show(refGrants)}`);
    },
  ),
  check('determinism', 'the same input and clock give the same bytes', async (ctx, r) => {
    const differs = runsDifference(r, await ctx.run(ctx.lastCase!));
    if (differs) fail(differs);
  }),
  check('signature-verifies', 'the signature verifies with jose under the input secret', async (ctx, r, input, p) => {
    const t = tokenOf(r);
    if (!t) return;
    // A token for an input the profile rejects (an empty secret, say) is the difference: checked
    // first, so that the message names it rather than a verification failure that follows from it.
    const differs = acceptanceDifference(ctx, r);
    if (differs) fail(differs);
    // A header the profile itself emits as non-UTF-8 bytes is that library's known defect (vectors
    // record it); jose cannot parse such a header, so there is no signature to check.
    if (typeof input.secret !== 'string' || !specOf(p).headerIsUtf8(input.region)) return;
    // jose refuses zero-length HMAC keys outright; such a signature is checked by hand.
    if (input.secret === '') {
      if (!hmacVerifies(t, '')) fail('the HMAC does not verify under the empty secret');
      return;
    }
    try {
      await compactVerify(t, new TextEncoder().encode(input.secret));
    } catch (e) {
      fail(`jose does not verify the token: ${(e as Error).message}`);
    }
  }),
];

const HMAC_HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Whether an HS* token's signature is the HMAC of its first two segments under `secret`. */
function hmacVerifies(token: string, secret: string): boolean {
  const [h, p, sig] = token.split('.');
  let alg: unknown;
  try {
    alg = JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8')).alg;
  } catch {
    return false;
  }
  const hash = typeof alg === 'string' ? HMAC_HASHES[alg] : undefined;
  if (!hash || sig === undefined) return false;
  const want = createHmac(hash, Buffer.from(secret, 'utf8')).update(`${h}.${p}`).digest();
  const got = Buffer.from(sig, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want);
}

export { Violation };
