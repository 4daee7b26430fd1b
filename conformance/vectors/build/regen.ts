/**
 * Regenerating the vector files (`npm run vectors:regen`, scripts/vectors/regen.ts): every
 * generated file rebuilt from the reference, deterministically (fixed inputs and seeds, stable key
 * order and formatting), and the drift of the committed files from it, one line per vector. The
 * recorded files (oracle-*.json) are replayed through the reference instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLossless } from '../../../reference/json/parse.ts';
import { formatLossless, stringifyLossless } from '../../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../../reference/json/value.ts';
import { runReferenceCase } from '../../adapters/reference.ts';
import { familyEntry } from '../../families/index.ts';
import { judge } from '../../runner/compare.ts';
import { loadVectors, type Expectation, type ProfileName } from '../read.ts';
import { libraryOf } from '../../libraries/index.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { buildVectorFile } from '../write.ts';
import { GENERATED_FILES } from './registry.ts';
import { buildVectorFile as buildVerifierFile, VECTOR_FILE as VERIFIER_FILE } from './verifier.ts';

/** The package root, which the vectors folder is in. */
export const ROOT = PACKAGE_ROOT;

/**
 * The text each generated file must have: the producing vector files of the registry
 * (registry.ts), then the verifier's Wycheproof-style vectors (verifier.ts).
 */
export function expectedFiles(): Array<{ path: string; text: string }> {
  return [
    ...GENERATED_FILES.map((f) => ({ path: join(ROOT, 'vectors', f.family, f.file), text: `${formatLossless(buildVectorFile(f))}\n` })),
    { path: VERIFIER_FILE, text: buildVerifierFile() },
  ];
}

interface Entry {
  /** The vector as compact lossless text. */
  text: string;
  /** The vector without its id and description: what must not change when only its name does. */
  body: string;
  /** Its clock and input, which a generated vector's id is derived from. */
  content: string;
}

const entries = (doc: JsonValue | undefined): Map<string, Entry> => {
  const m = new Map<string, Entry>();
  // Producing files hold `vectors`; the verifier's file, Wycheproof-style `tests` (each with an id too).
  const vs = doc instanceof JsonObject ? (doc.get('vectors') ?? doc.get('tests')) : undefined;
  if (Array.isArray(vs)) {
    for (const v of vs) {
      if (!(v instanceof JsonObject)) continue;
      const pick = (keep: (k: string) => boolean): string => stringifyLossless(new JsonObject(v.entries.filter(([k]) => keep(k))));
      m.set(String(v.get('id')), { text: stringifyLossless(v), body: pick((k) => k !== 'id' && k !== 'description'), content: pick((k) => k === 'now' || k === 'nowMs' || k === 'input') });
    }
  }
  return m;
};

/** An id without its last `-` part: `generated/node-001` and `generated/node-3f2a…` share `generated/node`. */
const stem = (id: string): string => id.slice(0, Math.max(0, id.lastIndexOf('-')));

/**
 * Differences between a committed vector file and the one the reference builds, one line per
 * vector (empty: none). A vector whose id is gone is paired with a new id of the same clock and
 * input (the same sample first), so a renaming shows as a renaming, and an expectation change
 * under a new name still shows as a difference.
 */
export function compareVectorFile(rel: string, committed: string, expected: string): string[] {
  if (committed === expected) return [];
  let have: Map<string, Entry>;
  try {
    have = entries(parseLossless(committed));
  } catch (e) {
    return [`${rel}: not valid JSON (${(e as Error).message})`];
  }
  const want = entries(parseLossless(expected));
  const problems: string[] = [];
  const gone: string[] = [];
  for (const [id, v] of want) {
    if (!have.has(id)) gone.push(id);
    else if (have.get(id)!.text !== v.text) problems.push(`${rel}: ${id} differs from the reference: ${firstDiff(have.get(id)!.text, v.text)}`);
  }
  const extra = [...have.keys()].filter((id) => !want.has(id));
  for (const id of gone) {
    const w = want.get(id)!;
    const same = extra.filter((x) => have.get(x)!.content === w.content);
    const old = same.find((x) => stem(x) === stem(id)) ?? same[0];
    if (old === undefined) {
      problems.push(`${rel}: ${id} is missing`);
      continue;
    }
    extra.splice(extra.indexOf(old), 1);
    const h = have.get(old)!;
    problems.push(h.body === w.body ? `${rel}: ${old} is renamed ${id} (same clock, input and expectations)` : `${rel}: ${old} is renamed ${id} and differs from the reference: ${firstDiff(h.body, w.body)}`);
  }
  for (const id of extra) {
    const twin = [...want.keys()].find((x) => want.get(x)!.content === have.get(id)!.content);
    problems.push(`${rel}: ${id} is not produced by the reference${twin ? ` (its clock and input are ${twin}'s: a case drawn twice is one vector)` : ''}`);
  }
  if (problems.length === 0) problems.push(`${rel}: formatting or order differs from the regenerated file`);
  return problems;
}

/** Differences between the committed files and the reference, one line per vector (empty: no drift). */
export function drift(): string[] {
  const problems: string[] = [];
  for (const { path, text } of expectedFiles()) {
    const rel = path.slice(ROOT.length + 1);
    if (!existsSync(path)) problems.push(`${rel}: missing (run npm run vectors:regen)`);
    else problems.push(...compareVectorFile(rel, readFileSync(path, 'utf8'), text));
  }
  return problems;
}

/**
 * Recorded vectors (oracle-*.json) are not regenerated: they are the libraries' own outputs. They
 * drift when the reference no longer reproduces them, or when one was edited by hand; both show
 * here, naming the vector. A family whose cases need preparing (a provider scenario's live
 * server) is checked by its tests.
 */
export async function recordedDrift(): Promise<string[]> {
  const generated = new Set(expectedFiles().map((f) => f.path));
  const problems: string[] = [];
  // Loading the folder passes over the verifier's vectors and the flag catalogue, as a run does.
  for (const v of loadVectors(join(ROOT, 'vectors'))) {
    if (generated.has(v.file) || familyEntry(v.family).prepare) continue;
    for (const [profile, expect] of Object.entries(v.expect) as Array<[ProfileName, Expectation]>) {
      const r = runReferenceCase(libraryOf(profile).profile, { id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input });
      const ok = expect.kind === 'unsupported' ? 'skipped' in r : (await judge(expect, r, v)).status === 'pass';
      // The segment texts a vector shows must be the ones its token carries.
      if (expect.kind === 'token') {
        const [h, p] = expect.token.split('.').map((x) => Buffer.from(x, 'base64url'));
        if (expect.payloadJson !== undefined && p.toString('utf8') !== expect.payloadJson) problems.push(`${v.file.slice(ROOT.length + 1)}: ${v.id} [${profile}] payloadJson is not the token's payload`);
        if (expect.headerJson !== undefined && h.toString('utf8') !== expect.headerJson && h.toString('latin1') !== expect.headerJson) problems.push(`${v.file.slice(ROOT.length + 1)}: ${v.id} [${profile}] headerJson is not the token's header`);
      }
      if (!ok) problems.push(`${v.file.slice(ROOT.length + 1)}: ${v.id} [${profile}] differs from the reference: ${JSON.stringify(r).slice(0, 240)}`);
    }
  }
  return problems;
}

function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `committed …${JSON.stringify(a.slice(Math.max(0, i - 30), i + 50))} reference …${JSON.stringify(b.slice(Math.max(0, i - 30), i + 50))}`;
}
