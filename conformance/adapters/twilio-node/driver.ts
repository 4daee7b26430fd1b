/**
 * In-process driver over the real twilio-node (npm `twilio`): it replays one case of the node
 * vocabulary (see the oracle README) through the library's public API under a frozen clock and
 * reports what the library made or threw.
 *
 * The driver never reimplements token logic: every token, error, canonical request and hash comes
 * from the library. Its own work is mapping the vocabulary onto constructor arguments, option
 * objects and call sequences, and refusing (`skipped`) whatever the vocabulary says that this
 * mapping does not know.
 */
import { createRequire } from 'node:module';
import type {
  CaseOutput,
  CaseResult,
  DecodedCase,
  ErrorOutput,
  Family,
  Implementation,
} from '../../protocol/types.ts';
import { withFrozenClock, withFrozenClockAsync } from './clock.ts';
import { runTwilioNodeProviderCase } from './provider-driver.ts';

// ---------------------------------------------------------------------------------------------
// The parts of twilio-node this driver touches. The package ships CommonJS with loose typings, so
// these small interfaces state exactly what is relied on; arguments are `unknown` because the
// driver deliberately passes whatever the case says, including values of the wrong type.

type Ctor<T> = new (...args: unknown[]) => T;

interface TokenMaker {
  toJwt(...args: unknown[]): unknown;
}

interface AccessTokenInstance extends TokenMaker {
  addGrant(grant: object): void;
}

interface AccessTokenClass extends Ctor<AccessTokenInstance> {
  VoiceGrant: Ctor<object>;
  VideoGrant: Ctor<object>;
  ChatGrant: Ctor<object>;
  SyncGrant: Ctor<object>;
  TaskRouterGrant: Ctor<object>;
  PlaybackGrant: Ctor<object>;
}

interface ClientCapabilityInstance extends TokenMaker {
  addScope(scope: object): void;
}

interface ClientCapabilityClass extends Ctor<ClientCapabilityInstance> {
  IncomingClientScope: Ctor<object>;
  OutgoingClientScope: Ctor<object>;
  EventStreamScope: Ctor<object>;
}

interface TaskRouterCapabilityInstance extends TokenMaker {
  addPolicy(policy: object): void;
}

interface TaskRouterCapabilityClass extends Ctor<TaskRouterCapabilityInstance> {
  Policy: Ctor<object>;
}

/** `twilio.jwt.taskrouter.util`: looked up by name, as the vocabulary names its functions. */
type TaskRouterUtil = Record<string, unknown>;

interface RequestCanonicalizerInstance {
  getCanonicalizedRequestString(): string;
  create(): string;
}

interface ValidationTokenInstance {
  fromHttpRequest(...args: unknown[]): unknown;
  getRequestCanonicalizer(request: unknown): RequestCanonicalizerInstance;
}

type ValidationTokenClass = Ctor<ValidationTokenInstance>;

/** The request config as the axios request interceptors see it (only what is read here). */
interface AxiosConfigLike {
  method?: unknown;
  url?: unknown;
  params?: unknown;
  data?: unknown;
  headers?: AxiosHeadersLike;
}

interface AxiosHeadersLike {
  [name: string]: unknown;
  toJSON?: () => Record<string, unknown>;
}

interface AxiosLike {
  defaults: { adapter?: unknown };
  interceptors: { request: { use(onFulfilled: (config: AxiosConfigLike) => AxiosConfigLike): number } };
}

interface TwilioRestClient {
  httpClient: { axios: AxiosLike };
}

/** The default export of `twilio`: a client factory carrying the helper namespaces. */
interface TwilioModule {
  (username?: unknown, password?: unknown, opts?: object): TwilioRestClient;
  jwt: {
    AccessToken: AccessTokenClass;
    ClientCapability: ClientCapabilityClass;
    ValidationToken: ValidationTokenClass;
    taskrouter: { TaskRouterCapability: TaskRouterCapabilityClass; util: TaskRouterUtil };
  };
}

// twilio is CommonJS; load it lazily so that importing this module (e.g. to list adapters) does
// not need the package until a case actually runs.
const require = createRequire(import.meta.url);
let twilioModule: TwilioModule | undefined;

function twilio(): TwilioModule {
  twilioModule ??= require('twilio') as TwilioModule;
  return twilioModule;
}

