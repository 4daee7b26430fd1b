<?php
// credential_provider: twilio-php's own ClientCredentialProvider / OrgsCredentialProvider /
// NoAuthCredentialProvider on a Rest\Client, driven against the runner's local OAuth2 server
// (PROTOCOL.md, "credential_provider").
//
// Each case runs in a php process of its own (this file run as a script), because twilio-php's
// CurlClient can only be pointed at the server through what curl reads outside the library: the
// `https_proxy` environment variable (libcurl reads it for every transfer, so the token manager's
// private client goes through it too) and the `curl.cainfo` ini setting, which PHP reads only at
// start-up (php -d) and applies to every curl handle. The account environment (TWILIO_ACCOUNT_SID,
// TWILIO_AUTH_TOKEN, TWILIO_REGION, TWILIO_EDGE), read by every Client twilio-php builds through
// getenv(), is the child's environment too. The clock is frozen with uopz: time() and microtime(),
// which TokenAuthStrategy::isTokenExpired reads.
//
// PHP runs one call at a time: the copies of a `parallel` step run one after another, as a PHP
// program making that many calls would make them.

const PROVIDER_INPUT_KEYS = ['provider', 'client', 'environment', 'steps', 'mock', 'server'];
const PROVIDER_STEP_KEYS = ['op', 'label', 'at', 'parallel', 'resource', 'auth', 'strategy', 'strategyClass', 'token', 'username', 'password', 'ask'];
const PROVIDER_OPS = ['api', 'authString', 'authTypes', 'build', 'strategy', 'authTypeMembers', 'tokenParams'];
// The questions a strategy step asks each class, in this order unless the step's `ask` says otherwise.
const STRATEGY_QUESTIONS = [
    'noauth' => ['authType', 'authString', 'requiresAuthentication'],
    'token' => ['authType', 'requiresAuthentication', 'tokenExpired'],
    'basic' => ['authType', 'authString', 'requiresAuthentication'],
];
const PROVIDER_ACCOUNT = 'AC00000000000000000000000000000001';
const PROVIDER_ORG = 'OR00000000000000000000000000000001';

