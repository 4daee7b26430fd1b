/**
 * twilio-ruby 7.11.1's credential providers (providers-spec §1-§7): alphabetical form fields,
 * `Authorization: Basic Og==` on the token request, no expiry buffer, ruby-jwt errors raised from
 * the expiry check, and anything that is not a three-part JWT sent to the API as `Basic Qjpl`.
 */
import { parseLossless } from '../../json/parse.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { rbClassName, rbInspect, rbToS, ruby as rubyLang } from '../../lang/ruby.ts';
import { faradayForm } from '../../providers/form.ts';
import type { HttpReply, TransportFailure } from '../../providers/http.ts';
import { rubySplitDot } from '../../providers/jwt-peek.ts';
import type { Credential, HeldToken, ProviderRules } from '../../providers/rules.ts';

const USER_AGENT = 'twilio-ruby/7.11.1 (linux-gnu x86_64) Ruby/3.1.7';
const ACCEPT_ENCODING = 'gzip;q=1.0,deflate;q=0.6,identity;q=0.3';
const REST_ERROR = 'Twilio::REST::RestError';

/**
 * `JSON.parse(text)` (json 2.6) as a host value, or its `JSON::ParserError`. The message names the
 * text from where parsing stopped; the line number in it is the json gem's source line, and the
 * wording varies across json versions (runtime-dependent, as the transcripts note).
 */
export function rubyJsonParse(text: string): HostValue {
  try {
    return rubyLang.fromJson(parseLossless(text));
  } catch {
    const trimmed = text.replace(/^[ \t\r\n]+/, '');
    return fail(trimmed === '' ? "unexpected token at ''" : `unexpected token at '${trimmed}'`);
  }
}

function fail(message: string): never {
  throw new LibraryError('JSON::ParserError', `859: ${message}`);
}

const isHash = (v: HostValue): v is HostMap => v instanceof Map;

/** `value['key']` on whatever JSON.parse gave: a Hash lookup; String#[] finds a substring. */
function index(v: HostValue, key: string): HostValue {
  if (isHash(v)) return v.get(key) ?? null;
  if (typeof v === 'string') return v.includes(key) ? key : null;
  throw new LibraryError('TypeError', `no implicit conversion of String into Integer`);
}

/** Twilio::HTTP::Client#_request then Twilio::Response.new: the body the library reads. */
function responseBody(reply: HttpReply): HostValue {
  let object: string | undefined;
  if (reply.status >= 500 && reply.status <= 599) object = `{"message":"Server error (${reply.status})","code":${reply.status}}`;
  else if (reply.body) object = reply.body;
  else if (reply.status === 400) object = '{"message":"Bad request","code":400}';
  return rubyJsonParse(object ? object : '{}');
}

/** Twilio::REST::RestError's message. */
function restError(reply: HttpReply, initial: string): LibraryError {
  const body = responseBody(reply);
  const fetch = (k: string, dflt: HostValue): HostValue => {
    if (!isHash(body)) throw new LibraryError('NoMethodError', `undefined method \`fetch' for ${rbToS(body)}:${rbClassName(body)}`);
    return body.has(k) ? (body.get(k) as HostValue) : dflt;
  };
  const code = fetch('code', BigInt(reply.status));
  const details = fetch('details', null);
  const message = fetch('message', null);
  const moreInfo = fetch('more_info', null);
  let text = `[HTTP ${reply.status}] ${rbToS(code)} : ${initial}`;
  if (message !== null && message !== false) text += `\n${rbToS(message)}`;
  if (details !== null && details !== false) text += `\n${rbToS(details)}`;
  if (moreInfo !== null && moreInfo !== false) text += `\n${rbToS(moreInfo)}`;
  return new LibraryError(REST_ERROR, `${text}\n\n`);
}

