/**
 * Generated vectors are named by their content: a changed sample (fewer cases, a case the
 * generator no longer draws, another order) adds and removes vectors and renames none, and every
 * vector it keeps is byte for byte the committed one. The sample is changed by wrapping
 * `fc.sample` under the real vector sources, so the test knows no seed and no sample size.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildVectorFile } from '../../conformance/vectors/write.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import { JsonNumber, JsonObject } from '../../reference/json/value.ts';
import { contentHash, contentText, inIdOrder, GeneratedIdCollision, nameGenerated } from '../../conformance/vectors/build/ids.ts';
import { compareVectorFile } from '../../conformance/vectors/build/regen.ts';
import { GENERATED_FILES } from '../../conformance/vectors/build/registry.ts';
import { sample } from '../../conformance/vectors/build/sources/families.ts';
import { baseJwtCases } from '../../conformance/differential/generators/base-jwt.ts';
import { ROOT } from '../helpers/shared.ts';

/** How `fc.sample` answers: as it is, or changed the way a generator change or a smaller sample would. */
const mode = vi.hoisted(() => ({ current: 'as-is' as 'as-is' | 'one-fewer' | 'first-dropped' | 'reversed' }));

vi.mock('fast-check', async (importOriginal) => {
  const real = (await importOriginal<typeof import('fast-check')>()).default;
  const sample: typeof real.sample = (...args) => {
    const all = real.sample(...args);
    if (mode.current === 'one-fewer') return all.slice(0, -1);
    if (mode.current === 'first-dropped') return all.slice(1);
    if (mode.current === 'reversed') return [...all].reverse();
    return all;
  };
  const fc = { ...real, sample };
  return { ...fc, default: fc };
});

const num = (t: string): JsonNumber => new JsonNumber(t);
const files = GENERATED_FILES.filter((f) => f.file.startsWith('generated'));

interface Entry {
  text: string;
  content: string;
}

/** A file's vectors by id: their compact text and their clock and input. */
function byId(doc: unknown): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const v of (doc as JsonObject).get('vectors') as JsonObject[]) {
    const content = stringifyLossless(new JsonObject(v.entries.filter(([k]) => k === 'now' || k === 'nowMs' || k === 'input')));
    out.set(String(v.get('id')), { text: stringifyLossless(v), content });
  }
  return out;
}

const committed = (f: (typeof files)[number]): JsonObject => parseLossless(readFileSync(join(ROOT, 'vectors', f.family, f.file), 'utf8')) as JsonObject;

function built(f: (typeof files)[number], m: typeof mode.current): JsonObject {
  mode.current = m;
  try {
    return buildVectorFile(f);
  } finally {
    mode.current = 'as-is';
  }
}