/** Check a case against the vocabulary (Skip outside it); returns the input. */
function check_provider_case(array $input): array {
    check_keys($input, PROVIDER_INPUT_KEYS, 'input');
    if (array_key_exists('provider', $input)) {
        $p = check_keys($input['provider'], ['type', 'clientId', 'clientSecret'], 'input.provider');
        if (!in_array($p['type'] ?? null, ['client_credentials', 'orgs', 'noauth'], true)) throw new Skip('credential_provider: provider.type is not known');
        foreach (['clientId', 'clientSecret'] as $k) {
            if (array_key_exists($k, $p) && $p[$k] !== null && !is_string($p[$k])) throw new Skip("credential_provider: provider.{$k} must be a string or null");
        }
    }
    foreach (['client' => ['username', 'password', 'region', 'edge'], 'environment' => ['accountSid', 'authToken', 'region', 'edge']] as $key => $allowed) {
        if (!array_key_exists($key, $input)) continue;
        foreach (check_keys($input[$key], $allowed, "input.{$key}") as $k => $v) {
            if (!is_string($v)) throw new Skip("credential_provider: {$key}.{$k} must be a string");
        }
    }
    $steps = $input['steps'] ?? null;
    if (!is_array($steps) || $steps === [] || !array_is_list($steps)) throw new Skip('credential_provider: steps must be a non-empty list');
    foreach ($steps as $i => $s) {
        check_keys($s, PROVIDER_STEP_KEYS, "steps[{$i}]");
        $op = $s['op'] ?? null;
        if (!in_array($op, PROVIDER_OPS, true)) throw new Skip("credential_provider: steps[{$i}].op is not known");
        // Auth types are string literals in twilio-php: there is no enumeration to list.
        if ($op === 'authTypeMembers') throw new Skip('twilio-php has no auth-type enumeration: its providers and strategies pass string literals');
        if (in_array($op, ['authString', 'authTypes', 'build', 'tokenParams'], true) && !array_key_exists('provider', $input)) throw new Skip("credential_provider: steps[{$i}].op {$op} needs the case's provider");
        if ($op === 'tokenParams' && $input['provider']['type'] === 'noauth') throw new Skip("credential_provider: steps[{$i}].op tokenParams needs a client_credentials or orgs provider");
        if (($op === 'strategy') !== array_key_exists('strategyClass', $s) || !array_key_exists($s['strategyClass'] ?? 'noauth', STRATEGY_QUESTIONS)) throw new Skip("credential_provider: steps[{$i}]: strategyClass goes with op strategy (noauth, token, basic)");
        foreach (['username', 'password'] as $k) {
            if ((($s['strategyClass'] ?? null) === 'basic') !== array_key_exists($k, $s) || (array_key_exists($k, $s) && !is_string($s[$k]))) throw new Skip("credential_provider: steps[{$i}]: {$k} goes with strategyClass basic, and only there");
        }
        if (array_key_exists('ask', $s)) {
            $known = STRATEGY_QUESTIONS[$s['strategyClass'] ?? ''] ?? [];
            $ask = $s['ask'];
            if (!is_array($ask) || $ask === [] || !array_is_list($ask) || count(array_unique($ask, SORT_REGULAR)) !== count($ask) || array_diff($ask, $known) !== []) throw new Skip("credential_provider: steps[{$i}].ask must list distinct questions of its strategyClass");
        }
        if ((($s['strategyClass'] ?? null) === 'token') !== array_key_exists('token', $s) || (array_key_exists('token', $s) && (!is_string($s['token']) || $s['token'] === ''))) throw new Skip("credential_provider: steps[{$i}]: a non-empty token goes with strategyClass token, and only there");
        if (array_key_exists('at', $s) && !is_int($s['at']) && !is_float($s['at'])) throw new Skip("credential_provider: steps[{$i}].at must be a number");
        if (array_key_exists('parallel', $s) && (!is_int($s['parallel']) || $s['parallel'] < 1 || $s['parallel'] > 2000)) throw new Skip("credential_provider: steps[{$i}].parallel must be an integer from 1 to 2000");
        if (!in_array($s['resource'] ?? 'account', ['account', 'organization_account'], true)) throw new Skip("credential_provider: steps[{$i}].resource is not known");
        if (array_key_exists('auth', $s)) {
            $a = check_keys($s['auth'], ['username', 'password'], "steps[{$i}].auth");
            if (!is_string($a['username'] ?? null) || !is_string($a['password'] ?? null)) throw new Skip("credential_provider: steps[{$i}].auth needs username and password");
        }
    }
    $server = $input['server'] ?? null;
    if (!is_array($server) || !is_string($server['url'] ?? null) || !preg_match('/\Ahttp:\/\/127\.0\.0\.1:\d+\z/', $server['url'])) {
        throw new Skip('credential_provider: the case has no loopback server (the runner adds one)');
    }
    if (array_key_exists('proxyUrl', $server) && (!is_string($server['proxyUrl']) || !preg_match('/\Ahttp:\/\/127\.0\.0\.1:\d+\z/', $server['proxyUrl']))) {
        throw new Skip('credential_provider: server.proxyUrl must be http://127.0.0.1:<port>');
    }
    return $input;
}

/**
 * Compile a case for the adapter's loop: the closure runs the scenario in a child php with the
 * case's proxy, CA and environment, and returns its output.
 */
