<?php
// Adapter for twilio-php: puts the real library's JWT helpers behind protocol v1
// (conformance/protocol/PROTOCOL.md). It speaks the oracle's php input vocabulary
// (shared/oracle/README.md, "twilio-php") and leaves every rejection to the library itself.
//
//   php adapter.php [--src DIR]        (or TWILIO_PHP_SRC=DIR)
//
// DIR is twilio-php's `src` folder (the one holding Twilio/Jwt/), loaded by a small PSR-4
// autoloader, as the oracle was recorded. time() is frozen per case with uopz (Debian php-uopz).
//
// No strict_types: the library is called through internal frames (call_user_func_array,
// ReflectionClass::newInstanceArgs), so arguments are coerced as PHP's default mode does and
// its TypeErrors carry no "called in" this file, exactly as the recorder called it.

// Warnings and deprecations (float to int, reading an array as an object...) are the library's
// business and never belong on stdout, which carries the protocol alone.
ini_set('display_errors', 'stderr');
ini_set('log_errors', '0');
ini_set('html_errors', '0');
// The ini the oracle was recorded under: floats become strings with 14 digits, json_encode writes
// them in the shortest round-trip form.
ini_set('precision', '14');
ini_set('serialize_precision', '-1');
error_reporting(E_ALL);
// uopz makes exit() a no-op unless allowed: `stop` and usage errors must still end the process.
if (function_exists('uopz_allow_exit')) uopz_allow_exit(true);
set_error_handler(static function (int $no, string $message): bool {
    // Notices are informative (the oracle lists them as phpNotices); nothing is printed.
    return true;
});

const INSTALL = 'apt-get install php-cli php-mbstring php-uopz (and php-curl for credential_provider), then export twilio-php\'s src folder '
    . '(git clone https://github.com/twilio/twilio-php && cd twilio-php && mkdir -p /tmp/twilio-php && '
    . 'git archive HEAD src | tar -x -C /tmp/twilio-php) and pass --src /tmp/twilio-php/src or set TWILIO_PHP_SRC';

/** An input the adapter cannot express in twilio-php's API: the case is answered skipped. */
final class Skip extends Exception {}

/** A throwable raised while twilio-php (or PHP binding its arguments) ran: the case's rejection. */
final class LibraryFailure extends Exception {
    public function __construct(public readonly Throwable $error) {
        parent::__construct($error->getMessage());
    }
}

/** A request that breaks the protocol: answered errored, and the adapter goes on. */
final class ProtocolError extends Exception {}

// ------------------------------------------------------------------------------------------------
// Loading

function usage_failure(string $message): never {
    fwrite(STDERR, "twilio-php adapter: {$message}\n");
    exit(2);
}

$srcArg = null;
$argv_ = array_slice($argv, 1);
while ($argv_) {
    $arg = array_shift($argv_);
    if ($arg === '--src') {
        $srcArg = array_shift($argv_);
        if ($srcArg === null) usage_failure('--src needs a directory');
    } elseif (str_starts_with($arg, '--src=')) {
        $srcArg = substr($arg, 6);
    } else {
        usage_failure("unknown argument {$arg}");
    }
}

/** Why twilio-php cannot run here, or null when it can; sets the source folder. */
function load_library(?string $srcArg): ?string {
    if (!extension_loaded('uopz')) {
        return 'the PHP extension uopz is not loaded: twilio-php reads the global time(), which only uopz can freeze per case (install php-uopz)';
    }
    if (!function_exists('mb_strlen')) return 'the PHP extension mbstring is not loaded (install php-mbstring)';
    $src = $srcArg ?? (getenv('TWILIO_PHP_SRC') ?: null);
    if ($src === null) return 'no twilio-php source folder given (--src DIR or TWILIO_PHP_SRC)';
    $real = realpath($src);
    if ($real === false || !is_file($real . '/Twilio/Jwt/AccessToken.php') || !is_file($real . '/Twilio/VersionInfo.php')) {
        return "{$src} is not twilio-php's src folder (no Twilio/Jwt/AccessToken.php in it)";
    }
    // A PSR-4 loader over the folder, as the recorder's: `Twilio\Jwt\JWT` is Twilio/Jwt/JWT.php.
    spl_autoload_register(static function (string $class) use ($real): void {
        if (!str_starts_with($class, 'Twilio\\')) return;
        $file = $real . '/' . str_replace('\\', '/', $class) . '.php';
        if (is_file($file)) require $file;
    });
    $GLOBALS['TWILIO_PHP_SRC'] = [$real, $src];
    return null;
}

