/**
 * twilio-php 8.12.0 `Twilio\Jwt\AccessToken` and its grant classes (research/php-spec.md,
 * "AccessToken"), called as the oracle README's php vocabulary says: the constructor with named
 * arguments, `setNbf`, `addClaim` per claim, each grant built by its setters then `addGrant`,
 * `setIdentity`/`setNbf`/`setRegion` after, then `toJWT(algorithm)`.
 *
 * Every argument goes through PHP's coercive typing first (ints and floats become strings for
 * string parameters, numeric strings ints for `ttl`/`nbf`, a bool for `setIncomingAllow`), and the
 * token is then made of the coerced values under PHP's truthiness: `"0"` and `""` are dropped.
 */
import { GRANTS, type GrantField, type GrantType } from '../../access-token/grants.ts';
import type { AccessTokenArgs, GrantInput } from '../../access-token/input.ts';
import type { AccessTokenRules } from '../../access-token/rules.ts';
import { isHostMap, type HostMap, type HostValue } from '../../lang/host.ts';
import { UnsupportedInput } from '../../lang/lang.ts';
import { php, phpArray, phpArrayMerge, PhpObject, phpTruthy, type PhpArray } from '../../lang/php.ts';
import { namedArguments, phpCall, type PhpFunction, type PhpParam } from './calls.ts';
import { claimPairs } from './claims.ts';
import { phpJwtEncode } from './php-jwt.ts';

const TOKEN = 'Twilio\\Jwt\\AccessToken';

const method = (name: string, params: PhpParam[]): PhpFunction => ({ name: `${TOKEN}::${name}`, params });
const str = (name: string): PhpParam => ({ name, type: 'string' });

const CONSTRUCT = method('__construct', [
  str('accountSid'),
  str('signingKeySid'),
  str('secret'),
  { name: 'ttl', type: 'int', optional: true },
  { name: 'identity', type: 'string', nullable: true, optional: true },
  { name: 'region', type: 'string', nullable: true, optional: true },
]);
/** Input keys and the constructor parameters they are passed as. */
const CONSTRUCT_ARGS = [
  ['accountSid', 'accountSid'],
  ['keySid', 'signingKeySid'],
  ['secret', 'secret'],
  ['ttl', 'ttl'],
  ['identity', 'identity'],
  ['region', 'region'],
] as const;
const SET_NBF = method('setNbf', [{ name: 'nbf', type: 'int' }]);
const ADD_CLAIM = method('addClaim', [str('name'), str('value')]);
const ADD_GRANT = method('addGrant', [{ name: 'grant', type: { className: 'Twilio\\Jwt\\Grants\\Grant' } }]);
const TO_JWT = method('toJWT', [{ name: 'algorithm', type: 'string', optional: true }]);
/** The writers AccessToken has besides the constructor (`setAfter`), each with its parameter. */
const SETTERS: Readonly<Record<string, PhpFunction>> = {
  identity: method('setIdentity', [str('identity')]),
  nbf: SET_NBF,
  region: method('setRegion', [str('region')]),
};

/** The grant classes: their names and, per option, the setter and its parameter. */
const GRANT_CLASSES: Readonly<Record<GrantType, { className: string; setters: Readonly<Record<string, PhpParam>> }>> = {
  voice: {
    className: 'VoiceGrant',
    setters: {
      incomingAllow: { name: 'incomingAllow', type: 'bool' },
      outgoingApplicationSid: str('outgoingApplicationSid'),
      pushCredentialSid: str('pushCredentialSid'),
      endpointId: str('endpointId'),
    },
  },
  video: { className: 'VideoGrant', setters: { room: str('roomSidOrName') } },
  chat: {
    className: 'ChatGrant',
    setters: { serviceSid: str('serviceSid'), endpointId: str('endpointId'), deploymentRoleSid: str('deploymentRoleSid'), pushCredentialSid: str('pushCredentialSid') },
  },
  // twilio-php's SyncGrant has chat's four setters, and writes all four.
  sync: {
    className: 'SyncGrant',
    setters: { serviceSid: str('serviceSid'), endpointId: str('endpointId'), deploymentRoleSid: str('deploymentRoleSid'), pushCredentialSid: str('pushCredentialSid') },
  },
  task_router: { className: 'TaskRouterGrant', setters: { workspaceSid: str('workspaceSid'), workerSid: str('workerSid'), role: str('role') } },
  playback: { className: 'PlaybackGrant', setters: { grant: { name: 'grant', type: 'array' } } },
};

