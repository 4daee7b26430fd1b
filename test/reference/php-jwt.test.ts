/**
 * The pieces of the php profile's JWT class that rest on PHP itself, checked against the real
 * interpreter (skipped without php-cli, unless REQUIRE_REAL_LIBRARIES=1): the lenient base64 a
 * token's segments are read with (`base64_decode(strtr($s . '=' padding, '-_', '+/'))`, non-strict),
 * and the named-argument binding of a user function (which argument is "not passed", "Too few
 * arguments", TypeErrors in parameter order).
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostValue } from '../../reference/lang/host.ts';
import { LibraryError } from '../../reference/lang/lang.ts';
import { phpCall, type PhpFunction } from '../../reference/profiles/php/calls.ts';
import { phpUrlsafeB64Decode } from '../../reference/profiles/php/php-jwt.ts';
import { HAS_PHP, PHP, sample } from './lang/php-oracle.ts';

function runPhp(script: string, lines: string[]): string[] {
  const r = spawnSync(PHP, ['-n', '-r', script], { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`php exited with ${r.status}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Segments as tokens carry them, damaged: the url-safe and the standard alphabet, padding anywhere, junk bytes. */
const segment = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), weight: 20 },
      { arbitrary: fc.constantFrom('+', '/', '=', '==', ' ', '\n', '!', '.', '*', '\u00e9', '\u0000', '%'), weight: 2 },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('php profile: JWT::urlsafeB64Decode', () => {
  it.skipIf(!HAS_PHP)('gives the bytes PHP gives for 3000 damaged segments', () => {
    const inputs = sample(segment, 1500, 17);
    // Each answer is prefixed, so that an empty one is still a line.
    const script = String.raw`while (($l = fgets(STDIN)) !== false) { $s = hex2bin(substr(rtrim($l, "\n"), 1)); $s .= str_repeat('=', 4 - strlen($s) % 4); echo 'x', bin2hex(base64_decode(strtr($s, '-_', '+/'))), "\n"; }`;
    const theirs = runPhp(
      script,
      inputs.map((s) => `x${Buffer.from(s, 'utf8').toString('hex')}`),
    );
    const ours = inputs.map((s) => `x${phpUrlsafeB64Decode(Buffer.from(s, 'utf8')).toString('hex')}`);
    const wrong = inputs.flatMap((s, i) => (ours[i] === theirs[i] ? [] : [`${JSON.stringify(s)}: model ${ours[i]}, php ${theirs[i]}`]));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('skips padding and junk wherever they are and drops an incomplete last group', () => {
    expect(phpUrlsafeB64Decode(Buffer.from('e30')).toString()).toBe('{}');
    expect(phpUrlsafeB64Decode(Buffer.from('e=3!0==')).toString()).toBe('{}');
    expect(phpUrlsafeB64Decode(Buffer.from('e30A')).toString('hex')).toBe('7b7d00');
    // One leftover character carries 6 bits: no byte.
    expect(phpUrlsafeB64Decode(Buffer.from('e30AB')).toString('hex')).toBe('7b7d00');
  });
});

describe('php profile: binding named arguments', () => {
  const F: PhpFunction = {
    name: 'T::f',
    params: [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'int' },
      { name: 'c', type: 'string', nullable: true, optional: true },
      { name: 'd', type: 'array', optional: true },
    ],
  };
  const bind = (args: Array<[string, HostValue]>): string => {
    try {
      return JSON.stringify(phpCall(F, new Map(args)), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v));
    } catch (e) {
      if (e instanceof LibraryError) return `${e.type}: ${e.message}`;
      throw e;
    }
  };
  const cases: Array<Array<[string, HostValue]>> = [
    [],
    [['a', 'x']],
    [['b', 5n]],
    [
      ['a', null],
      ['b', 'x'],
    ],
    [
      ['a', null],
      ['c', 'x'],
    ],
    [
      ['d', []],
      ['a', 1n],
    ],
    [
      ['a', 1.5],
      ['b', ' 60'],
      ['c', true],
    ],
    [
      ['a', 'x'],
      ['b', '1.5'],
    ],
    [
      ['a', 'x'],
      ['b', 1e20],
    ],
    [
      ['a', 'x'],
      ['b', 2n],
      ['d', 'no'],
    ],
    [
      ['a', []],
      ['b', 'x'],
      ['c', []],
    ],
  ];
  it.skipIf(!HAS_PHP)('as PHP 8.2 does for a call made from an internal frame: "not passed", "Too few arguments", TypeErrors in order', () => {
    // The same calls made by the interpreter on a method with the same signature (class T, method
    // f), through ReflectionMethod::invokeArgs: an internal frame, as an adapter's calls are
    // recorded (no ", called in FILE on line N").
    const script = String.raw`class T { static function f(string $a, int $b, ?string $c = null, array $d = []) { return [$a, $b, $c, $d]; } }
      set_error_handler(fn() => true);
      while (($l = fgets(STDIN)) !== false) {
        $args = json_decode($l, true);
        $named = [];
        foreach ($args as [$k, $v]) $named[$k] = $v;
        try { $r = (new ReflectionMethod('T', 'f'))->invokeArgs(null, $named); echo json_encode([$r[0], (string)$r[1], $r[2], count($r[3]) ? $r[3] : null]), "\n"; }
        catch (\Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
      }`;
    const wire = cases.map((c) => JSON.stringify(c.map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
    const theirs = runPhp(script, wire);
    const ours = cases.map((c) => {
      const r = bind(c);
      if (!r.startsWith('[')) return r;
      const [a, b, c2, d] = JSON.parse(r) as [string, string, string | null | undefined, unknown];
      return JSON.stringify([a, b, c2 ?? null, Array.isArray(d) && d.length === 0 ? null : (d ?? null)]);
    });
    expect(ours).toEqual(theirs);
  });

  it('names the first argument missing before the last one passed, before any type check', () => {
    expect(
      bind([
        ['a', null],
        ['c', 'x'],
      ]),
    ).toBe('ArgumentCountError: T::f(): Argument #2 ($b) not passed');
    expect(bind([['a', null]])).toBe('TypeError: T::f(): Argument #1 ($a) must be of type string, null given');
    expect(bind([['a', 'x']])).toBe('ArgumentCountError: Too few arguments to function T::f(), 1 passed and at least 2 expected');
  });
});
