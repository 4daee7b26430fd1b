<?php
// taskrouter_capability, the flavoured style in twilio-php's names: one capability class per
// `flavor`, constructed with named arguments, the helper methods called by name with positional
// `args`, then generateToken(ttl:, extraAttributes:) (oracle README, twilio-php).

const TR_NS = 'Twilio\\Jwt\\TaskRouter\\';

/** Per flavor: the class and the constructor parameter `channelId` is passed as (none: the workspace is the channel). */
const TR_FLAVORS = [
    'worker' => ['WorkerCapability', 'workerSid'],
    'taskqueue' => ['TaskQueueCapability', 'taskQueueSid'],
    'workspace' => ['WorkspaceCapability', null],
    // The base class: it always fails (its resource URL is never set), as twilio-php's does.
    'base' => ['CapabilityToken', 'channelId'],
];

/** The capability methods a helper may name; one the flavor's class lacks raises PHP's own Error. */
const TR_HELPERS = ['allowFetchSubresources', 'allowUpdates', 'allowUpdatesSubresources', 'allowDelete', 'allowDeleteSubresources',
    'allowActivityUpdates', 'allowReservationUpdates', 'allow', 'deny', 'addPolicyDeconstructed'];

/** The Policy methods `policyCalls` may name (on the Policy addPolicyDeconstructed returned). */
const TR_POLICY_CALLS = ['addQueryFilter', 'addPostFilter'];

function compile_helper(mixed $helper, string $where): array {
    check_keys($helper, ['call', 'args', 'policyCalls'], $where);
    $call = $helper['call'] ?? null;
    if (!in_array($call, TR_HELPERS, true)) throw new Skip("{$where}.call " . json_encode($call) . ' is not a twilio-php capability helper');
    $policyCalls = [];
    if (array_key_exists('policyCalls', $helper)) {
        if ($call !== 'addPolicyDeconstructed') throw new Skip("{$where}.policyCalls: only addPolicyDeconstructed returns a Policy");
        $list = $helper['policyCalls'];
        if (!is_array($list) || !array_is_list($list)) throw new Skip("{$where}.policyCalls is not a list");
        foreach ($list as $j => $pc) {
            check_keys($pc, ['call', 'args'], "{$where}.policyCalls[{$j}]");
            if (!in_array($pc['call'] ?? null, TR_POLICY_CALLS, true)) throw new Skip("{$where}.policyCalls[{$j}].call " . json_encode($pc['call'] ?? null) . ' is not a Policy method');
            $policyCalls[] = [$pc['call'], positional_args($pc, "{$where}.policyCalls[{$j}]")];
        }
    }
    return [$call, positional_args($helper, $where), $policyCalls];
}

function compile_taskrouter_capability(array $input): Closure {
    check_keys($input, ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'flavor', 'baseUrl', 'baseWsUrl', 'ttl', 'extraAttributes', 'helpers', 'policies'], 'input');
    $flavor = $input['flavor'] ?? null;
    if (!is_string($flavor) || !isset(TR_FLAVORS[$flavor])) {
        throw new Skip('input.flavor ' . json_encode($flavor) . ' is not one of twilio-php\'s capability classes (worker, taskqueue, workspace, base)');
    }
    [$class, $channelParam] = TR_FLAVORS[$flavor];
    $params = ['accountSid' => 'accountSid', 'authToken' => 'authToken', 'workspaceSid' => 'workspaceSid'];
    if ($channelParam !== null) {
        $params['channelId'] = $channelParam;
    } elseif (array_key_exists('channelId', $input) && (!array_key_exists('workspaceSid', $input) || $input['channelId'] !== $input['workspaceSid'])) {
        throw new Skip('input.channelId: a WorkspaceCapability\'s channel is its workspace, so it must equal workspaceSid');
    }
    $construct = named($input, $params + ['baseUrl' => 'overrideBaseUrl', 'baseWsUrl' => 'overrideBaseWSUrl']);
    $helpers = $input['helpers'] ?? [];
    if (!is_array($helpers) || !array_is_list($helpers)) throw new Skip('input.helpers is not a list');
    $calls = [];
    foreach ($helpers as $i => $h) $calls[] = compile_helper($h, "input.helpers[{$i}]");
    $generate = named($input, ['ttl' => 'ttl', 'extraAttributes' => 'extraAttributes']);
    $class = TR_NS . $class;

    return static function () use ($class, $construct, $calls, $generate): array {
        $capability = lib_new($class, $construct);
        foreach ($calls as [$method, $args, $policyCalls]) {
            $policy = lib_method($capability, $method, $args);
            foreach ($policyCalls as [$m, $a]) lib_call([$policy, $m], $a);
        }
        return ['token' => lib_call([$capability, 'generateToken'], $generate)];
    };
}