/** The installed twilio-node version, from its package.json. */
function twilioVersion(): string {
  return (require('twilio/package.json') as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------
// Outcomes other than "the library answered".

/** The case cannot be expressed through twilio-node's API (reported as `skipped`). */
class Skip extends Error {}

/** The driver itself went wrong (reported as `errored`, never as the library's rejection). */
class DriverFault extends Error {}

// ---------------------------------------------------------------------------------------------
// Small helpers over JSON.parse'd input.

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(obj: JsonObject, key: string): boolean {
  return Object.hasOwn(obj, key);
}

/** Refuse keys this driver does not map: guessing their meaning could fake a pass or a failure. */
function checkKeys(obj: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new Skip(`input key "${key}"${where ? ` (in ${where})` : ''} is not modelled by the twilio-node driver`);
    }
  }
}

function asObject(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new Skip(`${where} must be an object in the node vocabulary`);
  return value;
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Skip(`${where} must be an array in the node vocabulary`);
  return value;
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Skip(`${where} must be a string in the node vocabulary`);
  return value;
}

/** Copy the listed keys that are present; absent keys stay absent (not `undefined`). */
function pick(obj: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (has(obj, key)) out[key] = obj[key];
  return out;
}

/**
 * Positional arguments where an absent value is "not passed": trailing absent ones are dropped,
 * inner ones become `undefined` (the only way JavaScript can skip a position).
 */
function positional(slots: ReadonlyArray<{ present: boolean; value?: unknown }>): unknown[] {
  let end = slots.length;
  while (end > 0 && !slots[end - 1].present) end--;
  return slots.slice(0, end).map((slot) => (slot.present ? slot.value : undefined));
}

function slot(obj: JsonObject, key: string): { present: boolean; value?: unknown } {
  return has(obj, key) ? { present: true, value: obj[key] } : { present: false };
}

/**
 * The options argument of a constructor: the listed keys of `obj`, unless a quirk key replaces
 * it: `optionsAbsent: true` passes no argument, `optionsValue: X` passes X itself.
 */
function optionsArgument(
  obj: JsonObject,
  keys: readonly string[],
  where: string,
): { present: boolean; value?: unknown } {
  const absent = has(obj, 'optionsAbsent') ? obj.optionsAbsent : false;
  if (typeof absent !== 'boolean') throw new Skip(`${where}optionsAbsent must be a boolean`);
  const replaced = has(obj, 'optionsValue');
  if (absent || replaced) {
    const clash = keys.filter((key) => has(obj, key));
    if (absent && replaced) throw new Skip(`${where}optionsAbsent and optionsValue contradict each other`);
    if (clash.length > 0) {
      throw new Skip(`${where}${absent ? 'optionsAbsent' : 'optionsValue'} contradicts option keys ${clash.join(', ')}`);
    }
    return absent ? { present: false } : { present: true, value: obj.optionsValue };
  }
  return { present: true, value: pick(obj, keys) };
}

/**
 * The `setAfter` quirk: properties assigned on the library object after construction. Only own
 * data properties the constructor created may be assigned, so a misspelt or foreign name skips
 * instead of silently adding a property the library never reads. `collections` are the arrays
 * the add-calls fill; replacing one would depend on call order the vocabulary does not state.
 */
function planSetAfter(
  value: unknown,
  where: string,
  collections: readonly string[],
): (target: object) => void {
  const assignments = Object.entries(asObject(value, `${where}setAfter`));
  return (target) => {
    for (const [key, newValue] of assignments) {
      const own = Object.getOwnPropertyDescriptor(target, key);
      if (!own || !('value' in own) || typeof own.value === 'function' || collections.includes(key)) {
        throw new Skip(`${where}setAfter.${key} is not an assignable property of the twilio-node object`);
      }
      (target as JsonObject)[key] = newValue;
    }
  };
}

