/**
 * fast-check generator of `taskrouter_capability` case inputs in one library's vocabulary: every
 * helper and flavor the library has, allow and deny, query and post filters, and the constructor
 * arguments, labelled with the categories they exercise.
 */
import fc from 'fast-check';
import type { JsonValue } from '../../../reference/json/value.ts';
import { clocked, float, hazardString, jsonValue, lazyArbitrary, num, obj, paramKey, type ClockDialect, type GeneratedCase } from './json.ts';

export type { GeneratedCase } from './json.ts';

/**
 * The shapes a TaskRouter API comes in: `options-object` (one options object, `addPolicy` with
 * Policy objects and URL helpers, default worker and event-bridge policies), `flavoured` (one
 * class per channel kind with `allow_*` methods), `positional` (positional constructor and
 * Policy arguments, URL builders, worker and web-socket policy lists) and `params-struct` (one
 * struct of typed parameters with nbf and validUntil, `AddPolicy` of a generated policy, URL
 * functions, worker and web-socket policy lists, `Payload` and `ToJwt` calls) and
 * `capability-classes` (one class per `flavor` whose constructor adds its default policies itself,
 * base URLs overridable; argument-less helpers named by the dialect; `allow` / `deny` /
 * `addPolicyDeconstructed` with positional policy fields, `policyCalls` adding filters to the
 * Policy the last one returns; `extraAttributes` at the token call) and `builder` (a Builder of
 * typed arguments, String or null, an int ttl and a friendly name; `addPolicy` of a policy built
 * from a url or a URL utility at its arity, the method by name in any case, filters of required
 * flags; worker and event-bridge policy lists; the policy list set to null; extra token calls).
 */
export type TaskRouterStyle = 'options-object' | 'flavoured' | 'positional' | 'params-struct' | 'capability-classes' | 'builder';

/** The `capability-classes` style's argument-less helpers, by class. */
export interface CapabilityClassHelpers {
  /** Those every class has. */
  readonly common: readonly string[];
  /** Those only the worker's class has (a call on another flavor is the language's error). */
  readonly worker: readonly string[];
}

/** Which TaskRouter vocabulary a library's API has. Each library states its own in its conformance entry. */
export interface TaskRouterDialect extends ClockDialect {
  readonly style: TaskRouterStyle;
  /** Object-API quirks of an options object: the options passed as one value, a property reassigned after construction. */
  readonly optionsObjectQuirks: boolean;
  /** The `capability-classes` style's helper names. */
  readonly classHelpers?: CapabilityClassHelpers;
}

type Labelled = [JsonValue | undefined, string[]];
const label = (arb: fc.Arbitrary<JsonValue | undefined>, cat: string): fc.Arbitrary<Labelled> => arb.map((v) => [v, [cat]]);
const plain = (arb: fc.Arbitrary<JsonValue | undefined>): fc.Arbitrary<Labelled> => arb.map((v) => [v, []]);
const absent = fc.constant(undefined);

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const sid = (prefix: string): fc.Arbitrary<string> => hex32.map((h) => `${prefix}${h}`);
// The binary strings are made on first use (see lazyArbitrary): this module loads in every CLI process.
const text = fc.oneof(
  hazardString(4),
  lazyArbitrary(() => fc.string({ unit: 'binary', maxLength: 8 })),
  fc.constantFrom('', '**', 'a b/c?d', 'é日本🎉'),
);

/** A SID-shaped argument: mostly well formed, sometimes odd. */
function sidArg(prefix: string, cat: string, odd: Array<JsonValue | undefined>): fc.Arbitrary<Labelled> {
  return fc.oneof({ weight: 40, arbitrary: plain(sid(prefix)) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(...odd), `${cat}:odd`) });
}

const token = fc.oneof({ weight: 30, arbitrary: plain(fc.constant('auth_token_0123456789abcdef012345')) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, '', null, num(7)), 'authToken:invalid') });

const ttl: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 8, arbitrary: label(absent, 'ttl:absent') },
  { weight: 3, arbitrary: label(fc.integer({ min: 1, max: 86400 }).map(num), 'ttl:positive') },
  { weight: 1, arbitrary: label(fc.constantFrom(num(0), num(-60)), 'ttl:zero-or-negative') },
  { weight: 1, arbitrary: label(fc.constantFrom(0.5, 3600).map(float), 'ttl:float') },
  { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>('60', null), 'ttl:other') },
);

/** A filter object: keys and values of any JSON kind (the libraries pass filters through). */
const filter: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 4, arbitrary: fc.uniqueArray(fc.tuple(paramKey, jsonValue), { maxLength: 4, selector: ([k]) => k }).map((e) => obj(e)) },
  { weight: 2, arbitrary: fc.constant(obj([['ActivitySid', obj([['required', true]])]])) },
  { weight: 1, arbitrary: fc.constantFrom<JsonValue>(obj([]), [], null, 'x') },
);