describe('generated vector ids', () => {
  it('there are generated files to check', () => {
    expect(files.map((f) => `${f.family}/${f.file}`)).toEqual(expect.arrayContaining(['access_token/generated.json', 'jwt/generated.json']));
  });

  it('every committed generated vector is named by its sample and the hash of its clock and input, each sample in id order', () => {
    const wrong: string[] = [];
    for (const f of files) {
      const ids: string[] = [];
      for (const v of committed(f).get('vectors') as JsonObject[]) {
        const id = String(v.get('id'));
        ids.push(id);
        const nowMs = v.get('nowMs') as JsonNumber | undefined;
        const hash = contentHash({ now: Number((v.get('now') as JsonNumber).text), ...(nowMs ? { nowMs: Number(nowMs.text) } : {}), input: v.get('input')! });
        if (!new RegExp(`^${f.family}/generated/[a-z]+-${hash}$`).test(id)) wrong.push(`${id} (hash ${hash})`);
      }
      // Samples stay together; within one, ids ascend.
      const sampleOf = (id: string): string => id.slice(0, id.lastIndexOf('-'));
      const out = ids.filter((id, i) => i > 0 && sampleOf(ids[i - 1]) === sampleOf(id) && ids[i - 1] >= id);
      expect(out, `${f.family}/${f.file}: out of order`).toEqual([]);
      expect(new Set(ids.map(sampleOf)).size, `${f.family}/${f.file}: a sample split`).toBe([...ids.map(sampleOf)].filter((x, i, a) => i === 0 || a[i - 1] !== x).length);
    }
    expect(wrong).toEqual([]);
  });

  it('the hashed text is now, nowMs and the input, compact and lossless (changing it renames every vector)', () => {
    const input = new JsonObject([['b', num('1.0')], ['a', 'x\ud800']]);
    const text = '{"now":1700000000,"nowMs":1700000000123,"input":{"b":1.0,"a":"x\\ud800"}}';
    expect(contentText({ now: 1700000000, nowMs: 1700000000123, input })).toBe(text);
    expect(contentHash({ now: 1700000000, nowMs: 1700000000123, input })).toBe(createHash('sha256').update(text).digest('hex').slice(0, 12));
  });

  it('cases that differ only in number spelling, key order, a lone surrogate, nowMs or now have different ids', () => {
    const base = { now: 1, nowMs: 1000, input: new JsonObject([['a', num('1')], ['b', '\ud800']]) };
    const variants = [
      base,
      { ...base, input: new JsonObject([['a', num('1.0')], ['b', '\ud800']]) },
      { ...base, input: new JsonObject([['b', '\ud800'], ['a', num('1')]]) },
      { ...base, input: new JsonObject([['a', num('1')], ['b', '\udc00']]) },
      { ...base, nowMs: 1999 },
      { now: 1, input: base.input },
      { ...base, now: 2 },
    ];
    expect(new Set(variants.map(contentHash)).size).toBe(variants.length);
  });

  it('a case drawn twice is one vector; two different cases under one id fail loudly', () => {
    const c = { now: 1, input: 'x', categories: ['a'] };
    const twice = nameGenerated('node', 'node', [c, { ...c, categories: ['b'] }]);
    expect(inIdOrder(twice).map((s) => s.description)).toEqual([`generated node input ${contentHash(c)}: a`]);
    const [one] = nameGenerated('node', 'node', [c]);
    const clash = { ...one, input: 'y' };
    expect(() => inIdOrder([one, clash])).toThrow(GeneratedIdCollision);
    expect(() => inIdOrder([one, clash])).toThrow(`generated vector id ${one.id} names two different cases`);
  });

  it('a sample of N-1 cases is the sample of N less one vector, the others unchanged', () => {
    const of = (n: number): Map<string, string> => new Map(sample('python', baseJwtCases({ style: 'base-class' }), n, 7).map((s) => [s.id, contentText(s)]));
    const [all, fewer] = [of(30), of(29)];
    expect([...fewer.keys()].filter((id) => !all.has(id))).toEqual([]);
    expect([...all.keys()].filter((id) => !fewer.has(id))).toHaveLength(all.size - fewer.size);
    expect(all.size - fewer.size).toBeLessThanOrEqual(1);
    for (const [id, text] of fewer) expect(text).toBe(all.get(id));
  });

  // The property of issue 16 item 7: a changed sample removes (and adds) vectors and renames none.
  for (const m of ['one-fewer', 'first-dropped', 'reversed'] as const) {
    it(`a sample changed (${m}) keeps the id and the bytes of every vector it still draws`, () => {
      let removed = 0;
      for (const f of files) {
        const before = byId(committed(f));
        const afterDoc = built(f, m);
        const after = byId(afterDoc);
        const where = `${f.family}/${f.file} (${m})`;
        for (const [id, v] of after) if (before.has(id)) expect(v.text, `${where}: ${id}`).toBe(before.get(id)!.text);
        // Nothing gone came back under another name, and nothing new is an old case renamed.
        const afterContent = new Set([...after.values()].map((v) => v.content));
        const beforeContent = new Set([...before.values()].map((v) => v.content));
        const gone = [...before.keys()].filter((id) => !after.has(id));
        const added = [...after.keys()].filter((id) => !before.has(id));
        expect(gone.filter((id) => afterContent.has(before.get(id)!.content)), where).toEqual([]);
        expect(added.filter((id) => beforeContent.has(after.get(id)!.content)), where).toEqual([]);
        removed += gone.length;
        // The same cases drawn in any order are the same file.
        if (gone.length === 0 && added.length === 0) expect(`${stringifyLossless(afterDoc)}`).toBe(stringifyLossless(committed(f)));
        if (m === 'one-fewer') expect(added, where).toEqual([]);
      }
      // The changed sample did change something (access_token draws exactly its sample size).
      if (m !== 'reversed') expect(removed).toBeGreaterThan(0);
    });
  }
});

describe('vectors:check on renamed vectors', () => {
  const file = (vs: Array<[string, string, string]>): string =>
    JSON.stringify({ family: 'jwt', description: 'd', vectors: vs.map(([id, input, error]) => ({ id, description: `case ${id}`, now: 1, input, expect: { python: { error: { message: error } } } })) }, null, 2);

  it('names a renaming as one, with no expectation change', () => {
    const old = file([['jwt/generated/python-001', 'a', 'e1'], ['jwt/generated/python-002', 'b', 'e2']]);
    const now = file([['jwt/generated/python-2222', 'b', 'e2'], ['jwt/generated/python-1111', 'a', 'e1']]);
    expect(compareVectorFile('f.json', old, now)).toEqual([
      'f.json: jwt/generated/python-002 is renamed jwt/generated/python-2222 (same clock, input and expectations)',
      'f.json: jwt/generated/python-001 is renamed jwt/generated/python-1111 (same clock, input and expectations)',
    ]);
  });

  it('an expectation change under a new name is still a difference; new and dropped cases are named', () => {
    const old = file([['jwt/generated/python-001', 'a', 'e1'], ['jwt/generated/python-002', 'b', 'e2']]);
    const now = file([['jwt/generated/python-1111', 'a', 'CHANGED'], ['jwt/generated/python-3333', 'c', 'e3']]);
    const lines = compareVectorFile('f.json', old, now);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^f\.json: jwt\/generated\/python-001 is renamed jwt\/generated\/python-1111 and differs from the reference: .*CHANGED/);
    expect(lines[1]).toBe('f.json: jwt/generated/python-3333 is missing');
    expect(lines[2]).toBe('f.json: jwt/generated/python-002 is not produced by the reference');
  });

  it('the same vectors in another order are a formatting difference, not a vector one', () => {
    const a = file([['x/1', 'a', 'e'], ['x/2', 'b', 'e']]);
    const b = file([['x/2', 'b', 'e'], ['x/1', 'a', 'e']]);
    expect(compareVectorFile('f.json', a, b)).toEqual(['f.json: formatting or order differs from the regenerated file']);
  });
});