$unavailable = load_library($srcArg);
if ($unavailable !== null) fwrite(STDERR, "twilio-php adapter: {$unavailable}\n");

// Each family compiles its input in a file of its own: compilation reads the whole input first and
// throws Skip for anything twilio-php cannot take; it returns a closure that then only calls it.
require __DIR__ . '/support.php';
require __DIR__ . '/access_token.php';
require __DIR__ . '/client_capability.php';
require __DIR__ . '/taskrouter_capability.php';
require __DIR__ . '/jwt.php';
require __DIR__ . '/credential_provider.php';

const COMPILERS = [
    'access_token' => 'compile_access_token',
    'client_capability' => 'compile_client_capability',
    'taskrouter_capability' => 'compile_taskrouter_capability',
    'jwt' => 'compile_jwt',
    'credential_provider' => 'compile_credential_provider',
];

/** What twilio-php lacks, for a case of such a family (the runner sends none: it is defensive). */
const LACKING = [
    'validation_token' => 'twilio-php has no client-validation (PKCV) token: no ValidationToken class in src/Twilio/Jwt',
];

// ------------------------------------------------------------------------------------------------
// Running a case

/** A library message with the source folder written as the oracle writes it. */
function library_message(Throwable $e): string {
    [$real, $given] = $GLOBALS['TWILIO_PHP_SRC'];
    return str_replace([$real, $given], '$TWILIO_PHP_SRC', $e->getMessage());
}

/** The frozen clock of a case: whole seconds, `nowMs` floored when present (it wins over `now`). */
function clock_of(array $case): int {
    foreach (['nowMs' => 1000, 'now' => 1] as $key => $per) {
        if (!array_key_exists($key, $case)) continue;
        $v = $case[$key];
        if (!is_int($v) && !is_float($v)) throw new ProtocolError("case.{$key} is not a number");
        $s = floor($v / $per);
        if (!is_finite($s) || $s < PHP_INT_MIN || $s >= PHP_INT_MAX) throw new ProtocolError("case.{$key} is out of range");
        return (int) $s;
    }
    throw new ProtocolError('case.now is missing');
}

function run_case(array $case): array {
    $family = $case['family'] ?? null;
    if (!is_string($family)) throw new ProtocolError('case.family is not a string');
    if (!array_key_exists('input', $case)) throw new ProtocolError('case.input is missing');
    $now = clock_of($case);
    if (isset(LACKING[$family])) return ['skipped' => ['reason' => LACKING[$family]]];
    if (!isset(COMPILERS[$family])) return ['skipped' => ['reason' => "family {$family} is not one twilio-php has"]];
    try {
        $input = $case['input'];
        if (!is_array($input)) throw new Skip('input is not an object');
        $job = (COMPILERS[$family])($input);
    } catch (Skip $e) {
        return ['skipped' => ['reason' => $e->getMessage()]];
    }
    uopz_set_return('time', $now);
    try {
        return ['output' => $job()];
    } catch (LibraryFailure $f) {
        return ['output' => ['error' => ['type' => get_class($f->error), 'message' => library_message($f->error)]]];
    } finally {
        uopz_unset_return('time');
    }
}

