/**
 * twilio-python's `ValidationClient.request` up to the point where it builds the
 * `ValidationPayload` it signs: `Session.prepare_request` of requests 2.28.1 (method, URL and
 * params, headers merged over the session's, form body, basic auth from the tuple or the URL),
 * the `Host` header it adds, and the fields it reads back from the prepared request.
 * research/python-spec.md §6. The HTTP send itself is never reached (the adapter mocks it).
 *
 * Assumes no `~/.netrc` (requests would read credentials from it) and no session cookies.
 */
import type { HostMap, HostValue } from '../../lang/host.ts';
import { isHostMap } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { pyRepr, pyStr, pyTypeName } from '../../lang/python.ts';
import { pythonQuotePlus, pythonUtf8 } from '../../lang/url-encoding.ts';
import { parseUrl, PY_SPACE, pyLstrip, pyUnquote, pyUrlparse, pyUrlunparse, pyUserinfo, requoteUri, reprStr } from './urls.ts';

/** `requests.utils.default_headers()` on this system (no brotli): the session's headers. */
const SESSION_HEADERS: Array<[string, string]> = [
  ['User-Agent', 'python-requests/2.28.1'],
  ['Accept-Encoding', 'gzip, deflate'],
  ['Accept', '*/*'],
  ['Connection', 'keep-alive'],
];

/** requests' `CaseInsensitiveDict`: keyed by `key.lower()`, remembering the last spelling set. */
export class CaseInsensitiveDict {
  private readonly store = new Map<string, [string, HostValue]>();

  set(key: string, value: HostValue): void {
    this.store.set(key.toLowerCase(), [key, value]);
  }

  get(key: string): HostValue | undefined {
    return this.store.get(key.toLowerCase())?.[1];
  }

  has(key: string): boolean {
    return this.store.has(key.toLowerCase());
  }

  delete(key: string): void {
    this.store.delete(key.toLowerCase());
  }

  /** `.items()`: the spelling last set, and the value. */
  items(): Array<[string, HostValue]> {
    return [...this.store.values()].map(([k, v]) => [k, v]);
  }
}

const attributeError = (v: HostValue | undefined, attr: string): LibraryError => new LibraryError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${attr}'`);

/** `v.upper()` on a value that must be a str. */
function upper(v: HostValue | undefined): string {
  if (typeof v !== 'string') throw attributeError(v, 'upper');
  return v.toUpperCase();
}

/** `for k, vs in pairs`: Python's unpacking of one element into two names. */
function unpackPair(item: HostValue): [HostValue, HostValue] {
  const parts: HostValue[] | undefined = typeof item === 'string' ? [...item] : Array.isArray(item) ? item : isHostMap(item) ? [...item.keys()] : undefined;
  if (!parts) throw new LibraryError('TypeError', `cannot unpack non-iterable ${pyTypeName(item)} object`);
  if (parts.length > 2) throw new LibraryError('ValueError', 'too many values to unpack (expected 2)');
  if (parts.length < 2) throw new LibraryError('ValueError', `not enough values to unpack (expected 2, got ${parts.length})`);
  return [parts[0], parts[1]];
}

/** `to_key_val_list(value)` for a value that is not None. */
function toKeyValList(value: HostValue): Array<[HostValue, HostValue]> {
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') {
    throw new LibraryError('ValueError', 'cannot encode objects that are not 2-tuples');
  }
  if (isHostMap(value)) return [...value];
  if (Array.isArray(value)) return value.map(unpackPair);
  // list(1.5): a float is not iterable.
  throw new LibraryError('TypeError', `'${pyTypeName(value)}' object is not iterable`);
}

const isIterable = (v: HostValue): boolean => typeof v === 'string' || Array.isArray(v) || isHostMap(v);

/**
 * `RequestEncodingMixin._encode_params(data)`: a str as it is, a scalar as it is (it has no
 * `__iter__`), anything iterable as `urlencode(pairs, doseq=True)` with None values dropped.
 */
function encodeParams(data: HostValue): HostValue {
  if (typeof data === 'string' || !isIterable(data)) return data;
  const pairs: Array<[HostValue, HostValue]> = [];
  for (const [k, vs] of toKeyValList(data)) {
    const values = typeof vs === 'string' || !isIterable(vs) ? [vs] : Array.isArray(vs) ? vs : [...(vs as HostMap).keys()];
    for (const v of values) {
      if (v === null) continue;
      // k.encode("utf-8") / v.encode("utf-8") for str: a lone surrogate fails here already.
      if (typeof k === 'string') pythonUtf8(k);
      if (typeof v === 'string') pythonUtf8(v);
      pairs.push([k, v]);
    }
  }
  return urlencodeDoseq(pairs);
}