/** `VoiceGrant::setOutgoingApplication(string $sid, array $params)`: how a sid with params is set. */
const SET_OUTGOING = (className: string): PhpFunction => ({
  name: `Twilio\\Jwt\\Grants\\${className}::setOutgoingApplication`,
  params: [str('sid'), { name: 'params', type: 'array' }],
});

const setterName = (option: string): string => `set${option[0].toUpperCase()}${option.slice(1)}`;

const SYNC_FIELDS: readonly GrantField[] = [...GRANTS.sync.fields, { option: 'deploymentRoleSid', claim: 'deployment_role_sid' }, { option: 'pushCredentialSid', claim: 'push_credential_sid' }];

const TOP_KEYS = ['accountSid', 'keySid', 'secret', 'ttl', 'identity', 'region', 'nbf', 'algorithm', 'claims', 'setAfter', 'extraToJwtCalls'];

/** Refuse, before any call, what twilio-php's API has no way to take. */
function checkVocabulary({ values: v, grants }: AccessTokenArgs): void {
  claimPairs(v.get('claims'));
  const extra = v.get('extraToJwtCalls');
  if (extra !== undefined && (typeof extra !== 'bigint' || extra < 0n)) throw new UnsupportedInput('extraToJwtCalls must be a non-negative integer');
  const setAfter = v.get('setAfter');
  if (setAfter !== undefined) {
    // json_decode makes {} a list: an empty one is no writes.
    if (!isHostMap(setAfter) && !(Array.isArray(setAfter) && setAfter.length === 0)) throw new UnsupportedInput('setAfter must be an object');
    for (const k of isHostMap(setAfter) ? setAfter.keys() : []) {
      if (!Object.hasOwn(SETTERS, k)) throw new UnsupportedInput(`setAfter.${k}: AccessToken has no setter for it (only setIdentity, setNbf, setRegion)`);
    }
  }
  grants.forEach((g, i) => {
    if (g.type === 'raw') return;
    const { className, setters } = GRANT_CLASSES[g.type];
    for (const k of g.options.keys()) {
      if (k === 'outgoingApplicationParams' && g.type === 'voice') continue;
      if (!Object.hasOwn(setters, k)) throw new UnsupportedInput(`grants[${i}].options.${k}: ${className} has no setter for it`);
    }
    if (g.options.has('outgoingApplicationParams') && !g.options.has('outgoingApplicationSid')) {
      throw new UnsupportedInput(`grants[${i}]: VoiceGrant takes outgoing params only together with a sid (setOutgoingApplication)`);
    }
  });
}

/** `new <Grant>()`, one setter per option in the given order, then the grant's state (the coerced options). */
function buildGrant(g: Extract<GrantInput, { options: HostMap }>): HostMap {
  const { className, setters } = GRANT_CLASSES[g.type];
  const state: HostMap = new Map();
  let outgoingSet = false;
  for (const [option, value] of g.options) {
    if (g.type === 'voice' && g.options.has('outgoingApplicationParams') && (option === 'outgoingApplicationSid' || option === 'outgoingApplicationParams')) {
      // A sid with params is one call, made where the first of the two is.
      if (outgoingSet) continue;
      outgoingSet = true;
      const args = new Map([
        ['sid', g.options.get('outgoingApplicationSid')!],
        ['params', g.options.get('outgoingApplicationParams')!],
      ]);
      const [sid, params] = phpCall(SET_OUTGOING(className), args);
      state.set('outgoingApplicationSid', sid!);
      state.set('outgoingApplicationParams', params!);
      continue;
    }
    const param = setters[option];
    const [bound] = phpCall({ name: `Twilio\\Jwt\\Grants\\${className}::${setterName(option)}`, params: [param] }, new Map([[param.name, value]]));
    state.set(option, bound!);
  }
  return state;
}

/**
 * The calls in order, each binding its arguments: the AccessToken's state as the values, with
 * the custom claims under `claims` (a PHP array) and `toJWT`'s algorithm.
 */
