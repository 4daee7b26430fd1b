/**
 * PyJWT reads token segments with CPython's lenient base64 and `json.loads` of bytes; the
 * emulations must agree with the installed python3 on generated (and mangled) inputs: the same
 * value (as json.dumps writes it) or the same exception class and message.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LibraryError, UnsupportedInput } from '../../../reference/lang/lang.ts';
import { python } from '../../../reference/lang/python.ts';
import { pyJsonLoadsBytes } from '../../../reference/lang/python-json.ts';
import { pyA2bBase64 } from '../../../reference/profiles/python/pyjwt-decode.ts';

const HAS_PYTHON = spawnSync('python3', ['-c', 'import json'], { stdio: 'ignore' }).status === 0;

function mapLines(script: string, lines: string[]): string[] {
  const r = spawnSync('python3', ['-c', script], { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').slice(0, lines.length);
}

const JSON_PIECES = ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '\\ud83c', '\\udf89', 'a', '1', '-', '.', 'e', '0', ' ', '\n', 'null', 'tru', 'true', 'NaN', 'Infinity', '1e400', '\u00e9', '\u0001', '\t'];

/** Byte strings that are mostly JSON, with damage: dropped or inserted pieces, invalid UTF-8. */
const jsonish: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.json({ depthSize: 'small' }).map((t) => Buffer.from(t)),
  fc.tuple(fc.json({ depthSize: 'small' }), fc.nat(), fc.constantFrom(...JSON_PIECES)).map(([t, i, p]) => Buffer.from(t.slice(0, i % (t.length + 1)) + p + t.slice(i % (t.length + 1)))),
  fc.tuple(fc.json({ depthSize: 'small' }), fc.nat()).map(([t, i]) => Buffer.from(t.slice(0, i % (t.length + 1)) + t.slice((i % (t.length + 1)) + 1))),
  fc.array(fc.constantFrom(...JSON_PIECES), { maxLength: 8 }).map((ps) => Buffer.from(ps.join(''))),
  fc
    .tuple(
      fc.json({ depthSize: 'small' }),
      fc.uint8Array({ minLength: 1, maxLength: 3 }).map((b) => b.map((x) => x | 0x80)),
    )
    .map(([t, b]) => Buffer.concat([Buffer.from(t), Buffer.from(b)])),
);

function ours(bytes: Uint8Array): string | undefined {
  try {
    return `OK ${python.stringify(pyJsonLoadsBytes(bytes))}`;
  } catch (e) {
    if (e instanceof UnsupportedInput) return undefined;
    if (e instanceof LibraryError) return `ERR ${e.type}: ${e.message}`;
    throw e;
  }
}

describe.skipIf(!HAS_PYTHON)('python json.loads and base64 models vs CPython', () => {
  it('json.loads(bytes) gives the same value or the same error', () => {
    const samples = fc.sample(jsonish, { numRuns: 3000, seed: 11 });
    const py = mapLines(
      'import sys, json\nfor l in sys.stdin:\n  b = bytes.fromhex(l.strip())\n  try: print("OK " + json.dumps(json.loads(b), separators=(",", ":")))\n  except Exception as e: print("ERR " + type(e).__name__ + ": " + str(e))',
      samples.map((b) => Buffer.from(b).toString('hex')),
    );
    const mismatches = samples.flatMap((b, i) => {
      const o = ours(b);
      return o === undefined || o === py[i] ? [] : [`${JSON.stringify(Buffer.from(b).toString('latin1'))}: ours ${o} / python ${py[i]}`];
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('a2b_base64 (non-strict) gives the same bytes or fails where CPython does', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.! \u00e9';
    const samples = fc.sample(
      fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }).map((cs) => Buffer.from(cs.join(''))),
      { numRuns: 3000, seed: 12 },
    );
    const py = mapLines(
      'import sys, binascii\nfor l in sys.stdin:\n  b = bytes.fromhex(l.strip())\n  try: print("OK " + binascii.a2b_base64(b).hex())\n  except binascii.Error: print("ERR")',
      samples.map((b) => b.toString('hex')),
    );
    const got = samples.map((b) => {
      try {
        return `OK ${pyA2bBase64(b).toString('hex')}`;
      } catch {
        return 'ERR';
      }
    });
    expect(got).toEqual(py);
  });
});
