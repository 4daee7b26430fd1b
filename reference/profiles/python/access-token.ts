/** twilio-python 9.11 `AccessToken` (research/python-spec.md §2-3). */
import { GRANTS } from '../../access-token/grants.ts';
import type { AccessTokenRules } from '../../access-token/rules.ts';
import { LibraryError } from '../../lang/lang.ts';
import { python } from '../../lang/python.ts';
import { GENERATE, pyJwtToJwt } from './pyjwt.ts';
import { missingArgumentsMessage } from './calls.ts';

const POSITIONAL: Array<[string, string]> = [
  ['accountSid', 'account_sid'],
  ['keySid', 'signing_key_sid'],
  ['secret', 'secret'],
];

const snake = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const pythonAccessToken: AccessTokenRules = {
  vocabulary: {
    keys: ['accountSid', 'keySid', 'secret', 'identity', 'ttl', 'nbf', 'region', 'algorithm', 'validUntil', 'toJwtTtl', 'grantsVia'],
    grantKeys: [],
    rawGrants: true,
  },
  validate({ values: v, grants }) {
    // Grant objects are built before the constructor when passed to it, else one by one after it;
    // a keyword a grant class lacks fails where that grant is built.
    const build = (g: (typeof grants)[number]): void => {
      if (g.type === 'raw') return;
      const spec = GRANTS[g.type];
      const stray = [...g.options.keys()].find((k) => !spec.options.includes(k));
      if (stray) throw new LibraryError('TypeError', `${spec.className}.__init__() got an unexpected keyword argument '${snake(stray)}'`);
    };
    const construct = (): void => {
      // Python binds keywords before it reports missing positionals.
      if (v.has('algorithm')) throw new LibraryError('TypeError', "AccessToken.__init__() got an unexpected keyword argument 'algorithm'");
      const missing = POSITIONAL.filter(([k]) => !v.has(k)).map(([, py]) => py);
      if (missing.length) throw new LibraryError('TypeError', missingArgumentsMessage('AccessToken.__init__()', missing));
    };
    if (v.get('grantsVia') === 'constructor') {
      grants.forEach(build);
      construct();
      if (grants.some((g) => g.type === 'raw')) throw new LibraryError('ValueError', 'Grants must be instances of AccessTokenGrant.');
      return;
    }
    construct();
    for (const g of grants) {
      build(g);
      if (g.type === 'raw') throw new LibraryError('ValueError', 'Grant must be an instance of AccessTokenGrant.');
    }
  },
  identity: (v) => (python.truthy(v) ? v : undefined),
  identityFirst: false,
  // PyJWT sorts the header keys; the payload is the dict in insertion order, nbf defaulting to now.
  layout: {
    header: (region) => `{"alg":"HS256","cty":"twilio-fpa;v=1",${region === undefined ? '' : `"twr":"${region}",`}"typ":"JWT"}`,
    payload: (c) => `{"jti":"${c.keySid}-${c.now}","grants":{${c.grants && `${c.grants},`}"identity":"${c.identity}"},` + `"iss":"${c.keySid}","exp":${c.now + (c.ttl ?? 3600)},"nbf":${c.nbf ?? c.now},"sub":"${c.accountSid}"}`,
  },
  playback: (g) => (g === undefined ? null : g),
  region: (v) => (typeof v === 'string' && v !== '' ? v : undefined),
  sign({ header, claims }, { values: v }, clockMs) {
    return pyJwtToJwt(
      claims,
      header,
      {
        secretKey: v.get('secret'),
        issuer: v.get('keySid'),
        subject: v.get('accountSid'),
        nbf: v.has('nbf') ? v.get('nbf')! : GENERATE,
        ttl: v.has('ttl') ? v.get('ttl') : 3600n,
        validUntil: v.get('validUntil'),
        toJwtTtl: v.get('toJwtTtl'),
      },
      clockMs,
    );
  },
};
