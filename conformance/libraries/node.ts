/**
 * twilio-node's conformance-side entry: the JavaScript dialect of the inputs (an options object,
 * a millisecond clock), the tables its properties check and the in-process adapter over the npm
 * package `twilio`.
 */
import { createRequire } from 'node:module';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { node as profile } from '../../reference/profiles/node/index.ts';
import { serveAdapter } from '../protocol/serve.ts';
import { isInt, type Plain } from '../properties/spec.ts';
import { adapterCommand } from './launch.ts';
import type { Library } from './library.ts';

/** JavaScript truthiness, over decoded JSON. */
const truthy = (v: Plain | undefined): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || Number.isNaN(v));

/**
 * Whether the npm package twilio loads from here, as the driver loads it: a development
 * dependency in a checkout; in an installed package the user's own dependency, or absent (this
 * package does not depend on it).
 */
function twilioResolves(): boolean {
  try {
    createRequire(import.meta.url).resolve('twilio');
    return true;
  } catch {
    return false;
  }
}

const clock = 'milliseconds';

export const node: Library = {
  profile,
  clock,
  dialect: {
    accessToken: { clock, algorithmChoice: true, foreignGrantOptions: true, rawGrants: false, validUntil: false, toJwtTtl: false },
    clientCapability: {
      clock,
      selfParamKey: false,
      nonObjectParams: true,
      outgoingClientName: true,
      baseJwtFields: false,
      repeatedToJwt: false,
      constructorScopes: false,
      optionsObjectQuirks: true,
      scopeListQuirks: false,
    },
    taskrouterCapability: { clock, style: 'options-object', optionsObjectQuirks: true },
    validationToken: { clock, style: 'request-object', algorithmChoice: true },
  },
  quirkKeys: ['setAfter', 'extraToJwtCalls', 'optionsAbsent', 'optionsValue', 'ttlVia', 'via', 'apiCall', 'clientCredentials'],
  properties: {
    // research/node-spec.md §1-§2: jsonwebtoken's header and payload order, `ttl || 3600`.
    accessToken: {
      headerOrder: (region) => ['alg', 'typ', 'cty', ...(typeof region === 'string' && region !== '' ? ['twr'] : [])],
      payloadOrder: ({ nbf }) => ['jti', 'grants', ...(nbf ? ['nbf'] : []), 'iat', 'exp', 'iss', 'sub'],
      // options.ttl || 3600, then jsonwebtoken's expiresIn for integers.
      expOffset: (ttl) => (!truthy(ttl) ? 3600 : isInt(ttl) ? ttl : undefined),
      nbf: (nbf) => (typeof nbf === 'number' ? { value: nbf } : 'absent'),
      identity: (id) => (typeof id === 'string' ? { value: id } : isInt(id) ? { value: String(id) } : 'absent'),
      truthy,
      // `this.grant || {}`.
      playback: (g) => (truthy(g) ? g! : {}),
      hasIat: true,
      headerIsUtf8: (region) => typeof region !== 'string' || /^[\x00-\x7f]*$/.test(region),
    },
    // querystring escaping; parameters of a JavaScript object.
    clientCapability: { unescape: (s) => decodeURIComponent(s), integerKeysFirst: true },
    // research/node-spec.md §4: Policy stores `method || "GET"` and `allow || true`.
    taskrouterCapability: { policyKeys: ['url', 'method', 'query_filter', 'post_filter', 'allow'], emptyMethod: 'GET', denyStoredAsAllow: true },
  },
  adapter: {
    name: 'twilio-node',
    runOptions: {},
    serveOptions: {},
    launch: () => (twilioResolves() ? { command: adapterCommand('twilio-node') } : { unavailable: 'the npm package twilio is not installed (run `npm install twilio`)' }),
    async serve() {
      const { runTwilioNodeCase, twilioNodeImplementation } = await import('../adapters/twilio-node/driver.ts');
      // JSON.parse semantics are exactly how a JavaScript SDK receives the input.
      serveAdapter({
        implementation: twilioNodeImplementation,
        run: (c) => runTwilioNodeCase({ id: c.id, family: c.family, now: c.now, nowMs: c.nowMs, input: toJavaScript(c.input) }),
      });
      return new Promise<number>(() => {}); // serveAdapter exits the process on stop
    },
  },
  vectorSeeds: { access_token: 101, client_capability: 11, taskrouter_capability: 21, validation_token: 31 },
  providerRecordings: { file: 'node-transcripts.json', volatileError: () => undefined },
  bench: async (fixture) => (await import('./node-bench.ts')).twilioNodeBench(fixture),
};
