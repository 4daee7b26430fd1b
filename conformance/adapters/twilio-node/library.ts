/**
 * The parts of twilio-node (npm `twilio`) the driver touches, and the lazy loading of the package.
 */
import { createRequire } from 'node:module';

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

export interface TaskRouterCapabilityInstance extends TokenMaker {
  addPolicy(policy: object): void;
}

interface TaskRouterCapabilityClass extends Ctor<TaskRouterCapabilityInstance> {
  Policy: Ctor<object>;
}

/** `twilio.jwt.taskrouter.util`: looked up by name, as the vocabulary names its functions. */
export type TaskRouterUtil = Record<string, unknown>;

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
export interface AxiosConfigLike {
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
export interface TwilioModule {
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

export function twilio(): TwilioModule {
  twilioModule ??= require('twilio') as TwilioModule;
  return twilioModule;
}

/** The installed twilio-node version, from its package.json. */
export function twilioVersion(): string {
  return (require('twilio/package.json') as { version: string }).version;
}
