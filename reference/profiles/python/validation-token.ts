/**
 * twilio-python 9.11 `ClientValidationJwt` and `ValidationClient` (research/python-spec.md §6).
 *
 * Two ways in: `mode: "client"` sends `request` through `ValidationClient.request` (requests
 * prepares it; see requests.ts), `mode: "payload"` builds the token from an explicit
 * `ValidationPayload`. Both end in `_generate_payload`, emulated here with CPython's errors.
 */
import type { HostMap, HostValue } from '../../lang/host.ts';
import { isHostMap } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { pyStr, pyTypeName } from '../../lang/python.ts';
import { pythonUtf8 } from '../../lang/url-encoding.ts';
import { sha256Hex, type CanonicalRequest } from '../../validation-token/canonical.ts';
import type { ValidationTokenArgs } from '../../validation-token/input.ts';
import type { ValidationTokenBuild, ValidationTokenRules } from '../../validation-token/rules.ts';
import { missingArgumentsMessage } from './calls.ts';
import { GENERATE, pyJwtToJwt } from './pyjwt.ts';
import { CaseInsensitiveDict, prepareValidationRequest, type RequestArgs } from './requests.ts';

/** Positional parameters shared by `ValidationClient` and `ClientValidationJwt`, with their vocabulary keys. */
const CREDENTIALS: Array<[string, string]> = [
  ['accountSid', 'account_sid'],
  ['signingKey', 'api_key_sid'],
  ['credentialSid', 'credential_sid'],
  ['privateKeyPem', 'private_key'],
];
const REQUEST_KEYS = ['method', 'url', 'params', 'data', 'headers', 'auth'];
const PAYLOAD_FIELDS: Array<[string, string]> = [
  ['method', 'method'],
  ['path', 'path'],
  ['queryString', 'query_string'],
  ['allHeaders', 'all_headers'],
  ['signedHeaders', 'signed_headers'],
  ['body', 'body'],
];
const FIXED = 'ClientValidationJwt has no way to take it (ttl is fixed at 300, nbf is the default, the algorithm is RS256)';
const NO_REST_CLIENT = 'signs through a full REST client (a twilio-node quirk); only ValidationClient.request is modelled';

/** A `ValidationPayload` namedtuple; `allHeaders` is requests' live header dict in client mode. */
interface ValidationPayload {
  method: HostValue;
  path: HostValue;
  queryString: HostValue;
  allHeaders: HostValue | CaseInsensitiveDict;
  signedHeaders: HostValue;
  body: HostValue;
}

const typeError = (message: string): LibraryError => new LibraryError('TypeError', message);
const attributeError = (v: HostValue, attr: string): LibraryError => new LibraryError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${attr}'`);

/** Python's `<` between two values `sorted` compares, for the types it can order here. */
function pyLess(a: HostValue, b: HostValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    // str compares by code point, not UTF-16 unit.
    const x = [...a];
    const y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i].codePointAt(0)! < y[i].codePointAt(0)!;
    }
    return x.length < y.length;
  }
  const num = (v: HostValue): number | bigint | undefined => (typeof v === 'boolean' ? (v ? 1n : 0n) : typeof v === 'number' || typeof v === 'bigint' ? v : undefined);
  const p = num(a);
  const q = num(b);
  if (p !== undefined && q !== undefined) return p < q;
  throw new UnsupportedInput(`sorting a ${pyTypeName(a)} against a ${pyTypeName(b)} (CPython's comparison order is not modelled)`);
}

/** `sorted(values)`: the elements Python iterates, in Python's (stable) order. */
function pySorted(values: HostValue): HostValue[] {
  let items: HostValue[];
  if (typeof values === 'string') items = [...values];
  else if (Array.isArray(values)) items = [...values];
  else if (isHostMap(values)) items = [...values.keys()];
  else throw typeError(`'${pyTypeName(values)}' object is not iterable`);
  // Insertion sort: stable, and it only compares neighbours the way a merge would.
  const out: HostValue[] = [];
  for (const v of items) {
    let i = out.length;
    while (i > 0 && pyLess(v, out[i - 1])) i--;
    out.splice(i, 0, v);
  }
  return out;
}

