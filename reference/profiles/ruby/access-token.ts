/** twilio-ruby 7.11.1 `AccessToken` (research/ruby-spec.md §2). */
import { GRANTS } from '../../access-token/grants.ts';
import type { AccessTokenArgs } from '../../access-token/input.ts';
import type { AccessTokenRules } from '../../access-token/rules.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { ruby } from '../../lang/ruby.ts';
import { checkRubySecret, rubyJwtToJwt } from './ruby-jwt.ts';

// Writers that take effect because they share instance variables with BaseJWT.
const EFFECTIVE_WRITERS = ['identity', 'nbf', 'ttl', 'validUntil', 'region'];
// Writers that exist but change nothing in the token (BaseJWT reads other variables).
const INERT_WRITERS = ['accountSid', 'secret', 'signingKeyId'];

export const rubyAccessToken: AccessTokenRules = {
  vocabulary: {
    keys: ['accountSid', 'keySid', 'secret', 'identity', 'ttl', 'nbf', 'region', 'algorithm', 'validUntil', 'grantsVia', 'constructorGrants', 'setAfter', 'extraToJwtCalls'],
    grantKeys: [],
    rawGrants: false,
  },
  validate({ values: v, grants }) {
    for (const g of grants) {
      if (g.type !== 'raw' && [...g.options.keys()].some((k) => !GRANTS[g.type].options.includes(k))) {
        // Ruby would raise NoMethodError quoting the grant object's address: not reproducible.
        throw new UnsupportedInput(`an option that the ${g.type} grant has no writer for`);
      }
    }
    // Positional arguments stop at the first absent one; grants go 4th when passed to the constructor.
    const positional = ['accountSid', 'keySid', 'secret'];
    let given = 0;
    while (given < positional.length && v.has(positional[given])) given++;
    if (given === 3 && (v.get('grantsVia') === 'constructor' || v.get('grantsVia') === 'mixed')) given = 4;
    if (given < 3) throw new LibraryError('ArgumentError', `wrong number of arguments (given ${given}, expected 3..4)`);
    if (v.has('algorithm')) throw new LibraryError('ArgumentError', 'unknown keyword: :algorithm');
    checkRubySecret(v.get('secret'));
  },
  afterConstruct(args: AccessTokenArgs) {
    const setAfter = args.values.get('setAfter');
    if (setAfter === undefined) return args;
    if (!(setAfter instanceof Map)) throw new UnsupportedInput('setAfter must be an object');
    const values = new Map(args.values);
    for (const [k, x] of setAfter) {
      if (EFFECTIVE_WRITERS.includes(k)) values.set(k, x);
      else if (!INERT_WRITERS.includes(k)) throw new UnsupportedInput(`setAfter.${k} is not an AccessToken writer`);
    }
    return { values, grants: args.grants };
  },
  identity: (v) => (ruby.truthy(v) ? v : undefined),
  identityFirst: true,
  // twilio-ruby always writes twr (null without a region) before typ and alg; nbf defaults to now.
  layout: {
    header: (region) => `{"cty":"twilio-fpa;v=1","twr":${region === undefined ? 'null' : `"${region}"`},"typ":"JWT","alg":"HS256"}`,
    payload: (c) => `{"jti":"${c.keySid}-${c.now}","grants":{"identity":"${c.identity}"${c.grants && `,${c.grants}`}},` + `"iss":"${c.keySid}","nbf":${c.nbf ?? c.now},"exp":${c.now + (c.ttl ?? 3600)},"sub":"${c.accountSid}"}`,
  },
  playback: (g) => (g === undefined ? null : g),
  region: (v) => (v === undefined ? null : v),
  sign({ header, claims }, { values: v }, clockMs) {
    return rubyJwtToJwt(
      claims,
      header,
      {
        secretKey: v.get('secret'),
        issuer: v.get('keySid'),
        subject: v.get('accountSid'),
        nbf: v.get('nbf'),
        ttl: v.has('ttl') ? v.get('ttl') : 3600n,
        validUntil: v.get('validUntil'),
      },
      clockMs,
    );
  },
};