const method = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') }, { weight: 1, arbitrary: fc.constantFrom<JsonValue>('get', 'PUT', '', null) });
const allow: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 4, arbitrary: label(fc.constant(true), 'policy:allow') },
  { weight: 3, arbitrary: label(fc.constant(false), 'policy:deny') },
  { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, 'yes', num(0), num(1)), 'policy:allow-other') },
);

/**
 * A policy's named fields besides its url, each present or not. `positional`: ruby passes them as
 * Policy.new arguments, where a missing method or allow is an arity error, so they are rarely left out.
 */
function policyFields(positional = false): fc.Arbitrary<[Array<[string, JsonValue | undefined]>, string[]]> {
  const freq = positional ? 40 : 6;
  return fc.tuple(fc.option(method, { nil: undefined, freq }), fc.option(allow, { nil: undefined, freq }), fc.option(filter, { nil: undefined, freq: 2 }), fc.option(filter, { nil: undefined, freq: 2 })).map(([m, a, q, p]) => {
    const cats: string[] = [...(a ? a[1] : ['policy:allow-absent'])];
    if (q !== undefined) cats.push('policy:queryFilter');
    if (p !== undefined) cats.push('policy:postFilter');
    return [
      [
        ['method', m],
        ['allow', a?.[0]],
        ['queryFilter', q],
        ['postFilter', p],
      ],
      cats,
    ];
  });
}

const urlText = fc.oneof({ weight: 3, arbitrary: sid('WS').map((ws) => `https://taskrouter.twilio.com/v1/Workspaces/${ws}/Tasks/**`) }, { weight: 1, arbitrary: text });

// ---------------------------------------------------------------------------------------------
// options-object

const URL_HELPERS: Record<string, number> = { workspacesUrl: 1, taskQueuesUrl: 2, tasksUrl: 2, activitiesUrl: 2, workersUrl: 2, reservationsUrl: 3 };

/** util arguments: SIDs, the `**` wildcard, and now and then a non-string (which util drops). */
const utilArg: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(sid('WS'), sid('WK'), sid('WQ'), fc.constant('**')) },
  { weight: 1, arbitrary: fc.constantFrom<JsonValue>(null, num(5), true, ['a', 'b'], obj([['k', 'v']]), '') },
);

function optionsObjectHelper(): fc.Arbitrary<Labelled> {
  const addPolicy = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(urlText, policyFields()).map(([url, [f, c]]): Labelled => [
        obj([
          ['call', 'addPolicy'],
          ['policy', obj([['url', url], ...f])],
        ]),
        ['helper:addPolicy', 'helper:addPolicy:url', ...c],
      ]),
    },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...Object.keys(URL_HELPERS)), fc.array(utilArg, { maxLength: 4 }), policyFields()).map(([name, args, [f, c]]): Labelled => [
        obj([
          ['call', 'addPolicy'],
          [
            'policy',
            obj([
              [
                'urlHelper',
                obj([
                  ['call', name],
                  ['args', args],
                ]),
              ],
              ...f,
            ]),
          ],
        ]),
        ['helper:addPolicy', 'helper:addPolicy:urlHelper', `urlHelper:${name}`, ...c],
      ]),
    },
    { weight: 1, arbitrary: label(fc.constant(obj([['call', 'addPolicy']])), 'policy:no-options') },
    {
      weight: 1,
      arbitrary: label(
        fc.constantFrom<JsonValue>('x', null, num(3), ['u']).map((p) =>
          obj([
            ['call', 'addPolicy'],
            ['policy', p],
          ]),
        ),
        'policy:non-object-options',
      ),
    },
  );
  const worker = fc.tuple(fc.constantFrom<JsonValue>('v1', 'v1', 'v2', null, ''), utilArg, utilArg).map(([v, ws, wk]): Labelled => [
    obj([
      ['call', 'defaultWorkerPolicies'],
      ['args', [v, ws, wk]],
    ]),
    ['helper:defaultWorkerPolicies'],
  ]);
  const bridge = fc.tuple(fc.oneof(sid('AC'), utilArg), utilArg).map(([ac, ch]): Labelled => [
    obj([
      ['call', 'defaultEventBridgePolicies'],
      ['args', [ac, ch]],
    ]),
    ['helper:defaultEventBridgePolicies'],
  ]);
  const toJwt = label(fc.constant(obj([['call', 'toJwt']])), 'helper:toJwt');
  return fc.oneof({ weight: 8, arbitrary: addPolicy }, { weight: 3, arbitrary: worker }, { weight: 3, arbitrary: bridge }, { weight: 1, arbitrary: toJwt });
}

const channel: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 6, arbitrary: label(sid('WK'), 'channel:WK') },
  { weight: 4, arbitrary: label(sid('WQ'), 'channel:WQ') },
  { weight: 2, arbitrary: label(fc.oneof(sid('WS'), fc.constantFrom('CI123', 'wkeeee', 'W', 'WK', 'WQ')), 'channel:other') },
  { weight: 1, arbitrary: label(text, 'channel:text') },
);