/** twilio-node's rejection, as the protocol reports it. */
function libraryError(error: unknown): ErrorOutput {
  if (typeof error === 'object' && error !== null) {
    const ctorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
    const message = (error as { message?: unknown }).message;
    return {
      type: typeof ctorName === 'string' ? ctorName : 'Object',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { type: typeof error, message: String(error) };
}

function tokenString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new DriverFault(`${what} returned ${typeof value}, not a token string`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** A case planned into library calls; it runs under the frozen clock. */
type Plan = () => CaseOutput;

/** Run a plan; whatever the library throws is its answer, Skip and DriverFault pass through. */
function runPlan(clockMs: number, plan: Plan): CaseResult {
  try {
    return { output: withFrozenClock(clockMs, plan) };
  } catch (error) {
    if (error instanceof Skip || error instanceof DriverFault) throw error;
    return { output: { error: libraryError(error) } };
  }
}

// ---------------------------------------------------------------------------------------------
// access_token

const ACCESS_TOKEN_KEYS = [
  'accountSid',
  'keySid',
  'secret',
  'identity',
  'ttl',
  'nbf',
  'region',
  'algorithm',
  'grants',
  'optionsAbsent',
  'optionsValue',
  'setAfter',
] as const;
const ACCESS_TOKEN_OPTIONS = ['identity', 'ttl', 'nbf', 'region'] as const;

const GRANT_CLASSES = {
  voice: 'VoiceGrant',
  video: 'VideoGrant',
  chat: 'ChatGrant',
  sync: 'SyncGrant',
  task_router: 'TaskRouterGrant',
  playback: 'PlaybackGrant',
} as const;

function isGrantType(type: string): type is keyof typeof GRANT_CLASSES {
  return Object.hasOwn(GRANT_CLASSES, type);
}

function planAccessToken(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, ACCESS_TOKEN_KEYS, '');
  const AccessToken = lib.jwt.AccessToken;
  const args = positional([
    slot(input, 'accountSid'),
    slot(input, 'keySid'),
    slot(input, 'secret'),
    optionsArgument(input, ACCESS_TOKEN_OPTIONS, ''),
  ]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', ['grants']) : undefined;

  const grants = asArray(has(input, 'grants') ? input.grants : [], 'grants').map((raw, i) => {
    const where = `grants[${i}]`;
    const grant = asObject(raw, where);
    const type = asString(grant.type, `${where}.type`);
    if (!isGrantType(type)) throw new Skip(`${where}.type "${type}" has no twilio-node grant class`);
    checkKeys(grant, ['type', 'options', 'setAfter'], where);
    const GrantClass = AccessToken[GRANT_CLASSES[type]];
    // Grant options are the library's own camelCase option object, passed through unchanged.
    const grantArgs = has(grant, 'options') ? [grant.options] : [];
    const grantSetAfter = has(grant, 'setAfter') ? planSetAfter(grant.setAfter, `${where}.`, []) : undefined;
    return { GrantClass, grantArgs, grantSetAfter };
  });
  const toJwtArgs = has(input, 'algorithm') ? [input.algorithm] : [];

  return () => {
    const token = new AccessToken(...args);
    setAfter?.(token);
    for (const { GrantClass, grantArgs, grantSetAfter } of grants) {
      const grant = new GrantClass(...grantArgs);
      grantSetAfter?.(grant);
      token.addGrant(grant);
    }
    return { token: tokenString(token.toJwt(...toJwtArgs), 'AccessToken.toJwt') };
  };
}

// ---------------------------------------------------------------------------------------------
// client_capability

const CLIENT_CAPABILITY_KEYS = [
  'accountSid',
  'authToken',
  'ttl',
  'scopes',
  'optionsAbsent',
  'optionsValue',
  'setAfter',
] as const;
const CLIENT_CAPABILITY_OPTIONS = ['accountSid', 'authToken', 'ttl'] as const;
const OUTGOING_SCOPE_OPTIONS = ['applicationSid', 'clientName', 'params'] as const;

function planScope(lib: TwilioModule, raw: unknown, where: string): () => object {
  const scope = asObject(raw, where);
  const type = asString(scope.type, `${where}.type`);
  const { IncomingClientScope, OutgoingClientScope, EventStreamScope } = lib.jwt.ClientCapability;
  let make: () => object;
  switch (type) {
    case 'incoming': {
      checkKeys(scope, ['type', 'clientName', 'setAfter'], where);
      // IncomingClientScope takes the bare client name, not an options object.
      const args = positional([slot(scope, 'clientName')]);
      make = () => new IncomingClientScope(...args);
      break;
    }
    case 'outgoing': {
      checkKeys(scope, ['type', ...OUTGOING_SCOPE_OPTIONS, 'optionsAbsent', 'optionsValue', 'setAfter'], where);
      const args = positional([optionsArgument(scope, OUTGOING_SCOPE_OPTIONS, `${where}.`)]);
      make = () => new OutgoingClientScope(...args);
      break;
    }
    case 'event_stream': {
      checkKeys(scope, ['type', 'filters', 'setAfter'], where);
      const args = positional([slot(scope, 'filters')]);
      make = () => new EventStreamScope(...args);
      break;
    }
    default:
      throw new Skip(`${where}.type "${type}" has no twilio-node scope class`);
  }
  const setAfter = has(scope, 'setAfter') ? planSetAfter(scope.setAfter, `${where}.`, []) : undefined;
  return () => {
    const made = make();
    setAfter?.(made);
    return made;
  };
}

function planClientCapability(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, CLIENT_CAPABILITY_KEYS, '');
  const ClientCapability = lib.jwt.ClientCapability;
  const args = positional([optionsArgument(input, CLIENT_CAPABILITY_OPTIONS, '')]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', ['scopes']) : undefined;
  const scopes = asArray(has(input, 'scopes') ? input.scopes : [], 'scopes').map((raw, i) =>
    planScope(lib, raw, `scopes[${i}]`),
  );
  return () => {
    const capability = new ClientCapability(...args);
    setAfter?.(capability);
    for (const makeScope of scopes) capability.addScope(makeScope());
    return { token: tokenString(capability.toJwt(), 'ClientCapability.toJwt') };
  };
}

// ---------------------------------------------------------------------------------------------
// taskrouter_capability

const TASKROUTER_KEYS = [
  'accountSid',
  'authToken',
  'workspaceSid',
  'channelId',
  'friendlyName',
  'ttl',
  'version',
  'helpers',
  'policies',
  'optionsAbsent',
  'optionsValue',
  'setAfter',
] as const;
const TASKROUTER_OPTIONS = [
  'accountSid',
  'authToken',
  'workspaceSid',
  'channelId',
  'friendlyName',
  'ttl',
  'version',
] as const;
const POLICY_OPTIONS = ['url', 'method', 'allow', 'queryFilter', 'postFilter'] as const;
const URL_HELPERS = [
  'workspacesUrl',
  'taskQueuesUrl',
  'tasksUrl',
  'activitiesUrl',
  'workersUrl',
  'reservationsUrl',
] as const;
const POLICY_LIST_HELPERS = ['defaultWorkerPolicies', 'defaultEventBridgePolicies'] as const;

/** Helper arguments: in the node vocabulary `null` stands for `undefined` (an omitted argument). */
function helperArgs(value: unknown, where: string): unknown[] {
  return asArray(value, where).map((arg) => (arg === null ? undefined : arg));
}

function utilFunction(util: TaskRouterUtil, name: string): (...args: unknown[]) => unknown {
  const fn = util[name];
  if (typeof fn !== 'function') throw new DriverFault(`twilio.jwt.taskrouter.util.${name} is not a function`);
  return fn as (...args: unknown[]) => unknown;
}

/** One step of the ordered helper calls, run against the capability. */
type HelperStep = (capability: TaskRouterCapabilityInstance) => void;

function planPolicy(lib: TwilioModule, helper: JsonObject, where: string): HelperStep {
  const Policy = lib.jwt.taskrouter.TaskRouterCapability.Policy;
  const util = lib.jwt.taskrouter.util;
  if (!has(helper, 'policy')) return (capability) => capability.addPolicy(new Policy());
  const policy = helper.policy;
  // A non-object policy is passed as the options argument itself, as the vocabulary says.
  if (!isObject(policy)) return (capability) => capability.addPolicy(new Policy(policy));
  checkKeys(policy, [...POLICY_OPTIONS, 'urlHelper'], `${where}.policy`);
  if (!has(policy, 'urlHelper')) {
    const options = pick(policy, POLICY_OPTIONS);
    return (capability) => capability.addPolicy(new Policy(options));
  }
  if (has(policy, 'url')) throw new Skip(`${where}.policy has both url and urlHelper`);
  const urlHelper = asObject(policy.urlHelper, `${where}.policy.urlHelper`);
  checkKeys(urlHelper, ['call', 'args'], `${where}.policy.urlHelper`);
  const name = asString(urlHelper.call, `${where}.policy.urlHelper.call`);
  if (!(URL_HELPERS as readonly string[]).includes(name)) {
    throw new Skip(`${where}.policy.urlHelper.call "${name}" is not a twilio.jwt.taskrouter.util URL function`);
  }
  const fn = utilFunction(util, name);
  const args = has(urlHelper, 'args') ? helperArgs(urlHelper.args, `${where}.policy.urlHelper.args`) : [];
  const rest = pick(policy, POLICY_OPTIONS);
  return (capability) => {
    // The URL goes first so the options object reads like one written by hand; Policy reads it by
    // name, so its position cannot matter.
    const options: JsonObject = { url: fn(...args), ...rest };
    capability.addPolicy(new Policy(options));
  };
}

function planHelper(lib: TwilioModule, raw: unknown, where: string): HelperStep {
  const helper = asObject(raw, where);
  const call = asString(helper.call, `${where}.call`);
  if (call === 'addPolicy') {
    checkKeys(helper, ['call', 'policy'], where);
    return planPolicy(lib, helper, where);
  }
  if ((POLICY_LIST_HELPERS as readonly string[]).includes(call)) {
    checkKeys(helper, ['call', 'args'], where);
    const fn = utilFunction(lib.jwt.taskrouter.util, call);
    const args = has(helper, 'args') ? helperArgs(helper.args, `${where}.args`) : [];
    return (capability) => {
      const policies = fn(...args);
      if (!Array.isArray(policies)) throw new DriverFault(`util.${call} returned no array`);
      for (const policy of policies) capability.addPolicy(policy as object);
    };
  }
  if (call === 'toJwt') {
    checkKeys(helper, ['call'], where);
    // An extra call whose token is discarded: it shows toJwt has no side effects.
    return (capability) => void capability.toJwt();
  }
  throw new Skip(`${where}.call "${call}" is not a twilio-node TaskRouter helper`);
}

function planTaskRouter(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, TASKROUTER_KEYS, '');
  const TaskRouterCapability = lib.jwt.taskrouter.TaskRouterCapability;
  const args = positional([optionsArgument(input, TASKROUTER_OPTIONS, '')]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', ['policies']) : undefined;
  // `policies` is informative only (what the helpers added); the helpers are the calls to make.
  const steps = asArray(has(input, 'helpers') ? input.helpers : [], 'helpers').map((raw, i) =>
    planHelper(lib, raw, `helpers[${i}]`),
  );
  return () => {
    const capability = new TaskRouterCapability(...args);
    setAfter?.(capability);
    for (const step of steps) step(capability);
    return { token: tokenString(capability.toJwt(), 'TaskRouterCapability.toJwt') };
  };
}

// ---------------------------------------------------------------------------------------------
// validation_token

const VALIDATION_KEYS = [
  'accountSid',
  'credentialSid',
  'signingKey',
  'privateKeyPem',
  'algorithm',
  'ttl',
  'ttlVia',
  'request',
  'via',
  'clientCredentials',
  'apiCall',
  'optionsAbsent',
  'optionsValue',
  'setAfter',
] as const;

/** The ValidationToken options object (`privateKeyPem` is the library's `privateKey`). */
function validationOptions(input: JsonObject): { present: boolean; value?: unknown } {
  if (has(input, 'ttlVia')) {
    // `constructorOption` is the library's documented `opts.ttl`; any other route is unknown here.
    if (input.ttlVia !== 'constructorOption') throw new Skip(`ttlVia "${String(input.ttlVia)}" is not modelled`);
    if (!has(input, 'ttl')) throw new Skip('ttlVia is given without ttl');
  }
  const renamed: JsonObject = { ...input };
  if (has(input, 'privateKeyPem')) renamed.privateKey = input.privateKeyPem;
  return optionsArgument(renamed, ['accountSid', 'credentialSid', 'signingKey', 'privateKey', 'algorithm', 'ttl'], '');
}

function planValidationToken(lib: TwilioModule, input: JsonObject): Plan {
  checkKeys(input, VALIDATION_KEYS, '');
  const ValidationToken = lib.jwt.ValidationToken;
  const args = positional([validationOptions(input)]);
  const setAfter = has(input, 'setAfter') ? planSetAfter(input.setAfter, '', []) : undefined;
  const requestArgs = positional([slot(input, 'request')]);
  return () => {
    const validationToken = new ValidationToken(...args);
    setAfter?.(validationToken);
    const token = tokenString(validationToken.fromHttpRequest(...requestArgs), 'ValidationToken.fromHttpRequest');
    // The canonical request is not part of the token; the library's own canonicalizer shows it.
    const canonicalizer = validationToken.getRequestCanonicalizer(requestArgs[0]);
    return {
      token,
      canonicalRequest: canonicalizer.getCanonicalizedRequestString(),
      requestHash: canonicalizer.create(),
    };
  };
}

// ---------------------------------------------------------------------------------------------
// validation_token via the real REST client (`via: "twilioClient"`)
//
// The REST client installs an axios request interceptor that puts a ValidationToken into the
// `Twilio-Client-Validation` header. The driver makes the recorded API call through a real client
// whose axios transport is replaced by a stub that records the outgoing header and stops the
// request, so nothing touches the network.

/** One step of an `apiCall` chain: a property read or a call. */
type ApiStep = { kind: 'get'; name: string } | { kind: 'call'; args: unknown[] };

const FORBIDDEN_NAMES = ['__proto__', 'constructor', 'prototype'];

/**
 * Reads an `apiCall` such as `client.api.v2010.accounts(AC).messages.page({to: "+1", pageSize: 2})`:
 * a property/call chain on `client` whose arguments are JavaScript literals (objects, arrays,
 * strings, numbers, booleans, null, undefined) or a bound name. It is parsed, never evaluated, so
 * case input cannot run code; anything outside this grammar skips.
 */
class ApiCallParser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly bindings: ReadonlyMap<string, unknown>,
  ) {}

  parse(): ApiStep[] {
    this.space();
    if (this.identifier() !== 'client') throw this.fail('must start with "client"');
    const steps: ApiStep[] = [];
    for (;;) {
      this.space();
      if (this.pos >= this.src.length) return steps;
      const ch = this.src[this.pos++];
      if (ch === '.') {
        this.space();
        const name = this.identifier();
        if (FORBIDDEN_NAMES.includes(name)) throw this.fail(`property "${name}" is not allowed`);
        steps.push({ kind: 'get', name });
      } else if (ch === '(') {
        steps.push({ kind: 'call', args: this.list(')') });
      } else {
        throw this.fail(`unexpected "${ch}"`);
      }
    }
  }

  private fail(why: string): Skip {
    return new Skip(`apiCall is outside the call-chain grammar the driver reads (${why} at ${this.pos})`);
  }

  private space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private identifier(): string {
    const match = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos));
    if (!match) throw this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private list(close: string): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      this.space();
      if (this.peek() === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.space();
      const ch = this.src[this.pos++];
      if (ch === close) return items;
      if (ch !== ',') throw this.fail(`expected "," or "${close}"`);
    }
  }

  private value(): unknown {
    this.space();
    const ch = this.peek();
    if (ch === '{') return this.object();
    if (ch === '[') {
      this.pos++;
      return this.list(']');
    }
    if (ch === '"' || ch === "'") return this.string();
    if (/[-0-9]/.test(ch)) return this.number();
    const name = this.identifier();
    switch (name) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case 'undefined':
        return undefined;
    }
    if (this.bindings.has(name)) return this.bindings.get(name);
    throw this.fail(`name "${name}" has no known value`);
  }

  private object(): JsonObject {
    this.pos++;
    const obj: JsonObject = {};
    for (;;) {
      this.space();
      if (this.peek() === '}') {
        this.pos++;
        return obj;
      }
      const ch = this.peek();
      const key = ch === '"' || ch === "'" ? this.string() : /[0-9]/.test(ch) ? String(this.number()) : this.identifier();
      if (key === '__proto__') throw this.fail('key "__proto__" is not allowed');
      this.space();
      if (this.src[this.pos++] !== ':') throw this.fail('expected ":"');
      obj[key] = this.value();
      this.space();
      const next = this.src[this.pos++];
      if (next === '}') return obj;
      if (next !== ',') throw this.fail('expected "," or "}"');
    }
  }

  private string(): string {
    const quote = this.src[this.pos++];
    const start = this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== quote) {
      this.pos += this.src[this.pos] === '\\' ? 2 : 1;
    }
    if (this.pos >= this.src.length) throw this.fail('unterminated string');
    const body = this.src.slice(start, this.pos++);
    if (quote === "'") {
      // Single-quoted strings are read only without escapes, where their meaning is plain.
      if (body.includes('\\')) throw this.fail('escape in a single-quoted string');
      return body;
    }
    try {
      return JSON.parse(`"${body}"`) as string; // JSON's escapes are a subset of JavaScript's
    } catch {
      throw this.fail('string escape outside JSON');
    }
  }

  private number(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.src.slice(this.pos));
    if (!match) throw this.fail('malformed number');
    this.pos += match[0].length;
    return Number(match[0]);
  }
}

