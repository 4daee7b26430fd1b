<?php
// access_token: `new AccessToken(...)` with named arguments, setNbf, addClaim per claim, each grant
// built by its setters then addGrant, the setters of setAfter, then toJWT (oracle README, twilio-php).

const AT_CLASS = 'Twilio\\Jwt\\AccessToken';

const AT_KEYS = ['accountSid', 'keySid', 'secret', 'ttl', 'identity', 'region', 'nbf', 'algorithm', 'claims', 'grants', 'setAfter', 'extraToJwtCalls'];

/** Input keys and the constructor parameters they are passed as. */
const AT_CONSTRUCT = ['accountSid' => 'accountSid', 'keySid' => 'signingKeySid', 'secret' => 'secret', 'ttl' => 'ttl', 'identity' => 'identity', 'region' => 'region'];

/** The writers AccessToken has besides its constructor, for `setAfter`. */
const AT_SETTERS = ['identity' => 'setIdentity', 'nbf' => 'setNbf', 'region' => 'setRegion'];

const GRANT_CLASSES = [
    'voice' => 'Twilio\\Jwt\\Grants\\VoiceGrant',
    'video' => 'Twilio\\Jwt\\Grants\\VideoGrant',
    'chat' => 'Twilio\\Jwt\\Grants\\ChatGrant',
    'sync' => 'Twilio\\Jwt\\Grants\\SyncGrant',
    'task_router' => 'Twilio\\Jwt\\Grants\\TaskRouterGrant',
    'playback' => 'Twilio\\Jwt\\Grants\\PlaybackGrant',
];

/** One grant: a closure that returns the object addGrant is given. */
function compile_grant(mixed $spec, string $where): Closure {
    if (!is_json_object($spec)) throw new Skip("{$where} is not an object");
    if (($spec['type'] ?? null) === 'raw') {
        check_keys($spec, ['type', 'value'], $where);
        // addGrant(X) with X as it is: no JSON value is a Grant, so twilio-php refuses it.
        $value = $spec['value'] ?? null;
        return static fn () => $value;
    }
    check_keys($spec, ['type', 'options'], $where);
    $type = $spec['type'] ?? null;
    if (!is_string($type) || !isset(GRANT_CLASSES[$type])) throw new Skip("{$where}.type " . json_encode($type) . ' is not a twilio-php grant');
    $class = GRANT_CLASSES[$type];
    $options = $spec['options'] ?? [];
    if (!is_json_object($options)) throw new Skip("{$where}.options is not an object");
    $calls = [];
    $outgoing = array_key_exists('outgoingApplicationParams', $options);
    if ($outgoing && ($type !== 'voice' || !array_key_exists('outgoingApplicationSid', $options))) {
        throw new Skip("{$where}: outgoing params go only with a sid, through VoiceGrant::setOutgoingApplication");
    }
    foreach ($options as $option => $value) {
        $option = (string) $option;
        if ($outgoing && ($option === 'outgoingApplicationSid' || $option === 'outgoingApplicationParams')) {
            // The sid and its params are one call, made where the first of the two is.
            if (isset($calls['setOutgoingApplication'])) continue;
            $calls['setOutgoingApplication'] = ['setOutgoingApplication', [$options['outgoingApplicationSid'], $options['outgoingApplicationParams']]];
            continue;
        }
        $setter = 'set' . ucfirst($option);
        if ($option === '' || !method_exists($class, $setter)) throw new Skip("{$where}.options.{$option}: {$class} has no setter {$setter}");
        $calls[] = [$setter, [$value]];
    }
    return static function () use ($class, $calls): object {
        $grant = lib_new($class, []);
        foreach ($calls as [$setter, $args]) lib_call([$grant, $setter], $args);
        return $grant;
    };
}

function compile_access_token(array $input): Closure {
    check_keys($input, AT_KEYS, 'input');
    $claims = claim_pairs($input);
    $grantSpecs = $input['grants'] ?? [];
    if (!is_array($grantSpecs) || !array_is_list($grantSpecs)) throw new Skip('input.grants is not a list');
    $grants = [];
    foreach ($grantSpecs as $i => $g) $grants[] = compile_grant($g, "input.grants[{$i}]");
    $setAfter = [];
    if (array_key_exists('setAfter', $input)) {
        foreach (check_keys($input['setAfter'], array_keys(AT_SETTERS), 'input.setAfter') as $k => $v) $setAfter[] = [AT_SETTERS[$k], [$v]];
    }
    $extra = extra_calls($input);
    $construct = named($input, AT_CONSTRUCT);
    $toJwt = named($input, ['algorithm' => 'algorithm']);
    $hasNbf = array_key_exists('nbf', $input);
    $nbf = $input['nbf'] ?? null;

    return static function () use ($construct, $hasNbf, $nbf, $claims, $grants, $setAfter, $extra, $toJwt): array {
        $token = lib_new(AT_CLASS, $construct);
        if ($hasNbf) lib_call([$token, 'setNbf'], [$nbf]);
        foreach ($claims as [$name, $value]) lib_call([$token, 'addClaim'], [$name, $value]);
        foreach ($grants as $grant) lib_call([$token, 'addGrant'], [$grant()]);
        foreach ($setAfter as [$setter, $args]) lib_call([$token, $setter], $args);
        for ($i = 0; $i < $extra; $i++) lib_call([$token, 'toJWT'], []);
        return ['token' => lib_call([$token, 'toJWT'], $toJwt)];
    };
}