function optionsObjectCases(): fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]> {
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
    ['accountSid', sidArg('AC', 'accountSid', [undefined, '', null])],
    ['authToken', token],
    ['workspaceSid', sidArg('WS', 'workspaceSid', [undefined, '', null, num(1)])],
    ['channelId', fc.oneof({ weight: 25, arbitrary: channel }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, '', null, num(5), ['WK1']), 'channel:invalid') })],
    ['friendlyName', fc.oneof({ weight: 6, arbitrary: plain(absent) }, { weight: 2, arbitrary: label(text, 'friendlyName:text') }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, num(3)), 'friendlyName:other') })],
    ['ttl', ttl],
    ['version', fc.oneof({ weight: 8, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>('v1', 'v2', '', null, num(2)), 'version:set') })],
  ];
  return fc.tuple(
    fc.tuple(...fields.map(([, a]) => a)).map((vs) => fields.map(([k], i): [string, Labelled] => [k, vs[i]])),
    fc.array(optionsObjectHelper(), { maxLength: 6 }),
  );
}

// ---------------------------------------------------------------------------------------------
// flavoured

const PY_BASE = ['allowWebSockets', 'allowFetchSelf', 'allowUpdateSelf', 'allowDeleteSelf', 'allowFetchSubresources', 'allowUpdateSubresources', 'allowDeleteSubresources'];
const PY_WORKER = ['allowFetchActivities', 'allowFetchReservations', 'allowFetchWorkerReservations', 'allowUpdateActivities', 'allowUpdateReservations'];

function flavouredHelper(flavor: string): fc.Arbitrary<Labelled> {
  const own = flavor === 'worker' ? [...PY_BASE, ...PY_WORKER] : PY_BASE;
  // Mostly calls the flavor has, with the arguments they take (only allow_web_sockets takes one).
  const valid = fc.constantFrom(...own).chain((c) =>
    c === 'allowWebSockets'
      ? fc.oneof(
          fc.constant<[string, JsonValue | undefined]>([c, undefined]),
          fc.constantFrom<JsonValue>(['WKeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'], ['custom-channel'], [null], [''], ['a b/c'], [num(0)]).map((a): [string, JsonValue] => [c, a]),
        )
      : fc.constant<[string, JsonValue | undefined]>([c, undefined]),
  );
  const wrong = fc.oneof(
    fc.constantFrom(...PY_WORKER).map((c): [string, JsonValue | undefined] => [c, undefined]),
    fc.constantFrom(...own).map((c): [string, JsonValue | undefined] => [c, c === 'allowWebSockets' ? ['x', 'y'] : ['x']]),
  );
  return fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: wrong }).map(([c, a]): Labelled => {
    const cats = [`helper:${c}`];
    if (!own.includes(c)) cats.push('helper:missing-on-flavor');
    if (a !== undefined) cats.push(c === 'allowWebSockets' && (a as JsonValue[]).length === 1 ? 'helper:allowWebSockets-channel' : 'helper:args');
    if (c === 'allowUpdateActivities') cats.push('policy:post_filter');
    return [
      obj([
        ['call', c],
        ['args', a],
      ]),
      cats,
    ];
  });
}

