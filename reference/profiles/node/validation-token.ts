/**
 * twilio-node 6.2.0 `ValidationToken` and `RequestCanonicalizer` (research/node-spec.md §5).
 *
 * The canonicalizer is JavaScript run on JSON.parse'd input, so its string operations
 * (`toUpperCase`, `encodeURIComponent`, `trim`, `<` on strings) and the WHATWG `URL` are the
 * engine's own: the reference calls them rather than re-deriving them.
 */
import type { HostMap, HostValue } from '../../lang/host.ts';
import { isHostMap } from '../../lang/host.ts';
import { javascript, jsKeyOrder } from '../../lang/javascript.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { sha256Hex, type CanonicalRequest } from '../../validation-token/canonical.ts';
import type { ValidationTokenArgs } from '../../validation-token/input.ts';
import type { ValidationTokenBuild, ValidationTokenRules } from '../../validation-token/rules.ts';
import { jsonwebtokenSign } from './jsonwebtoken.ts';

const ALGORITHMS = ['RS256', 'PS256'];
/** Own data properties the constructor creates, which `setAfter` may reassign before signing. */
const WRITABLE = ['_accountSid', '_credentialSid', '_signingKey', '_privateKey', '_algorithm', 'ttl'];
/** The options the constructor reads, in its order, and the vocabulary key each comes from. */
const OPTIONS: Array<[string, string]> = [
  ['accountSid', 'accountSid'],
  ['credentialSid', 'credentialSid'],
  ['signingKey', 'signingKey'],
  ['privateKey', 'privateKeyPem'],
  ['algorithm', 'algorithm'],
];

const error = (message: string): never => {
  throw new LibraryError('Error', message);
};

/** What V8 says reading a property of `null` or `undefined`. */
const readOfNothing = (v: null | undefined, prop: string): LibraryError => new LibraryError('TypeError', `Cannot read properties of ${v === null ? 'null' : 'undefined'} (reading '${prop}')`);

/** `obj[prop]` for a JSON.parse'd value: only objects have own properties here. */
function property(obj: HostValue | undefined, prop: string): HostValue | undefined {
  return isHostMap(obj) ? obj.get(prop) : undefined;
}

/** `String(err)` of a JavaScript error: `Name: message`, or the name alone for an empty message. */
const errorString = (e: LibraryError): string => (e.message === '' ? e.type : `${e.type}: ${e.message}`);

/** The canonicalizer's `customEncode`: decode, re-encode, then `*` → `%2A` and `%7E` → `~`. */
function customEncode(s: string): string {
  try {
    return encodeURIComponent(decodeURIComponent(s)).replace(/\*/g, '%2A').replace(/%7E/g, '~');
  } catch (e) {
    if (e instanceof URIError) throw new LibraryError('URIError', e.message);
    throw e;
  }
}

/** The canonicalizer's `ASCIICompare`: JavaScript's `<` on strings, i.e. UTF-16 code units. */
const asciiCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `Object.entries(v)` of a JSON.parse'd value, as strings for keys. */
function entries(v: HostValue): Array<[string, HostValue]> {
  if (isHostMap(v)) return jsKeyOrder(v).map((k) => [k, v.get(k)!]);
  if (typeof v === 'string') return Array.from({ length: v.length }, (_, i) => [String(i), v[i]]);
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  return [];
}