/** `urlencode(pairs, doseq=True)` over the pairs `_encode_params` built (str parts stand for their UTF-8 bytes). */
function urlencodeDoseq(pairs: Array<[HostValue, HostValue]>): string {
  const out: string[] = [];
  const q = (v: HostValue): string => pythonQuotePlus(pyStr(v));
  for (const [k, v] of pairs) {
    const key = q(k);
    if (typeof v === 'string' || !(Array.isArray(v) || isHostMap(v))) out.push(`${key}=${q(v)}`);
    else for (const elt of Array.isArray(v) ? v : v.keys()) out.push(`${key}=${q(elt)}`);
  }
  return out.join('&');
}

/** `merge_setting(request_setting, session_setting)` where the session's setting is a mapping. */
function mergeParams(params: HostValue): HostValue {
  if (!isHostMap(params)) return params;
  const merged: HostMap = new Map();
  for (const [k, v] of params) if (v !== null) merged.set(k, v);
  return merged;
}

// requests' header checks: `^[^:\s][^:\r\n]*$` for names, `^\S[^\r\n]*$|^$` for values, with
// Python's `$` (which also matches before a final newline).
const S = PY_SPACE.source.slice(1, -1);
const HEADER_NAME_RE = new RegExp(`^[^:${S}][^:\\r\\n]*(?=\\n?$)`, 'u');
const HEADER_VALUE_RE = new RegExp(`^[^${S}][^\\r\\n]*(?=\\n?$)|^(?=\\n?$)`, 'u');

function checkHeaderValidity(name: string, value: HostValue): void {
  for (const part of [name, value]) {
    if (typeof part !== 'string') {
      throw new LibraryError('InvalidHeader', `Header part (${pyRepr(part)}) from {${pyRepr(name)}: ${pyRepr(value)}} must be of type str or bytes, not <class '${pyTypeName(part)}'>`);
    }
  }
  for (const [part, kind, re] of [
    [name, 'name', HEADER_NAME_RE],
    [value as string, 'value', HEADER_VALUE_RE],
  ] as const) {
    if (!re.test(part)) {
      throw new LibraryError('InvalidHeader', `Invalid leading whitespace, reserved character(s), or returncharacter(s) in header ${kind}: ${pyRepr(part)}`);
    }
  }
}

/** `PreparedRequest.prepare_url(url, params)`. */
function prepareUrl(url: HostValue | undefined, params: HostValue): string {
  const text = pyLstrip(pyStr(url));
  // Non-HTTP schemes (mailto:, data:) are kept exactly as given, params and all ignored.
  if (text.includes(':') && !text.toLowerCase().startsWith('http')) return text;
  const u = parseUrl(text);
  if (!u.scheme) throw new LibraryError('MissingSchema', `Invalid URL ${reprStr(text)}: No scheme supplied. Perhaps you meant http://${text}?`);
  if (!u.host) throw new LibraryError('InvalidURL', `Invalid URL ${reprStr(text)}: No host supplied`);
  if (!/^[\x00-\x7f]*$/.test(u.host)) throw new UnsupportedInput('non-ASCII host names (IDNA via the idna package) are not modelled');
  if (u.host.startsWith('*') || u.host.startsWith('.')) throw new LibraryError('InvalidURL', 'URL has an invalid label.');
  let netloc = u.auth ? `${u.auth}@` : '';
  netloc += u.host;
  if (u.port) netloc += `:${u.port}`;
  const path = u.path || '/';
  let query = u.query;
  const enc = encodeParams(params);
  if (pyTruthy(enc)) {
    // A scalar param that becomes the whole query reaches urlunparse as a non-str.
    if (!query && typeof enc !== 'string') throw new LibraryError('TypeError', 'Cannot mix str and non-str arguments');
    query = query ? `${query}&${pyStr(enc)}` : pyStr(enc);
  }
  return requoteUri(pyUrlunparse(u.scheme, netloc, path, query, u.fragment));
}

function pyTruthy(v: HostValue): boolean {
  if (v === null || v === false || v === '' || v === 0n || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isHostMap(v)) return v.size > 0;
  return true;
}

