/**
 * twilio-node 6.2.0's credential providers (providers-spec §1-§7): a new strategy per API call and
 * so a token request per call; a 30 s expiry buffer read with jsonwebtoken's `decode`; an empty
 * `Authorization:` header on the token request; errors prefixed twice.
 */
import { arch, platform } from 'node:os';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { qsForm } from '../../providers/form.ts';
import type { HttpReply, TransportFailure } from '../../providers/http.ts';
import { segmentText } from '../../providers/jwt-peek.ts';
import type { ApiResource, HeldToken, ProviderRules } from '../../providers/rules.ts';

const USER_AGENT = `twilio-node/6.2.0 (${platform()} ${arch()}) node/${process.version}`;
const ACCEPT_ENCODING = 'gzip, compress, deflate, br';
const JWS = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/;

/** jws 4 `decode` then jsonwebtoken 9 `decode`: the payload, or `null` when not a JWS. May throw. */
export function jsonwebtokenDecode(token: string): unknown {
  if (!JWS.test(token)) return null;
  const headerOf = (): unknown => {
    try {
      return JSON.parse(segmentText(token.split('.', 1)[0], 'latin1'));
    } catch {
      return undefined;
    }
  };
  const header = headerOf();
  if (!header) return null;
  let payload: unknown = segmentText(token.split('.')[1], 'utf8');
  // jws parses the payload itself (and throws on bad JSON) only when the header says JWT.
  if ((header as { typ?: unknown }).typ === 'JWT') payload = JSON.parse(payload as string);
  if (typeof payload === 'string') {
    try {
      const obj: unknown = JSON.parse(payload);
      if (obj !== null && typeof obj === 'object') payload = obj;
    } catch {
      // jsonwebtoken keeps the string
    }
  }
  return payload;
}

/** TokenAuthStrategy.isTokenExpired: expired 30 s before `exp`; anything undecodable is expired. */
export function nodeTokenExpired(token: string, nowMs: number): boolean {
  try {
    const decoded = jsonwebtokenDecode(token) as { exp?: unknown } | null;
    if (!decoded || !decoded.exp) return true;
    // JavaScript's own coercion, as the library computes it: a non-numeric exp gives NaN, and
    // `now > NaN` is false, so such a token never expires.
    const expiresAt = (decoded.exp as number) * 1000;
    return nowMs > expiresAt - 30 * 1000;
  } catch {
    return true;
  }
}

/** What axios leaves in `response.body`: the parsed JSON where the text parses, else the text. */
function axiosBody(reply: HttpReply): unknown {
  if (!reply.body) return reply.body;
  try {
    return JSON.parse(reply.body) as unknown;
  } catch {
    return reply.body;
  }
}

/** Version.throwException: TwilioServiceException for RFC 9457 bodies, else RestException. */
function restException(reply: HttpReply): { type: string; status: unknown; message: string } {
  const data = axiosBody(reply);
  let body: unknown = data;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data);
    } catch {
      body = null;
    }
  }
  const b = body as Record<string, unknown> | null;
  if (b && typeof b === 'object' && typeof b.type === 'string' && typeof b.title === 'string' && typeof b.status === 'number' && typeof b.code === 'number') {
    const status = b.status || reply.status;
    return { type: 'TwilioServiceException', status, message: `[HTTP ${status}] ${b.title || 'Failed to execute request'}` };
  }
  if (b !== null && b !== undefined) return { type: 'RestException', status: reply.status, message: `${(b as { message?: unknown }).message}` };
  return { type: 'RestException', status: reply.status, message: `[HTTP ${reply.status}] Failed to execute request` };
}

/** The first field each fetched instance's constructor reads (`this.authToken = payload.auth_token`). */
const FIRST_FIELD: Record<ApiResource, string> = { account: 'auth_token', organization_account: 'account_sid' };

/**
 * Version.fetch on a 2xx/3xx reply: what axios left is parsed again with `JSON.parse` whenever it
 * is still a string (so an empty body, a non-JSON body and a JSON string all throw V8's
 * SyntaxError), and the instance's constructor then reads its first field, which fails on null.
 */
