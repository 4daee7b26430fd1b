<?php
// Reading a case (json_decode'd into arrays, as the oracle README's php vocabulary says: `{}` and
// `[]` are the same empty array) and calling twilio-php so that what it throws, or what PHP throws
// binding its arguments, is told apart from a failure of this adapter.

/** A JSON object as json_decode(..., true) leaves it: an array that is not a non-empty list. */
function is_json_object(mixed $v): bool {
    return is_array($v) && ($v === [] || !array_is_list($v));
}

/** Refuse (skip) an input object with a key outside `$allowed`: an adapter never guesses at a key. */
function check_keys(mixed $hash, array $allowed, string $where): array {
    if (!is_json_object($hash)) throw new Skip("{$where} is not an object");
    foreach (array_keys($hash) as $k) {
        if (!in_array((string) $k, $allowed, true)) throw new Skip("unrecognised input key {$where}.{$k}");
    }
    return $hash;
}

/** Named arguments: `[inputKey => parameter]` for the keys present (null passes PHP's null); absent keys are not passed. */
function named(array $input, array $params): array {
    $args = [];
    foreach ($params as $key => $param) {
        if (array_key_exists($key, $input)) $args[$param] = $input[$key];
    }
    return $args;
}

/** Positional arguments given as a JSON list. */
function positional_args(array $spec, string $where): array {
    if (!array_key_exists('args', $spec)) return [];
    $args = $spec['args'];
    if (!is_array($args) || !array_is_list($args)) throw new Skip("{$where}.args is not a list");
    return $args;
}

/** `claims: [[name, value], ...]`, each to be passed to addClaim. */
function claim_pairs(array $input): array {
    if (!array_key_exists('claims', $input)) return [];
    $claims = $input['claims'];
    if (!is_array($claims) || !array_is_list($claims)) throw new Skip('input.claims must be a list of [name, value] pairs');
    foreach ($claims as $i => $pair) {
        if (!is_array($pair) || !array_is_list($pair) || count($pair) !== 2) throw new Skip("input.claims[{$i}] is not a [name, value] pair");
    }
    return $claims;
}

/** `extraToJwtCalls: n`: that many more token calls first. */
function extra_calls(array $input): int {
    if (!array_key_exists('extraToJwtCalls', $input)) return 0;
    $n = $input['extraToJwtCalls'];
    if (!is_int($n) || $n < 0) throw new Skip('extraToJwtCalls must be a non-negative integer');
    return $n;
}

// Calls into twilio-php go through internal frames (as the recorder's did): PHP's default coercive
// typing applies, and its messages name no file of this adapter.

/** `new $class(...$args)` (string keys are named arguments). */
function lib_new(string $class, array $args): object {
    try {
        return (new ReflectionClass($class))->newInstanceArgs($args);
    } catch (Throwable $e) {
        throw new LibraryFailure($e);
    }
}

/** A static or bound method of twilio-php with positional or named arguments. */
function lib_call(array $target, array $args): mixed {
    try {
        return call_user_func_array($target, $args);
    } catch (Throwable $e) {
        throw new LibraryFailure($e);
    }
}

/**
 * A method called by name on a library object. One it does not have (a WorkerCapability helper on a
 * TaskQueueCapability) is called directly, so that PHP raises its own "Call to undefined method".
 */
function lib_method(object $obj, string $name, array $args): mixed {
    if (is_callable([$obj, $name])) return lib_call([$obj, $name], $args);
    try {
        return $obj->{$name}(...$args);
    } catch (Throwable $e) {
        throw new LibraryFailure($e);
    }
}