function flavouredCases(): fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]> {
  const flavor = fc.oneof({ weight: 10, arbitrary: fc.constant('worker') }, { weight: 6, arbitrary: fc.constant('taskqueue') }, { weight: 6, arbitrary: fc.constant('workspace') }, { weight: 1, arbitrary: fc.constant('base') });
  return flavor.chain((f) => {
    const prefix = f === 'worker' ? 'WK' : f === 'taskqueue' ? 'WQ' : 'WS';
    const ws = sidArg('WS', 'workspaceSid', [undefined, '', null, 'WK123', num(3)]);
    const chan: fc.Arbitrary<Labelled> =
      f === 'workspace'
        ? plain(absent) // the workspace token's channel is its workspace sid
        : fc.oneof({ weight: 20, arbitrary: plain(sid(prefix)) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, '', null, 'WKx', 'WQx', 'XX', num(5), ['WK']), 'channel:odd') });
    const option = fc.tuple(fc.constantFrom(...PY_BASE, ...PY_WORKER), fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<JsonValue>(num(1), 'yes', num(0), '', null) }));
    const options = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.uniqueArray(option, { maxLength: 6, selector: ([k]) => k }) });
    const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
      ['accountSid', sidArg('AC', 'accountSid', [undefined, '', null, 'XX123', num(42), true])],
      ['authToken', token],
      ['workspaceSid', ws],
      ['channelId', chan],
      ['flavor', label(fc.constant(f), `flavor:${f}`)],
      ['options', options.map((o): Labelled => (o === undefined ? [undefined, []] : [obj(o.map(([k, v]) => [k, v])), o.map(([k, v]) => `option:${k}${v === false ? '=false' : ''}`)]))],
      ['ttl', ttl],
      ['nbf', fc.oneof({ weight: 8, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, num(0), num(1699000000)), 'nbf:set') })],
      ['validUntil', fc.oneof({ weight: 10, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constant(num(1700009999)), 'validUntil:set') })],
      ['toJwtTtl', fc.oneof({ weight: 10, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(num(30), num(0)), 'toJwtTtl:set') })],
      ['extraToJwtCalls', fc.oneof({ weight: 14, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom(num(1), num(2)), 'quirk:extraToJwtCalls') })],
      ['toJwtTwice', fc.oneof({ weight: 14, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constant(true), 'quirk:toJwtTwice') })],
      // The second to_jwt runs at the same clock, or at secondNow when toJwtTwice is set.
      ['secondNow', fc.oneof({ weight: 2, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom(num(1700000100), float(1234567890.5)), 'quirk:secondNow') })],
    ];
    const twiceOnly = (entries: Array<[string, Labelled]>): Array<[string, Labelled]> => {
      const twice = entries.some(([k, [v]]) => k === 'toJwtTwice' && v === true);
      return entries.filter(([k]) => twice || k !== 'secondNow');
    };
    return fc.tuple(
      fc.tuple(...fields.map(([, a]) => a)).map((vs) => twiceOnly(fields.map(([k], i): [string, Labelled] => [k, vs[i]]))),
      fc.array(flavouredHelper(f), { maxLength: 5 }),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// positional

const URL_BUILDERS: Record<string, number> = {
  workspaces: 0,
  workspace: 1,
  all_workspaces: 0,
  tasks: 1,
  task: 2,
  all_tasks: 1,
  task_queues: 1,
  task_queue: 2,
  all_task_queues: 1,
  activities: 1,
  activity: 2,
  all_activities: 1,
  workers: 1,
  worker: 2,
  all_workers: 1,
  reservations: 2,
  reservation: 3,
  all_reservations: 2,
};

function positionalHelper(): fc.Arbitrary<Labelled> {
  // A URL builder's arguments: its arity, now and then one too many (an ArgumentError).
  const helperUrl = fc.constantFrom(...Object.keys(URL_BUILDERS)).chain((name) => {
    const n = URL_BUILDERS[name];
    return fc.tuple(fc.array(utilArg, { minLength: n + 1, maxLength: n + 1 }), fc.integer({ min: 0, max: 12 })).map(([args, r]): [string, JsonValue] => [
      'urlHelper',
      obj([
        ['call', name],
        ['args', args.slice(0, r === 0 ? n + 1 : n)],
      ]),
    ]);
  });
  const named = fc.tuple(
    fc.oneof(
      urlText.map((u): [string, JsonValue] => ['url', u]),
      helperUrl,
    ),
    policyFields(true),
  );
  const addPolicy = fc.oneof(
    {
      weight: 6,
      arbitrary: named.map(([[k, u], [f, c]]): Labelled => [
        obj([
          ['call', 'add_policy'],
          ['policy', obj([[k, u], ...f])],
        ]),
        ['helper:add_policy', `helper:add_policy:${k}`, ...c],
      ]),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(urlText, method, allow, filter, filter, fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 3, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(2, 6) })).map(([u, m, [a, ac], p, q, n]): Labelled => [
        obj([
          ['call', 'add_policy'],
          ['policy', obj([['policyArgs', [u, m, a!, p, q, 'extra'].slice(0, n)]])],
        ]),
        ['helper:add_policy:policyArgs', ...ac, ...(n >= 4 ? ['policy:postFilter'] : []), ...(n >= 5 ? ['policy:queryFilter'] : [])],
      ]),
    },
  );
  const lists = fc.tuple(fc.constantFrom('add_worker_policies', 'add_web_socket_policies'), fc.array(utilArg, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 12 })).map(([c, args, r]): Labelled => [
    obj([
      ['call', c],
      ['args', args.slice(0, r === 0 ? 1 : r === 1 ? 3 : 2)],
    ]),
    [`helper:${c}`],
  ]);
  return fc.oneof({ weight: 8, arbitrary: addPolicy }, { weight: 4, arbitrary: lists }, { weight: 1, arbitrary: label(fc.constant(obj([['call', 'to_jwt']])), 'helper:to_jwt') });
}

function positionalCases(): fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]> {
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
    ['accountSid', sidArg('AC', 'accountSid', [null, num(42)])],
    ['authToken', fc.oneof({ weight: 60, arbitrary: plain(fc.constant('auth_token_0123456789abcdef012345')) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(null, num(7), ''), 'authToken:invalid') })],
    ['workspaceSid', sidArg('WS', 'workspaceSid', [null, num(1)])],
    ['channelId', fc.oneof({ weight: 40, arbitrary: channel }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, null, num(5), float(2.5), true, ['WK1'], obj([])), 'channel:invalid') })],
    ['ttl', ttl],
    ['nbf', fc.oneof({ weight: 8, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, num(0), num(1699000000)), 'nbf:set') })],
    ['extraToJwtCalls', fc.oneof({ weight: 8, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom(num(1), num(2)), 'extraToJwtCalls:set') })],
  ];
  return fc.tuple(
    fc.tuple(...fields.map(([, a]) => a)).map((vs) => fields.map(([k], i): [string, Labelled] => [k, vs[i]])),
    fc.array(positionalHelper(), { maxLength: 5 }),
  );
}

