/**
 * The parts of jsonwebtoken 9 `sign()` (with jws 4) that shape twilio-node's tokens: header merge,
 * key-material checks, claim and option validation, `iat`/`exp` and `iss`/`sub`, and the encoding
 * of the two segments. Behaviour measured in research/node-spec.md §1.
 */
import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import { isAsymmetricAlgorithm } from '../../jwt/asymmetric.ts';
import { privateKeyFromPem } from '../../jwt/asymmetric.ts';
import { compactAsymmetric, compactHmac, compactUnsigned, type Minted } from '../../jwt/compact.ts';
import { isHmacAlgorithm } from '../../jwt/hmac.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { javascript } from '../../lang/javascript.ts';
import { LibraryError } from '../../lang/lang.ts';

/** The options twilio passes to `jwt.sign`, in the order it writes them (validation follows that order). */
export type SignOptions = Array<['header', HostMap] | ['algorithm', string] | ['issuer' | 'subject' | 'expiresIn', HostValue | undefined]>;

const fail = (message: string): never => {
  throw new LibraryError('Error', message);
};

const isInteger = (v: HostValue | undefined): boolean => typeof v === 'number' && Number.isInteger(v);

// jsonwebtoken 9's SUPPORTED_ALGS (PS* are supported on every Node it runs on).
const SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'none'];

// lib/validateAsymmetricKey.js: which algorithms each key type may sign, and the curve ES* needs.
const ALGS_FOR_KEY_TYPE: Record<string, string[]> = {
  ec: ['ES256', 'ES384', 'ES512'],
  rsa: ['RS256', 'PS256', 'RS384', 'PS384', 'RS512', 'PS512'],
  'rsa-pss': ['PS256', 'PS384', 'PS512'],
};
const CURVE_FOR_ALG: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

function validateAsymmetricKey(alg: string, key: KeyObject | StringSecret | undefined): void {
  if (!alg || !key?.asymmetricKeyType) return;
  const type = key.asymmetricKeyType;
  const allowed = ALGS_FOR_KEY_TYPE[type];
  if (!allowed) fail(`Unknown key type "${type}".`);
  if (!allowed.includes(alg)) fail(`"alg" parameter for "${type}" key type must be one of: ${allowed.join(', ')}.`);
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec' && details.namedCurve !== CURVE_FOR_ALG[alg]) fail(`"alg" parameter "${alg}" requires curve "${CURVE_FOR_ALG[alg]}".`);
  if (type === 'rsa-pss') {
    const bits = parseInt(alg.slice(-3), 10);
    if (details.hashAlgorithm !== `sha${bits}` || details.mgf1HashAlgorithm !== details.hashAlgorithm) {
      fail(`Invalid key for this operation, its RSA-PSS parameters do not meet the requirements of "alg" ${alg}.`);
    }
    if (details.saltLength !== undefined && details.saltLength > bits >> 3) {
      fail(`Invalid key for this operation, its RSA-PSS parameter saltLength does not meet the requirements of "alg" ${alg}.`);
    }
  }
}

/** What V8 says when `header.alg.startsWith(...)` runs on a value that is not a string. */
function startsWithTypeError(alg: HostValue): never {
  throw new LibraryError('TypeError', alg === null ? "Cannot read properties of null (reading 'startsWith')" : 'header.alg.startsWith is not a function');
}

const OPTION_CHECKS: Record<string, { ok: (v: HostValue | undefined) => boolean; message: string }> = {
  header: { ok: (v) => v instanceof Map, message: '"header" must be an object' },
  algorithm: { ok: (v) => typeof v === 'string' && SUPPORTED_ALGS.includes(v), message: '"algorithm" must be a valid string enum value' },
  issuer: { ok: (v) => typeof v === 'string', message: '"issuer" must be a string' },
  subject: { ok: (v) => typeof v === 'string', message: '"subject" must be a string' },
  expiresIn: {
    ok: (v) => isInteger(v) || (typeof v === 'string' && v !== ''),
    message: '"expiresIn" should be a number of seconds or string representing a timespan',
  },
};

const UNIT_MS: Record<string, number> = {
  y: 31557600000,
  d: 86400000,
  w: 604800000,
  h: 3600000,
  m: 60000,
  s: 1000,
  ms: 1,
};
// Unit spellings accepted by the `ms` package, each mapped to its canonical unit.
const UNIT_ALIASES: Array<[RegExp, string]> = [
  [/^(?:years?|yrs?|y)$/, 'y'],
  [/^(?:weeks?|w)$/, 'w'],
  [/^(?:days?|d)$/, 'd'],
  [/^(?:hours?|hrs?|h)$/, 'h'],
  [/^(?:minutes?|mins?|m)$/, 'm'],
  [/^(?:seconds?|secs?|s)$/, 's'],
  [/^(?:milliseconds?|msecs?|ms)$/, 'ms'],
];

/** The `ms` package's reading of a timespan string, in milliseconds (undefined when unreadable). */
export function msTimespan(s: string): number | undefined {
  if (s.length > 100) return undefined;
  const m = /^(-?(?:\d+)?\.?\d+) *([a-z]+)?$/i.exec(s);
  if (!m) return undefined;
  const unitText = (m[2] ?? 'ms').toLowerCase();
  const alias = UNIT_ALIASES.find(([re]) => re.test(unitText));
  if (!alias) return undefined;
  return parseFloat(m[1]) * UNIT_MS[alias[1]];
}

