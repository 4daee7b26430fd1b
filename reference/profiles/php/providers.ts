/**
 * twilio-php 8.12.0's credential providers, as observed through the runner's loopback server with
 * the built-in adapter (conformance/adapters/twilio-php/credential_provider.php): a new
 * TokenAuthStrategy per API call and so a token request per call (as node); a 30 s expiry buffer
 * read from the unverified payload with PHP's lenient base64 and json_decode, a token whose payload
 * has no `exp` (or no payload: an opaque token) never expiring; every option of the token request
 * posted, unset ones empty; the NoAuth strategy's empty `Authorization:` dropped by curl; a reply
 * the instance classes cannot take (not a JSON array) refused with PHP's TypeError.
 *
 * PHP runs one call at a time: concurrent callers are callers in sequence, so the check and the
 * fetch of one finish before the next begins (serializeRefresh).
 *
 * Not observed, so not modelled: a username without a password (BaseClient's "password is
 * required") and falsy credentials such as "0", which {@link ApiCredentialRules} cannot tell from
 * given ones; curl's messages for failures other than a refused connection and an empty reply.
 */
import type { HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { phpJsonDecode, phpNumericString, phpToString } from '../../lang/php.ts';
import { pythonForm } from '../../providers/form.ts';
import type { HttpReply, TransportFailure } from '../../providers/http.ts';
import type { ApiResource, Credential, HeldToken, ProviderRules, TokenManagerClassName } from '../../providers/rules.ts';
import { phpUrlsafeB64Decode } from './php-jwt.ts';

const USER_AGENT = 'twilio-php/8.12.0 (Linux x86_64) PHP/8.2.36';
const TWILIO_EXCEPTION = 'Twilio\\Exceptions\\TwilioException';
/** Where twilio-php's source lives: its TypeErrors name files there, written as the adapter writes them. */
const SRC = '$TWILIO_PHP_SRC/Twilio';

/** `Response::getContent()`: `json_decode($body, true)`, null where it fails. */
function content(reply: HttpReply): HostValue {
  try {
    return phpJsonDecode(reply.body, { assoc: true });
  } catch {
    return null;
  }
}

const isArray = (v: HostValue): v is HostValue[] | Map<string, HostValue> => Array.isArray(v) || v instanceof Map;

/** PHP's name of a value's type in its TypeErrors. */
function typeName(v: HostValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'array';
}

/** `Version::exception`: `[HTTP <status>] <header>`, then `: <message>` when the body is an array with one. */
function restMessage(reply: HttpReply, header: string): string {
  const c = content(reply);
  const message = c instanceof Map ? c.get('message') : undefined;
  // isset(): present and not null.
  return `[HTTP ${reply.status}] ${header}${message !== undefined && message !== null ? `: ${phpToString(message)}` : ''}`;
}

/** The TypeError of an instance class given a payload that is not an array. */
function payloadTypeError(instance: string, calledIn: string, line: number, payload: HostValue): LibraryError {
  return new LibraryError('TypeError', `${instance}::__construct(): Argument #2 ($payload) must be of type array, ${typeName(payload)} given, called in ${SRC}/${calledIn} on line ${line}`);
}

/** The instance class each fetched resource becomes, and where its context builds it. */
const INSTANCES: Record<ApiResource, [string, string, number]> = {
  account: ['Twilio\\Rest\\Api\\V2010\\AccountInstance', 'Rest/Api/V2010/AccountContext.php', 168],
  organization_account: ['Twilio\\Rest\\PreviewIam\\Versionless\\Organization\\AccountInstance', 'Rest/PreviewIam/Versionless/Organization/AccountContext.php', 83],
};

/** `fetchToken(): string` returning the instance's accessToken, as PHP's weak mode coerces it. */
function returnedString(v: HostValue, manager: TokenManagerClassName): string {
  if (typeof v === 'string') return v;
  if (v === null || isArray(v)) throw new LibraryError('TypeError', `Twilio\\Http\\BearerToken\\${manager}::fetchToken(): Return value must be of type string, ${typeName(v)} returned`);
  return phpToString(v);
}

/** `$exp * 1000`, or PHP's TypeError for an operand it cannot multiply. */
function timesThousand(exp: HostValue): number {
  if (typeof exp === 'bigint') return Number(exp) * 1000;
  if (typeof exp === 'number') return exp * 1000;
  if (typeof exp === 'boolean') return exp ? 1000 : 0;
  if (typeof exp === 'string') {
    // A leading-numeric string counts (with a warning); any other string is refused.
    const n = phpNumericString(exp, true);
    if (n) return Number(n.value) * 1000;
    throw new LibraryError('TypeError', 'Unsupported operand types: string * int');
  }
  throw new LibraryError('TypeError', 'Unsupported operand types: array * int');
}

/**
 * `TokenAuthStrategy::isTokenExpired`: the payload segment base64-decoded leniently and
 * json_decoded; no payload, an undecodable one or no `exp` is "not expired"; otherwise expired
 * once the clock passes 30 s before `exp`. May throw PHP's TypeError (a string payload, a
 * non-numeric `exp`).
 */
export function phpTokenExpired(token: string, nowMs: number): boolean {
  const segments = token.split('.');
  if (segments.length < 2) return false;
  let decoded: HostValue;
  try {
    decoded = phpJsonDecode(phpUrlsafeB64Decode(Buffer.from(segments[1], 'utf8')), { assoc: true });
  } catch {
    decoded = null;
  }
  if (typeof decoded === 'string') throw new LibraryError('TypeError', 'Cannot access offset of type string on string');
  const exp = decoded instanceof Map ? (decoded.get('exp') ?? null) : null;
  if (decoded === null || exp === null) return false;
  return nowMs > timesThousand(exp) - 30 * 1000;
}

/**
 * curl's message for a refused connection, as CurlClient passes it on. curl writes the time it
 * took, which varies from run to run: the adapter writes it `<n>`.
 */
function curlMessage(f: TransportFailure): string {
  if (f.kind === 'reset') return 'Empty reply from server';
  const address = f.kind === 'refused' ? /ECONNREFUSED (\S+):(\d+)$/.exec(f.message) : null;
  return address ? `Failed to connect to ${address[1]} port ${address[2]} after <n> ms: Couldn't connect to server` : f.message;
}

/** The builders' setters take `string`: PHP refuses a null before anything is built. */
function checkCredentials(clientId: Credential, clientSecret: Credential, provider = 'ClientCredentialProvider'): void {
  for (const [value, setter, param] of [
    [clientId, 'setClientId', 'clientId'],
    [clientSecret, 'setClientSecret', 'clientSecret'],
  ] as const) {
    if (value === null) throw new LibraryError('TypeError', `Twilio\\CredentialProvider\\${provider}Builder::${setter}(): Argument #1 ($${param}) must be of type string, null given`);
  }
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export const phpProviders: ProviderRules = {
  authTypes: {
    clientCredentialsProvider: 'client-credentials',
    orgsProvider: 'client-credentials',
    noAuthProvider: 'noauth',
    tokenStrategy: 'token',
    basicStrategy: 'basic',
    noAuthStrategy: 'noauth',
  },
  authTypeMembers: new UnsupportedInput('twilio-php has no auth-type enumeration: its providers and strategies pass string literals'),
  // getTokenManager()->getOptions(): the provider's whole options array, unset entries null.
  tokenParams: ({ grantType, clientId, clientSecret }) => ({
    grantType,
    clientId: clientId ?? null,
    clientSecret: clientSecret ?? null,
    code: null,
    redirectUri: null,
    audience: null,
    refreshToken: null,
    scope: null,
  }),
  // base64_encode of the bytes, without a 'Basic ' prefix (CurlClient never uses the class).
  basicStrategyAuthString: (username, password) => Buffer.from(`${username}:${password}`, 'utf8').toString('base64'),
  // An unset id or secret stays at the provider's initial null and is posted empty; undefined
  // keeps it apart from a null passed to the setter, which PHP refuses.
  unsetCredential: undefined,
  checkCredentials,
  // TokenList posts every option the provider holds, nulls as empty values, in its own order;
  // CurlClient encodes with rawurlencode and a space as '+', which is quote_plus's escaping.
  tokenRequestBody: (grantType, clientId, clientSecret) =>
    pythonForm([
      ['grant_type', grantType],
      ['client_id', clientId ?? ''],
      ['client_secret', clientSecret ?? ''],
      ['code', ''],
      ['redirect_uri', ''],
      ['audience', ''],
      ['refresh_token', ''],
      ['scope', ''],
    ]),
  // The manager's client sends NoAuthStrategy's "Authorization: " with nothing after it, which
  // curl leaves out; curl puts Host first and Content-Length last.
  tokenRequestHeaders: ({ body, host }) => [
    ['Host', host],
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
    ['User-Agent', USER_AGENT],
    ['Accept-Charset', 'utf-8'],
    ['Content-Length', String(Buffer.byteLength(body))],
  ],
  readTokenReply: (reply, manager) => {
    // The manager turns every TwilioException (RestException among them) into a plain one.
    if (reply.status < 200 || reply.status >= 400) throw new LibraryError(TWILIO_EXCEPTION, restMessage(reply, 'Unable to create record'));
    const payload = content(reply);
    if (!isArray(payload)) throw payloadTypeError('Twilio\\Rest\\Oauth\\V2\\TokenInstance', 'Rest/Oauth/V2/TokenList.php', 98, payload);
    return returnedString(payload instanceof Map ? (payload.get('access_token') ?? null) : null, manager);
  },
  tokenTransportError: (f) => new LibraryError(TWILIO_EXCEPTION, curlMessage(f)),
  strategyError: (e) => e,
  // `empty($this->token) || $this->isTokenExpired($this->token)`: "0" is empty too.
  needsFetch: (held: HeldToken | undefined, nowMs) => held === undefined || held === null || held === '' || held === '0' || phpTokenExpired(held, nowMs),
  bearer: (held) => `Bearer ${held ?? ''}`,
  strategyPerRequest: true,
  serializeRefresh: true,
  // An empty auth string leaves "Authorization: " with no value, which curl does not send.
  apiAuthorization: (authString) => (authString === '' ? null : authString),
  apiRequestHeaders: ({ host, authorization }) => [
    ['Host', host],
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
    ['User-Agent', USER_AGENT],
    ['Accept-Charset', 'utf-8'],
    ...(authorization === null ? [] : [['Authorization', authorization] as [string, string]]),
  ],
  apiError: (reply) => new LibraryError('Twilio\\Exceptions\\RestException', restMessage(reply, 'Unable to fetch record')),
  readApiRecord: (reply, resource) => {
    const payload = content(reply);
    if (!isArray(payload)) throw payloadTypeError(...INSTANCES[resource], payload);
    return payload;
  },
  apiTransportError: (f) => new LibraryError('Twilio\\Exceptions\\EnvironmentException', curlMessage(f)),
  credentials: {
    basic,
    none: () => new LibraryError('Twilio\\Exceptions\\ConfigurationException', 'username is required'),
    // CurlClient prefers the request's username and password; the provider's strategy is made but never asked.
    perRequestBasic: 'basic-wins',
  },
  // AuthStrategy has getAuthType and getAuthString only.
  missingRequiresAuthentication: (strategy) => new LibraryError('Error', `Call to undefined method Twilio\\AuthStrategy\\${strategy}::requiresAuthentication()`),
};
