/** twilio-node 6.2.0 `AccessToken` (research/node-spec.md §2). */
import type { AccessTokenArgs } from '../../access-token/input.ts';
import type { AccessTokenRules } from '../../access-token/rules.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { javascript } from '../../lang/javascript.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { jsonwebtokenSign } from './jsonwebtoken.ts';

const ALGORITHMS = ['HS256', 'HS384', 'HS512'];
// Public properties of the AccessToken object that a caller can reassign before toJwt().
const WRITABLE = ['accountSid', 'keySid', 'secret', 'ttl', 'identity', 'nbf', 'region'];

const required = (message: string): never => {
  throw new LibraryError('Error', message);
};

export const nodeAccessToken: AccessTokenRules = {
  vocabulary: {
    keys: ['accountSid', 'keySid', 'secret', 'identity', 'ttl', 'nbf', 'region', 'algorithm', 'optionsAbsent', 'setAfter'],
    grantKeys: ['setAfter'],
    rawGrants: false,
  },
  validate({ values: v }) {
    const t = javascript.truthy;
    if (!t(v.get('accountSid'))) required('accountSid is required');
    if (!t(v.get('keySid'))) required('keySid is required');
    if (!t(v.get('secret'))) required('secret is required');
    if (v.get('optionsAbsent') === true || !t(v.get('identity'))) required('identity is required to be specified in options');
  },
  afterConstruct(args: AccessTokenArgs) {
    const values = new Map(args.values);
    // The constructor stores `options.ttl || 3600`; writes made afterwards are stored as given.
    if (!javascript.truthy(values.get('ttl'))) values.set('ttl', 3600);
    const setAfter = values.get('setAfter');
    if (setAfter instanceof Map) {
      for (const [k, x] of setAfter) {
        if (!WRITABLE.includes(k)) throw new UnsupportedInput(`setAfter.${k} is not an AccessToken property`);
        values.set(k, x);
      }
    } else if (setAfter !== undefined) throw new UnsupportedInput('setAfter must be an object');
    return { values, grants: args.grants };
  },
  identity: (v) => (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? javascript.str(v) : undefined),
  identityFirst: true,
  // jsonwebtoken: {alg, typ} merged with twilio's header; payload claims, then iat, exp, iss, sub.
  layout: {
    header: (region) => `{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"${region === undefined ? '' : `,"twr":"${region}"`}}`,
    payload: (c) =>
      `{"jti":"${c.keySid}-${c.now}","grants":{"identity":"${c.identity}"${c.grants && `,${c.grants}`}},` +
      `${c.nbf === undefined ? '' : `"nbf":${c.nbf},`}"iat":${c.now},"exp":${c.now + (c.ttl ?? 3600)},"iss":"${c.keySid}","sub":"${c.accountSid}"}`,
  },
  playback: (g) => (javascript.truthy(g) ? g! : new Map()),
  region: (v) => (typeof v === 'string' && v !== '' ? v : undefined),
  sign({ header, claims }, { values: v }, clockMs) {
    const requested = v.get('algorithm');
    const algorithm = javascript.truthy(requested) ? requested : 'HS256';
    if (typeof algorithm !== 'string' || !ALGORITHMS.includes(algorithm)) {
      throw new LibraryError('Error', `Algorithm not supported. Allowed values are ${ALGORITHMS.join(', ')}`);
    }
    const payload: HostMap = new Map(claims);
    const nbf = v.get('nbf');
    if (typeof nbf === 'number') payload.set('nbf', nbf);
    return jsonwebtokenSign(
      payload,
      v.get('secret'),
      [
        ['header', header],
        ['algorithm', algorithm],
        ['issuer', v.get('keySid')],
        ['subject', v.get('accountSid')],
        ['expiresIn', v.get('ttl') as HostValue],
      ],
      clockMs,
    );
  },
};