/** jsonwebtoken's `timespan()`: `exp` from `expiresIn` relative to `iat`. */
function timespan(time: HostValue | undefined, iat: number): number | undefined {
  if (typeof time === 'string') {
    const ms = msTimespan(time);
    return ms === undefined ? undefined : Math.floor(iat + ms / 1000);
  }
  return typeof time === 'number' ? iat + time : undefined;
}

/** A plain string secret: what `createSecretKey(Buffer.from(secret))` would hold, without making it. */
interface StringSecret {
  readonly type: 'secret';
  readonly asymmetricKeyDetails?: undefined;
  readonly asymmetricKeyType?: undefined;
  readonly secret: string;
}

/** What `createPrivateKey` then `createSecretKey` make of the secret, as jsonwebtoken tries them. */
function keyMaterial(secret: HostValue): KeyObject | StringSecret {
  // A string that is not PEM cannot parse as a private key, so it is a secret key of its UTF-8
  // bytes; the signer caches one KeyObject per secret instead of making one per token.
  if (typeof secret === 'string' && !secret.includes('-----BEGIN')) return { type: 'secret', secret };
  const js = typeof secret === 'string' ? secret : JSON.parse(javascript.stringify(secret));
  try {
    return typeof js === 'string' ? privateKeyFromPem(js) : createPrivateKey(js);
  } catch {
    try {
      return createSecretKey(typeof js === 'string' ? Buffer.from(js) : js);
    } catch {
      return fail('secretOrPrivateKey is not valid key material');
    }
  }
}

/**
 * `jwt.sign(payload, secret, options)` for an object payload, at clock `clockMs`: HMAC, RSA
 * (RS*, PS*), ECDSA (ES*) or `none`. Throws the errors jsonwebtoken throws, with its messages.
 */
export function jsonwebtokenSign(payload: HostMap, secret: HostValue | undefined, options: SignOptions, clockMs: number): Minted {
  const opt = new Map<string, HostValue | undefined>(options);
  const algorithmOption = opt.get('algorithm');
  // Object.assign({alg, typ, kid: options.keyid}, options.header): existing keys keep their place
  // (so a `kid` from options.header lands before `cty`), and JSON.stringify drops an undefined kid.
  const merged = new Map<string, HostValue | undefined>([
    ['alg', javascript.truthy(algorithmOption) ? algorithmOption : 'HS256'],
    ['typ', 'JWT'],
    ['kid', undefined],
  ]);
  for (const [k, v] of (opt.get('header') as HostMap | undefined) ?? []) merged.set(k, v);
  const header: HostMap = new Map([...merged].filter((e): e is [string, HostValue] => e[1] !== undefined));
  const algValue = header.get('alg')!;

  if (!javascript.truthy(secret) && algorithmOption !== 'none') fail('secretOrPrivateKey must have a value');
  const key = secret === undefined || secret === null ? undefined : keyMaterial(secret);
  if (typeof algValue !== 'string') startsWithTypeError(algValue);
  const alg = algValue as string;
  if (alg.startsWith('HS') && key?.type !== 'secret') {
    if (!key) throw new LibraryError('TypeError', "Cannot read properties of null (reading 'type')");
    fail(`secretOrPrivateKey must be a symmetric key when using ${alg}`);
  } else if (/^(?:RS|PS|ES)/.test(alg)) {
    if (key?.type !== 'private') fail(`secretOrPrivateKey must be an asymmetric key when using ${alg}`);
    const modulus = key!.asymmetricKeyDetails?.modulusLength;
    if (!alg.startsWith('ES') && modulus !== undefined && modulus < 2048) {
      fail(`secretOrPrivateKey has a minimum key size of 2048 bits for ${alg}`);
    }
  }

  for (const claim of payload.keys()) {
    if ((claim === 'iat' || claim === 'exp' || claim === 'nbf') && typeof payload.get(claim) !== 'number') {
      fail(`"${claim}" should be a number of seconds`);
    }
  }
  const claims: HostMap = new Map(payload);
  if (payload.has('exp') && opt.get('expiresIn') !== undefined) fail('Bad "options.expiresIn" option the payload already has an "exp" property.');
  for (const [name, value] of options) {
    const check = OPTION_CHECKS[name];
    if (!check.ok(value)) fail(check.message);
  }
  validateAsymmetricKey(alg, key);

  const iatClaim = claims.get('iat');
  const iat = (javascript.truthy(iatClaim) ? iatClaim : Math.floor(clockMs / 1000)) as number;
  claims.set('iat', iat);
  if (opt.has('expiresIn') && opt.get('expiresIn') !== undefined) {
    const exp = timespan(opt.get('expiresIn'), iat);
    if (exp === undefined) {
      fail('"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60');
    }
    claims.set('exp', exp!);
  }
  for (const [option, claim] of [
    ['issuer', 'iss'],
    ['subject', 'sub'],
  ] as const) {
    const v = opt.get(option);
    if (v !== undefined) claims.set(claim, v);
  }

  // jws encodes the header string as latin1 ('binary') and the payload as UTF-8.
  const headerBytes = Buffer.from(javascript.stringify(header), 'latin1');
  const payloadBytes = Buffer.from(javascript.stringify(claims), 'utf8');
  if (isHmacAlgorithm(alg)) return compactHmac(alg, 'secret' in key! ? key.secret : key!.export(), headerBytes, payloadBytes);
  if (isAsymmetricAlgorithm(alg)) return compactAsymmetric(alg, key as KeyObject, headerBytes, payloadBytes);
  if (alg === 'none') return compactUnsigned(headerBytes, payloadBytes);
  // jwa refuses any other name when jws asks it for a signer.
  throw new LibraryError('TypeError', `"${alg}" is not a valid algorithm.\n  Supported algorithms are:\n  "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" and "none".`);
}
