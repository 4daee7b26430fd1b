/**
 * twilio-php's conformance-side entry: the PHP dialect of the inputs (named constructor
 * arguments, `addClaim`, a grant's setters, `toJWT(algorithm)`; the static `JWT::encode` and
 * `JWT::decode`), a seconds clock (`time()`), and the tables its AccessToken properties check,
 * written from research/php-spec.md; ClientToken's scopes (`allowClient*` / `allowEventStream` with
 * arrays, `addClaim`) and the TaskRouter capability classes (`flavor`, argument-less helpers,
 * `allow` / `deny` / `addPolicyDeconstructed` with `policyCalls`, `extraAttributes`) with the
 * tables their properties check. credential_provider cases run twilio-php's own providers against
 * the runner's loopback server (the adapter's credential_provider.php; php-curl needed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { php as profile } from '../../reference/profiles/php/index.ts';
import type { AccessTokenSpec, Plain } from '../properties/spec.ts';
import { packageFile, passThrough } from './launch.ts';
import type { Library } from './library.ts';

// ---------------------------------------------------------------------------------------------
// PHP's conversions, as the properties need them (research/php-spec.md, "Coercive typing")

const INT64 = 2n ** 63n;
const TWO_63 = 2 ** 63;

/** `%.14G`, PHP's `(string)` of a float under `precision=14`: `0.1`, `1.5`, `1.0E+20`, `1.0E-5`. */
function g14(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exp] = Math.abs(x).toExponential(13).split('e');
  // toExponential rounds to 14 significant digits, carrying into the exponent where it must.
  const d = mantissa.replace('.', '').replace(/0+$/, '');
  const e = Number(exp);
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 14) return `${sign}${d[0]}.${d.slice(1) || '0'}E${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${d}`;
  const int = d.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = d.slice(e + 1);
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/** A number as PHP holds it after json_decode: an int (exact, from integer text within 64 bits) or a float. */
function phpNumber(v: number, raw: JsonValue | undefined): { int: bigint } | { float: number } {
  if (raw instanceof JsonNumber) {
    if (/^-?\d+$/.test(raw.text)) {
      const n = BigInt(raw.text);
      return n >= -INT64 && n < INT64 ? { int: n } : { float: Number(raw.text) };
    }
    return { float: Number(raw.text) };
  }
  return Number.isSafeInteger(v) ? { int: BigInt(v) } : { float: v };
}

/** `(string)` for a `string` parameter: undefined where PHP refuses the value (null, arrays). */
function phpString(v: Plain | undefined, raw?: JsonValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '1' : '';
  if (typeof v === 'number') {
    const n = phpNumber(v, raw);
    return 'int' in n ? n.int.toString() : g14(n.float);
  }
  return undefined;
}

/** PHP 8's numeric strings: optional surrounding whitespace, a sign, digits with a fraction and exponent. */
const NUMERIC = /^[ \t\n\r\v\f]*([+-]?(?:\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)[ \t\n\r\v\f]*$/;

/** What an `int` parameter receives (ttl, nbf): undefined where PHP raises a TypeError. */
function phpInt(v: Plain | undefined, raw?: JsonValue): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  let d: number;
  if (typeof v === 'number') {
    const n = phpNumber(v, raw);
    if ('int' in n) return Number(n.int);
    d = n.float;
  } else if (typeof v === 'string') {
    const m = NUMERIC.exec(v);
    if (!m) return undefined;
    d = Number(m[1]);
    // An integer string within range is an int; anything else is read as a float.
    if (!m[2] && !m[3] && Number.isSafeInteger(d)) return d;
  } else return undefined;
  // A float fits when -2^63 <= d < 2^63; its fraction is cut (with a deprecation).
  return Number.isFinite(d) && d >= -TWO_63 && d < TWO_63 ? Math.trunc(d) : undefined;
}

/** PHP's truthiness of what a grant object or the token holds. */
function truthy(v: Plain | undefined): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'string') return v !== '' && v !== '0';
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v !== 'object' || Object.keys(v).length > 0;
}

/** A canonical decimal int key of a PHP array (`"5"`, `"-1"`; not `"05"`, `"-0"`). */
function isIntKey(k: string): boolean {
  if (!/^(?:0|-?[1-9]\d*)$/.test(k)) return false;
  const n = BigInt(k);
  return n >= -INT64 && n < INT64;
}