// ---------------------------------------------------------------------------------------------
// params-struct

/** The URL functions and their arity. */
const URL_FUNCTIONS: Record<string, number> = {
  Workspaces: 0,
  Workspace: 1,
  AllWorkspaces: 0,
  Tasks: 1,
  Task: 2,
  AllTasks: 1,
  TaskQueues: 1,
  TaskQueue: 2,
  AllTaskQueues: 1,
  Activities: 1,
  Activity: 2,
  AllActivities: 1,
  Workers: 1,
  Worker: 2,
  AllWorkers: 1,
  Reservations: 2,
  Reservation: 3,
  AllReservations: 2,
};

function paramsStructHelper(): fc.Arbitrary<Labelled> {
  // A typed API has no arity errors: URL functions get their own number of arguments.
  const helperUrl = fc.constantFrom(...Object.keys(URL_FUNCTIONS)).chain((name) =>
    fc.array(utilArg, { minLength: URL_FUNCTIONS[name], maxLength: URL_FUNCTIONS[name] }).map((args): [string, JsonValue] => [
      'urlHelper',
      obj([
        ['call', name],
        ['args', args],
      ]),
    ]),
  );
  const addPolicy = fc
    .tuple(
      fc.oneof(
        urlText.map((u): [string, JsonValue] => ['url', u]),
        helperUrl,
      ),
      policyFields(),
    )
    .map(([[k, u], [f, c]]): Labelled => [
      obj([
        ['call', 'AddPolicy'],
        ['policy', obj([[k, u], ...f])],
      ]),
      ['helper:AddPolicy', `helper:AddPolicy:${k}`, ...c],
    ]);
  const lists = fc.tuple(fc.constantFrom('AddWorkerPolicies', 'AddWebSocketPolicies'), fc.array(utilArg, { minLength: 2, maxLength: 2 })).map(([c, args]): Labelled => [
    obj([
      ['call', c],
      ['args', args],
    ]),
    [`helper:${c}`],
  ]);
  const calls = fc.constantFrom('Payload', 'ToJwt').map((c): Labelled => [obj([['call', c]]), [`helper:${c}`]]);
  return fc.oneof({ weight: 8, arbitrary: addPolicy }, { weight: 4, arbitrary: lists }, { weight: 2, arbitrary: calls });
}

function paramsStructCases(): fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]> {
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
    ['accountSid', sidArg('AC', 'accountSid', [undefined, '', null])],
    ['authToken', token],
    ['workspaceSid', sidArg('WS', 'workspaceSid', [undefined, '', null, num(1)])],
    ['channelId', fc.oneof({ weight: 25, arbitrary: channel }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, '', null, num(5)), 'channel:invalid') })],
    ['ttl', ttl],
    ['nbf', fc.oneof({ weight: 8, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, num(0), num(1699000000), float(1699999999.5)), 'nbf:set') })],
    ['validUntil', fc.oneof({ weight: 10, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(num(1700009999), float(1.5), num(-1)), 'validUntil:set') })],
    ['extraToJwtCalls', fc.oneof({ weight: 14, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom(num(1), num(2)), 'quirk:extraToJwtCalls') })],
  ];
  return fc.tuple(
    fc.tuple(...fields.map(([, a]) => a)).map((vs) => fields.map(([k], i): [string, Labelled] => [k, vs[i]])),
    fc.array(paramsStructHelper(), { maxLength: 5 }),
  );
}

// ---------------------------------------------------------------------------------------------
// capability-classes

/** A filter argument: an object, an empty one, null (a nullable parameter's "none") or a wrong type. */
const filterArg: fc.Arbitrary<JsonValue> = fc.oneof({ weight: 6, arbitrary: filter }, { weight: 1, arbitrary: fc.constantFrom<JsonValue>(num(1), true, ['a', 'b']) });

