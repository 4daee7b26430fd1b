import type { HostMap, HostValue } from '../lang/host.ts';
import type { Lang } from '../lang/lang.ts';

/** Grant types of the input vocabulary, as every library names them. */
export type GrantType = 'voice' | 'video' | 'chat' | 'sync' | 'task_router' | 'playback';

/** One grant as the input describes it: its type and camelCase options (absent = not passed). */
export interface GrantSpec {
  type: GrantType;
  options: Map<string, HostValue>;
}

/** A grant option that becomes a payload field when the language finds it truthy. */
export interface GrantField {
  option: string;
  claim: string;
}

/**
 * The six grants, identical in all three libraries apart from a few language rules: the payload
 * key, the options each takes (in the order the library emits them) and the class name the
 * library's errors print.
 */
export const GRANTS: Record<GrantType, { key: string; className: string; options: readonly string[]; fields: readonly GrantField[] }> = {
  voice: {
    key: 'voice',
    className: 'VoiceGrant',
    options: ['incomingAllow', 'outgoingApplicationSid', 'outgoingApplicationParams', 'pushCredentialSid', 'endpointId'],
    fields: [], // built by voicePayload: it nests and has a strict `=== true` rule
  },
  video: { key: 'video', className: 'VideoGrant', options: ['room'], fields: [{ option: 'room', claim: 'room' }] },
  chat: {
    key: 'chat',
    className: 'ChatGrant',
    options: ['serviceSid', 'endpointId', 'deploymentRoleSid', 'pushCredentialSid'],
    fields: [
      { option: 'serviceSid', claim: 'service_sid' },
      { option: 'endpointId', claim: 'endpoint_id' },
      { option: 'deploymentRoleSid', claim: 'deployment_role_sid' },
      { option: 'pushCredentialSid', claim: 'push_credential_sid' },
    ],
  },
  sync: {
    key: 'data_sync',
    className: 'SyncGrant',
    options: ['serviceSid', 'endpointId'],
    fields: [
      { option: 'serviceSid', claim: 'service_sid' },
      { option: 'endpointId', claim: 'endpoint_id' },
    ],
  },
  task_router: {
    key: 'task_router',
    className: 'TaskRouterGrant',
    options: ['workspaceSid', 'workerSid', 'role'],
    fields: [
      { option: 'workspaceSid', claim: 'workspace_sid' },
      { option: 'workerSid', claim: 'worker_sid' },
      { option: 'role', claim: 'role' },
    ],
  },
  playback: { key: 'player', className: 'PlaybackGrant', options: ['grant'], fields: [] },
};

export function isGrantType(t: unknown): t is GrantType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(GRANTS, t);
}

function voicePayload(o: Map<string, HostValue>, lang: Lang): HostMap {
  const p: HostMap = new Map();
  // Every library requires the boolean true itself, not a truthy value.
  if (o.get('incomingAllow') === true) p.set('incoming', new Map([['allow', true]]));
  const appSid = o.get('outgoingApplicationSid');
  if (lang.truthy(appSid)) {
    const outgoing: HostMap = new Map([['application_sid', appSid!]]);
    const params = o.get('outgoingApplicationParams');
    // Params without an application sid are dropped: they live inside `outgoing`.
    if (lang.truthy(params)) outgoing.set('params', params!);
    p.set('outgoing', outgoing);
  }
  for (const [option, claim] of [
    ['pushCredentialSid', 'push_credential_sid'],
    ['endpointId', 'endpoint_id'],
  ] as const) {
    const v = o.get(option);
    if (lang.truthy(v)) p.set(claim, v!);
  }
  return p;
}

/**
 * The payload value of one grant. `playback` returns its `grant` option itself, and what a library
 * does when that is falsy differs, so the caller passes its rule; so are the fields of a library
 * whose grant class writes more than {@link GRANTS} lists (`fields`).
 */
export function grantPayload(g: GrantSpec, lang: Lang, playback: (grant: HostValue | undefined) => HostValue, fields: readonly GrantField[] = GRANTS[g.type].fields): HostValue {
  if (g.type === 'voice') return voicePayload(g.options, lang);
  if (g.type === 'playback') return playback(g.options.get('grant'));
  return fieldsPayload(g.options, fields, lang);
}

/** A field-per-option grant's payload: each field whose option the language finds truthy. */
export function fieldsPayload(options: ReadonlyMap<string, HostValue>, fields: readonly GrantField[], lang: Lang): HostMap {
  const p: HostMap = new Map();
  for (const { option, claim } of fields) {
    const v = options.get(option);
    if (lang.truthy(v)) p.set(claim, v!);
  }
  return p;
}