/** `joiner.join(items)`: every item must be a str. */
function pyJoin(joiner: string, items: HostValue[]): string {
  const bad = items.findIndex((x) => typeof x !== 'string');
  if (bad >= 0) throw typeError(`sequence item ${bad}: expected str instance, ${pyTypeName(items[bad])} found`);
  return (items as string[]).join(joiner);
}

/** `_sort_and_join(values, joiner)`: a str as it is, else its sorted items joined. */
const sortAndJoin = (values: HostValue, joiner: string): string => (typeof values === 'string' ? values : pyJoin(joiner, pySorted(values)));

/** `_hash(value)`: a falsy value is returned as it is, anything else must encode as UTF-8. */
function hashBody(body: HostValue): string {
  const falsy = body === null || body === false || body === '' || body === 0n || body === 0 || (Array.isArray(body) && !body.length) || (isHostMap(body) && !body.size);
  if (falsy) return '';
  if (typeof body !== 'string') throw attributeError(body, 'encode');
  return sha256Hex(pythonUtf8(body));
}

/** `ClientValidationJwt._generate_payload`, returning its parts instead of hashing them. */
function generatePayload(vp: ValidationPayload | null): CanonicalRequest {
  if (vp === null) throw new LibraryError('AttributeError', "'NoneType' object has no attribute 'all_headers'");
  let items: Array<[HostValue, HostValue]>;
  if (vp.allHeaders instanceof CaseInsensitiveDict) items = vp.allHeaders.items();
  else if (isHostMap(vp.allHeaders)) items = [...vp.allHeaders];
  else throw attributeError(vp.allHeaders, 'items');
  const allHeaders = new Map<string, string>();
  for (const [k, v] of items) allHeaders.set((k as string).toLowerCase(), sortAndJoin(v, ','));

  const signed = pySorted(vp.signedHeaders);
  const headerLines: string[] = [];
  for (const h of signed) {
    if (Array.isArray(h) || isHostMap(h)) throw typeError(`unhashable type: '${pyTypeName(h)}'`);
    if (typeof h === 'string' && allHeaders.has(h)) headerLines.push(`${h}:${allHeaders.get(h)}`);
  }
  if (typeof vp.queryString !== 'string') throw attributeError(vp.queryString, 'split');
  const query = sortAndJoin(vp.queryString.split('&'), '&');
  const bodyHash = hashBody(vp.body);
  pyJoin(';', signed);
  // '\n'.join([method, path, ...]) reports the first item that is not a str.
  pyJoin('\n', [vp.method, vp.path]);
  return { method: vp.method as string, path: vp.path as string, query, headerLines, signedHeaders: signed as string[], bodyHash };
}

/** Keyword arguments present in the input, by Python name. */
function kwargs(v: Map<string, HostValue>, names: Array<[string, string]>): Map<string, HostValue> {
  const out = new Map<string, HostValue>();
  for (const [key, py] of names) if (v.has(key)) out.set(py, v.get(key)!);
  return out;
}

function checkArity(func: string, given: Map<string, HostValue>, required: string[]): void {
  const missing = required.filter((n) => !given.has(n));
  if (missing.length) throw typeError(missingArgumentsMessage(func, missing));
}

function asObject(v: HostValue | undefined, what: string): HostMap {
  if (!isHostMap(v)) throw new UnsupportedInput(`${what} is not an object; twilio-python takes keyword arguments here`);
  return v;
}

function checkKeys(v: Map<string, HostValue>, allowed: string[], what: string, why: Record<string, string> = {}): void {
  for (const k of v.keys()) {
    if (allowed.includes(k)) continue;
    throw new UnsupportedInput(why[k] ? `${k}: ${why[k]}` : `${what}${k} is not in twilio-python's validation_token vocabulary`);
  }
}