function compile_credential_provider(array $input): Closure {
    if (!extension_loaded('curl')) throw new Skip('credential_provider: PHP has no curl extension, which twilio-php\'s CurlClient needs (install php-curl)');
    $input = check_provider_case($input);
    return static function () use ($input): array {
        $now = uopz_get_return('time');
        $server = $input['server'];
        $tmp = null;
        $ca = $server['caCertFile'] ?? null;
        if (!is_string($ca) || !is_file($ca)) {
            // A runner on another file system: the PEM in a private folder, removed after the case.
            $tmp = sys_get_temp_dir() . '/twilio-php-adapter-' . bin2hex(random_bytes(8));
            mkdir($tmp, 0700);
            $ca = $tmp . '/ca.pem';
            file_put_contents($ca, (string) ($server['caCertPem'] ?? ''));
        }
        try {
            return provider_child($input, $now, $ca);
        } finally {
            if ($tmp !== null) {
                @unlink($tmp . '/ca.pem');
                @rmdir($tmp);
            }
        }
    };
}

/** The environment of the child: the parent's, without proxy or Twilio settings, plus the case's. */
function provider_child_env(array $input): array {
    $env = getenv();
    foreach (array_keys($env) as $k) {
        if (preg_match('/\A(https?_proxy|all_proxy|no_proxy|curl_ca_bundle|ssl_cert_file|ssl_cert_dir|twilio_.*|debug_http_traffic)\z/i', $k)) unset($env[$k]);
    }
    $server = $input['server'];
    $env['https_proxy'] = $server['proxyUrl'] ?? $server['url'];
    $names = ['accountSid' => 'TWILIO_ACCOUNT_SID', 'authToken' => 'TWILIO_AUTH_TOKEN', 'region' => 'TWILIO_REGION', 'edge' => 'TWILIO_EDGE'];
    foreach ($input['environment'] ?? [] as $k => $v) $env[$names[$k]] = $v;
    return $env;
}

