<?php
// jwt: twilio-php's static `Twilio\Jwt\JWT` codec. `encode` is JWT::encode(payload:, key:, algo:,
// additionalHeaders:); `decode` is JWT::decode(jwt:, key:, verify:) answered with JWT::getHeader of
// the same token beside the payload (oracle README, twilio-php).

const JWT_CLASS = 'Twilio\\Jwt\\JWT';

function compile_jwt(array $input): Closure {
    $op = $input['op'] ?? null;
    if ($op === 'encode') {
        check_keys($input, ['op', 'payload', 'key', 'algorithm', 'headers'], 'input');
        $args = named($input, ['payload' => 'payload', 'key' => 'key', 'algorithm' => 'algo', 'headers' => 'additionalHeaders']);
        return static fn (): array => ['token' => lib_call([JWT_CLASS, 'encode'], $args)];
    }
    if ($op === 'decode') {
        check_keys($input, ['op', 'token', 'key', 'verify'], 'input');
        $args = named($input, ['token' => 'jwt', 'key' => 'key', 'verify' => 'verify']);
        return static function () use ($args): array {
            $payload = lib_call([JWT_CLASS, 'decode'], $args);
            $header = lib_call([JWT_CLASS, 'getHeader'], ['jwt' => $args['jwt']]);
            return ['decoded' => ['header' => $header, 'payload' => $payload]];
        };
    }
    throw new Skip('input.op ' . json_encode($op) . ' is not a JWT method twilio-php has (encode, decode)');
}
