/**
 * The AccessToken API, shaped like twilio-node's (`new AccessToken(...)`, grant classes,
 * `addGrant`, `toJwt`), with the library to reproduce chosen by `profile`.
 */
import type { HostValue } from '../lang/host.ts';
import { DEFAULT_PROFILE, getProfile, type ProfileName } from '../profiles/index.ts';
import type { Profile } from '../profiles/profile.ts';
import type { GrantType } from './grants.ts';
import type { AccessTokenArgs, GrantInput } from './input.ts';
import { fastAccessTokenFromNative } from './fast.ts';
import { buildAccessTokenGeneral } from './mint.ts';

/** Options of {@link AccessToken}. Absent options are not passed to the emulated library. */
export interface AccessTokenOptions {
  /** The user's identity (required by twilio-node). */
  identity?: string | number;
  /** Lifetime in seconds (default 3600). */
  ttl?: number;
  /** Not-before time in seconds; `null` omits it in the python profile. */
  nbf?: number | null;
  /** Twilio region for the `twr` header, e.g. `ie1`. */
  region?: string;
  /** Absolute expiry in seconds (python and ruby profiles). */
  validUntil?: number;
  /** Which library's exact output to reproduce (default `node`). */
  profile?: ProfileName;
  /** The clock in milliseconds (default `Date.now`). */
  clock?: () => number;
}

/** A grant: its type and camelCase options, as twilio-node's grant classes take them. */
export abstract class Grant<O extends object = object> {
  abstract readonly type: GrantType;
  constructor(readonly options: O = {} as O) {}
}

/** Voice: incoming calls, an outgoing application and its parameters, push credentials. */
export class VoiceGrant extends Grant<{ incomingAllow?: boolean; outgoingApplicationSid?: string; outgoingApplicationParams?: Record<string, unknown>; pushCredentialSid?: string; endpointId?: string }> {
  readonly type = 'voice';
}
/** Video: access to a room. */
export class VideoGrant extends Grant<{ room?: string }> {
  readonly type = 'video';
}
/** Conversations / Chat. */
export class ChatGrant extends Grant<{ serviceSid?: string; endpointId?: string; deploymentRoleSid?: string; pushCredentialSid?: string }> {
  readonly type = 'chat';
}
/** Sync (payload key `data_sync`). */
export class SyncGrant extends Grant<{ serviceSid?: string; endpointId?: string }> {
  readonly type = 'sync';
}
/** TaskRouter. */
export class TaskRouterGrant extends Grant<{ workspaceSid?: string; workerSid?: string; role?: string }> {
  readonly type = 'task_router';
}
/** Live playback (payload key `player`): the grant object is emitted as given. */
export class PlaybackGrant extends Grant<{ grant?: Record<string, unknown> }> {
  readonly type = 'playback';
}

/**
 * An AccessToken. `toJwt()` returns exactly the token the chosen profile's library emits for the
 * same arguments and clock, and throws a `LibraryError` (with the library's message) where it
 * would throw.
 *
 * @example
 * ```ts
 * const token = new AccessToken(accountSid, apiKeySid, apiKeySecret, { identity: 'alice', profile: 'python' });
 * token.addGrant(new VoiceGrant({ incomingAllow: true }));
 * const jwt = token.toJwt();
 * ```
 */
export class AccessToken {
  private readonly grants: Grant[] = [];

  constructor(
    readonly accountSid: string,
    readonly keySid: string,
    private readonly secret: string,
    private readonly options: AccessTokenOptions = {},
  ) {}

  /** Add a grant; grants are emitted in the order they were added. */
  addGrant(grant: Grant): void {
    this.grants.push(grant);
  }

  /** The signed token; `algorithm` is honoured where the library allows a choice (node: HS256/384/512). */
  toJwt(algorithm?: string): string {
    const profile = getProfile(this.options.profile ?? DEFAULT_PROFILE);
    const clockMs = (this.options.clock ?? Date.now)();
    const o = this.options;
    const fields = { accountSid: this.accountSid, keySid: this.keySid, secret: this.secret, identity: o.identity, ttl: o.ttl, nbf: o.nbf, region: o.region };
    if (algorithm === undefined && o.validUntil === undefined) {
      const token = fastAccessTokenFromNative(profile, fields, this.grants, clockMs);
      if (token !== undefined) return token;
    }
    // The fast path has declined these arguments already: straight to the general one.
    return buildAccessTokenGeneral(nativeAccessTokenArgs(profile, { ...fields, validUntil: o.validUntil }, this.grants, algorithm), profile, clockMs).token;
  }
}

/**
 * The public API's arguments as the general path reads them: options through `lang.fromNative`,
 * absent (undefined) options not passed at all. Internal; exported for the fast-path tests.
 */
export function nativeAccessTokenArgs(
  profile: Profile,
  fields: { accountSid: string; keySid: string; secret: string } & Pick<AccessTokenOptions, 'identity' | 'ttl' | 'nbf' | 'region' | 'validUntil'>,
  grants: readonly Grant[],
  algorithm?: string,
): AccessTokenArgs {
  const { lang } = profile;
  const values = new Map<string, HostValue>([
    ['accountSid', fields.accountSid],
    ['keySid', fields.keySid],
    ['secret', fields.secret],
  ]);
  for (const k of ['identity', 'ttl', 'nbf', 'region', 'validUntil'] as const) {
    if (fields[k] !== undefined) values.set(k, lang.fromNative(fields[k]));
  }
  if (algorithm !== undefined) values.set('algorithm', algorithm);
  // Options are read one by one, as the case input's are: they are a grant's keyword arguments or
  // setter calls, not one value of the language (PHP would make an empty options object a list).
  const options = (o: object): Map<string, HostValue> => new Map(Object.entries(o as Record<string, unknown>).flatMap(([k, x]) => (x === undefined ? [] : [[k, lang.fromNative(x)] as [string, HostValue]])));
  const grantInputs: GrantInput[] = grants.map((g) => ({ type: g.type, options: options(g.options) }));
  return { values, grants: grantInputs };
}