/** Follow an `apiCall` chain from the client; calls keep their receiver, as `a.b(…)` does. */
async function followApiCall(client: unknown, steps: readonly ApiStep[]): Promise<unknown> {
  let receiver: unknown = undefined;
  let current: unknown = client;
  let path = 'client';
  for (const step of steps) {
    if (step.kind === 'get') {
      if (current === null || (typeof current !== 'object' && typeof current !== 'function')) {
        throw new DriverFault(`apiCall: ${path} is not an object`);
      }
      receiver = current;
      current = (current as JsonObject)[step.name];
      path += `.${step.name}`;
      if (current === undefined) throw new DriverFault(`apiCall: twilio-node has no ${path}`);
    } else {
      if (typeof current !== 'function') throw new DriverFault(`apiCall: ${path} is not a function`);
      current = Reflect.apply(current, receiver, step.args);
      receiver = undefined;
      path += '(…)';
    }
  }
  return await current;
}

/** What the validation interceptor was given, copied just before it ran. */
interface RequestSnapshot {
  method: unknown;
  url: unknown;
  params: unknown;
  data: unknown;
  headers: Record<string, unknown>;
}

function snapshotRequest(config: AxiosConfigLike): RequestSnapshot {
  const headers = config.headers;
  const plainHeaders =
    headers && typeof headers.toJSON === 'function' ? headers.toJSON() : { ...(headers ?? {}) };
  // axios replaces `data` with its serialized form after the interceptors, so keep the reference
  // the interceptor saw; neither the library nor axios mutates these objects in place.
  return { method: config.method, url: config.url, params: config.params, data: config.data, headers: plainHeaders };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The replay is only faithful if the client sent what the case recorded; a difference means the
 * driver made the wrong call, which is its own fault and not the library's answer.
 */
function checkReplay(recorded: JsonObject, sent: RequestSnapshot): void {
  const differ = (field: string, got: unknown, want: unknown): never => {
    throw new DriverFault(
      `twilioClient replay sent ${field} ${JSON.stringify(got)}, the case recorded ${JSON.stringify(want)}`,
    );
  };
  for (const field of ['method', 'url', 'params', 'data'] as const) {
    const want = has(recorded, field) ? recorded[field] : undefined;
    if (!sameJson(sent[field], want)) differ(field, sent[field], want);
  }
  if (has(recorded, 'headers')) {
    for (const [name, want] of Object.entries(asObject(recorded.headers, 'request.headers'))) {
      if (sent.headers[name] !== want) differ(`header ${name}`, sent.headers[name], want);
    }
  }
}

/** Thrown by the stub transport once the request (and its validation header) is complete. */
const TRANSPORT_STOP: unique symbol = Symbol('twilio-node driver: request reached the stub transport');

// The global clock and console are swapped for the whole asynchronous call, so such calls must
// not overlap; this chain runs them one after another.
let clientCallQueue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = clientCallQueue.then(task);
  clientCallQueue = run.catch(() => undefined);
  return run;
}