function implementation(?string $unavailable): array {
    if ($unavailable !== null) return ['version' => 1, 'unavailable' => ['reason' => $unavailable, 'install' => INSTALL]];
    return ['version' => 1, 'implementation' => [
        'name' => 'twilio-php', 'version' => \Twilio\VersionInfo::string(), 'language' => 'php',
        // credential_provider drives twilio-php's CurlClient: offered where PHP has curl.
        'profile' => 'php', 'families' => array_values(array_filter(array_keys(COMPILERS), static fn ($f) => $f !== 'credential_provider' || extension_loaded('curl'))),
    ]];
}

// Replies are UTF-8 JSON (library messages may quote the input); decoded payloads can nest as deep
// as JWT::decode reads (512), under the reply's own levels.
const REPLY_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;

function reply(array $message): void {
    $line = json_encode($message, REPLY_FLAGS, 1024);
    if ($line === false) {
        // A decoded value JSON cannot hold (INF from 1e999): the case's answer, not a broken line.
        $line = json_encode(['seq' => $message['seq'] ?? null, 'errored' => ['message' => 'response not expressible as JSON: ' . json_last_error_msg()]], REPLY_FLAGS | JSON_INVALID_UTF8_SUBSTITUTE);
    }
    fwrite(STDOUT, $line . "\n");
    fflush(STDOUT);
}

/** The seq a line most likely carries, for the answer to a request PHP cannot read. */
function seq_of_line(string $line): ?int {
    return preg_match('/"seq"\s*:\s*(-?\d{1,18})\b/', $line, $m) ? (int) $m[1] : null;
}

while (($line = fgets(STDIN)) !== false) {
    if (trim($line) === '') continue;
    $request = null;
    try {
        $request = json_decode($line, true, 100000);
        if (json_last_error() === JSON_ERROR_UTF16 && str_contains($line, '"run"')) {
            // PHP's json_decode refuses an unpaired surrogate escape: no PHP program reading its input
            // this way receives such a string, so the case cannot be expressed (the reference skips it too).
            reply(['seq' => seq_of_line($line), 'skipped' => ['reason' => 'the input holds an unpaired UTF-16 surrogate, which PHP\'s json_decode refuses ("' . json_last_error_msg() . '")']]);
            continue;
        }
        if (json_last_error() !== JSON_ERROR_NONE) throw new ProtocolError('request is not JSON: ' . json_last_error_msg());
        if (!is_array($request) || ($request !== [] && array_is_list($request))) throw new ProtocolError('request is not an object');
        $cmd = $request['cmd'] ?? null;
        if ($cmd === 'start') {
            reply(implementation($unavailable));
        } elseif ($cmd === 'stop') {
            exit(0);
        } elseif ($cmd === 'run') {
            if (!is_int($request['seq'] ?? null)) throw new ProtocolError('run request has no integer seq');
            if ($unavailable !== null) throw new ProtocolError("twilio-php is unavailable: {$unavailable}");
            $case = $request['case'] ?? null;
            if (!is_array($case) || ($case !== [] && array_is_list($case))) throw new ProtocolError('run request has no case object');
            reply(['seq' => $request['seq']] + run_case($case));
        } else {
            throw new ProtocolError('unknown cmd ' . json_encode($cmd, REPLY_FLAGS | JSON_INVALID_UTF8_SUBSTITUTE));
        }
    } catch (ProtocolError $e) {
        $seq = is_array($request) && is_int($request['seq'] ?? null) ? $request['seq'] : seq_of_line($line);
        reply(['seq' => $seq, 'errored' => ['message' => 'protocol error: ' . $e->getMessage()]]);
    } catch (Throwable $e) {
        // A bug of this adapter: class, message and place only (never the input, which holds secrets).
        fwrite(STDERR, sprintf("twilio-php adapter: %s: %s at %s:%d\n", get_class($e), $e->getMessage(), basename($e->getFile()), $e->getLine()));
        $seq = is_array($request) && is_int($request['seq'] ?? null) ? $request['seq'] : seq_of_line($line);
        reply(['seq' => $seq, 'errored' => ['message' => get_class($e) . ': ' . $e->getMessage()]]);
    }
}
exit(0);