/** The canonical request and the signing that follow construction, shared by both modes. */
function build(creds: Map<string, HostValue>, vp: () => ValidationPayload | null, toJwtTtl: HostValue | undefined): ValidationTokenBuild {
  return {
    canonicalize: () => generatePayload(vp()),
    sign(claims, clockMs) {
      return pyJwtToJwt(
        () => {
          const { hrh, rqh } = claims();
          return new Map<string, HostValue>([
            ['hrh', hrh],
            ['rqh', rqh],
          ]);
        },
        new Map<string, HostValue>([
          ['cty', 'twilio-pkrv;v=1'],
          ['kid', creds.get('credential_sid')!],
        ]),
        {
          secretKey: creds.get('private_key'),
          issuer: creds.get('api_key_sid'),
          subject: creds.get('account_sid'),
          algorithm: 'RS256',
          nbf: GENERATE,
          ttl: 300n,
          toJwtTtl,
        },
        clockMs,
      );
    },
  };
}

export const pythonValidationToken: ValidationTokenRules = {
  vocabulary: {
    keys: ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem', 'mode', 'request', 'validationPayload', 'toJwtTtl'],
    refused: {
      ttl: FIXED,
      algorithm: FIXED,
      nbf: FIXED,
      validUntil: FIXED,
      ttlVia: 'chooses how twilio-node receives ttl; ClientValidationJwt has no ttl parameter',
      via: NO_REST_CLIENT,
      apiCall: NO_REST_CLIENT,
      clientCredentials: NO_REST_CLIENT,
      setAfter: 'assigns properties after construction (a twilio-node quirk)',
      optionsAbsent: 'omits the options object (a twilio-node quirk); twilio-python takes keyword arguments',
      optionsValue: 'passes a non-object as the options argument (a twilio-node quirk)',
    },
  },
  construct({ values: v }: ValidationTokenArgs): ValidationTokenBuild {
    const mode = v.get('mode') ?? (v.has('request') ? 'client' : v.has('validationPayload') ? 'payload' : undefined);
    const creds = kwargs(v, CREDENTIALS);
    const names = CREDENTIALS.map(([, py]) => py);
    if (mode === 'client') {
      checkKeys(v, ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem', 'mode', 'request'], '', {
        toJwtTtl: 'ValidationClient.request() calls to_jwt() itself, without a ttl',
        validationPayload: 'mode "client" builds its own ValidationPayload from the request',
      });
      const request = asObject(v.has('request') ? v.get('request') : new Map(), 'request');
      checkKeys(request, REQUEST_KEYS, 'request.');
      checkArity('ValidationClient.__init__()', creds, names);
      checkArity('ValidationClient.request()', request, ['method', 'url']);
      const prepared = prepareValidationRequest(Object.fromEntries(request) as RequestArgs);
      const vp: ValidationPayload = {
        method: prepared.method,
        path: prepared.path,
        queryString: prepared.queryString,
        allHeaders: prepared.allHeaders,
        signedHeaders: ['authorization', 'host'],
        body: prepared.body,
      };
      return build(creds, () => vp, undefined);
    }
    if (mode === 'payload') {
      checkKeys(v, ['accountSid', 'credentialSid', 'signingKey', 'privateKeyPem', 'mode', 'validationPayload', 'toJwtTtl'], '', {
        request: 'mode "payload" signs an explicit ValidationPayload, not a request',
      });
      let vp: ValidationPayload | null = null;
      if (v.has('validationPayload') && v.get('validationPayload') !== null) {
        const fields = asObject(v.get('validationPayload'), 'validationPayload');
        checkKeys(
          fields,
          PAYLOAD_FIELDS.map(([k]) => k),
          'validationPayload.',
        );
        const given = kwargs(fields, PAYLOAD_FIELDS);
        checkArity(
          'ValidationPayload.__new__()',
          given,
          PAYLOAD_FIELDS.map(([, py]) => py),
        );
        vp = Object.fromEntries(PAYLOAD_FIELDS.map(([k]) => [k, fields.get(k)!])) as unknown as ValidationPayload;
      }
      const args = new Map(creds);
      if (v.has('validationPayload')) args.set('validation_payload', null);
      checkArity('ClientValidationJwt.__init__()', args, [...names, 'validation_payload']);
      return build(creds, () => vp, v.get('toJwtTtl'));
    }
    throw new UnsupportedInput(`mode ${mode === undefined ? '(none)' : pyStr(mode)}: twilio-python signs either a request (client) or a ValidationPayload (payload)`);
  },
  // str.encode("utf-8"): a lone surrogate is an error, reported by code-point position.
  encode: (canonical) => pythonUtf8(canonical),
};
