/**
 * Inputs of the access_token vectors: edge values chosen by hand, regressions of reported bugs
 * (each with its link), and a deterministic sample of the differential generator per dialect.
 */
import fc from 'fast-check';
import { accessTokenCases } from '../../../differential/generators/access-token.ts';
import { LIBRARIES, libraryOf, type ProfileName } from '../../../libraries/index.ts';
import { float, num, obj } from '../../../differential/generators/json.ts';
import type { JsonValue } from '../../../../reference/json/value.ts';
import type { VectorFileSource, VectorSource } from '../../write.ts';
import { inIdOrder, nameGenerated } from '../ids.ts';

const NOW = 1700000000;
const NOW_MS = 1700000000123;
const AC = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SK = 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const SECRET = 'secret_0123456789abcdef0123456789';
const AP = 'AP11111111111111111111111111111111';

type Fields = Array<[string, JsonValue | undefined]>;

/** An input with the usual credentials and identity; `fields` add to or replace them (undefined removes). */
function input(fields: Fields = [], grants: JsonValue[] = []): JsonValue {
  const base: Fields = [['accountSid', AC], ['keySid', SK], ['secret', SECRET], ['identity', 'alice']];
  const keys = new Set(fields.map(([k]) => k));
  return obj([...base.filter(([k]) => !keys.has(k)), ...fields, ['grants', grants]]);
}
const grant = (type: string, options: Fields = []): JsonValue => obj([['type', type], ['options', obj(options)]]);

function edge(id: string, description: string, fields: Fields, grants: JsonValue[] = [], flags: string[] = []): VectorSource {
  return { id: `edge/${id}`, description, now: NOW, nowMs: NOW_MS, input: input(fields, grants), flags };
}