/** How a `UnicodeEncodeError` message shows the character it could not encode. */
function codecCharEscape(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** `_basic_auth_str(username, password)`: `str()` of non-strings, latin-1, base64. */
function basicAuth(username: HostValue, password: HostValue): string {
  const latin1 = (s: string): Buffer => {
    const cps = [...s].map((c) => c.codePointAt(0)!);
    const start = cps.findIndex((cp) => cp > 0xff);
    if (start >= 0) {
      let end = start + 1;
      while (end < cps.length && cps[end] > 0xff) end++;
      const what = end - start === 1 ? `character '${codecCharEscape(cps[start])}' in position ${start}` : `characters in position ${start}-${end - 1}`;
      throw new LibraryError('UnicodeEncodeError', `'latin-1' codec can't encode ${what}: ordinal not in range(256)`);
    }
    return Buffer.from(cps);
  };
  const user = latin1(pyStr(username));
  const pass = latin1(pyStr(password));
  return `Basic ${Buffer.concat([user, Buffer.from(':'), pass]).toString('base64')}`;
}

/** What `ValidationClient._build_validation_payload` reads from the prepared request. */
export interface PreparedValidationRequest {
  method: string;
  path: string;
  queryString: string;
  allHeaders: CaseInsensitiveDict;
  body: HostValue;
}

/** The arguments of `ValidationClient.request` (absent = not passed = its default). */
export interface RequestArgs {
  method?: HostValue;
  url?: HostValue;
  params?: HostValue;
  data?: HostValue;
  headers?: HostValue;
  auth?: HostValue;
}

/**
 * `ValidationClient.request(method, url, params, data, headers, auth)` up to the validation
 * payload: `Request(method.upper(), ...)` prepared by a fresh `Session`, then `Host` added.
 */
export function prepareValidationRequest(a: RequestArgs): PreparedValidationRequest {
  const method = upper(upper(a.method));
  // Request(): None becomes {} for headers and params, [] for data.
  const headersArg = a.headers === undefined || a.headers === null ? new Map() : a.headers;
  const paramsArg = a.params === undefined || a.params === null ? new Map() : a.params;
  const data = a.data === undefined || a.data === null ? [] : a.data;
  // A falsy auth is replaced by the (absent) netrc's, i.e. None.
  const auth = a.auth === undefined || !pyTruthy(a.auth) ? null : a.auth;

  // merge_setting(request.headers, session.headers, CaseInsensitiveDict): None values removed;
  // a non-mapping replaces the session's headers altogether.
  let merged: HostValue | CaseInsensitiveDict = headersArg;
  if (isHostMap(headersArg)) {
    const m = new CaseInsensitiveDict();
    for (const [k, v] of SESSION_HEADERS) m.set(k, v);
    for (const [k, v] of headersArg) m.set(k, v);
    for (const [k, v] of m.items()) if (v === null) m.delete(k);
    merged = m;
  }

  // prepare_url
  const url = prepareUrl(a.url, mergeParams(paramsArg));

  // prepare_headers
  const headers = new CaseInsensitiveDict();
  if (merged instanceof CaseInsensitiveDict) {
    for (const [name, value] of merged.items()) {
      checkHeaderValidity(name, value);
      headers.set(name, value);
    }
  } else if (pyTruthy(merged)) {
    throw attributeError(merged, 'items');
  }

  // prepare_body: a truthy body is encoded; a form (not a str) gets its Content-Type.
  let body: HostValue = null;
  if (pyTruthy(data)) {
    body = encodeParams(data);
    if (typeof data !== 'string' && !headers.has('content-type')) headers.set('Content-Type', 'application/x-www-form-urlencoded');
  }
  setContentLength(headers, body, method);

  // prepare_auth: the tuple given, else credentials in the URL (both parts needed to unquote).
  let credentials: HostValue = auth;
  if (auth === null) {
    const { username, password } = pyUserinfo(pyUrlparse(url).netloc);
    const fromUrl = username !== undefined && password !== undefined ? [pyUnquote(username), pyUnquote(password)] : ['', ''];
    credentials = fromUrl.some((x) => x !== '') ? fromUrl : null;
  }
  if (credentials !== null) {
    if (Array.isArray(credentials) && credentials.length === 2) headers.set('Authorization', basicAuth(credentials[0], credentials[1]));
    else throw new LibraryError('TypeError', `'${Array.isArray(credentials) ? 'tuple' : pyTypeName(credentials)}' object is not callable`);
    setContentLength(headers, body, method);
  }

  // ValidationClient: Host from the prepared URL's netloc (userinfo and port included).
  const parsed = pyUrlparse(url);
  if (!headers.has('Host')) headers.set('Host', parsed.netloc);
  return { method, path: parsed.path, queryString: parsed.query, allHeaders: headers, body: pyTruthy(body ?? null) ? body : '' };
}

/** `prepare_content_length`: unsigned, but kept so that `all_headers` is what requests sends. */
function setContentLength(headers: CaseInsensitiveDict, body: HostValue, method: string): void {
  if (body !== null) {
    const length = typeof body === 'string' ? [...body].length : 0;
    if (length) headers.set('Content-Length', String(length));
  } else if (method !== 'GET' && method !== 'HEAD' && headers.get('Content-Length') === undefined) {
    headers.set('Content-Length', '0');
  }
}