async function runViaClient(lib: TwilioModule, input: JsonObject, clockMs: number): Promise<CaseResult> {
  checkKeys(input, VALIDATION_KEYS, '');
  for (const quirk of ['optionsAbsent', 'optionsValue', 'setAfter']) {
    if (has(input, quirk)) throw new Skip(`${quirk} cannot reach the ValidationToken the REST client builds`);
  }
  const options = validationOptions(input).value;
  const credentials = asObject(input.clientCredentials, 'clientCredentials');
  checkKeys(credentials, ['username', 'password'], 'clientCredentials');
  const apiCall = asString(input.apiCall, 'apiCall');
  // `AC` in a recorded apiCall is the account SID; bind it only where that is unambiguous.
  const bindings = new Map<string, unknown>();
  if (has(input, 'accountSid') && input.accountSid === credentials.username) bindings.set('AC', input.accountSid);
  const steps = new ApiCallParser(apiCall, bindings).parse();
  const recorded = has(input, 'request') ? asObject(input.request, 'request') : undefined;

  let seen: RequestSnapshot | undefined;
  let sentHeader: unknown;
  let sent = false;
  const failure = await oneAtATime(() =>
    withFrozenClockAsync(clockMs, async (): Promise<{ error: unknown } | undefined> => {
      // The interceptor logs its failures with console.log; stdout may be a protocol stream.
      const consoleLog = console.log;
      console.log = console.error;
      try {
        const client = lib(credentials.username, credentials.password, { validationClient: options });
        const axios = client.httpClient.axios;
        // Request interceptors run last-registered first, so this one sees the config exactly
        // as twilio's validation interceptor is about to.
        axios.interceptors.request.use((config) => {
          seen = snapshotRequest(config);
          return config;
        });
        axios.defaults.adapter = (config: AxiosConfigLike): Promise<never> => {
          sent = true;
          sentHeader = config.headers?.['Twilio-Client-Validation'];
          return Promise.reject(TRANSPORT_STOP);
        };
        await followApiCall(client, steps);
        throw new DriverFault('apiCall resolved without reaching the stub transport');
      } catch (error) {
        if (error === TRANSPORT_STOP) return undefined;
        if (error instanceof DriverFault) throw error;
        return { error };
      } finally {
        console.log = consoleLog;
      }
    }),
  );
  if (failure) return { output: { error: libraryError(failure.error) } };
  if (!sent || seen === undefined) throw new DriverFault('the stub transport saw no request');

  const token = tokenString(sentHeader, 'the Twilio-Client-Validation header');
  if (recorded) checkReplay(recorded, seen);
  const canonicalizer = new lib.jwt.ValidationToken(options).getRequestCanonicalizer(seen);
  const requestHash = canonicalizer.create();
  // Guard the snapshot: it must be the request the token signed.
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as JsonObject;
  if (payload.rqh !== requestHash) throw new DriverFault('the snapshot request does not hash to the token rqh');
  return { output: { token, canonicalRequest: canonicalizer.getCanonicalizedRequestString(), requestHash } };
}