const EDGES: VectorSource[] = [
  edge('minimal', 'identity and no grants', []),
  edge('ttl-0', 'ttl 0: node falls back to 3600, python and ruby keep exp = now', [['ttl', num(0)]], [], ['ttl-edge']),
  edge('ttl-1', 'ttl of one second', [['ttl', num(1)]], [], ['ttl-edge']),
  edge('ttl-negative', 'a negative ttl puts exp before now in every library', [['ttl', num(-60)]], [], ['ttl-edge']),
  edge('ttl-24h', 'ttl of 24 hours, the longest Twilio accepts', [['ttl', num(86400)]], [], ['ttl-edge']),
  edge('ttl-huge', 'ttl of 10^20 seconds: exact integers in python and ruby, a double in node', [['ttl', num('100000000000000000000')]], [], ['ttl-edge', 'big-integer']),
  edge('ttl-float-whole', 'ttl 3600.0: a float in python and ruby, an integer in node', [['ttl', float(3600)]], [], ['ttl-edge', 'float-text']),
  edge('ttl-float', 'ttl 1.5: node rejects a non-integer expiresIn, python and ruby emit a float exp', [['ttl', float(1.5)]], [], ['ttl-edge', 'float-text']),
  edge('ttl-string-timespan', 'ttl "2h": a timespan in node, a TypeError in python and ruby', [['ttl', '2h']], [], ['ttl-edge', 'ttl-string']),
  edge('ttl-string-digits', 'ttl "3600": node reads 3600 milliseconds', [['ttl', '3600']], [], ['ttl-edge', 'ttl-string']),
  edge('ttl-null', 'ttl null: node falls back to 3600, python and ruby raise TypeError', [['ttl', null]], [], ['ttl-edge']),
  edge('ttl-true', 'ttl true: rejected by node, exp = now + 1 in python, TypeError in ruby', [['ttl', true]], [], ['ttl-edge']),
  edge('nbf-0', 'nbf 0 is emitted by every library', [['nbf', num(0)]], [], ['nbf-edge']),
  edge('nbf-null', 'nbf null: omitted by node and python, now in ruby', [['nbf', null]], [], ['nbf-edge']),
  edge('nbf-past', 'an explicit nbf in the past', [['nbf', num(1699990000)]], [], ['nbf-edge']),
  edge('nbf-future-exp-from-now', 'exp counts from now, not from a future nbf', [['nbf', num(1700100000)], ['ttl', num(60)]], [], ['nbf-edge']),
  edge('nbf-float', 'a fractional nbf is kept as written', [['nbf', float(1699999999.5)]], [], ['nbf-edge', 'float-text']),
  edge('nbf-string', 'a string nbf: dropped by node, kept by python, rejected by ruby-jwt', [['nbf', 'soon']], [], ['nbf-edge']),
  edge('identity-astral', 'an identity with astral characters (surrogate pairs in python)', [['identity', 'Jos\u00e9 \ud83c\udf89']], [], ['unicode']),
  edge('identity-u2028', 'U+2028 and U+2029 in an identity stay raw in node and ruby', [['identity', 'a\u2028b\u2029c']], [], ['unicode']),
  edge('identity-lone-high-surrogate', 'an unpaired high surrogate in the identity', [['identity', 'a\ud800b']], [], ['unicode', 'lone-surrogate']),
  edge('identity-lone-low-surrogate', 'an unpaired low surrogate: escaped by node and python, an encoding error in ruby', [['identity', 'a\udc00b']], [], ['unicode', 'lone-surrogate']),
  edge('identity-controls', 'control characters, DEL and quotes in an identity', [['identity', 'line\nbreak\ttab\u0001\u007f"q"\\']], [], ['unicode']),
  edge('identity-integer', 'an integer identity: a string in node, a number in python and ruby', [['identity', num(12345)]], [], ['identity-type']),
  edge('identity-float', 'a float identity: omitted by node, kept by python and ruby', [['identity', float(1.25)]], [], ['identity-type']),
  edge('identity-zero', 'identity 0: rejected by node, dropped by python, kept by ruby', [['identity', num(0)]], [], ['identity-type']),
  edge('identity-empty', 'an empty identity', [['identity', '']], [], ['identity-type']),
  edge('identity-absent', 'no identity at all', [['identity', undefined]], [], ['identity-type']),
  edge('identity-object', 'an object identity', [['identity', obj([['id', num(1)]])]], [], ['identity-type']),
  edge('region-us1', 'region us1 becomes the twr header', [['region', 'us1']], [], ['region']),
  edge('region-empty', 'an empty region', [['region', '']], [], ['region']),
  edge('region-null', 'region null: ruby still writes twr null', [['region', null]], [], ['region']),
  edge('region-number', 'a numeric region: dropped by node and python, kept by ruby', [['region', num(1)]], [], ['region']),
  edge('region-cjk', 'a non-ASCII region: latin1-truncated by node, escaped by python, raw in ruby', [['region', '\u65e5\u672c']], [], ['region', 'unicode']),
  edge('region-latin1', 'a latin-1 region survives node\'s header encoding', [['region', 'r\u00e9gion']], [], ['region', 'unicode']),
  edge('algorithm-hs384', 'HS384 where the library lets it be chosen', [['algorithm', 'HS384']], [], ['algorithm']),
  edge('algorithm-hs512', 'HS512 where the library lets it be chosen', [['algorithm', 'HS512']], [], ['algorithm']),
  edge('algorithm-rs256', 'RS256 for an AccessToken', [['algorithm', 'RS256']], [], ['algorithm']),
  edge('algorithm-lowercase', 'a lower-case algorithm name', [['algorithm', 'hs256']], [], ['algorithm']),
  edge('account-sid-missing', 'no account sid', [['accountSid', undefined]], [], ['rejected-input']),
  edge('key-sid-null', 'a null key sid', [['keySid', null]], [], ['rejected-input']),
  edge('secret-empty', 'an empty secret', [['secret', '']], [], ['rejected-input']),
  edge('secret-number', 'a numeric secret', [['secret', num(12345)]], [], ['rejected-input']),
  edge('secret-unicode', 'the HMAC key is the UTF-8 of a non-ASCII secret', [['secret', 's\u00e9cr\u00e8t-\ud83d\udd11']], [], ['unicode']),
  edge('secret-pem-public', 'a secret that looks like a PEM public key', [['secret', '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n']], [], ['rejected-input']),
  edge('voice-full', 'a voice grant with every option', [], [grant('voice', [['incomingAllow', true], ['outgoingApplicationSid', AP], ['outgoingApplicationParams', obj([['to', '+15005550006'], ['mode', 'a b&c=d']])], ['pushCredentialSid', 'CRcccccccccccccccccccccccccccccccc'], ['endpointId', 'ep-1']])], ['grant']),
  edge('voice-incoming-truthy', 'incomingAllow must be the boolean true itself', [], [grant('voice', [['incomingAllow', 'true']]), grant('video', [['room', 'r']])], ['grant', 'falsy-values']),
  edge('voice-params-integer-keys', 'integer-like param keys: JavaScript moves them first', [], [grant('voice', [['outgoingApplicationSid', AP], ['outgoingApplicationParams', obj([['b', num(1)], ['2', num(2)], ['a', num(3)], ['1', num(4)], ['01', num(5)]])]])], ['grant', 'integer-like-keys']),
  edge('voice-params-empty', 'empty params {}: kept by node and ruby, dropped by python', [], [grant('voice', [['outgoingApplicationSid', AP], ['outgoingApplicationParams', obj([])]])], ['grant', 'falsy-values']),
  edge('voice-params-without-app', 'params without an application sid are dropped', [], [grant('voice', [['outgoingApplicationParams', obj([['x', 'y']])]])], ['grant', 'falsy-values']),
  edge('chat-falsy', 'falsy chat options: "" and 0 kept only by ruby', [], [grant('chat', [['serviceSid', ''], ['endpointId', num(0)], ['deploymentRoleSid', false], ['pushCredentialSid', null]])], ['grant', 'falsy-values']),
  edge('sync', 'a sync grant becomes data_sync', [], [grant('sync', [['serviceSid', 'ISxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'], ['endpointId', 'ep']])], ['grant']),
  edge('task-router', 'a task_router grant', [], [grant('task_router', [['workspaceSid', 'WSdddddddddddddddddddddddddddddddd'], ['workerSid', 'WKeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'], ['role', 'worker']])], ['grant']),
  edge('playback-absent', 'a playback grant with no grant option', [], [grant('playback')], ['grant']),
  edge('playback-object', 'a playback grant object emitted verbatim, nulls included', [], [grant('playback', [['grant', obj([['requestCredentials', null], ['playbackUrl', 'https://x.example/y?token=1'], ['playerStreamerSid', 'VJ123']])]])], ['grant']),
  edge('all-grants', 'all six grants in one token', [], [grant('voice', [['incomingAllow', true]]), grant('video', [['room', 'r']]), grant('chat', [['serviceSid', 'IS1']]), grant('sync', [['serviceSid', 'IS2']]), grant('task_router', [['role', 'worker']]), grant('playback', [['grant', obj([['a', num(1)]])]])], ['grant']),
  edge('duplicate-grants', 'a repeated grant type keeps its first position and its last value', [], [grant('video', [['room', 'first']]), grant('chat', [['serviceSid', 'IS1']]), grant('video', [['room', 'second']])], ['grant', 'duplicate-grants']),
  edge('foreign-option', 'an option of another grant: ignored by node, a TypeError in python', [], [grant('voice', [['room', 'r']])], ['grant']),
  edge('now-zero', 'the clock at the epoch', []),
];
// The clock edge cases differ from the others only in their clock.
EDGES.push({ ...EDGES[0], id: 'edge/now-ms-floor', description: 'node floors milliseconds: 999 ms past the second is still that second', nowMs: 1234567890999, now: 1234567890 });
EDGES.find((e) => e.id === 'edge/now-zero')!.now = 0;
EDGES.find((e) => e.id === 'edge/now-zero')!.nowMs = 0;

