/**
 * The parts of jsonwebtoken 9 `sign()` (with jws 4) that shape twilio-node's tokens: header merge,
 * key-material checks, claim and option validation, `iat`/`exp` and `iss`/`sub`, and the encoding
 * of the two segments. Behaviour measured in research/node-spec.md §1.
 */
import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import { compactHmac, type Minted } from '../../jwt/compact.ts';
import { isHmacAlgorithm } from '../../jwt/hmac.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { javascript } from '../../lang/javascript.ts';
import { LibraryError } from '../../lang/lang.ts';

/** The options twilio passes to `jwt.sign`, in the order it writes them (validation follows that order). */
export type SignOptions = Array<
  | ['header', HostMap]
  | ['algorithm', string]
  | ['issuer' | 'subject' | 'expiresIn', HostValue | undefined]
>;

const fail = (message: string): never => {
  throw new LibraryError('Error', message);
};

const isInteger = (v: HostValue | undefined): boolean => typeof v === 'number' && Number.isInteger(v);

const OPTION_CHECKS: Record<string, { ok: (v: HostValue | undefined) => boolean; message: string }> = {
  header: { ok: (v) => v instanceof Map, message: '"header" must be an object' },
  algorithm: { ok: (v) => typeof v === 'string', message: '"algorithm" must be a valid string enum value' },
  issuer: { ok: (v) => typeof v === 'string', message: '"issuer" must be a string' },
  subject: { ok: (v) => typeof v === 'string', message: '"subject" must be a string' },
  expiresIn: {
    ok: (v) => isInteger(v) || (typeof v === 'string' && v !== ''),
    message: '"expiresIn" should be a number of seconds or string representing a timespan',
  },
};

const UNIT_MS: Record<string, number> = {
  y: 31557600000, d: 86400000, w: 604800000, h: 3600000, m: 60000, s: 1000, ms: 1,
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

/** What `createPrivateKey` then `createSecretKey` make of the secret, as jsonwebtoken tries them. */
function keyMaterial(secret: HostValue): KeyObject {
  // A string that is not PEM cannot parse as a private key; skip the throwaway exception.
  if (typeof secret === 'string' && !secret.includes('-----BEGIN')) return createSecretKey(Buffer.from(secret, 'utf8'));
  const js = typeof secret === 'string' ? secret : JSON.parse(javascript.stringify(secret));
  try {
    return createPrivateKey(js);
  } catch {
    try {
      return createSecretKey(typeof js === 'string' ? Buffer.from(js) : js);
    } catch {
      return fail('secretOrPrivateKey is not valid key material');
    }
  }
}

/**
 * `jwt.sign(payload, secret, options)` for an object payload with an HMAC algorithm, at clock
 * `clockMs`. Throws the errors jsonwebtoken throws, with its messages.
 */
export function jsonwebtokenSign(payload: HostMap, secret: HostValue | undefined, options: SignOptions, clockMs: number): Minted {
  const opt = new Map<string, HostValue | undefined>(options);
  const alg = (opt.get('algorithm') as string | undefined) || 'HS256';
  // Object.assign({alg, typ, kid: undefined}, options.header): existing keys keep their place.
  const header: HostMap = new Map<string, HostValue>([
    ['alg', alg],
    ['typ', 'JWT'],
  ]);
  for (const [k, v] of (opt.get('header') as HostMap | undefined) ?? []) header.set(k, v);

  if (!javascript.truthy(secret)) fail('secretOrPrivateKey must have a value');
  const key = keyMaterial(secret!);
  if (alg.startsWith('HS') && key.type !== 'secret') fail(`secretOrPrivateKey must be a symmetric key when using ${alg}`);
  if (!isHmacAlgorithm(alg)) throw new TypeError(`jsonwebtokenSign only signs HMAC tokens, not ${alg}`);

  for (const claim of payload.keys()) {
    if ((claim === 'iat' || claim === 'exp' || claim === 'nbf') && typeof payload.get(claim) !== 'number') {
      fail(`"${claim}" should be a number of seconds`);
    }
  }
  const claims: HostMap = new Map(payload);
  for (const [name, value] of options) {
    const check = OPTION_CHECKS[name];
    if (!check.ok(value)) fail(check.message);
  }

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
  for (const [option, claim] of [['issuer', 'iss'], ['subject', 'sub']] as const) {
    const v = opt.get(option);
    if (v !== undefined) claims.set(claim, v);
  }

  // jws encodes the header string as latin1 ('binary') and the payload as UTF-8.
  const headerBytes = Buffer.from(javascript.stringify(header), 'latin1');
  const payloadBytes = Buffer.from(javascript.stringify(claims), 'utf8');
  return compactHmac(alg, key.export(), headerBytes, payloadBytes);
}