/**
 * An array argument as json_decode made it and json_encode writes it back: objects whose keys are
 * 0..n-1 in order are lists, `{}` is `[]`, the last of duplicate keys wins in the first one's place.
 */
function phpArrayShape(raw: JsonValue): Plain {
  if (Array.isArray(raw)) return raw.map(phpArrayShape);
  if (raw instanceof JsonObject) {
    const m = new Map<string, Plain>();
    for (const [k, x] of raw.entries) m.set(k, phpArrayShape(x));
    const keys = [...m.keys()];
    if (keys.every((k, i) => k === String(i))) return [...m.values()];
    return Object.fromEntries(m);
  }
  if (raw instanceof JsonNumber) return Number(raw.text);
  return raw;
}

/** The custom claims' names as the payload's first keys: PHP array keys, int ones renumbered by array_merge. */
function customClaimKeys(input: Record<string, Plain> | undefined): string[] {
  const pairs = Array.isArray(input?.claims) ? input.claims : [];
  const keys: string[] = [];
  for (const pair of pairs) {
    const name = Array.isArray(pair) ? phpString(pair[0]) : undefined;
    if (name !== undefined && !keys.includes(name)) keys.push(name);
  }
  let next = 0;
  return keys.map((k) => (isIntKey(k) ? String(next++) : k));
}

/** The last value added under the custom claim `nbf`, as addClaim stores it. */
function customNbf(input: Record<string, Plain> | undefined): string | undefined {
  const pairs = Array.isArray(input?.claims) ? input.claims : [];
  let value: string | undefined;
  for (const pair of pairs) if (Array.isArray(pair) && pair[0] === 'nbf') value = phpString(pair[1]);
  return value;
}

/** research/php-spec.md "AccessToken": typ-first header, custom claims first, nbf only from setNbf, no iat. */
const accessToken: AccessTokenSpec = {
  headerOrder: (region) => ['typ', 'alg', 'cty', ...(truthy(phpString(region)) ? ['twr'] : [])],
  payloadOrder: ({ nbf }, input) => {
    const custom = customClaimKeys(input);
    const keys = [...custom, ...['jti', 'iss', 'sub', 'exp', 'grants'].filter((k) => !custom.includes(k))];
    return nbf && !keys.includes('nbf') ? [...keys, 'nbf'] : keys;
  },
  // exp = now + (int)ttl; a ttl PHP refuses makes no token.
  expOffset: (ttl) => (ttl === undefined ? 3600 : phpInt(ttl)),
  nbf: (nbf, hasKey, input) => {
    if (hasKey) {
      const n = phpInt(nbf);
      return n === undefined ? 'absent' : { value: n };
    }
    // Without setNbf, a custom claim of that name is all there is.
    const custom = customNbf(input);
    return custom === undefined ? 'absent' : { value: custom };
  },
  identity: (id, raw) => {
    const s = phpString(id, raw);
    return truthy(s) ? { value: s! } : 'absent';
  },
  grantOption: (option, value, raw) => {
    if (option === 'incomingAllow') return truthy(phpString(value, raw));
    if (option === 'outgoingApplicationParams' || option === 'grant') return raw === undefined ? value : phpArrayShape(raw);
    return phpString(value, raw) ?? value;
  },
  grantFields: {
    // SyncGrant has chat's four fields in twilio-php.
    sync: [
      ['serviceSid', 'service_sid'],
      ['endpointId', 'endpoint_id'],
      ['deploymentRoleSid', 'deployment_role_sid'],
      ['pushCredentialSid', 'push_credential_sid'],
    ],
  },
  truthy,
  // `$this->grant` when truthy, else an empty payload, written `{}`.
  playback: (g) => (truthy(g) ? g! : {}),
  hasIat: false,
  // json_encode escapes every non-ASCII character: the header is always ASCII.
  headerIsUtf8: () => true,
};

const clock = 'seconds';

const ADAPTER = 'conformance/adapters/twilio-php/adapter.php';

const PHP_HINT =
  'Install PHP with `apt-get install php-cli php-mbstring php-uopz` (and php-curl for credential_provider) and export the src folder of a twilio-php checkout ' +
  '(`git archive HEAD src | tar -x -C DIR`), then pass --php-src DIR/src (adapter twilio-php --src DIR/src) or set TWILIO_PHP_SRC.';