/** `allow` / `deny` / `addPolicyDeconstructed` with 0 to 5 positional arguments (url, method, query filter, post filter, allow). */
function policyMethodHelper(): fc.Arbitrary<Labelled> {
  const call = fc.constantFrom('allow', 'deny', 'addPolicyDeconstructed');
  const args = fc.tuple(
    fc.oneof({ weight: 8, arbitrary: urlText.map((u): JsonValue => u) }, { weight: 1, arbitrary: fc.constantFrom<JsonValue>(null, num(5), ['u']) }),
    method,
    filterArg,
    filterArg,
    allow,
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1) }),
  );
  const policyCall = fc.tuple(fc.constantFrom('addQueryFilter', 'addPostFilter'), fc.oneof({ weight: 8, arbitrary: jsonValue.map((v): JsonValue[] => [v]) }, { weight: 1, arbitrary: fc.constant<JsonValue[]>([]) }));
  const calls = fc.oneof({ weight: 3, arbitrary: fc.constant<Array<[string, JsonValue[]]>>([]) }, { weight: 1, arbitrary: fc.array(policyCall, { minLength: 1, maxLength: 3 }) });
  return fc.tuple(call, args, calls).map(([c, [u, m, q, p, [a, ac], n], pcs]): Labelled => {
    const list = [u, m, q, p, a!].slice(0, n);
    const cats = [`helper:${c}`, `helper:args:${n}`, ...(n >= 5 ? ac : [])];
    const withCalls = c === 'addPolicyDeconstructed' && pcs.length > 0;
    if (withCalls) cats.push(...pcs.map(([pc]) => `policyCall:${pc}`));
    return [
      obj([
        ['call', c],
        ['args', list],
        [
          'policyCalls',
          withCalls
            ? pcs.map(([pc, pa]) =>
                obj([
                  ['call', pc],
                  ['args', pa],
                ]),
              )
            : undefined,
        ],
      ]),
      cats,
    ];
  });
}

function capabilityClassHelper(d: TaskRouterDialect, flavor: string): fc.Arbitrary<Labelled> {
  const h = d.classHelpers;
  if (!h) throw new Error('a capability-classes TaskRouter dialect names its helpers (classHelpers)');
  const own = flavor === 'worker' ? [...h.common, ...h.worker] : h.common;
  const shortcut = fc
    .tuple(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...h.worker) }), fc.oneof({ weight: 12, arbitrary: absent }, { weight: 1, arbitrary: fc.constant<JsonValue>(['extra']) }))
    .map(([c, a]): Labelled => [
      obj([
        ['call', c],
        ['args', a],
      ]),
      [`helper:${c}`, ...(own.includes(c) ? [] : ['helper:missing-on-flavor']), ...(a ? ['helper:extra-args'] : [])],
    ]);
  return fc.oneof({ weight: 3, arbitrary: shortcut }, { weight: 2, arbitrary: policyMethodHelper() });
}

function capabilityClassCases(d: TaskRouterDialect): fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]> {
  const flavor = fc.oneof({ weight: 10, arbitrary: fc.constant('worker') }, { weight: 6, arbitrary: fc.constant('taskqueue') }, { weight: 6, arbitrary: fc.constant('workspace') }, { weight: 1, arbitrary: fc.constant('base') });
  const url = (cat: string, good: string[]): fc.Arbitrary<Labelled> =>
    fc.oneof({ weight: 10, arbitrary: plain(absent) }, { weight: 2, arbitrary: label(fc.constantFrom(...good), `${cat}:set`) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, '', num(3)), `${cat}:other`) });
  const extra = fc.oneof(
    { weight: 8, arbitrary: plain(absent) },
    {
      weight: 2,
      arbitrary: label(
        fc.uniqueArray(fc.tuple(fc.oneof(paramKey, fc.constantFrom('iss', 'policies', 'channel', '0')), jsonValue), { maxLength: 3, selector: ([k]) => k }).map((e) => obj(e)),
        'extraAttributes:object',
      ),
    },
    { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(['a', 'b'], null, 'x', num(1)), 'extraAttributes:other') },
  );
  return flavor.chain((f) => {
    const prefix = f === 'worker' ? 'WK' : f === 'taskqueue' ? 'WQ' : 'WS';
    const chan: fc.Arbitrary<Labelled> =
      f === 'workspace'
        ? plain(absent) // the workspace class's channel is its workspace sid
        : fc.oneof(
            { weight: 20, arbitrary: plain(sid(prefix)) },
            { weight: 2, arbitrary: label(fc.oneof(sid('WK'), sid('WQ'), sid('WS')), 'channel:any-prefix') },
            { weight: 1, arbitrary: label(fc.constantFrom<JsonValue | undefined>(undefined, '', null, 'WK', 'wkx', 'XX', num(5), ['WK']), 'channel:odd') },
          );
    const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
      ['accountSid', sidArg('AC', 'accountSid', [undefined, '', null, 'XX123', num(42), true])],
      ['authToken', token],
      ['workspaceSid', sidArg('WS', 'workspaceSid', [undefined, '', null, 'WK123', num(3)])],
      ['channelId', chan],
      ['flavor', label(fc.constant(f), `flavor:${f}`)],
      ['baseUrl', url('baseUrl', ['https://taskrouter.example.com/v2', 'https://taskrouter.twilio.com/v1/', 'http://a b/\u00e9'])],
      ['baseWsUrl', url('baseWsUrl', ['wss://events.example.com/v1/wschannels', 'https://event-bridge.twilio.com/v1/wschannels/'])],
      ['ttl', ttl],
      ['extraAttributes', extra],
    ];
    return fc.tuple(
      fc.tuple(...fields.map(([, a]) => a)).map((vs) => fields.map(([k], i): [string, Labelled] => [k, vs[i]])),
      fc.array(capabilityClassHelper(d, f), { maxLength: 5 }),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// builder

/** The URL utilities of a builder API: the params-struct functions' names in lower camel case, at the same arity. */
const URL_UTILITIES: Record<string, number> = Object.fromEntries(Object.entries(URL_FUNCTIONS).map(([name, n]) => [`${name[0].toLowerCase()}${name.slice(1)}`, n]));

/** A String argument: SIDs, the `**` wildcard, now and then null or empty. */
const stringArg: fc.Arbitrary<JsonValue> = fc.oneof({ weight: 8, arbitrary: fc.oneof(sid('WS'), sid('WK'), sid('WQ'), fc.constant('**')) }, { weight: 1, arbitrary: fc.constantFrom<JsonValue>(null, '', 'a b/c') });

/**
 * A method by name, matched ignoring case against the HTTP methods: the usual ones, other cases,
 * letters whose case mapping lands on ASCII (dotless ı, long ſ, dotted İ), names matching none, null.
 */
const builderMethod: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 8, arbitrary: label(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), 'method:upper') },
  { weight: 2, arbitrary: label(fc.constantFrom('get', 'Post', 'patch', 'hEaD', 'options'), 'method:other-case') },
  { weight: 1, arbitrary: label(fc.constantFrom('OPT\u0131ONS', 'po\u017ft', 'opt\u0130ons'), 'method:case-mapped') },
  { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>('', 'FETCH', 'GET ', 'GE\u0422', null), 'method:no-match') },
);

