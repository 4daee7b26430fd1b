/**
 * twilio-python's public base class `twilio.jwt.Jwt` (research/python-spec.md §1): encoding with
 * a minimal subclass whose `_generate_payload` / `_generate_headers` return the case's `payload`
 * and `headers`, and `from_jwt` of any of the library's token classes.
 */
import type { BaseJwtArgs } from '../../base-jwt/input.ts';
import type { BaseJwtRules } from '../../base-jwt/rules.ts';
import type { HostMap, HostValue } from '../../lang/host.ts';
import { isHostMap } from '../../lang/host.ts';
import { LibraryError, UnsupportedInput } from '../../lang/lang.ts';
import { python, pyTypeName } from '../../lang/python.ts';
import { missingArgumentsMessage } from './calls.ts';
import { GENERATE, pyjwtEncode, pyJwtToJwt } from './pyjwt.ts';
import { fromJwt } from './pyjwt-decode.ts';
import { FIXTURE_RSA_PUBLIC_PEM } from '../../base-jwt/fixture-key.ts';

/** Constructor keywords of `Jwt.__init__`, in its parameter order, with their vocabulary keys. */
const PARAMS: Array<[string, string]> = [
  ['secretKey', 'secret_key'],
  ['issuer', 'issuer'],
  ['subject', 'subject'],
  ['algorithm', 'algorithm'],
  ['nbf', 'nbf'],
  ['ttl', 'ttl'],
  ['validUntil', 'valid_until'],
];

/** `ALGORITHM` of each class whose `from_jwt` a case can name. */
const CLASS_ALGORITHM: Record<string, string> = {
  Jwt: 'HS256',
  AccessToken: 'HS256',
  ClientCapabilityToken: 'HS256',
  TaskRouterCapabilityToken: 'HS256',
  WorkerCapabilityToken: 'HS256',
  TaskQueueCapabilityToken: 'HS256',
  WorkspaceCapabilityToken: 'HS256',
  ClientValidationJwt: 'RS256',
};

/**
 * `value.copy()` then `value[key] = ...`, as the `payload` / `headers` properties do to what the
 * subclass returned: a dict is copied; anything else fails the way CPython says.
 */
function asDict(value: HostValue): HostMap {
  if (isHostMap(value)) return new Map(value);
  if (Array.isArray(value)) throw new LibraryError('TypeError', 'list indices must be integers or slices, not str');
  throw new LibraryError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'copy'`);
}

export const pythonBaseJwt: BaseJwtRules = {
  vocabulary: {
    encode: ['secretKey', 'issuer', 'subject', 'algorithm', 'ttl', 'nbf', 'validUntil', 'headers', 'payload', 'toJwtTtl', 'toJwtTwice', 'secondNow', 'extraToJwtCalls'],
    decode: ['token', 'key', 'class', 'keyIsPublicKeyOfFixtureRsa', 'reencode'],
  },
  encode({ values: v }: BaseJwtArgs, clockMs: number) {
    const given = new Set(PARAMS.filter(([k]) => v.has(k)).map(([, py]) => py));
    const missing = ['secret_key', 'issuer'].filter((n) => !given.has(n));
    if (missing.length) throw new LibraryError('TypeError', missingArgumentsMessage('Jwt.__init__()', missing));
    const algorithm = v.get('algorithm');
    return pyJwtToJwt(
      () => asDict(v.has('payload') ? v.get('payload')! : new Map()),
      () => asDict(v.has('headers') ? v.get('headers')! : new Map()),
      {
        secretKey: v.get('secretKey'),
        issuer: v.get('issuer'),
        subject: v.get('subject'),
        // `algorithm or self.ALGORITHM`
        algorithm: python.truthy(algorithm) ? algorithm : undefined,
        nbf: v.has('nbf') ? v.get('nbf')! : GENERATE,
        ttl: v.has('ttl') ? v.get('ttl') : 3600n,
        validUntil: v.get('validUntil'),
        toJwtTtl: v.get('toJwtTtl'),
      },
      clockMs,
    );
  },
  decode({ values: v }: BaseJwtArgs, clockMs: number) {
    const className = v.has('class') ? v.get('class') : 'Jwt';
    const algorithm = typeof className === 'string' ? CLASS_ALGORITHM[className] : undefined;
    if (!algorithm) throw new UnsupportedInput(`class ${JSON.stringify(className)} is not a twilio-python Jwt class`);
    const fixture = v.get('keyIsPublicKeyOfFixtureRsa') ?? false;
    const reencode = v.get('reencode') ?? false;
    if (typeof fixture !== 'boolean') throw new UnsupportedInput('keyIsPublicKeyOfFixtureRsa must be a boolean');
    if (typeof reencode !== 'boolean') throw new UnsupportedInput('reencode must be a boolean');
    if (fixture && v.has('key')) throw new UnsupportedInput('both key and keyIsPublicKeyOfFixtureRsa given');
    if (!v.has('token')) throw new LibraryError('TypeError', missingArgumentsMessage('Jwt.from_jwt()', ['jwt']));
    const key = fixture ? FIXTURE_RSA_PUBLIC_PEM : v.has('key') ? v.get('key')! : '';
    const { header, payload } = fromJwt(v.get('token'), key, algorithm, python.nowSeconds(clockMs) as bigint);
    // The decoded object answers its own properties; an empty payload falls through to the base
    // class's _generate_payload.
    if (payload.size === 0) throw new LibraryError('NotImplementedError', 'Subclass must provide a payload.');
    if (reencode) {
      // to_jwt() of the decoded object: secret_key is the key, algorithm the header's alg.
      if (!python.truthy(key)) throw new LibraryError('ValueError', 'JWT does not have a signing key configured.');
      const alg = header.get('alg');
      pyjwtEncode(new Map(payload), key, python.truthy(alg) ? alg! : 'HS256', new Map(header));
    }
    return { decoded: { header, payload } };
  },
};
