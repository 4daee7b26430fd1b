/**
 * twilio-python's conformance-side entry: the Python dialect of the inputs (keyword arguments,
 * to_jwt's ttl and repeated calls, ValidationClient requests), the tables its properties check and
 * the adapter that runs under a Python interpreter that can import twilio.
 */
import { spawnSync } from 'node:child_process';
import { python as profile } from '../../reference/profiles/python/index.ts';
import { isInt, type Plain } from '../properties/spec.ts';
import { packageFile, passThrough } from './launch.ts';
import type { Library } from './library.ts';

/** Python truthiness, over decoded JSON (empty lists and dicts are false too). */
const truthy = (v: Plain | undefined): boolean =>
  !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));

const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3', '/usr/local/bin/python3', 'python'];
const ADAPTER = 'conformance/adapters/twilio-python/adapter.py';

/**
 * An interpreter that can `import twilio`. Debian's python3-twilio installs for the system Python,
 * which is often not the first `python3` on PATH (pyenv, venvs), so several are tried.
 */
export function findTwilioPython(explicit?: string): { python: string } | { error: string } {
  const candidates = explicit ? [explicit] : [...(process.env.TWILIO_PYTHON ? [process.env.TWILIO_PYTHON] : []), ...PYTHON_CANDIDATES];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import twilio.jwt'], { stdio: 'ignore', timeout: 20_000 });
    if (r.status === 0) return { python: py };
  }
  return {
    error: `no Python interpreter can import twilio (tried ${candidates.join(', ')}). ` + 'Install it with `apt-get install python3-twilio` or `pip install twilio`, or name one with --python / TWILIO_PYTHON.',
  };
}

const clock = 'seconds';

export const python: Library = {
  profile,
  clock,
  dialect: {
    accessToken: { clock, algorithmChoice: false, foreignGrantOptions: true, rawGrants: true, validUntil: true, toJwtTtl: true },
    clientCapability: {
      clock,
      selfParamKey: true,
      nonObjectParams: false,
      outgoingClientName: false,
      baseJwtFields: true,
      repeatedToJwt: true,
      constructorScopes: true,
      optionsObjectQuirks: false,
      scopeListQuirks: false,
    },
    taskrouterCapability: { clock, style: 'flavoured', optionsObjectQuirks: false },
    validationToken: { clock, style: 'http-client', algorithmChoice: false },
    jwt: { style: 'base-class' },
  },
  quirkKeys: ['setAfter', 'extraToJwtCalls', 'grantsVia', 'constructorGrants', 'scopesVia', 'toJwtTwice', 'optionsAbsent', 'optionsValue', 'ttlVia', 'via', 'apiCall', 'clientCredentials', 'secondNow', 'reencode'],
  properties: {
    // research/python-spec.md §1-§2: PyJWT's sorted header, the base Jwt's payload; ttl as given.
    accessToken: {
      headerOrder: (region) => ['alg', 'cty', ...(typeof region === 'string' && region !== '' ? ['twr'] : []), 'typ'],
      payloadOrder: ({ nbf, sub }) => ['jti', 'grants', 'iss', 'exp', ...(nbf ? ['nbf'] : []), ...(sub ? ['sub'] : [])],
      expOffset: (ttl) => (ttl === undefined ? 3600 : isInt(ttl) ? ttl : undefined),
      nbf: (nbf, hasKey) => (!hasKey ? 'now' : nbf === null ? 'absent' : { value: nbf! }),
      identity: (id) => (truthy(id) ? { value: id! } : 'absent'),
      truthy,
      // `to_payload` returns `self.grant`, None when it was not given.
      playback: (g) => (g === undefined ? null : g),
      hasIat: false,
      headerIsUtf8: () => true,
    },
    // quote_plus escaping; parameters in insertion order.
    clientCapability: { unescape: (s) => decodeURIComponent(s.replace(/\+/g, ' ')), integerKeysFirst: false },
    // research/python-spec.md §5.
    taskrouterCapability: { policyKeys: ['url', 'method', 'allow', 'query_filter', 'post_filter'], denyStoredAsAllow: false },
  },
  adapter: {
    name: 'twilio-python',
    runOptions: { python: 'PATH' },
    serveOptions: { python: 'PATH', lib: 'DIR' },
    launch(opts) {
      const py = findTwilioPython(opts.python);
      return 'python' in py ? { command: [py.python, packageFile(ADAPTER)] } : { unavailable: py.error };
    },
    async serve(opts) {
      const py = findTwilioPython(opts.python);
      if ('error' in py) {
        process.stderr.write(`${py.error}\n`);
        return 3;
      }
      return passThrough([py.python, packageFile(ADAPTER), ...(opts.lib ? ['--lib', opts.lib] : [])]);
    },
  },
  vectorSeeds: { access_token: 202, client_capability: 12, taskrouter_capability: 22, validation_token: 32, jwt: 41 },
  providerRecordings: {
    file: 'python-transcripts.json',
    // Recorded through the recording proxy; a direct connection raises the parent class.
    volatileError: (type) => (type === 'requests.exceptions.ProxyError' ? { errorTypes: ['requests.exceptions.ProxyError', 'requests.exceptions.ConnectionError'], messageVolatile: true } : undefined),
  },
  bench: async () => (await import('./python-bench.ts')).twilioPythonBench(() => findTwilioPython()),
};