// ---------------------------------------------------------------------------------------------
// Entry points

const FAMILIES: Family[] = ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token', 'credential_provider'];

/**
 * Run one case through the real twilio-node with the clock frozen at `nowMs` (or `now` seconds).
 *
 * Resolves to the library's token (plus `canonicalRequest` and `requestHash` for
 * `validation_token`), or its rejection as `{type, message}`; to `skipped` when the case uses
 * vocabulary this driver does not map to twilio-node's API; to `errored` when the driver fails.
 * Asynchronous because `via: "twilioClient"` cases go through the REST client's promise chain;
 * all other cases complete synchronously inside the returned promise.
 */
export async function runTwilioNodeCase(c: DecodedCase): Promise<CaseResult> {
  try {
    const clockMs = c.nowMs ?? c.now * 1000;
    if (!Number.isFinite(clockMs)) throw new DriverFault(`case clock is not a finite number: ${clockMs}`);
    if (!isObject(c.input)) throw new DriverFault('case input is not a JSON object');
    const lib = twilio();
    const input = c.input;
    switch (c.family) {
      case 'access_token':
        return runPlan(clockMs, planAccessToken(lib, input));
      case 'client_capability':
        return runPlan(clockMs, planClientCapability(lib, input));
      case 'taskrouter_capability':
        return runPlan(clockMs, planTaskRouter(lib, input));
      case 'validation_token': {
        if (!has(input, 'via')) {
          for (const key of ['clientCredentials', 'apiCall']) {
            if (has(input, key)) throw new Skip(`${key} is only meaningful with via "twilioClient"`);
          }
          return runPlan(clockMs, planValidationToken(lib, input));
        }
        if (input.via !== 'twilioClient') throw new Skip(`via "${String(input.via)}" is not modelled`);
        return await runViaClient(lib, input, clockMs);
      }
      case 'credential_provider':
        // The real providers run in a child process that trusts the case server's proxy CA.
        return await runTwilioNodeProviderCase(c);
      default:
        return { skipped: { reason: `twilio-node has no ${c.family} family` } };
    }
  } catch (error) {
    if (error instanceof Skip) return { skipped: { reason: error.message } };
    return { errored: { message: describe(error) } };
  }
}

/** What the twilio-node adapter reports about itself in its `start` reply. */
export const twilioNodeImplementation: Implementation = {
  name: 'twilio-node',
  // A getter, so that importing this module does not require the (dev-only) package.
  get version(): string {
    return twilioVersion();
  },
  language: 'javascript',
  profile: 'node',
  families: FAMILIES,
};