function construct(args: AccessTokenArgs): AccessTokenArgs {
  const v = args.values;
  const [accountSid, keySid, secret, ttl, identity, region] = phpCall(CONSTRUCT, namedArguments(v, CONSTRUCT_ARGS));
  const state = new Map<string, HostValue>([
    ['accountSid', accountSid!],
    ['keySid', keySid!],
    ['secret', secret!],
    ['ttl', ttl ?? 3600n],
  ]);
  // The constructor stores the identity only when it is not null; the region as given.
  if (identity !== undefined && identity !== null) state.set('identity', identity);
  if (region !== undefined) state.set('region', region);
  if (v.has('nbf')) state.set('nbf', phpCall(SET_NBF, new Map([['nbf', v.get('nbf')!]]))[0]!);
  // addClaim stores `$customClaims[$name] = $value`: an integer-like name becomes an int key.
  const claims: Array<[string, HostValue]> = claimPairs(v.get('claims')).map(([name, value]) => {
    const [n, x] = phpCall(
      ADD_CLAIM,
      new Map([
        ['name', name],
        ['value', value],
      ]),
    );
    return [n as string, x!];
  });
  // (Keys are held as strings; the lang model reads "5" as the int key 5, as PHP stores it.)
  state.set('claims', phpArray(claims));
  const grants: GrantInput[] = args.grants.map((g) => {
    if (g.type !== 'raw') return { type: g.type, options: buildGrant(g) };
    // No JSON value is a Grant object: addGrant refuses it.
    phpCall(ADD_GRANT, new Map([['grant', g.value]]));
    throw new Error('addGrant accepted a value that is not a Grant');
  });
  const setAfter = v.get('setAfter');
  for (const [k, x] of isHostMap(setAfter) ? setAfter : []) state.set(k, phpCall(SETTERS[k], new Map([[SETTERS[k].params[0].name, x]]))[0]!);
  const [algorithm] = phpCall(TO_JWT, v.has('algorithm') ? new Map([['algorithm', v.get('algorithm')!]]) : new Map());
  state.set('algorithm', algorithm ?? 'HS256');
  return { values: state, grants };
}

/** An empty PHP array written as `{}`, the way toJWT replaces an empty grant payload or grants claim. */
const asObject = (v: HostValue): HostValue => ((Array.isArray(v) && v.length === 0) || (isHostMap(v) && v.size === 0) ? new PhpObject() : v);

export const phpAccessToken: AccessTokenRules = {
  vocabulary: { keys: TOP_KEYS, grantKeys: [], rawGrants: true },
  // Only what the API cannot express is refused here; the library's own errors come from the calls.
  validate: checkVocabulary,
  afterConstruct: construct,
  identity: (v) => (phpTruthy(v) ? v : undefined),
  identityFirst: true,
  grantFields: { sync: SYNC_FIELDS },
  // `$payload = $this->grant` when truthy, else []: empty, so written `{}`.
  playback: (g) => (phpTruthy(g) ? g! : new PhpObject()),
  region: (v) => (phpTruthy(v) ? v : undefined),
  // json_encode writes `/` as `\/`; plain strings hold nothing else it escapes.
  layout: {
    header: (region) => `{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"${region === undefined ? '' : `,"twr":"${slashes(region)}"`}}`,
    payload: (c) =>
      `{"jti":"${slashes(c.keySid)}-${c.now}","iss":"${slashes(c.keySid)}","sub":"${slashes(c.accountSid)}","exp":${c.now + (c.ttl ?? 3600)},` +
      `"grants":{"identity":"${slashes(c.identity)}"${c.grants && `,${slashes(c.grants)}`}}${c.nbf === undefined ? '' : `,"nbf":${c.nbf}`}}`,
  },
  sign({ header, claims }, { values: v }, clockMs) {
    const grants = claims.get('grants') as HostMap;
    const written: HostMap = new Map([...grants].map(([k, x]) => [k, asObject(x)]));
    const registered: HostMap = new Map<string, HostValue>([
      ['jti', claims.get('jti')!],
      ['iss', v.get('keySid')!],
      ['sub', v.get('accountSid')!],
      ['exp', php.add(php.nowSeconds(clockMs), v.get('ttl'))],
      ['grants', asObject(written)],
    ]);
    // Custom claims first; a registered name among them keeps its place and takes the library's value.
    const payload = phpArrayMerge(v.get('claims') as PhpArray, registered) as HostMap;
    if (v.has('nbf')) payload.set('nbf', v.get('nbf')!);
    // toJWT's header: cty, typ and twr, joined to JWT::encode's {typ, alg} with `+=`.
    const extra: HostMap = new Map<string, HostValue>([
      ['cty', header.get('cty')!],
      ['typ', 'JWT'],
    ]);
    if (header.has('twr')) extra.set('twr', header.get('twr')!);
    return phpJwtEncode(payload, v.get('secret') as string, v.get('algorithm') as string, extra);
  },
};

function slashes(s: string): string {
  return s.replaceAll('/', '\\/');
}