/** `RequestCanonicalizer` over what `getRequestCanonicalizer` read from the request. */
function canonicalize(method: HostValue, url: URL, params: HostValue | undefined, data: HostValue | undefined, authorization: HostValue | undefined): CanonicalRequest {
  if (typeof method !== 'string') throw new LibraryError('TypeError', 'this.method.toUpperCase is not a function');
  const path = url.pathname.split('?')[0].replace(/\/+/g, '/').split('/').map(customEncode).join('/');

  let query = '';
  if (javascript.truthy(params)) {
    query = entries(params!)
      .map(([k, v]) => `${k}=${javascript.str(v)}`)
      .sort(asciiCompare)
      .map((param) => {
        // `const [key, value] = param.split("=")`: a value holding "=" loses everything after it.
        const [key, value] = param.split('=');
        return `${customEncode(key)}=${customEncode(value)}`;
      })
      .join('&');
  }

  // The signed headers are fixed: {host: url.host, authorization: headers["Authorization"]}.
  const headerLines = (
    [
      ['host', url.host],
      ['authorization', authorization],
    ] as const
  )
    .map(([name, value]) => {
      if (!javascript.truthy(value)) return `${name}:`;
      if (typeof value !== 'string') throw new LibraryError('TypeError', 'this.headers[key].trim is not a function');
      return `${name}:${value.trim()}`;
    })
    .sort(asciiCompare);

  let bodyHash = '';
  if (javascript.truthy(data)) {
    const text = typeof data === 'string' ? data : javascript.stringify(data!);
    bodyHash = sha256Hex(Buffer.from(text, 'utf8'));
  }
  return { method: method.toUpperCase(), path, query, headerLines, signedHeaders: ['authorization', 'host'], bodyHash };
}

/** `getRequestCanonicalizer(request)`: the checks and reads it makes, then the canonical request. */
function requestCanonicalizer(request: HostValue | undefined): () => CanonicalRequest {
  if (request === undefined || request === null) throw readOfNothing(request, 'headers');
  const headers = property(request, 'headers') ?? new Map();
  const url = property(request, 'url');
  const method = property(request, 'method');
  const params = property(request, 'params');
  const data = property(request, 'data');
  if (!javascript.truthy(url)) error('Url is required');
  if (!javascript.truthy(method)) error('Method is required');
  let parsed: URL;
  try {
    parsed = new URL(javascript.str(url));
  } catch {
    throw new LibraryError('TypeError', 'Invalid URL');
  }
  const authorization = property(headers, 'Authorization');
  return () => canonicalize(method!, parsed, params, data, authorization);
}

/** The options object the constructor receives, or what stands in for it. */
function optionsArgument(v: Map<string, HostValue>): HostValue | undefined {
  const absent = v.get('optionsAbsent') ?? false;
  if (typeof absent !== 'boolean') throw new UnsupportedInput('optionsAbsent must be a boolean');
  const replaced = v.has('optionsValue');
  if (absent || replaced) {
    const clash = [...OPTIONS.map(([, key]) => key), 'ttl'].filter((key) => v.has(key));
    if ((absent && replaced) || clash.length) throw new UnsupportedInput('optionsAbsent/optionsValue contradict the option keys given with them');
    return absent ? undefined : v.get('optionsValue');
  }
  const opts: HostMap = new Map();
  for (const [option, key] of OPTIONS) if (v.has(key)) opts.set(option, v.get(key)!);
  return opts;
}

/** The object the constructor leaves behind, by property name. */
type Fields = Map<string, HostValue | undefined>;

function construct(opts: HostValue | undefined): Fields {
  if (opts === undefined || opts === null) throw readOfNothing(opts, 'accountSid');
  const get = (k: string): HostValue | undefined => property(opts, k);
  for (const k of ['accountSid', 'credentialSid', 'signingKey', 'privateKey']) {
    if (!javascript.truthy(get(k))) error(`${k} is required`);
  }
  // `opts.algorithm ?? "RS256"`: only null and undefined take the default, so "" is refused.
  const algorithm = get('algorithm') ?? 'RS256';
  if (typeof algorithm !== 'string' || !ALGORITHMS.includes(algorithm)) error(`Algorithm not supported. Allowed values are ${ALGORITHMS.join(', ')}`);
  return new Map<string, HostValue | undefined>([
    ['_accountSid', get('accountSid')],
    ['_credentialSid', get('credentialSid')],
    ['_signingKey', get('signingKey')],
    ['_privateKey', get('privateKey')],
    ['_algorithm', algorithm],
    // The documented `opts.ttl` is ignored: the constructor always sets 300.
    ['ttl', 300],
  ]);
}

