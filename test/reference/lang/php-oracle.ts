/**
 * The real PHP interpreter as an oracle for the PHP language model: one `php` process per batch
 * reads JSON requests, one a line, and answers each with one JSON line. Values cross in a tagged
 * form that loses nothing (ints as decimal text, floats as their 8 bytes, strings as their bytes
 * in hex, arrays as key/value entries, `stdClass` apart), so the comparison is exact.
 *
 * `REQUIRE_REAL_LIBRARIES=1` (CI) turns a missing interpreter into a failure instead of a skip.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { HostValue } from '../../../reference/lang/host.ts';
import { isPhpIntKey, phpArrayEntries, PhpObject, phpBytes } from '../../../reference/lang/php.ts';

export const PHP = process.env.PHP_BINARY || 'php';
const probe = spawnSync(PHP, ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
/** The interpreter's version, or undefined when it cannot be run. */
export const PHP_VERSION = probe.status === 0 ? probe.stdout.trim() : undefined;
export const HAS_PHP = PHP_VERSION !== undefined;

if (!HAS_PHP && process.env.REQUIRE_REAL_LIBRARIES === '1') {
  throw new Error(`REQUIRE_REAL_LIBRARIES=1 but ${PHP} cannot be run (install php-cli)`);
}

/**
 * The seeds a generated batch is drawn with: a fixed one (the figures in the report), and the run's
 * FC_SEED (test/setup.ts sets one per run, CI logs it), so each run also explores new values.
 * Replay a failure with `FC_SEED=<seed> npx vitest run <file>`.
 */
export function seeds(fixed: number): number[] {
  const run = Number(process.env.FC_SEED);
  return Number.isFinite(run) && run !== fixed ? [fixed, run] : [fixed];
}

/** `numRuns` values for each of {@link seeds}. */
export function sample<T>(arb: fc.Arbitrary<T>, numRuns: number, fixed: number): T[] {
  return seeds(fixed).flatMap((seed) => fc.sample(arb, { numRuns, seed }));
}

/** A PHP value in transit. */
export type Tagged = ['n'] | ['b', boolean] | ['i', string] | ['f', string] | ['s', string] | ['a', Array<[['i' | 's', string], Tagged]>] | ['o', Array<[string, Tagged]>];

const view = new DataView(new ArrayBuffer(8));
export const floatHex = (x: number): string => {
  view.setFloat64(0, x);
  return [0, 1, 2, 3, 4, 5, 6, 7].map((i) => view.getUint8(i).toString(16).padStart(2, '0')).join('');
};
export const hexFloat = (h: string): number => {
  for (let i = 0; i < 8; i++) view.setUint8(i, parseInt(h.slice(i * 2, i * 2 + 2), 16));
  return view.getFloat64(0);
};
export const hex = (s: string): string => phpBytes(s).toString('hex');

/** A model value in the tagged form (JavaScript arrays and list-shaped maps alike). */
export function tag(v: HostValue): Tagged {
  if (v === null) return ['n'];
  switch (typeof v) {
    case 'boolean':
      return ['b', v];
    case 'bigint':
      return ['i', v.toString()];
    case 'number':
      return ['f', floatHex(v)];
    case 'string':
      return ['s', hex(v)];
  }
  if (v instanceof PhpObject) return ['o', [...v].map(([k, x]) => [hex(k), tag(x)])];
  return ['a', phpArrayEntries(v as HostValue[]).map(([k, x]) => [isPhpIntKey(k) ? ['i', k] : ['s', hex(k)], tag(x)])];
}

/** A tagged value as a model value (used to hand PHP-made values to the model). */
export function untag(t: Tagged): HostValue {
  switch (t[0]) {
    case 'n':
      return null;
    case 'b':
      return t[1];
    case 'i':
      return BigInt(t[1]);
    case 'f':
      return hexFloat(t[1]);
    case 's':
      return Buffer.from(t[1], 'hex').toString('utf8');
    case 'o':
      return new PhpObject(t[1].map(([k, x]) => [Buffer.from(k, 'hex').toString('utf8'), untag(x)]));
    case 'a':
      return new Map(t[1].map(([[kt, k], x]) => [kt === 'i' ? k : Buffer.from(k, 'hex').toString('utf8'), untag(x)]));
  }
}