/** A filter of required flags `{name: true|false}`: names of any kind, empty, or null (none). */
const requiredFlags: fc.Arbitrary<Labelled> = fc.oneof(
  {
    weight: 4,
    arbitrary: label(
      fc.uniqueArray(fc.tuple(paramKey, fc.boolean()), { minLength: 1, maxLength: 5, selector: ([k]) => k }).map((e) => obj(e)),
      'filter:flags',
    ),
  },
  { weight: 1, arbitrary: label(fc.constant(obj([])), 'filter:empty') },
  { weight: 1, arbitrary: label(fc.constant(null), 'filter:null') },
);

function builderHelper(): fc.Arbitrary<Labelled> {
  const urlHelper = fc.constantFrom(...Object.keys(URL_UTILITIES)).chain((name) =>
    fc.array(stringArg, { minLength: URL_UTILITIES[name], maxLength: URL_UTILITIES[name] }).map((args): [string, JsonValue, string] => [
      'urlHelper',
      obj([
        ['call', name],
        ['args', args],
      ]),
      `urlHelper:${name}`,
    ]),
  );
  const url = fc.oneof(
    { weight: 3, arbitrary: urlText.map((u): [string, JsonValue, string] => ['url', u, 'helper:addPolicy:url']) },
    { weight: 2, arbitrary: urlHelper },
    { weight: 1, arbitrary: fc.constant<[string, JsonValue, string]>(['url', null, 'policy:url-null']) },
  );
  const allowed = fc.oneof({ weight: 4, arbitrary: label(fc.constant(true), 'policy:allow') }, { weight: 3, arbitrary: label(fc.constant(false), 'policy:deny') });
  const addPolicy = fc
    .tuple(url, fc.option(builderMethod, { nil: undefined, freq: 6 }), fc.option(allowed, { nil: undefined, freq: 6 }), fc.option(requiredFlags, { nil: undefined, freq: 2 }), fc.option(requiredFlags, { nil: undefined, freq: 2 }))
    .map(([[k, u, uc], m, a, q, p]): Labelled => [
      obj([
        ['call', 'addPolicy'],
        [
          'policy',
          obj([
            [k, u],
            ['method', m?.[0]],
            ['allow', a?.[0]],
            ['queryFilter', q?.[0]],
            ['postFilter', p?.[0]],
          ]),
        ],
      ]),
      ['helper:addPolicy', uc, ...(m ? m[1] : ['method:absent']), ...(a ? a[1] : ['policy:allow-absent']), ...(q ? ['policy:queryFilter', ...q[1]] : []), ...(p ? ['policy:postFilter', ...p[1]] : [])],
    ]);
  const lists = fc.tuple(fc.constantFrom('defaultWorkerPolicies', 'defaultEventBridgePolicies'), stringArg, stringArg).map(([c, a, b]): Labelled => [
    obj([
      ['call', c],
      ['args', [a, b]],
    ]),
    [`helper:${c}`],
  ]);
  return fc.oneof({ weight: 8, arbitrary: addPolicy }, { weight: 4, arbitrary: lists }, { weight: 1, arbitrary: label(fc.constant(obj([['call', 'toJwt']])), 'helper:toJwt') });
}