function checkQuirks(v: Map<string, HostValue>): void {
  const ttlVia = v.get('ttlVia');
  if (ttlVia !== undefined) {
    if (ttlVia !== 'constructorOption') throw new UnsupportedInput(`ttlVia ${JSON.stringify(ttlVia)} is not a way twilio-node takes ttl`);
    if (!v.has('ttl')) throw new UnsupportedInput('ttlVia is given without ttl');
  }
  if (v.has('via')) {
    if (v.get('via') !== 'twilioClient') throw new UnsupportedInput(`via ${JSON.stringify(v.get('via'))} is not modelled`);
    // The REST client's interceptor signs the request it is about to send; the case records that
    // request, so it is signed here directly. Object-API quirks cannot reach that token.
    if (!v.has('request')) throw new UnsupportedInput('via "twilioClient" without the recorded request');
    for (const quirk of ['optionsAbsent', 'optionsValue', 'setAfter']) {
      if (v.has(quirk)) throw new UnsupportedInput(`${quirk} cannot reach the ValidationToken the REST client builds`);
    }
  } else {
    for (const key of ['clientCredentials', 'apiCall']) if (v.has(key)) throw new UnsupportedInput(`${key} is only meaningful with via "twilioClient"`);
  }
}

export const nodeValidationToken: ValidationTokenRules = {
  vocabulary: {
    keys: ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem', 'algorithm', 'ttl', 'request', 'ttlVia', 'optionsAbsent', 'optionsValue', 'setAfter', 'via', 'clientCredentials', 'apiCall'],
  },
  construct({ values: v }: ValidationTokenArgs): ValidationTokenBuild {
    checkQuirks(v);
    const fields = construct(optionsArgument(v));
    const setAfter = v.get('setAfter');
    if (setAfter !== undefined) {
      if (!isHostMap(setAfter)) throw new UnsupportedInput('setAfter must be an object');
      for (const [k, x] of setAfter) {
        if (!WRITABLE.includes(k)) throw new UnsupportedInput(`setAfter.${k} is not an assignable property of the twilio-node ValidationToken`);
        fields.set(k, x);
      }
    }
    let canonicalizer: (() => CanonicalRequest) | undefined;
    return {
      canonicalize: () => canonicalizer!(),
      sign(claims, clockMs) {
        // fromHttpRequest wraps every failure, the request's and jsonwebtoken's alike.
        try {
          canonicalizer = requestCanonicalizer(v.get('request'));
          const { hrh, rqh } = claims();
          const alg = fields.get('_algorithm')!;
          const header: HostMap = new Map<string, HostValue>([
            ['cty', 'twilio-pkrv;v=1'],
            ['typ', 'JWT'],
            ['alg', alg],
          ]);
          const kid = fields.get('_credentialSid');
          if (kid !== undefined) header.set('kid', kid);
          const payload: HostMap = new Map<string, HostValue>();
          for (const [claim, field] of [
            ['iss', '_signingKey'],
            ['sub', '_accountSid'],
          ] as const) {
            const x = fields.get(field);
            if (x !== undefined) payload.set(claim, x);
          }
          payload.set('hrh', hrh);
          payload.set('rqh', rqh);
          return jsonwebtokenSign(
            payload,
            fields.get('_privateKey'),
            [
              ['header', header],
              ['algorithm', alg as string],
              ['expiresIn', fields.get('ttl')],
            ],
            clockMs,
          );
        } catch (e) {
          if (e instanceof LibraryError) throw new LibraryError('Error', `Error generating JWT token ${errorString(e)}`);
          throw e;
        }
      },
    };
  },
  // Node hashes strings as UTF-8, a lone surrogate becoming U+FFFD.
  encode: (canonical) => Buffer.from(canonical, 'utf8'),
};