/**
 * twilio-php's src folder (given, or `TWILIO_PHP_SRC`) with a php that has mbstring and uopz (which
 * freezes the global `time()` twilio-php reads), or why it cannot run here. twilio-php is not in any
 * registry the project uses: it runs from an exported checkout.
 */
export function findTwilioPhp(src?: string): { src: string } | { error: string } {
  const probe = spawnSync('php', ['-r', 'echo json_encode([extension_loaded("mbstring"), extension_loaded("uopz"), PHP_VERSION_ID, PHP_VERSION]);'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) return { error: `php is not available. ${PHP_HINT}` };
  let loaded: unknown;
  try {
    loaded = JSON.parse(probe.stdout);
  } catch {
    loaded = undefined;
  }
  const [mbstring, uopz, versionId, version] = Array.isArray(loaded) ? loaded : [false, false, 0, 'unknown'];
  // The adapter passes named arguments and uses PHP 8.1's array_is_list and readonly properties.
  if (typeof versionId !== 'number' || versionId < 80100) return { error: `php ${String(version)} is older than the 8.1 the adapter needs. ${PHP_HINT}` };
  if (mbstring !== true) return { error: `php has no mbstring extension (php-mbstring). ${PHP_HINT}` };
  if (uopz !== true) return { error: `php has no uopz extension (php-uopz), which freezes the time() twilio-php reads. ${PHP_HINT}` };
  const dir = src ?? process.env.TWILIO_PHP_SRC;
  if (!dir) return { error: `no twilio-php src folder given. ${PHP_HINT}` };
  if (!existsSync(join(dir, 'Twilio', 'Jwt', 'AccessToken.php'))) return { error: `${dir} is not a twilio-php src folder. ${PHP_HINT}` };
  return { src: dir };
}

export const php: Library = {
  profile,
  clock,
  dialect: {
    accessToken: { clock, algorithmChoice: true, foreignGrantOptions: true, rawGrants: true, validUntil: false, toJwtTtl: false, customClaims: true },
    // allow* take arrays (anything else is a TypeError); an outgoing scope has no client name of its own.
    clientCapability: {
      clock,
      selfParamKey: false,
      nonObjectParams: true,
      outgoingClientName: false,
      baseJwtFields: false,
      repeatedToJwt: false,
      constructorScopes: false,
      optionsObjectQuirks: false,
      scopeListQuirks: false,
      customClaims: true,
    },
    taskrouterCapability: {
      clock,
      style: 'capability-classes',
      optionsObjectQuirks: false,
      classHelpers: {
        common: ['allowFetchSubresources', 'allowUpdates', 'allowUpdatesSubresources', 'allowDelete', 'allowDeleteSubresources'],
        worker: ['allowActivityUpdates', 'allowReservationUpdates'],
      },
    },
    jwt: { style: 'static-codec' },
  },
  // The oracle README's php inputs: writes after construction and extra toJWT calls.
  quirkKeys: ['setAfter', 'extraToJwtCalls'],
  properties: {
    accessToken,
    // urlencode (RFC 1738: `+` for space); parameters in insertion order; appParams encoded twice.
    clientCapability: { unescape: (v) => decodeURIComponent(v.replace(/\+/g, ' ')), integerKeysFirst: false },
    // Policy::toArray: url, method, allow, then each filter that is not null (the constructor's defaults have none).
    taskrouterCapability: {
      policyKeys: ['url', 'method', 'allow', 'query_filter', 'post_filter'],
      optionalPolicyKeys: ['query_filter', 'post_filter'],
      denyStoredAsAllow: false,
      positionalPolicyCalls: ['allow', 'deny', 'addPolicyDeconstructed'],
    },
  },
  adapter: {
    name: 'twilio-php',
    runOptions: { 'php-src': 'DIR' },
    serveOptions: { src: 'DIR' },
    launch(opts) {
      const found = findTwilioPhp(opts['php-src']);
      return 'src' in found ? { command: ['php', packageFile(ADAPTER), '--src', found.src] } : { unavailable: found.error };
    },
    async serve(opts) {
      const found = findTwilioPhp(opts.src);
      if ('error' in found) {
        process.stderr.write(`${found.error}\n`);
        return 3;
      }
      return passThrough(['php', packageFile(ADAPTER), '--src', found.src]);
    },
  },
  vectorSeeds: { access_token: 404, client_capability: 14, taskrouter_capability: 24, jwt: 44 },
};
