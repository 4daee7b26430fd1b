/**
 * twilio-python 9.11.0's credential providers (providers-spec §1-§7): the strategy is cached in
 * the provider and refreshed under a lock with no expiry buffer; no `Authorization` on the token
 * request unless account credentials are in the environment; exceptions passed on raw.
 */
import { parseLossless } from '../../json/parse.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { python as pythonLang, pyStr, pyTypeName } from '../../lang/python.ts';
import { pythonForm } from '../../providers/form.ts';
import type { HttpReply, TransportFailure } from '../../providers/http.ts';
import type { Credential, HeldToken, ProviderRules } from '../../providers/rules.ts';
import { pythonJsonError } from './json-errors.ts';

const USER_AGENT = 'twilio-python/9.11.0 (Linux x86_64) Python/3.11.2';
const REST_EXCEPTION = 'twilio.base.exceptions.TwilioRestException';
// datetime.fromtimestamp accepts years 1..9999 only; outside it raises, which counts as expired.
const MAX_TIMESTAMP = 253402300799;
const MIN_TIMESTAMP = -62135596800;

/** `json.loads(text)` as a host value, or CPython's JSONDecodeError. */
export function pythonJsonLoads(text: string): HostValue {
  const error = pythonJsonError(text);
  if (error !== undefined) throw new LibraryError('json.decoder.JSONDecodeError', error);
  try {
    return pythonLang.fromJson(parseLossless(text));
  } catch {
    // NaN and Infinity are Python JSON but not JSON; they are never a token or a message.
    return new Map();
  }
}

const isDict = (v: HostValue): v is HostMap => v instanceof Map;

/** Version.exception for a non-2xx reply: TwilioRestException (RFC 9457 bodies aside). */
function restException(reply: HttpReply, message: string): LibraryError {
  let payload: HostValue;
  try {
    payload = pythonJsonLoads(reply.body);
  } catch {
    return new LibraryError(REST_EXCEPTION, `HTTP ${reply.status} error: ${message}`);
  }
  if (!isDict(payload)) return new LibraryError(REST_EXCEPTION, `HTTP ${reply.status} error: ${message}`);
  if (['type', 'title', 'status', 'code'].every((k) => payload.has(k))) {
    return new LibraryError('twilio.base.exceptions.TwilioServiceException', `HTTP ${pyStr(payload.get('status'))} error: ${pyStr(payload.get('title'))}`);
  }
  const full = payload.has('message') ? `${message}: ${pyStr(payload.get('message'))}` : message;
  return new LibraryError(REST_EXCEPTION, `HTTP ${reply.status} error: ${full}`);
}