function nodeApiRecord(reply: HttpReply, resource: ApiResource): unknown {
  let payload = axiosBody(reply);
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch (e) {
      // The host's JSON.parse is V8's, as twilio-node's is: its message is the library's.
      throw new LibraryError('SyntaxError', (e as Error).message);
    }
  }
  if (payload === null || payload === undefined) throw new LibraryError('TypeError', `Cannot read properties of ${String(payload)} (reading '${FIRST_FIELD[resource]}')`);
  return payload;
}

function managerError(status: unknown, message: string): LibraryError {
  return new LibraryError('Error', `Error Status Code: ${status}\nFailed to fetch access token: ${message}`);
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const nodeProviders: ProviderRules = {
  authTypes: {
    clientCredentialsProvider: 'client-credentials',
    orgsProvider: 'client-credentials',
    noAuthProvider: 'noauth',
    tokenStrategy: 'token',
    basicStrategy: 'basic',
    noAuthStrategy: 'noauth',
  },
  // Auth types are string literals passed to the base classes' constructors.
  authTypeMembers: new UnsupportedInput('twilio-node has no auth-type enumeration: its providers and strategies pass string literals'),
  // ApiTokenManager / OrgsTokenManager keep the object the provider built and getParams() returns it.
  tokenParams: ({ grantType, clientId, clientSecret }) => ({ grantType, clientId, clientSecret }),
  basicStrategyAuthString: basic,
  unsetCredential: '',
  // The builder validates nothing: missing values are posted as they are.
  checkCredentials: () => {},
  tokenRequestBody: (grantType, clientId, clientSecret) =>
    qsForm([
      ['grant_type', grantType],
      ['client_id', clientId],
      ['client_secret', clientSecret],
    ]),
  tokenRequestHeaders: ({ body, host }) => [
    ['Accept', 'application/json'],
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['User-Agent', USER_AGENT],
    ['Accept-Charset', 'utf-8'],
    ['Connection', 'keep-alive'],
    // NoAuthStrategy.getAuthString() is "" and RequestClient sets it anyway.
    ['Authorization', ''],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Accept-Encoding', ACCEPT_ENCODING],
    ['Host', host],
  ],
  readTokenReply: (reply) => {
    if (reply.status < 200 || reply.status >= 300) {
      const e = restException(reply);
      throw managerError(e.status, e.message);
    }
    try {
      const data = axiosBody(reply);
      const payload = (typeof data === 'string' ? JSON.parse(data) : data) as { access_token?: unknown };
      const token = payload.access_token;
      // undefined is the missing value; any other value is held as JavaScript prints it.
      return token === undefined ? null : `${token as string}`;
    } catch (e) {
      throw managerError(undefined, (e as Error).message);
    }
  },
  tokenTransportError: (f: TransportFailure) => managerError(undefined, f.message),
  strategyError: (e) => new LibraryError('Error', `Failed to fetch access token: ${e.message}`),
  needsFetch: (held: HeldToken | undefined, nowMs) => held === undefined || held === null || held.length === 0 || nodeTokenExpired(held, nowMs),
  bearer: (held) => `Bearer ${held === null ? 'undefined' : held}`,
  strategyPerRequest: true,
  serializeRefresh: false,
  apiAuthorization: (authString) => authString,
  apiRequestHeaders: ({ host, authorization }) => [
    ['Accept', 'application/json'],
    ['User-Agent', USER_AGENT],
    ['Accept-Charset', 'utf-8'],
    ['Connection', 'keep-alive'],
    ...(authorization === null ? [] : [['Authorization', authorization] as [string, string]]),
    ['Accept-Encoding', ACCEPT_ENCODING],
    ['Host', host],
  ],
  apiError: (reply) => {
    const e = restException(reply);
    return new LibraryError(e.type, e.message);
  },
  readApiRecord: nodeApiRecord,
  apiTransportError: (f) => new LibraryError('AxiosError', f.message),
  credentials: {
    basic,
    none: () => new LibraryError('Error', 'username is required'),
    perRequestBasic: 'basic-wins',
  },
  // RequestClient's autoRetry interceptor: every 429 is resent up to maxRetries times after a
  // full-jitter backoff (Retry-After is not read; the wait is unobservable here, so none); then
  // the last 429 stands. (maxRetries 0 is read as the default 3: `opts.maxRetries || 3`.)
  userRetries: {
    next: (reply, attempt, retries) => (reply.status === 429 && attempt <= (retries || 3) ? { waitMs: 0 } : 'stop'),
  },
};
