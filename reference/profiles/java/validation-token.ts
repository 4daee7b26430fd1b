/**
 * twilio-java 12.0.0 `com.twilio.jwt.validation.ValidationToken` and its `RequestCanonicalizer`
 * (research/go-java-spec.md, "twilio-java"; the recordings win), called as the oracle README's
 * java vocabulary says:
 *
 * - `request` (mode absent or `"client"`): `fromHttpRequest(accountSid, credentialSid, signingKey,
 *   key, request, signedHeaders = ["authorization","host"], algorithm?)` on a
 *   `BasicClassicHttpRequest(method, host, rawPath?rawQuery)`; `params` appended to the query as
 *   `URLEncoder(k)=URLEncoder(v)`, `headers` added as they are (no Host from the URL), `data` a
 *   UTF-8 `StringEntity`. The request URI is split at `?` with `String.split`: a URI ending in `?`
 *   has no second part (ArrayIndexOutOfBoundsException), one with two `?` loses the rest.
 * - `mode: "builder"` / `"payload"`: `new ValidationToken.Builder(…)` with `validationPayload`'s
 *   fields (`method`, `path` as the uri, `queryString`, `allHeaders` as headers, a list value giving
 *   one header per item, `signedHeaders`, `body`), `ttl(int)` and `algorithm`; a field left out
 *   keeps the Builder's default (method, uri and headers null, query and body `""`, no signed headers).
 *
 * Then `build()` (exp = now + ttl * 1000 as an int) and `toJwt()`: header `{typ}` + `{cty, kid}` in
 * HashMap order, jjwt adding `alg` last (`kid` dropped when null or blank); payload `iss` (the
 * credential SID, through `setIssuer`), `exp`, then `getClaims()` in HashMap order: `iss` (the
 * signing key SID, replacing the first; a null or blank one removes `iss` altogether), `sub`,
 * `rqh`, `hrh`. `getClaims()` runs twice per `toJwt()`, each run sorting the signed header names
 * and lower-casing them in place, so `hrh` comes out lower-case and sorted.
 *
 * The canonical request: the method as given (not upper-cased; null written `null`); the path
 * through `java.net.URI` (normalized, decoded), `URLEncoder`, then `+`→`%20`, `*`→`%2A`, `%7E`→`~`,
 * `%2F`→`/` (null or empty: `/`; unparseable: InvalidRequestException); the query with the same
 * replacements but `%2F`, split at `&`, sorted and joined; header names lower-cased, a `host`
 * ending in `:443` or `:80` cut at its first colon, values of one name sorted and joined with `,`
 * (not trimmed); for each signed name (lower-cased and trimmed) present, `name:values`; the signed
 * names joined with `;`; the body's SHA-256 unless it is null or empty. Hashes over UTF-8, a lone
 * surrogate as `?`. RSA keys under 2048 bits fail when jjwt signs (SignatureException).
 *
 * Refused as unsupported (the recordings do not say how the recorder passes them): a URL that is
 * neither `scheme://…` nor a path, or has a fragment; `params` that are not a non-empty object of
 * strings and integers, or beside a query in the URL; non-string headers, data or methods; an
 * algorithm other than RS256 and PS256; keys that are not RSA PKCS#8 PEM.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Minted } from '../../jwt/compact.ts';
import { compactAsymmetric } from '../../jwt/compact.ts';
import { privateKeyFromPem } from '../../jwt/asymmetric.ts';
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { hashMapOrder, INT_MAX, INT_MIN, intMul, jacksonBytes, javaUrlEncode, javaUtf8 } from '../../lang/java.ts';
import { JavaUriSyntaxError, javaUriNormalizedPath } from '../../lang/java/uri.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { sha256Hex, type CanonicalRequest } from '../../validation-token/canonical.ts';
import type { ValidationTokenArgs } from '../../validation-token/input.ts';
import type { ValidationTokenBuild, ValidationTokenRules } from '../../validation-token/rules.ts';
import { isEmptyStandard, jjwtSeconds } from './jjwt.ts';

type Alg = 'RS256' | 'PS256';

/** A `Header`: name and value as `BasicHeader` holds them. */
type Header = [string, string];

/** What the Builder holds when `build()` runs (null where Java holds null). */
interface BuilderState {
  accountSid: string | null;
  credentialSid: string | null;
  signingKey: string | null;
  key: KeyObject;
  method: string | null;
  uri: string | null;
  queryString: string | null;
  headers: Header[] | null;
  signedHeaders: string[];
  requestBody: string | null;
  ttl: number;
  algorithm: Alg;
}