/** PyJWT 2.6 `decode(verify_signature=False)` then `exp < now`; every failure counts as expired. */
export function pythonTokenExpired(token: string, nowMs: number): boolean {
  const last = token.lastIndexOf('.');
  const first = token.indexOf('.');
  if (last < 0 || first === last) return true;
  const decode = (seg: string): HostValue | undefined => {
    if (seg.length % 4 === 1 || /[^A-Za-z0-9_\-+/=]/.test(seg)) return undefined;
    try {
      return pythonJsonLoads(Buffer.from(seg, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  };
  const header = decode(token.slice(0, first));
  const payload = decode(token.slice(first + 1, last));
  if (header === undefined || !isDict(header) || payload === undefined || !isDict(payload)) return true;
  const exp = payload.get('exp');
  if (exp === undefined || exp === null) return true;
  // fromtimestamp takes int, float and bool; a string or a container raises TypeError (expired).
  const n = typeof exp === 'bigint' ? Number(exp) : typeof exp === 'number' ? exp : typeof exp === 'boolean' ? Number(exp) : undefined;
  if (n === undefined || !Number.isFinite(n) || n > MAX_TIMESTAMP || n < MIN_TIMESTAMP) return true;
  return n * 1000 < nowMs;
}

/** Python's repr escape of one character outside latin-1 (`'\\u20ac'`, `'\\U0001f600'`). */
function pyEscape(cp: number): string {
  return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/**
 * `str.encode('latin1')`, as requests' `_basic_auth_str` encodes each half: the bytes, or Python's
 * UnicodeEncodeError naming the first run of characters it cannot encode (positions in code points).
 */
function latin1(text: string): Buffer {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const start = cps.findIndex((cp) => cp > 0xff);
  if (start < 0) return Buffer.from(cps);
  let end = start;
  while (end + 1 < cps.length && cps[end + 1] > 0xff) end++;
  const what = end === start ? `character '${pyEscape(cps[start])}' in position ${start}` : `characters in position ${start}-${end}`;
  throw new LibraryError('UnicodeEncodeError', `'latin-1' codec can't encode ${what}: ordinal not in range(256)`);
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.concat([latin1(username), Buffer.from(':'), latin1(password)]).toString('base64')}`;
}

function missingArguments(cls: string, clientId: Credential, clientSecret: Credential): LibraryError | undefined {
  const missing = [clientId === undefined ? "'client_id'" : undefined, clientSecret === undefined ? "'client_secret'" : undefined].filter(Boolean);
  if (missing.length === 0) return undefined;
  const what = missing.length === 1 ? `1 required positional argument: ${missing[0]}` : `2 required positional arguments: ${missing.join(' and ')}`;
  return new LibraryError('TypeError', `${cls}.__init__() missing ${what}`);
}

/**
 * requests' error when its HTTPS proxy refuses the connection (the harness always reaches the
 * libraries' hosts through its proxy): urllib3's retry wrapper around the proxy error, naming the
 * host and path asked for and the connection object (whose address varies from run to run).
 */
function proxyRefused(f: TransportFailure, fallbackHost: string, fallbackPath: string): LibraryError {
  const u = f.url ? new URL(f.url) : undefined;
  return new LibraryError(
    'requests.exceptions.ProxyError',
    `HTTPSConnectionPool(host='${u?.hostname ?? fallbackHost}', port=443): Max retries exceeded with url: ${u ? `${u.pathname}${u.search}` : fallbackPath} ` +
      "(Caused by ProxyError('Cannot connect to proxy.', NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f0000000000>: " +
      "Failed to establish a new connection: [Errno 111] Connection refused')))",
  );
}

export const pythonProviders: ProviderRules = {
  authTypes: {
    clientCredentialsProvider: 'client_credentials',
    orgsProvider: 'client_credentials',
    noAuthProvider: new UnsupportedInput('twilio-python has no NoAuthCredentialProvider'),
    tokenStrategy: 'orgs_stoken',
    basicStrategy: new UnsupportedInput('twilio-python has no BasicAuthStrategy class'),
    // no_auth_strategy.py imports `from auth_type import AuthType`, which is not a module.
    noAuthStrategy: new LibraryError('ModuleNotFoundError', "No module named 'auth_type'"),
  },
  // twilio.auth_strategy.auth_type.AuthType, an Enum.
  authTypeMembers: { ORGS_TOKEN: 'orgs_stoken', NO_AUTH: 'noauth', BASIC: 'basic', API_KEY: 'api_key', CLIENT_CREDENTIALS: 'client_credentials' },
  tokenParams: new UnsupportedInput("twilio-python's token managers have no getParams: they keep grant_type, client_id and client_secret as attributes"),
  unsetCredential: undefined,
  checkCredentials: (clientId, clientSecret, cls = 'ClientCredentialProvider') => {
    const missing = missingArguments(cls, clientId, clientSecret);
    if (missing) throw missing;
    if (clientId === null || clientSecret === null) {
      throw new LibraryError('twilio.base.exceptions.TwilioException', 'Client id and Client secret are mandatory');
    }
  },
  // Dict order of token.create(); None values are dropped by copy_non_none_values.
  tokenRequestBody: (grantType, clientId, clientSecret) =>
    pythonForm(
      (
        [
          ['grant_type', grantType],
          ['client_id', clientId],
          ['client_secret', clientSecret],
        ] as Array<[string, Credential]>
      ).filter((p): p is [string, string] => typeof p[1] === 'string'),
    ),
  tokenRequestHeaders: ({ body, host, environment }) => [
    ['Host', host],
    ['User-Agent', USER_AGENT],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Accept', 'application/json'],
    ['Connection', 'keep-alive'],
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['X-Twilio-Client', 'python-9.11.0'],
    ['Accept-Charset', 'utf-8'],
    ['Content-Length', String(Buffer.byteLength(body))],
    // The manager's private Client() reads TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN and, having no
    // provider, sends them as Basic auth to the token endpoint.
    ...(environment.accountSid !== undefined && environment.authToken !== undefined ? [['Authorization', basic(environment.accountSid, environment.authToken)] as [string, string]] : []),
  ],
  readTokenReply: (reply) => {
    if (reply.status < 200 || reply.status >= 300) throw restException(reply, 'Unable to create record');
    if (!reply.body) return null;
    const payload = pythonJsonLoads(reply.body);
    if (!isDict(payload))
      throw new LibraryError(
        'AttributeError',
        `'${payload === null ? 'NoneType' : Array.isArray(payload) ? 'list' : typeof payload === 'string' ? 'str' : typeof payload === 'boolean' ? 'bool' : typeof payload === 'bigint' ? 'int' : 'float'}' object has no attribute 'get'`,
      );
    const token = payload.get('access_token');
    return token === undefined || token === null ? null : pyStr(token);
  },
  tokenTransportError: (f: TransportFailure) =>
    f.kind === 'refused'
      ? proxyRefused(f, 'oauth.twilio.com', '/v2/token')
      : new LibraryError(
          'requests.exceptions.ConnectionError',
          f.kind === 'reset' ? "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))" : f.kind === 'timeout' ? `Read timed out. (${f.message})` : `Failed to establish a new connection: ${f.message}`,
        ),
  strategyError: (e) => e,
  needsFetch: (held: HeldToken | undefined, nowMs) => held === undefined || held === null || held === '' || pythonTokenExpired(held, nowMs),
  bearer: (held) => `Bearer ${held === null ? 'None' : held}`,
  strategyPerRequest: false,
  serializeRefresh: true,
  apiAuthorization: (authString) => authString,
  apiRequestHeaders: ({ host, authorization }) => [
    ['Host', host],
    ['User-Agent', USER_AGENT],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Accept', 'application/json'],
    ['Connection', 'keep-alive'],
    ['X-Twilio-Client', 'python-9.11.0'],
    ['Accept-Charset', 'utf-8'],
    ...(authorization === null ? [] : [['Authorization', authorization] as [string, string]]),
  ],
  apiError: (reply) => restException(reply, 'Unable to fetch record'),
  // Version._parse_fetch: json.loads(response.text), whatever the Content-Type; the instance's
  // constructor then calls payload.get(...), which only a dict has.
  readApiRecord: (reply) => {
    const payload = pythonJsonLoads(reply.body);
    if (!isDict(payload)) throw new LibraryError('AttributeError', `'${pyTypeName(payload)}' object has no attribute 'get'`);
    return payload;
  },
  apiTransportError: (f) => (f.kind === 'refused' ? proxyRefused(f, 'api.twilio.com', '/') : new LibraryError('requests.exceptions.ConnectionError', f.message)),
  credentials: {
    basic,
    none: () => null,
    perRequestBasic: 'fetch-then-basic',
  },
  // HTTPAdapter(max_retries=n) is urllib3's Retry(total=n): with no status list it resends only
  // 413, 429 and 503 replies that carry Retry-After, after waiting that long, while retries are
  // left (is_retry reads `total` before counting, so the n-th retry's reply stands: no RetryError).
  userRetries: {
    next: (reply, attempt, retries) => {
      const after = reply.headers['retry-after'];
      if (![413, 429, 503].includes(reply.status) || after === undefined || !/^\d+$/.test(after.trim())) return 'stop';
      return attempt <= retries ? { waitMs: Number(after.trim()) * 1000 } : 'stop';
    },
  },
};
