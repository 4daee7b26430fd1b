/**
 * What each library's AccessToken looks like, stated as relations a token must satisfy rather than
 * as bytes: key orders, the ttl and nbf rules, what happens to the identity. Written from the
 * measured specs (research/*-spec.md), independently of the reference's code, so that a property
 * failure on the reference is a real disagreement and not the reference agreeing with itself.
 */
import type { ProfileName } from '../runner/vectors.ts';

/** An input value as the properties see it: already read as plain JSON. */
export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

export interface AccessTokenSpec {
  /** Header keys in order; `twr` appears where `region` says. */
  headerOrder(region: Plain | undefined): string[];
  /** Payload keys in order, given which optional claims are present. */
  payloadOrder(present: { nbf: boolean; sub: boolean }): string[];
  /**
   * `exp` minus the clock for a plain integer ttl (absent = undefined), or undefined when the
   * library rejects that ttl or the relation is not a plain sum.
   */
  expOffset(ttl: Plain | undefined): number | undefined;
  /** The nbf claim: `'now'`, a value, or `'absent'`. */
  nbf(nbf: Plain | undefined, hasKey: boolean): 'now' | 'absent' | { value: Plain };
  /** The identity claim for an identity input, or `'absent'`. */
  identity(identity: Plain | undefined): { value: Plain } | 'absent';
  /** Whether the token has an `iat` claim. */
  hasIat: boolean;
  /**
   * Whether a header with this region is still UTF-8. twilio-node's jws writes the header latin1,
   * so a non-ASCII region gives header bytes that no standard verifier (jose included) will parse.
   */
  headerIsUtf8(region: Plain | undefined): boolean;
}

const isInt = (v: Plain | undefined): v is number => typeof v === 'number' && Number.isInteger(v);
const truthyJs = (v: Plain | undefined): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || Number.isNaN(v));
const truthyPy = (v: Plain | undefined): boolean =>
  !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
const truthyRb = (v: Plain | undefined): boolean => !(v === undefined || v === null || v === false);

export const ACCESS_TOKEN_SPEC: Record<ProfileName, AccessTokenSpec> = {
  node: {
    headerOrder: (region) => ['alg', 'typ', 'cty', ...(typeof region === 'string' && region !== '' ? ['twr'] : [])],
    payloadOrder: ({ nbf }) => ['jti', 'grants', ...(nbf ? ['nbf'] : []), 'iat', 'exp', 'iss', 'sub'],
    // options.ttl || 3600, then jsonwebtoken's expiresIn for integers.
    expOffset: (ttl) => (!truthyJs(ttl) ? 3600 : isInt(ttl) ? ttl : undefined),
    nbf: (nbf) => (typeof nbf === 'number' ? { value: nbf } : 'absent'),
    identity: (id) => (typeof id === 'string' ? { value: id } : isInt(id) ? { value: String(id) } : 'absent'),
    hasIat: true,
    headerIsUtf8: (region) => typeof region !== 'string' || /^[\x00-\x7f]*$/.test(region),
  },
  python: {
    headerOrder: (region) => ['alg', 'cty', ...(typeof region === 'string' && region !== '' ? ['twr'] : []), 'typ'],
    payloadOrder: ({ nbf, sub }) => ['jti', 'grants', 'iss', 'exp', ...(nbf ? ['nbf'] : []), ...(sub ? ['sub'] : [])],
    expOffset: (ttl) => (ttl === undefined ? 3600 : isInt(ttl) ? ttl : undefined),
    nbf: (nbf, hasKey) => (!hasKey ? 'now' : nbf === null ? 'absent' : { value: nbf! }),
    identity: (id) => (truthyPy(id) ? { value: id! } : 'absent'),
    hasIat: false,
    headerIsUtf8: () => true,
  },
  ruby: {
    headerOrder: () => ['cty', 'twr', 'typ', 'alg'],
    payloadOrder: ({ sub }) => ['jti', 'grants', 'iss', 'nbf', 'exp', ...(sub ? ['sub'] : [])],
    expOffset: (ttl) => (ttl === undefined ? 3600 : isInt(ttl) ? ttl : undefined),
    nbf: (nbf) => (truthyRb(nbf) ? { value: nbf! } : 'now'),
    identity: (id) => (truthyRb(id) ? { value: id! } : 'absent'),
    hasIat: false,
    headerIsUtf8: () => true,
  },
};

/** The payload key of each grant type, the same in every library. */
export const GRANT_KEYS: Record<string, string> = {
  voice: 'voice', video: 'video', chat: 'chat', sync: 'data_sync', task_router: 'task_router', playback: 'player',
};