const SCRIPT = String.raw`
ini_set('display_errors', 'stderr');
error_reporting(E_ALL);
$notices = [];
set_error_handler(function ($no, $str) use (&$notices) { $notices[] = $str; return true; });
function dec_t($t) {
  switch ($t[0]) {
    case 'n': return null;
    case 'b': return $t[1];
    case 'i': return intval($t[1]);
    case 'f': return unpack('E', hex2bin($t[1]))[1];
    case 's': return hex2bin($t[1]);
    case 'a': $a = []; foreach ($t[1] as [$k, $v]) { $a[$k[0] === 'i' ? intval($k[1]) : hex2bin($k[1])] = dec_t($v); } return $a;
    case 'o': $o = new stdClass; foreach ($t[1] as [$k, $v]) { $o->{hex2bin($k)} = dec_t($v); } return $o;
  }
}
function enc_t($v) {
  if (is_null($v)) return ['n'];
  if (is_bool($v)) return ['b', $v];
  if (is_int($v)) return ['i', (string)$v];
  if (is_float($v)) return ['f', bin2hex(pack('E', $v))];
  if (is_string($v)) return ['s', bin2hex($v)];
  if (is_array($v)) { $e = []; foreach ($v as $k => $x) { $e[] = [is_int($k) ? ['i', (string)$k] : ['s', bin2hex($k)], enc_t($x)]; } return ['a', $e]; }
  $e = []; foreach ((array)$v as $k => $x) { $e[] = [bin2hex((string)$k), enc_t($x)]; } return ['o', $e];
}
function f_int(int $x) { return $x; }
function f_nint(?int $x) { return $x; }
function f_float(float $x) { return $x; }
function f_string(string $x) { return $x; }
function f_bool(bool $x) { return $x; }
function f_array(array $x) { return $x; }
function run($r) {
  global $notices;
  ini_set('precision', $r['p'] ?? 14);
  ini_set('serialize_precision', $r['sp'] ?? -1);
  switch ($r['op']) {
    case 'enc':
      $out = json_encode(dec_t($r['v']), 0, $r['depth'] ?? 512);
      return $out === false ? ['err', json_last_error(), json_last_error_msg()] : ['ok', bin2hex($out)];
    case 'dec':
      $out = json_decode(hex2bin($r['hex']), $r['assoc'], $r['depth'] ?? 512);
      $e = json_last_error();
      return $e ? ['err', $e, json_last_error_msg()] : ['ok', enc_t($out)];
    case 'str':
      return ['ok', bin2hex((string)dec_t($r['v'])), $notices];
    case 'truthy':
      return ['ok', (bool)dec_t($r['v'])];
    case 'num':
      $v = dec_t($r['v']);
      return ['ok', is_numeric($v), enc_t(@intval($v)), enc_t(@floatval($v)), enc_t(@(int)$v), enc_t(@(float)$v)];
    case 'coerce':
      return ['ok', enc_t(('f_' . $r['type'])(dec_t($r['v']))), $notices];
    case 'add':
      return ['ok', enc_t(dec_t($r['a']) + dec_t($r['b'])), $notices];
    case 'url':
      $s = hex2bin($r['hex']);
      return ['ok', urlencode($s), rawurlencode($s)];
    case 'hbq':
      return ['ok', bin2hex(http_build_query(dec_t($r['v']), $r['prefix'] ?? '', $r['sep'] ?? '&', $r['raw'] ?? false ? PHP_QUERY_RFC3986 : PHP_QUERY_RFC1738))];
    case 'merge':
      $a = dec_t($r['a']); $b = dec_t($r['b']);
      return ['ok', enc_t(array_merge($a, $b)), enc_t($a + $b)];
    case 'append':
      // An array as json_decode made it: its next key follows its largest int key, negative or not.
      $a = json_decode($r['json'], true);
      $a[] = dec_t($r['v']);
      return ['ok', enc_t($a)];
  }
  return ['bad op'];
}
while (($line = fgets(STDIN)) !== false) {
  $notices = [];
  try {
    $res = run(json_decode($line, true, 100000));
  } catch (\Throwable $e) {
    $res = ['throw', get_class($e), $e->getMessage()];
  }
  echo json_encode($res, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE, 100000), "\n";
}
`;

/** Ask PHP: one process for the whole batch, one answer per request, in order. */
export function askPhp(requests: object[]): unknown[] {
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = spawnSync(PHP, ['-n', '-d', 'memory_limit=1G', '-r', SCRIPT], { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`php exited with ${r.status}: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines.length, r.stderr).toBe(requests.length);
  return lines.map((l) => JSON.parse(l) as unknown);
}

/** The first few mismatches between the model's answers and PHP's (empty when they agree). */
export function mismatches<T>(inputs: T[], ours: unknown[], theirs: unknown[], show: (x: T) => string = (x) => JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))): string[] {
  const out: string[] = [];
  for (let i = 0; i < inputs.length && out.length < 8; i++) {
    if (JSON.stringify(ours[i]) !== JSON.stringify(theirs[i])) {
      out.push(`${show(inputs[i])} (FC_SEED=${process.env.FC_SEED ?? '-'})\n  model: ${JSON.stringify(ours[i])}\n  php:   ${JSON.stringify(theirs[i])}`);
    }
  }
  return out;
}
