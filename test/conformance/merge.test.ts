/**
 * `report --from`: the JSON Lines of `run --shard 1/2` and `run --shard 2/2` merged give the same
 * matrix, cases, recurring differences, gate and exit code as one unsharded run; and results that
 * do not belong together (a shard missing or given twice, a file cut short, another vector set, a
 * line that is not results-v1) are refused with exit 2 and one line naming why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../conformance/cli.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { ROOT } from '../helpers/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'tjc-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string): string => join(dir, name);

// The reference with one injected bug (`/` written as `\/`): failures for the gate to count.
const MUTANT = `${process.execPath} ${join(ROOT, 'test/fixtures/mutant-adapter.mjs')} --mutation escape-slash -- ${process.execPath} ${join(ROOT, 'bin/twilio-jwt-conformance.mjs')} adapter reference --profile node`;
const FAMILIES = 'access_token,jwt';

/** Run the CLI in-process with stderr silenced; returns its exit code and what it wrote to stderr. */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

const lines = (file: string): Array<Record<string, unknown>> =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
/** A report's text without its one line of timestamps. */
const untimed = (file: string): string => readFileSync(file, 'utf8').replace(/^.*→.*$/m, '');

let codes: { full: number; one: number; two: number; merged: number };
let expectations: string;

beforeAll(async () => {
  // A known failure that passes (a new pass) and one that fails, so the gate has every kind of entry.
  const ids = loadVectors(join(ROOT, 'vectors/access_token')).map((v) => v.id);
  expectations = f('expectations.json');
  writeFileSync(expectations, JSON.stringify({ adapters: { 'reference-node': { knownFailures: [ids[0]] } } }));
  const run = ['run', '--adapter', 'reference-node', '--adapter', MUTANT, '--families', FAMILIES, '--expectations', expectations, '--jobs', '2'];
  const reports = (p: string): string[] => ['--reporter', `jsonl:${f(`${p}.jsonl`)}`, '--reporter', `markdown:${f(`${p}.md`)}`, '--reporter', `tty:${f(`${p}.txt`)}`];
  const full = await cli([...run, ...reports('full')]);
  const one = await cli([...run, '--shard', '1/2', '--reporter', `jsonl:${f('s1.jsonl')}`]);
  const two = await cli([...run, '--shard', '2/2', '--reporter', `jsonl:${f('s2.jsonl')}`]);
  const merged = await cli(['report', '--from', f('s1.jsonl'), '--from', f('s2.jsonl'), '--expectations', expectations, ...reports('merged')]);
  codes = { full: full.code, one: one.code, two: two.code, merged: merged.code };
}, 600_000);

describe('report --from merges shards into the unsharded run', () => {
  it('the same exit code (1: the mutant fails), and each shard judged only its half', () => {
    expect(codes.full).toBe(1);
    expect(codes.merged).toBe(codes.full);
    const caseCount = (file: string): number => lines(file).filter((l) => l.type === 'case').length;
    expect(caseCount(f('s1.jsonl')) + caseCount(f('s2.jsonl'))).toBe(caseCount(f('full.jsonl')));
    expect(caseCount(f('s1.jsonl'))).toBeGreaterThan(0);
    expect(caseCount(f('s2.jsonl'))).toBeGreaterThan(0);
  });

  it('the same gate: summary, new failures, known failures, new passes', () => {
    const gateOf = (file: string): Record<string, unknown> => {
      const { finished: _f, ...g } = lines(file).at(-1)!;
      return g;
    };
    const full = gateOf(f('full.jsonl'));
    expect(gateOf(f('merged.jsonl'))).toEqual(full);
    expect((full.newFailures as unknown[]).length).toBeGreaterThan(0);
    expect((full.newPasses as unknown[]).length).toBe(1);
  });

  it('the same cases, recurring differences and adapters', () => {
    const of = (file: string, type: string): unknown[] => lines(file).filter((l) => l.type === type);
    for (const type of ['case', 'difference']) expect(of(f('merged.jsonl'), type)).toEqual(of(f('full.jsonl'), type));
    const header = (file: string): unknown => (lines(file)[0] as { adapters: unknown }).adapters;
    expect(header(f('merged.jsonl'))).toEqual(header(f('full.jsonl')));
    expect(lines(f('merged.jsonl'))[0].vectors).toBe(lines(f('full.jsonl'))[0].vectors);
  });

  it('the same matrix and report text in tty and Markdown', () => {
    expect(untimed(f('merged.txt'))).toBe(untimed(f('full.txt')));
    expect(untimed(f('merged.md'))).toBe(untimed(f('full.md')));
    expect(readFileSync(f('merged.md'), 'utf8')).toMatch(/\| reference-node /);
  });
});

describe('report --from refuses results that do not belong together', () => {
  const refused = async (args: string[], message: RegExp): Promise<void> => {
    const r = await cli(['report', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  };

  it('a missing shard', () => refused(['--from', f('s1.jsonl')], /shard 2\/2 missing/));
  it('a shard given twice', async () => {
    writeFileSync(f('s1-copy.jsonl'), readFileSync(f('s1.jsonl')));
    await refused(['--from', f('s1.jsonl'), '--from', f('s1-copy.jsonl')], /shard 1\/2 is given twice/);
  });
  it('a file cut short (no summary line)', async () => {
    const text = readFileSync(f('s2.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(f('s2-cut.jsonl'), `${text.slice(0, -3).join('\n')}\n`);
    await refused(['--from', f('s1.jsonl'), '--from', f('s2-cut.jsonl')], /no summary line/);
  });
  it('a line that is not results-v1, named by file and line', async () => {
    const text = readFileSync(f('s2.jsonl'), 'utf8').trim().split('\n');
    const bad = JSON.parse(text[3]);
    bad.status = 'passed-ish';
    text[3] = JSON.stringify(bad);
    writeFileSync(f('s2-bad.jsonl'), `${text.join('\n')}\n`);
    await refused(['--from', f('s1.jsonl'), '--from', f('s2-bad.jsonl')], /s2-bad\.jsonl:4 is not a results-v1 line/);
  });
  it('shards of another vector set', async () => {
    const text = readFileSync(f('s2.jsonl'), 'utf8').trim().split('\n');
    const header = JSON.parse(text[0]);
    header.selection.vectorSet = 'another';
    text[0] = JSON.stringify(header);
    writeFileSync(f('s2-other.jsonl'), `${text.join('\n')}\n`);
    await refused(['--from', f('s1.jsonl'), '--from', f('s2-other.jsonl')], /different vector sets/);
  });
  it('no --from at all', () => refused([], /report needs --from/));
});