function regression(id: string, description: string, links: string[], fields: Fields, grants: JsonValue[] = []): VectorSource {
  return { id: `regression/${id}`, description, now: NOW, nowMs: NOW_MS, input: input(fields, grants), flags: ['regression'], links };
}

const REGRESSIONS: VectorSource[] = [
  regression('identity-required', 'identity became required in twilio-node 4: "identity is required to be specified in options"', ['https://github.com/twilio/twilio-node/issues/595', 'https://github.com/twilio/twilio-node/pull/875'], [['identity', undefined]]),
  regression('identity-numeric', 'a numeric identity was silently dropped by node; it is now stringified', ['https://github.com/twilio/twilio-node/issues/438'], [['identity', num(42)]]),
  regression('identity-charset', 'identities with colons, spaces or @ break calls (error 31105)', ['https://github.com/twilio/twilio-node/issues/166'], [['identity', 'user@example.com: a b']]),
  regression('identity-too-long', 'identities beyond 121 characters are refused by Twilio; the helpers emit them', ['https://github.com/twilio/twilio-node/issues/166'], [['identity', 'x'.repeat(122)]]),
  regression('ttl-option-shape', 'ttl given in the options object, as the fix for a ttl silently ignored', ['https://github.com/twilio/twilio-node/issues/291'], [['ttl', num(600)]]),
  regression('nbf-optional', 'python made nbf optional (nbf None omits it) for servers with clock skew', ['https://github.com/twilio/twilio-python/pull/390'], [['nbf', null]]),
  regression('negative-exp', 'a ttl unit mix-up gives exp before iat, rejected by Twilio with 20103', ['https://github.com/sfreiberg/gotwilio/issues/55'], [['ttl', num(-3600)]]),
  regression('expired-at-issue', 'nbf and exp both in the past: never valid', ['https://github.com/philnash/twilio-video-react-hooks/issues/71'], [['nbf', num(1600000000)], ['ttl', num(-1000)]]),
  regression('chat-null-fields', 'null grant fields must be omitted, not sent as null (error 2016)', ['https://github.com/twilio/twilio-python/issues/388'], [], [grant('chat', [['serviceSid', 'IS1'], ['endpointId', null], ['deploymentRoleSid', null]])]),
  regression('region-header', 'a non-US1 key needs the twr header from region', ['https://github.com/twilio/twilio-ruby/issues/628', 'https://github.com/twilio/twilio-node/pull/623'], [['region', 'ie1']]),
  regression('region-invalid-dropped', 'an invalid region is silently dropped: no twr is added', ['https://github.com/twilio/twilio-node/pull/623'], [['region', num(7)]]),
  regression('ttl-24h-limit', 'tokens live at most 24 hours; a 25-hour ttl is emitted anyway', ['https://github.com/twilio/voice-quickstart-objc/issues/19'], [['ttl', num(90000)]]),
  regression('clock-skew-nbf', 'client clock drift rejects valid tokens (20101): which libraries emit an nbf of now', ['https://github.com/twilio/twilio-voice.js/issues/110'], []),
  regression('ttl-minutes-confusion', 'ttl given in minutes times 60 twice: a 60-hour token', ['https://github.com/saintpete/twilio-go/pull/6'], [['ttl', num(216000)]]),
  regression('utc-clock', 'exp and nbf come from the epoch clock, never local time: the same instant gives the same token', ['https://github.com/twilio/twilio-csharp/issues/396', 'https://github.com/twilio/twilio-python/issues/777'], [['ttl', num(300)]]),
  regression('cross-sdk-issuer', 'a python-server token failed where a node one worked (20103): iss and sub layout', ['https://github.com/twilio/voice-quickstart-android/issues/109'], [], [grant('voice', [['outgoingApplicationSid', AP]])]),
];

/** A fixed-seed sample of the differential generator, so the vectors cover what the property tests explore. */
function generated(d: ProfileName, count: number, seed: number): VectorSource[] {
  const cases = fc.sample(accessTokenCases(libraryOf(d).dialect.accessToken), { numRuns: count, seed });
  // Named by content, not by place in the sample: see generated-ids.ts.
  return inIdOrder(nameGenerated(d, `${d}-dialect`, cases.map((g) => ({ ...g, nowMs: g.nowMs ?? g.now * 1000 }))));
}

export const ACCESS_TOKEN_FILES: VectorFileSource[] = [
  { family: 'access_token', file: 'edge.json', description: 'Hand-picked edge values of AccessToken, with what each library emits.', sources: () => EDGES },
  { family: 'access_token', file: 'regressions.json', description: 'AccessToken behaviours behind reported bugs, each linked to its report.', sources: () => REGRESSIONS },
  { family: 'access_token', file: 'generated.json', description: 'A fixed-seed sample of generated AccessToken inputs in each library\'s dialect.', sources: () => LIBRARIES.flatMap((l) => (l.vectorSeeds.access_token === undefined ? [] : generated(l.profile.name, 40, l.vectorSeeds.access_token))) },
];