/** ruby-jwt 2.5 `JWT.decode(token, nil, false)` then `Time.at(exp) < Time.now`; raises as they do. */
export function rubyTokenExpired(token: string, nowMs: number): boolean {
  const segments = rubySplitDot(token);
  if (segments.length !== 2 && segments.length !== 3) throw new LibraryError('JWT::DecodeError', 'Not enough or too many segments');
  const decode = (seg: string): HostValue => {
    try {
      return rubyLang.fromJson(parseLossless(Buffer.from(seg, 'base64').toString('utf8')));
    } catch {
      throw new LibraryError('JWT::DecodeError', 'Invalid segment encoding');
    }
  };
  const header = decode(segments[0]);
  const payload = decode(segments[1]);
  if (header === null || header === false || payload === null || payload === false) {
    throw new LibraryError('JWT::DecodeError', 'Not enough or too many segments');
  }
  const exp = index(payload, 'exp');
  if (typeof exp === 'bigint') return Number(exp) * 1000 < nowMs;
  if (typeof exp === 'number') return exp * 1000 < nowMs;
  throw new LibraryError('TypeError', `can't convert ${rbClassName(exp)} into an exact number`);
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function checkCredentials(clientId: Credential, clientSecret: Credential): void {
  const given = clientId === undefined ? 0 : clientSecret === undefined ? 1 : 2;
  if (given < 2) throw new LibraryError('ArgumentError', `wrong number of arguments (given ${given}, expected 2..3)`);
  if (clientId === null || clientSecret === null) throw new LibraryError('ArgumentError', 'client_id and client_secret are required');
}

/**
 * Net::HTTP's message for a refused connection, which Twilio::REST::TwilioError passes on: the
 * address connected to (the harness's proxy) twice. `undefined` when the failure is no refusal.
 */
function refusedMessage(f: TransportFailure): string | undefined {
  const address = f.kind === 'refused' ? /ECONNREFUSED (\S+)$/.exec(f.message)?.[1] : undefined;
  return address && `Failed to open TCP connection to ${address} (Connection refused - connect(2) for ${address})`;
}

export const rubyProviders: ProviderRules = {
  authTypes: {
    clientCredentialsProvider: 'orgs_token',
    orgsProvider: 'orgs_token',
    noAuthProvider: new UnsupportedInput('twilio-ruby has no NoAuthCredentialProvider'),
    tokenStrategy: 'orgs_token',
    basicStrategy: new UnsupportedInput('twilio-ruby has no BasicAuthStrategy class'),
    // NoAuthStrategy#initialize refers to AuthType::NONE; the constant is NOAUTH.
    noAuthStrategy: new LibraryError('NameError', 'uninitialized constant Twilio::REST::AuthType::NONE'),
  },
  // Twilio::REST::AuthType's constants (AuthType.constants, whose order is the constant table's).
  authTypeMembers: { BASIC: 'basic', ORGS_TOKEN: 'orgs_token', API_KEY: 'api_key', NOAUTH: 'noauth', CLIENT_CREDENTIALS: 'client_credentials' },
  tokenParams: new UnsupportedInput("twilio-ruby's token managers have no getParams: they keep grant_type, client_id and client_secret as attributes"),
  unsetCredential: undefined,
  checkCredentials,
  tokenRequestBody: (grantType, clientId, clientSecret) =>
    faradayForm([
      ['grant_type', grantType],
      ['client_id', clientId ?? null],
      ['client_secret', clientSecret ?? null],
    ]),
  tokenRequestHeaders: ({ body, host, environment }) => [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['User-Agent', USER_AGENT],
    ['Accept-Charset', 'utf-8'],
    ['Accept', 'application/json'],
    // The manager's Client.new has auth [nil, nil] (or Twilio.configure's), and Faraday's basic
    // auth middleware encodes "#{user}:#{pass}": ":" is "Og==".
    ['Authorization', basic(environment.accountSid ?? '', environment.authToken ?? '')],
    ['Accept-Encoding', ACCEPT_ENCODING],
    ['Host', host],
    ['Content-Length', String(Buffer.byteLength(body))],
  ],
  readTokenReply: (reply) => {
    const body = responseBody(reply);
    if (reply.status < 200 || reply.status >= 300) throw restError(reply, 'Unable to create record');
    const token = index(body, 'access_token');
    return token === null ? null : rbToS(token);
  },
  tokenTransportError: (f: TransportFailure) => new LibraryError('Twilio::REST::TwilioError', f.kind === 'reset' ? 'end of file reached' : f.kind === 'timeout' ? 'Net::ReadTimeout' : (refusedMessage(f) ?? f.message)),
  strategyError: (e) => e,
  // `@token.nil? || token_expired? || @token == ''`: the decode runs before the empty check.
  needsFetch: (held: HeldToken | undefined, nowMs) => held === undefined || held === null || rubyTokenExpired(held, nowMs) || held === '',
  bearer: (held) => `Bearer ${held ?? ''}`,
  strategyPerRequest: false,
  serializeRefresh: true,
  // http_client.rb sets the header only for strings of three dot-separated parts; otherwise
  // Faraday's basic auth runs on request.auth, the auth String, whose [0] and [1] are "B", "e".
  apiAuthorization: (authString) => {
    if (rubySplitDot(authString).length === 3) return authString;
    const chars = Array.from(authString);
    return basic(chars[0] ?? '', chars[1] ?? '');
  },
  apiRequestHeaders: ({ host, authorization }) => [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['User-Agent', USER_AGENT],
    ['Accept-Charset', 'utf-8'],
    ['Accept', 'application/json'],
    ...(authorization === null ? [] : [['Authorization', authorization] as [string, string]]),
    ['Accept-Encoding', ACCEPT_ENCODING],
    ['Host', host],
  ],
  apiError: (reply) => restError(reply, 'Unable to fetch record'),
  // Twilio::Response.new parses every body (an empty one as {}); the instance then reads
  // payload['auth_token']: a Hash or a String answers, an Array or Integer wants an integer
  // index, and nil, true, false and Float have no `[]`.
  readApiRecord: (reply) => {
    const payload = responseBody(reply);
    if (isHash(payload) || typeof payload === 'string') return payload;
    if (Array.isArray(payload) || typeof payload === 'bigint') throw new LibraryError('TypeError', 'no implicit conversion of String into Integer');
    throw new LibraryError('NoMethodError', `undefined method \`[]' for ${rbInspect(payload)}:${rbClassName(payload)}`);
  },
  apiTransportError: (f) => new LibraryError('Twilio::REST::TwilioError', refusedMessage(f) ?? f.message),
  credentials: {
    basic,
    none: () => basic('', ''),
    perRequestBasic: 'provider-wins',
  },
};
