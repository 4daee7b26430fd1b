/**
 * The `jwt` family for twilio-php: its public static `Twilio\Jwt\JWT::encode` and `JWT::decode`
 * (research/php-spec.md), called with named arguments as the oracle README's php vocabulary says.
 * A decode answers `JWT::getHeader` of the token and what `decode` returned.
 */
import type { BaseJwtArgs } from '../../base-jwt/input.ts';
import type { BaseJwtRules } from '../../base-jwt/rules.ts';
import type { HostValue } from '../../lang/host.ts';
import type { PhpArray } from '../../lang/php.ts';
import { namedArguments, phpCall, type PhpFunction } from './calls.ts';
import { phpJwtDecode, phpJwtEncode, phpJwtHeader } from './php-jwt.ts';

const ENCODE: PhpFunction = {
  name: 'Twilio\\Jwt\\JWT::encode',
  params: [
    { name: 'payload', type: 'mixed' },
    { name: 'key', type: 'string' },
    { name: 'algo', type: 'string', optional: true },
    { name: 'additionalHeaders', type: 'array', optional: true },
  ],
};

const DECODE: PhpFunction = {
  name: 'Twilio\\Jwt\\JWT::decode',
  params: [
    { name: 'jwt', type: 'string' },
    { name: 'key', type: 'string', nullable: true, optional: true },
    { name: 'verify', type: 'bool', optional: true },
  ],
};

const GET_HEADER: PhpFunction = { name: 'Twilio\\Jwt\\JWT::getHeader', params: [{ name: 'jwt', type: 'string' }] };

export const phpBaseJwt: BaseJwtRules = {
  vocabulary: { encode: ['payload', 'key', 'algorithm', 'headers'], decode: ['token', 'key', 'verify'], ops: ['encode', 'decode'] },
  encode({ values }: BaseJwtArgs) {
    const [payload, key, algo, headers] = phpCall(
      ENCODE,
      namedArguments(values, [
        ['payload', 'payload'],
        ['key', 'key'],
        ['algorithm', 'algo'],
        ['headers', 'additionalHeaders'],
      ]),
    );
    return phpJwtEncode(payload!, key as string, (algo ?? 'HS256') as string, (headers ?? []) as PhpArray);
  },
  decode({ values }: BaseJwtArgs) {
    const args = namedArguments(values, [
      ['token', 'jwt'],
      ['key', 'key'],
      ['verify', 'verify'],
    ]);
    const [jwt, key, verify] = phpCall(DECODE, args);
    const payload: HostValue = phpJwtDecode(jwt as string, (key ?? null) as string | null, (verify ?? true) as boolean);
    const [token] = phpCall(GET_HEADER, new Map([['jwt', args.get('jwt')!]]));
    return { decoded: { header: phpJwtHeader(token as string), payload } };
  },
};
