/**
 * docs/behaviour-matrix.md is what scripts/behaviour-matrix.ts makes of the profiles and vectors
 * today: the page is regenerated in memory and compared, its links lead to vectors that exist, it
 * has a column per registered profile, and a profile or vector changed without regenerating the
 * page makes the comparison fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVectors, type Vector } from '../../conformance/vectors/read.ts';
import { PROFILES, type Profile } from '../../reference/profiles/index.ts';
import { generateBehaviourMatrix, MATRIX_PATH } from '../../scripts/behaviour-matrix.ts';
import { ROOT } from '../helpers/shared.ts';

const PAGE = join(ROOT, MATRIX_PATH);
const STALE = `${MATRIX_PATH} is stale: run npm run docs:matrix`;

/** The cells of a Markdown table line (`\|` inside a cell is not a separator). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** Every table of the page: its header cells and its rows' cells. */
function tables(page: string): Array<{ header: string[]; rows: string[][] }> {
  const out: Array<{ header: string[]; rows: string[][] }> = [];
  const lines = page.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('| behaviour |')) continue;
    const t = { header: cells(lines[i]), rows: [] as string[][] };
    for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) t.rows.push(cells(lines[i]));
    out.push(t);
  }
  return out;
}

/** A one-line pointer to where two pages first differ, for the failure message. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((l, k) => l !== y[k]);
  const at = i < 0 ? Math.min(x.length, y.length) : i;
  return `first difference at line ${at + 1}:\n  file:      ${(x[at] ?? '<end>').slice(0, 300)}\n  generated: ${(y[at] ?? '<end>').slice(0, 300)}`;
}

let committed: string;
let vectors: Vector[];
let generated: string;

beforeAll(() => {
  committed = existsSync(PAGE) ? readFileSync(PAGE, 'utf8') : '';
  vectors = loadVectors(join(ROOT, 'vectors'));
  generated = generateBehaviourMatrix(PROFILES, vectors);
});

describe('behaviour matrix', () => {
  it('docs/behaviour-matrix.md is what the profiles and vectors give today', () => {
    expect(committed, `${STALE} (the file is missing)`).not.toBe('');
    expect(committed === generated, `${STALE}\n${firstDifference(committed, generated)}`).toBe(true);
  });

  it('every link leads to an existing vector file that holds the vector it names', () => {
    const links = [...committed.matchAll(/\[`([^`]+)`\]\(([^)]+)\)/g)];
    // Hundreds of cells each link a vector: a page with a handful would have lost its evidence.
    expect(links.length).toBeGreaterThan(200);
    const ids = new Map<string, Set<string>>();
    const problems: string[] = [];
    for (const [, id, target] of links) {
      const file = resolve(dirname(PAGE), target);
      if (!existsSync(file)) {
        problems.push(`${target}: no such file (for ${id})`);
        continue;
      }
      if (!ids.has(file)) {
        const doc = JSON.parse(readFileSync(file, 'utf8')) as { vectors?: Array<{ id: string }> };
        ids.set(file, new Set((doc.vectors ?? []).map((v) => v.id)));
      }
      if (!ids.get(file)!.has(id)) problems.push(`${target} has no vector ${id}`);
    }
    expect(problems).toEqual([]);
  });

  it('has one table per family, each with a column per registered profile and rows that fit it', () => {
    const names = Object.keys(PROFILES);
    const ts = tables(committed);
    expect(ts.length).toBe(6);
    for (const t of ts) {
      expect(t.header).toEqual(['behaviour', ...names.map((n) => `${n} (${PROFILES[n as keyof typeof PROFILES].library.name} ${PROFILES[n as keyof typeof PROFILES].library.version})`), 'differs']);
      expect(t.rows.length).toBeGreaterThan(0);
      for (const r of t.rows) expect(r.length, r[0]).toBe(t.header.length);
    }
  });

  it('no cell of the committed page says the reference profile disagrees with its vector', () => {
    expect(committed.split('\n').filter((l) => l.includes('⚠ profile disagrees:'))).toEqual([]);
  });

  it('shows the behaviours the issue names', () => {
    const rows = tables(committed).flatMap((t) => t.rows.map((r) => r[0]));
    for (const name of [
      'header members, in order',
      'payload claims, in order',
      '`iat`',
      '`nbf` when not given',
      'ttl `0`',
      'ttl negative',
      'ttl above 24 h',
      'identity an integer',
      'identity `""`',
      'identity absent',
      'escaping: `/`',
      'escaping: non-ASCII (BMP)',
      'escaping: `<`',
      'incoming client name: ASCII punctuation in `scope`',
      'default policies: worker channel (`WK…`)',
      '`alg: none`',
      '`exp` equal to now',
      'sequential API calls, token still valid',
      'concurrent API calls, no token yet',
    ]) {
      expect(rows, name).toContain(name);
    }
  });

  it('a profile whose behaviour changes makes the page stale, and the cell names the disagreement', () => {
    const node = PROFILES.node;
    // twilio-node's identity rule, changed to drop every identity.
    const edited: Record<string, Profile> = { ...PROFILES, node: { ...node, accessToken: { ...node.accessToken, identity: () => undefined } } };
    const page = generateBehaviourMatrix(edited, vectors);
    expect(page).not.toBe(committed);
    const row = page.split('\n').find((l) => l.startsWith('| identity an integer |'))!;
    expect(cells(row)[1]).toContain('⚠ profile disagrees: accepted; no `identity` in `grants`');
  });

  it('a vector whose expectation changes makes the page stale', () => {
    // twilio-python's ttl-0 expectation replaced by twilio-node's: the python cell follows the data.
    const changed = vectors.map((v) => (v.id === 'access_token/edge/ttl-0' ? { ...v, expect: { ...v.expect, python: v.expect.node } } : v));
    const page = generateBehaviourMatrix(PROFILES, changed);
    expect(page).not.toBe(committed);
    const row = page.split('\n').find((l) => l.startsWith('| ttl `0` |'))!;
    expect(cells(row)[2]).toMatch(/^`exp` = now \+ 3600<br>/);
  });

  it('a profile added to the registry gets a column, and "no vector" wherever no vector records it', () => {
    const csharp: Profile = { ...PROFILES.python, name: 'csharp' as Profile['name'], library: { name: 'twilio-csharp', version: '7.0.0' } };
    const page = generateBehaviourMatrix({ ...PROFILES, csharp }, vectors);
    const ts = tables(page);
    expect(ts.length).toBe(6);
    for (const t of ts) {
      const col = t.header.indexOf('csharp (twilio-csharp 7.0.0)');
      expect(col).toBe(Object.keys(PROFILES).length + 1);
      for (const r of t.rows) expect(r[col], r[0]).toBe('no vector');
    }
  });
});