const CREDENTIALS = ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem'];
const PAYLOAD_FIELDS = ['method', 'path', 'queryString', 'allHeaders', 'signedHeaders', 'body'];
const REQUEST_KEYS = ['method', 'url', 'headers', 'params', 'data'];

const npe = (message: string): LibraryError => new LibraryError('NullPointerException', message);

/** A Java `String` argument: a string, or null (absent passes null, as the recorder does). */
function javaString(v: HostValue | undefined, where: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new UnsupportedInput(`${where}: twilio-java takes a String here`);
  return v;
}

/** `String.trim()`: every char up to U+0020 off both ends (not Unicode whitespace). */
const javaTrim = (s: string): string => s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');

/** `s.split(sep)` for a one-character literal separator: trailing empty strings removed; no match gives `[s]`. */
function javaSplit(s: string, sep: string): string[] {
  if (!s.includes(sep)) return [s];
  const parts = s.split(sep);
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** `Collections.sort` / `Arrays.sort` of strings: `compareTo`, by UTF-16 unit. */
const javaSorted = (xs: readonly string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The private key the recorder parses from PKCS#8 PEM (`KeyFactory("RSA")`); anything else is not a key it passes. */
function rsaKey(pem: HostValue | undefined): KeyObject {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN PRIVATE KEY-----')) throw new UnsupportedInput('privateKeyPem: the recorder passes a PKCS#8 RSA PEM private key only');
  let key: KeyObject;
  try {
    key = privateKeyFromPem(pem);
  } catch {
    throw new UnsupportedInput('privateKeyPem: not a private key the recorder can parse');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new UnsupportedInput('privateKeyPem: the recorder reads the key with an RSA KeyFactory');
  return key;
}

/** `Jwts.SIG.RS256` / `PS256`, the two the recordings pass (absent: the overload without one, RS256). */
function algorithm(v: HostValue | undefined): Alg {
  if (v === undefined) return 'RS256';
  if (v === 'RS256' || v === 'PS256') return v;
  throw new UnsupportedInput(`algorithm ${JSON.stringify(v)}: the recordings pass Jwts.SIG.RS256 and Jwts.SIG.PS256 only`);
}

function checkKeys(m: Map<string, HostValue>, allowed: readonly string[], what: string): void {
  for (const k of m.keys()) if (!allowed.includes(k)) throw new UnsupportedInput(`${what}${k} is not in twilio-java's validation_token vocabulary for this mode`);
}

/** A list of header names (`signedHeaders`): strings only; null gives the empty list (`Builder.signedHeaders(null)`). */
function signedHeaderList(v: HostValue | undefined, where: string): string[] {
  if (v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new UnsupportedInput(`${where}: a List<String> of header names`);
  return v as string[];
}

/** `request.headers`: an object, or `[[name, value]…]`, of string values, added one by one. */
function requestHeaders(v: HostValue | undefined): Header[] {
  if (v === undefined) return [];
  const pairs: Array<[HostValue, HostValue]> = isHostMap(v) ? [...v] : Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2) ? (v as Array<[HostValue, HostValue]>) : [];
  if (!isHostMap(v) && !Array.isArray(v)) throw new UnsupportedInput('request.headers: an object or a list of [name, value] pairs');
  if (Array.isArray(v) && pairs.length !== v.length) throw new UnsupportedInput('request.headers: an object or a list of [name, value] pairs');
  if (!pairs.every(([n, x]) => typeof n === 'string' && typeof x === 'string')) throw new UnsupportedInput('request.headers: names and values are Strings (addHeader)');
  return pairs as Header[];
}

/** `validationPayload.allHeaders`: an object whose values are strings or lists of them (one `Header` each); null: none set. */
function payloadHeaders(v: HostValue | undefined): Header[] | null {
  if (v === undefined || v === null) return null;
  if (!isHostMap(v)) throw new UnsupportedInput('validationPayload.allHeaders: an object of header values');
  const out: Header[] = [];
  for (const [name, x] of v) {
    const values = Array.isArray(x) ? x : [x];
    if (!values.length || !values.every((y) => typeof y === 'string')) throw new UnsupportedInput('validationPayload.allHeaders: each value a String or a non-empty list of them');
    for (const y of values as string[]) out.push([name, y]);
  }
  return out;
}

/** The URL split as the recorder splits it: `scheme://authority` off, then the raw path and raw query (null: no `?`). */
function splitUrl(url: HostValue | undefined): { path: string; query: string | null } {
  if (typeof url !== 'string') throw new UnsupportedInput('request.url: a String URL');
  if (url.includes('#')) throw new UnsupportedInput("request.url: the recorder's handling of a fragment is not recorded");
  let rest: string;
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/.exec(url);
  if (m) rest = url.slice(m[0].length);
  else if (url.startsWith('/')) rest = url;
  else throw new UnsupportedInput('request.url: neither scheme://host… nor a path, which the recordings do not cover');
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: null } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/** `params` as the recorder appends them: `URLEncoder(k)=URLEncoder(String.valueOf(v))` joined with `&`. */
function encodeParams(params: HostValue): string {
  if (!isHostMap(params) || params.size === 0) throw new UnsupportedInput("request.params: a non-empty object (the recorder's handling of others is not recorded)");
  const parts: string[] = [];
  for (const [k, v] of params) {
    if (typeof v !== 'string' && typeof v !== 'bigint') throw new UnsupportedInput('request.params: values are strings or integers in the recordings');
    parts.push(`${javaUrlEncode(k)}=${javaUrlEncode(String(v))}`);
  }
  return parts.join('&');
}

/** `fromHttpRequest(…)`: what it reads from the request into a Builder, in its order. */
function fromHttpRequest(v: Map<string, HostValue>, key: KeyObject): BuilderState {
  checkKeys(v, [...CREDENTIALS, 'mode', 'request', 'signedHeaders', 'algorithm'], '');
  const request = v.get('request');
  if (!isHostMap(request)) throw new UnsupportedInput('request: an object (method, url, headers, params, data)');
  checkKeys(request, REQUEST_KEYS, 'request.');
  const method = request.get('method');
  if (typeof method !== 'string') throw new UnsupportedInput('request.method: BasicClassicHttpRequest takes a String method');
  const { path, query } = splitUrl(request.get('url'));
  let uri = query === null ? path : `${path}?${query}`;
  if (request.has('params')) {
    if (query !== null) throw new UnsupportedInput('request.params beside a query in the URL: how the recorder joins them is not recorded');
    uri = `${path}?${encodeParams(request.get('params')!)}`;
  }
  const headers = requestHeaders(request.get('headers'));
  const data = request.get('data');
  if (data !== undefined && typeof data !== 'string') throw new UnsupportedInput('request.data: a String body (a StringEntity)');
  const signed = v.has('signedHeaders') ? signedHeaderList(v.get('signedHeaders'), 'signedHeaders') : ['authorization', 'host'];
  const alg = algorithm(v.get('algorithm'));
  const state: BuilderState = {
    accountSid: javaString(v.get('accountSid'), 'accountSid'),
    credentialSid: javaString(v.get('credentialSid'), 'credentialSid'),
    signingKey: javaString(v.get('signingKey'), 'signingKey'),
    key,
    method,
    uri: null,
    queryString: '',
    headers,
    signedHeaders: [...signed],
    // A StringEntity of the data read back as UTF-8: a lone surrogate comes back as '?'.
    requestBody: data === undefined ? '' : javaUtf8(data).toString('utf8'),
    ttl: 300,
    algorithm: alg,
  };
  // uri.split("\\?"): the part before the first '?', and the one after it up to the next.
  if (uri.includes('?')) {
    const parts = javaSplit(uri, '?');
    if (parts.length < 2) throw new LibraryError('ArrayIndexOutOfBoundsException', `Index ${parts.length} out of bounds for length ${parts.length}`);
    state.uri = parts[0];
    state.queryString = parts[1];
  } else state.uri = uri;
  return state;
}

/** `new Builder(…)` and its setters, for what `validationPayload` gives. */
function builder(v: Map<string, HostValue>, key: KeyObject): BuilderState {
  checkKeys(v, [...CREDENTIALS, 'mode', 'validationPayload', 'ttl', 'algorithm'], '');
  const vp = v.get('validationPayload');
  if (!isHostMap(vp)) throw new UnsupportedInput('validationPayload: an object of the Builder fields (method, path, queryString, allHeaders, signedHeaders, body)');
  checkKeys(vp, PAYLOAD_FIELDS, 'validationPayload.');
  let ttl = 300;
  if (v.has('ttl')) {
    const t = v.get('ttl');
    if (typeof t !== 'bigint' || t < BigInt(INT_MIN) || t > BigInt(INT_MAX)) throw new UnsupportedInput('ttl: Builder.ttl takes an int');
    ttl = Number(t);
  }
  return {
    accountSid: javaString(v.get('accountSid'), 'accountSid'),
    credentialSid: javaString(v.get('credentialSid'), 'credentialSid'),
    signingKey: javaString(v.get('signingKey'), 'signingKey'),
    key,
    method: javaString(vp.get('method'), 'validationPayload.method'),
    uri: javaString(vp.get('path'), 'validationPayload.path'),
    queryString: vp.has('queryString') ? javaString(vp.get('queryString'), 'validationPayload.queryString') : '',
    headers: payloadHeaders(vp.get('allHeaders')),
    signedHeaders: vp.has('signedHeaders') ? [...signedHeaderList(vp.get('signedHeaders'), 'validationPayload.signedHeaders')] : [],
    requestBody: vp.has('body') ? javaString(vp.get('body'), 'validationPayload.body') : '',
    ttl,
    algorithm: algorithm(v.get('algorithm')),
  };
}

/** `CANONICALIZE_PATH`'s replacements over URLEncoder output (`%2F` back to `/` only in the path). */
function replaceTokens(s: string, slash: boolean): string {
  return s.replace(/%7E|\+|\*|%2F/g, (t) => (t === '+' ? '%20' : t === '*' ? '%2A' : t === '%7E' ? '~' : slash ? '/' : t));
}

function canonicalPath(uri: string | null): string {
  if (uri === null || uri === '') return '/';
  let path: string;
  try {
    path = javaUriNormalizedPath(uri);
  } catch (e) {
    if (e instanceof JavaUriSyntaxError) throw new LibraryError('InvalidRequestException', `Bad URI path: '${uri}'`);
    throw e;
  }
  return replaceTokens(javaUrlEncode(path), true);
}

function canonicalQuery(query: string | null): string {
  if (query === null) throw npe('Cannot invoke "String.split(String)" because "replacedQueryString" is null');
  return javaSorted(javaSplit(replaceTokens(query, false), '&')).join('&');
}

/** `RequestCanonicalizer.create(signedHeaders)` after `getClaims()` sorted and lower-cased them (twice). */
function canonicalize(s: BuilderState): CanonicalRequest {
  for (let run = 0; run < 2; run++) s.signedHeaders = javaSorted(s.signedHeaders).map((h) => h.toLowerCase());
  const method = s.method ?? 'null';
  const path = canonicalPath(s.uri);
  const query = canonicalQuery(s.queryString);
  if (s.headers === null) throw npe('Cannot read the array length because "headers" is null');
  const combined = new Map<string, string[]>();
  for (const [rawName, rawValue] of s.headers) {
    const name = rawName.toLowerCase();
    const value = name === 'host' && (rawValue.endsWith(':443') || rawValue.endsWith(':80')) ? rawValue.split(':')[0] : rawValue;
    const list = combined.get(name);
    if (list) list.push(value);
    else combined.set(name, [value]);
  }
  const headerLines: string[] = [];
  for (const h of s.signedHeaders) {
    const name = javaTrim(h.toLowerCase());
    const values = combined.get(name);
    if (values) headerLines.push(`${name}:${javaSorted(values).join(',')}`);
  }
  const body = s.requestBody;
  return { method, path, query, headerLines, signedHeaders: s.signedHeaders, bodyHash: body === null || body === '' ? '' : sha256Hex(javaUtf8(body)) };
}

/** jjwt's RSA key check when it signs: a modulus under 2048 bits is a WeakKeyException, wrapped. */
function checkKeySize(alg: Alg, key: KeyObject): void {
  const bits = createPublicKey(key).asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits >= 2048) return;
  const section = alg.startsWith('PS') ? '3.5' : '3.3';
  const cause =
    `The RSA signing key size (aka modulus bit length) is ${bits} bits which is not secure enough for the ${alg} algorithm.  ` +
    `The JWT JWA Specification (RFC 7518, Section ${section}) states that RSA keys MUST have a size >= 2048 bits.  ` +
    `Consider using the Jwts.SIG.${alg}.keyPair() builder to create a KeyPair guaranteed to be secure enough for ${alg}.  ` +
    `See https://tools.ietf.org/html/rfc7518#section-${section} for more information.`;
  throw new LibraryError('SignatureException', `Unable to compute ${alg} signature. Cause: ${cause}`);
}

/** `toJwt()`: jjwt's header and claims maps built call by call, then the signature. */
function toJwt(s: BuilderState, claims: () => { hrh: string; rqh: string }, clockMs: number): Minted {
  // headers: typ, then putAll of getHeaders()'s HashMap {cty, kid}; jjwt drops an empty kid and puts alg last.
  const headerValues: Record<string, string | null> = { typ: 'JWT', cty: 'twilio-pkrv;v=1', kid: s.credentialSid };
  const header: HostMap = new Map();
  for (const k of hashMapOrder(['typ', ...hashMapOrder(['cty', 'kid'])])) if (!isEmptyStandard(headerValues[k])) header.set(k, headerValues[k]!);
  header.set('alg', s.algorithm);
  // build(): new Date(now + ttl * 1000), the product an int.
  const exp = jjwtSeconds(BigInt(clockMs) + BigInt(intMul(s.ttl, 1000)));
  const payload: HostMap = new Map();
  const put = (name: string, value: HostValue | null, standard: boolean): void => {
    if (standard ? isEmptyStandard(value) : value === null) payload.delete(name);
    else payload.set(name, value);
  };
  put('iss', s.credentialSid, true);
  put('exp', exp, true);
  const { hrh, rqh } = claims();
  const fromClaims: Record<string, string | null> = { iss: s.signingKey, sub: s.accountSid, hrh, rqh };
  for (const k of hashMapOrder(['iss', 'sub', 'hrh', 'rqh'])) put(k, fromClaims[k], k === 'iss' || k === 'sub');
  checkKeySize(s.algorithm, s.key);
  return compactAsymmetric(s.algorithm, s.key, jacksonBytes(header), jacksonBytes(payload));
}

export const javaValidationToken: ValidationTokenRules = {
  vocabulary: {
    keys: [...CREDENTIALS, 'algorithm', 'mode', 'request', 'signedHeaders', 'validationPayload', 'ttl'],
    refused: {
      ttlVia: 'chooses how twilio-node receives ttl; twilio-java takes it only through Builder.ttl (mode "builder")',
      via: 'signs through a full REST client (a twilio-node quirk); twilio-java is called through fromHttpRequest or its Builder',
      apiCall: 'signs through a full REST client (a twilio-node quirk)',
      clientCredentials: 'signs through a full REST client (a twilio-node quirk)',
      setAfter: 'assigns properties after construction (a twilio-node quirk); the Java fields are final',
      optionsAbsent: 'omits the options object (a twilio-node quirk); twilio-java takes positional arguments',
      optionsValue: 'passes a non-object as the options argument (a twilio-node quirk)',
      toJwtTtl: "to_jwt(ttl=…) is twilio-python's; twilio-java's toJwt() takes no ttl",
    },
  },
  construct({ values: v }: ValidationTokenArgs): ValidationTokenBuild {
    const mode = v.get('mode');
    if (mode !== undefined && mode !== 'client' && mode !== 'builder' && mode !== 'payload') throw new UnsupportedInput(`mode ${JSON.stringify(mode)}: twilio-java signs a request (fromHttpRequest) or the Builder's fields ("builder")`);
    const viaBuilder = mode === 'builder' || mode === 'payload';
    if (!viaBuilder && !v.has('request')) throw new UnsupportedInput('no request to sign through fromHttpRequest');
    for (const k of ['accountSid', 'credentialSid', 'signingKey']) javaString(v.get(k), k);
    if (viaBuilder) {
      // Everything the recorder reads is checked first: an input it cannot pass is not run at all.
      const state = builder(v, rsaKey(v.get('privateKeyPem')));
      return { canonicalize: () => canonicalize(state), sign: (claims, clockMs) => toJwt(state, claims, clockMs) };
    }
    const key = rsaKey(v.get('privateKeyPem'));
    const state = fromHttpRequest(v, key);
    return { canonicalize: () => canonicalize(state), sign: (claims, clockMs) => toJwt(state, claims, clockMs) };
  },
  // DigestUtils.sha256Hex(String): UTF-8, a lone surrogate as '?'.
  encode: (canonical) => javaUtf8(canonical),
};
