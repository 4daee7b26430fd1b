/**
 * Which characters `repr` (Python) and `String#inspect` (Ruby) escape depends on the language's
 * own Unicode tables, not the JavaScript engine's. Every code point, in chunks, goes through the
 * installed python3 and ruby and through the models; they must write the same text.
 * Skipped, with the reason, where an interpreter is absent.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pyRepr } from '../../../reference/lang/python.ts';
import { rbInspect } from '../../../reference/lang/ruby.ts';
import { findTwilioPython } from '../../../conformance/adapters/registry.ts';

const have = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
// The python profile models the interpreter that runs twilio-python (Debian's CPython 3.11).
const found = findTwilioPython();
const PYTHON = 'python' in found ? found.python : 'python3';
const HAS_PYTHON = have(PYTHON, ['-c', 'import json']);
const HAS_RUBY = have('ruby', ['-rjson', '-e', '0']);

/** Every code point (surrogates apart), 64 to a string. */
function chunks(skipSurrogates: boolean): string[] {
  const out: string[] = [];
  for (let start = 0; start < 0x110000; start += 64) {
    let s = '';
    for (let cp = start; cp < start + 64; cp++) if (!(skipSurrogates && cp >= 0xd800 && cp <= 0xdfff)) s += String.fromCodePoint(cp);
    if (s) out.push(s);
  }
  return out;
}

function mapLines(cmd: string, args: string[], lines: string[]): string[] {
  const r = spawnSync(cmd, args, { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').slice(0, lines.length);
}

describe.skipIf(!HAS_PYTHON)(`repr() of every code point vs ${PYTHON}`, () => {
  it('escapes exactly what str.isprintable() rejects', () => {
    const strings = chunks(false);
    const py = mapLines(
      PYTHON,
      ['-c', 'import sys, json\nfor l in sys.stdin: print(json.dumps(repr(json.loads(l))))'],
      strings.map((s) => JSON.stringify(s)),
    );
    expect(strings.map((s) => pyRepr(s))).toEqual(py.map((l) => JSON.parse(l) as string));
  });
});

describe.skipIf(!HAS_RUBY)('String#inspect of every code point vs ruby', () => {
  it('escapes exactly what Ruby finds unprintable', () => {
    const strings = chunks(true);
    const rb = mapLines(
      'ruby',
      ['-rjson', '-e', 'STDIN.each_line { |l| puts JSON.generate([JSON.parse(l)[0].inspect]) }'],
      strings.map((s) => JSON.stringify([s])),
    );
    expect(strings.map((s) => rbInspect(s))).toEqual(rb.map((l) => (JSON.parse(l) as string[])[0]));
  });
});