/** Run the scenario in a child php; its one line of stdout is the output. */
function provider_child(array $input, int $now, string $ca): array {
    [$src] = $GLOBALS['TWILIO_PHP_SRC'];
    $proc = proc_open(provider_child_command($ca, $src), [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, provider_child_env($input));
    if (!is_resource($proc)) throw new RuntimeException('could not start the credential_provider child');
    fwrite($pipes[0], json_encode(['input' => $input, 'now' => $now], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    $status = proc_close($proc);
    $result = json_decode((string) $out, true);
    if ($status !== 0 || !is_array($result)) {
        throw new RuntimeException("credential_provider child failed (exit {$status}): " . substr(trim((string) $err), 0, 500));
    }
    return $result;
}

/** The child's command line: this php, the CA as curl.cainfo, this file as the script. */
function provider_child_command(string $ca, string $src): array {
    return [PHP_BINARY, '-d', 'curl.cainfo=' . $ca, '-d', 'display_errors=stderr', __FILE__, '--src', $src];
}

// ------------------------------------------------------------------------------------------------
// The child: one scenario against the real library.

/** What one call gave, in the protocol's shape. */
function provider_call(Closure $f): array {
    try {
        $value = $f();
        return $value === null ? ['ok' => true] : ['ok' => true, 'value' => $value];
    } catch (Throwable $e) {
        [$real, $given] = $GLOBALS['TWILIO_PHP_SRC'];
        $message = str_replace([$real, $given], '$TWILIO_PHP_SRC', $e->getMessage());
        // curl's "Failed to connect to ... after N ms": the time varies from run to run.
        $message = preg_replace('/ after \d+ ms: /', ' after <n> ms: ', $message);
        return ['ok' => false, 'error' => ['type' => get_class($e), 'message' => $message]];
    }
}

function provider_child_main(string $src): void {
    ini_set('log_errors', '0');
    ini_set('precision', '14');
    ini_set('serialize_precision', '-1');
    error_reporting(E_ALL);
    // Warnings the library raises (reading a key of null while decoding a token...) are its
    // business, never the protocol's.
    set_error_handler(static fn (): bool => true);
    if (function_exists('uopz_allow_exit')) uopz_allow_exit(true);
    if (!extension_loaded('uopz') || !extension_loaded('curl')) {
        fwrite(STDERR, "the credential_provider child needs the uopz and curl extensions (install php-uopz php-curl)\n");
        exit(3);
    }
    $real = realpath($src);
    spl_autoload_register(static function (string $class) use ($real): void {
        if (!str_starts_with($class, 'Twilio\\')) return;
        $file = $real . '/' . str_replace('\\', '/', $class) . '.php';
        if (is_file($file)) require $file;
    });
    $GLOBALS['TWILIO_PHP_SRC'] = [$real, $src];
    $case = json_decode(stream_get_contents(STDIN), true);
    $input = $case['input'];
    $clockMs = (int) $case['now'] * 1000;
    uopz_set_return('time', static function () use (&$clockMs): int {
        return intdiv($clockMs, 1000);
    }, true);
    uopz_set_return('microtime', static function (bool $asFloat = false) use (&$clockMs) {
        if ($asFloat) return $clockMs / 1000;
        return sprintf('%.8F %d', ($clockMs % 1000) / 1000, intdiv($clockMs, 1000));
    }, true);

    $spec = $input['provider'] ?? null;
    $buildProvider = static function () use ($spec): object {
        if ($spec['type'] === 'noauth') return lib_new('Twilio\\CredentialProvider\\NoAuthCredentialProvider', []);
        $builder = lib_new($spec['type'] === 'orgs' ? 'Twilio\\CredentialProvider\\OrgsCredentialProviderBuilder' : 'Twilio\\CredentialProvider\\ClientCredentialProviderBuilder', []);
        // An absent credential is a setter never called; null is passed as it is.
        if (array_key_exists('clientId', $spec)) lib_method($builder, 'setClientId', [$spec['clientId']]);
        if (array_key_exists('clientSecret', $spec)) lib_method($builder, 'setClientSecret', [$spec['clientSecret']]);
        return lib_method($builder, 'build', []);
    };
    $client = null;
    $clientFor = static function () use (&$client, $input, $spec, $buildProvider): object {
        if ($client === null) {
            $c = $input['client'] ?? [];
            $client = lib_new('Twilio\\Rest\\Client', ['username' => $c['username'] ?? null, 'password' => $c['password'] ?? null, 'region' => $c['region'] ?? null]);
            // The client's own edge, only where the case gives one (the constructor takes none).
            if (array_key_exists('edge', $c)) lib_method($client, 'setEdge', [$c['edge']]);
            if ($spec !== null) lib_method($client, 'setCredentialProvider', [$buildProvider()]);
        }
        return $client;
    };
    $strategies = [];
    $calls = [
        'api' => static function (array $step) use ($clientFor): mixed {
            $cl = $clientFor();
            if (array_key_exists('auth', $step)) {
                lib_method($cl, 'request', ['GET', 'https://api.twilio.com/2010-04-01/Accounts/' . PROVIDER_ACCOUNT . '.json', [], [], [], $step['auth']['username'], $step['auth']['password']]);
            } elseif (($step['resource'] ?? 'account') === 'organization_account') {
                $org = lib_method($cl->previewIam, 'organization', [PROVIDER_ORG]);
                lib_method(lib_method($org, 'accounts', [PROVIDER_ACCOUNT]), 'fetch', []);
            } else {
                lib_method(lib_method($cl->api->v2010, 'accounts', [PROVIDER_ACCOUNT]), 'fetch', []);
            }
            return null;
        },
        'authString' => static function (array $step) use (&$strategies, $buildProvider): mixed {
            $name = $step['strategy'] ?? 's';
            $strategies[$name] ??= lib_method($buildProvider(), 'toAuthStrategy', []);
            return lib_method($strategies[$name], 'getAuthString', []);
        },
        'authTypes' => static function () use ($buildProvider): mixed {
            $p = $buildProvider();
            return ['provider' => lib_method($p, 'getAuthType', []), 'strategy' => lib_method(lib_method($p, 'toAuthStrategy', []), 'getAuthType', [])];
        },
        'build' => static function () use ($buildProvider): mixed {
            $buildProvider();
            return null;
        },
        'strategy' => static function (array $step): mixed {
            if ($step['strategyClass'] === 'token') {
                // A manager the strategy is never asked to use: only its expiry check runs.
                $s = lib_new('Twilio\\AuthStrategy\\TokenAuthStrategy', [lib_new('Twilio\\Http\\BearerToken\\ApiTokenManager', [[]])]);
                $questions = ['authType' => [$s, 'getAuthType', []], 'requiresAuthentication' => [$s, 'requiresAuthentication', []], 'tokenExpired' => [$s, 'isTokenExpired', [$step['token']]]];
            } else {
                $s = $step['strategyClass'] === 'basic' ? lib_new('Twilio\\AuthStrategy\\BasicAuthStrategy', [$step['username'], $step['password']]) : lib_new('Twilio\\AuthStrategy\\NoAuthStrategy', []);
                $questions = ['authType' => [$s, 'getAuthType', []], 'authString' => [$s, 'getAuthString', []], 'requiresAuthentication' => [$s, 'requiresAuthentication', []]];
            }
            // Asked as a caller would, in order: a method the class lacks raises PHP's own Error.
            $answers = [];
            foreach ($step['ask'] ?? STRATEGY_QUESTIONS[$step['strategyClass']] as $q) $answers[$q] = lib_method(...$questions[$q]);
            return $answers;
        },
        'authTypeMembers' => static function (): mixed {
            throw new RuntimeException('not reached: the case check skips a case asking for the auth-type enumeration');
        },
        'tokenParams' => static function () use ($buildProvider): mixed {
            // The provider builds its manager in toAuthStrategy().
            $p = $buildProvider();
            lib_method($p, 'toAuthStrategy', []);
            return lib_method(lib_method($p, 'getTokenManager', []), 'getOptions', []);
        },
    ];
    $out = [];
    foreach ($input['steps'] as $i => $step) {
        // The step marker goes straight to the server, outside the library and its proxy.
        $marker = curl_init($input['server']['url'] . "/__conformance/step/{$i}");
        curl_setopt_array($marker, [CURLOPT_RETURNTRANSFER => true, CURLOPT_PROXY => '', CURLOPT_NOPROXY => '*', CURLOPT_TIMEOUT => 10]);
        if (curl_exec($marker) === false) throw new RuntimeException('step marker failed: ' . curl_error($marker));
        $clockMs = (int) round(($step['at'] ?? $case['now']) * 1000);
        $label = $step['label'] ?? ($step['op'] . ' #' . ($i + 1));
        $call = static fn (): array => provider_call(static fn () => unwrap_failure(static fn () => ($calls[$step['op']])($step)));
        if (!array_key_exists('parallel', $step)) {
            $out[] = ['label' => $label] + $call();
        } else {
            $results = [];
            for ($k = 0; $k < $step['parallel']; $k++) $results[] = $call();
            $out[] = ['label' => $label, 'parallel' => $results];
        }
    }
    fwrite(STDOUT, json_encode(['steps' => $out], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
}

/** The library's own throwable out of a LibraryFailure (the child reports it as the call's error). */
function unwrap_failure(Closure $f): mixed {
    try {
        return $f();
    } catch (LibraryFailure $e) {
        throw $e->error;
    }
}

if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {
    // Run as the child: support.php's helpers and the adapter's exception classes.
    final class Skip extends Exception {}
    final class LibraryFailure extends Exception {
        public function __construct(public readonly Throwable $error) {
            parent::__construct($error->getMessage());
        }
    }
    require __DIR__ . '/support.php';
    $src = null;
    for ($k = 1; $k < count($argv); $k++) if ($argv[$k] === '--src') $src = $argv[++$k] ?? null;
    if ($src === null) {
        fwrite(STDERR, "usage: php credential_provider.php --src DIR < case.json\n");
        exit(2);
    }
    provider_child_main($src);
    exit(0);
}
