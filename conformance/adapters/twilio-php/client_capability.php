<?php
// client_capability: `new ClientToken(accountSid:, authToken:)`, addClaim per claim, one allow* call
// per scope in order, then generateToken(ttl:) (oracle README, twilio-php).

const CC_CLASS = 'Twilio\\Jwt\\ClientToken';

/** One scope: the ClientToken method and its named arguments. */
function compile_scope(mixed $scope, string $where): array {
    if (!is_json_object($scope)) throw new Skip("{$where} is not an object");
    switch ($scope['type'] ?? null) {
        case 'incoming':
            check_keys($scope, ['type', 'clientName'], $where);
            return ['allowClientIncoming', named($scope, ['clientName' => 'clientName'])];
        case 'outgoing':
            check_keys($scope, ['type', 'applicationSid', 'params', 'clientName'], $where);
            // allowClientOutgoing takes no client name: ClientToken appends the incoming one to every
            // outgoing scope. Only "no name" (null) is expressible.
            if (array_key_exists('clientName', $scope) && $scope['clientName'] !== null) {
                throw new Skip("{$where}.clientName: allowClientOutgoing(\$appSid, \$appParams) takes no client name");
            }
            return ['allowClientOutgoing', named($scope, ['applicationSid' => 'appSid', 'params' => 'appParams'])];
        case 'event_stream':
            check_keys($scope, ['type', 'filters'], $where);
            return ['allowEventStream', named($scope, ['filters' => 'filters'])];
        default:
            throw new Skip("{$where}.type " . json_encode($scope['type'] ?? null) . ' is not a ClientToken scope');
    }
}

function compile_client_capability(array $input): Closure {
    check_keys($input, ['accountSid', 'authToken', 'ttl', 'claims', 'scopes'], 'input');
    $claims = claim_pairs($input);
    $scopes = $input['scopes'] ?? [];
    if (!is_array($scopes) || !array_is_list($scopes)) throw new Skip('input.scopes is not a list');
    $calls = [];
    foreach ($scopes as $i => $s) $calls[] = compile_scope($s, "input.scopes[{$i}]");
    $construct = named($input, ['accountSid' => 'accountSid', 'authToken' => 'authToken']);
    $generate = named($input, ['ttl' => 'ttl']);

    return static function () use ($construct, $claims, $calls, $generate): array {
        $token = lib_new(CC_CLASS, $construct);
        foreach ($claims as [$name, $value]) lib_call([$token, 'addClaim'], [$name, $value]);
        foreach ($calls as [$method, $args]) lib_call([$token, $method], $args);
        return ['token' => lib_call([$token, 'generateToken'], $generate)];
    };
}