/** An int ttl: where `ttl * 1000` wraps (past 2147483), the extremes, and up to a year. */
const intTtl: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 8, arbitrary: label(absent, 'ttl:absent') },
  { weight: 3, arbitrary: label(fc.integer({ min: 1, max: 86400 }).map(num), 'ttl:positive') },
  { weight: 1, arbitrary: label(fc.constantFrom(num(0), num(-60)), 'ttl:zero-or-negative') },
  { weight: 1, arbitrary: label(fc.oneof(fc.constantFrom(2147483, 2147484, 2147483647, -2147483648, 315360000), fc.integer({ min: 86401, max: 31536000 })).map(num), 'ttl:int-wraps-or-long') },
);

function builderCases(): fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]> {
  const fields: Array<[string, fc.Arbitrary<Labelled>]> = [
    // A blank account sid: jjwt drops a blank iss, the claims keep it.
    ['accountSid', sidArg('AC', 'accountSid', [null, '', ' '])],
    ['authToken', fc.oneof({ weight: 30, arbitrary: plain(fc.constant('auth_token_0123456789abcdef012345')) }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>('', null, 'short'), 'authToken:invalid') })],
    ['workspaceSid', sidArg('WS', 'workspaceSid', [null, '', 'WK123'])],
    ['channelId', fc.oneof({ weight: 25, arbitrary: channel }, { weight: 1, arbitrary: label(fc.constantFrom<JsonValue>(null, ''), 'channel:invalid') })],
    ['friendlyName', fc.oneof({ weight: 6, arbitrary: plain(absent) }, { weight: 2, arbitrary: label(text, 'friendlyName:text') }, { weight: 1, arbitrary: label(fc.constant(null), 'friendlyName:null') })],
    ['ttl', intTtl],
    ['extraToJwtCalls', fc.oneof({ weight: 14, arbitrary: plain(absent) }, { weight: 1, arbitrary: label(fc.constantFrom(num(1), num(2)), 'quirk:extraToJwtCalls') })],
  ];
  // `policies(null)` now and then, after the other calls.
  const helpers = fc
    .tuple(fc.array(builderHelper(), { maxLength: 6 }), fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }))
    .map(([hs, none]): Labelled[] => (none ? [...hs, [obj([['call', 'policiesNull']]), ['helper:policiesNull']]] : hs));
  return fc.tuple(
    fc.tuple(...fields.map(([, a]) => a)).map((vs) => fields.map(([k], i): [string, Labelled] => [k, vs[i]])),
    helpers,
  );
}

const OPTIONS = ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'friendlyName', 'ttl', 'version'];

/** An options-object quirk: the options passed as one `optionsValue`, or a property reassigned after construction. */
const optionsQuirk: fc.Arbitrary<[string, (entries: Array<[string, JsonValue | undefined]>) => Array<[string, JsonValue | undefined]>]> = fc.oneof(
  fc.constant<[string, (e: Array<[string, JsonValue | undefined]>) => Array<[string, JsonValue | undefined]>]>([
    'quirk:optionsValue',
    (e) => [...e.filter(([k]) => !OPTIONS.includes(k)), ['optionsValue', obj(e.filter(([k]) => OPTIONS.includes(k)))]],
  ]),
  fc
    .tuple(fc.constantFrom(...OPTIONS), fc.oneof(sid('WK'), sid('WQ'), text, fc.constantFrom<JsonValue>(num(0), num(60), '60', null, num(5), ['WK'])))
    .map(([property, value]): [string, (e: Array<[string, JsonValue | undefined]>) => Array<[string, JsonValue | undefined]>] => [`quirk:setAfter.${property}`, (e) => [...e, ['setAfter', obj([[property, value]])]]]),
);

/** The constructor fields and helper calls of each style. */
const STYLES: Record<TaskRouterStyle, (d: TaskRouterDialect) => fc.Arbitrary<[Array<[string, Labelled]>, Labelled[]]>> = {
  'options-object': optionsObjectCases,
  flavoured: flavouredCases,
  positional: positionalCases,
  'params-struct': paramsStructCases,
  'capability-classes': capabilityClassCases,
  builder: builderCases,
};

/** Cases for one library's dialect of the vocabulary. */
export function taskRouterCases(d: TaskRouterDialect): fc.Arbitrary<GeneratedCase> {
  const body = STYLES[d.style](d);
  const clock = fc.oneof({ weight: 4, arbitrary: fc.constant(1700000000) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }) });
  const quirk = d.optionsObjectQuirks ? fc.oneof({ weight: 14, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: optionsQuirk }) : fc.constant(undefined);
  return fc.tuple(body, clock, fc.integer({ min: 0, max: 999 }), quirk).map(([[fields, helpers], now, ms, q]) => {
    const categories = [...new Set([...fields.flatMap(([, [, c]]) => c), ...helpers.flatMap(([, c]) => c)])];
    if (helpers.length === 0) categories.push('helpers:none');
    let entries: Array<[string, JsonValue | undefined]> = [...fields.map(([k, [v]]): [string, JsonValue | undefined] => [k, v]), ['helpers', helpers.map(([h]) => h!)]];
    if (q) {
      categories.push(q[0]);
      entries = q[1](entries);
    }
    const input = obj(entries);
    return clocked(d, input, now, ms, categories);
  });
}
