/**
 * Names for generated vectors that come from what a case is, not from where it fell in a sample:
 * `generated/<sample>-<first 12 hex digits of a SHA-256>`. A generator change, a new sample size or
 * a fast-check upgrade then adds and removes vectors; the cases it keeps keep their ids, and their
 * place in the file, so a review sees only what changed.
 */
import { createHash } from 'node:crypto';
import { stringifyLossless } from '../../../reference/json/stringify.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../../reference/json/value.ts';
import type { VectorSource } from '../write.ts';

/** Hex digits of the hash kept in an id: 48 bits, so a collision among a few hundred cases is ~1e-9 (and is checked). */
export const ID_HEX_DIGITS = 12;

/** What a generated case is: everything that decides what a library answers for it. */
export interface CaseContent {
  now: number;
  nowMs?: number;
  input: JsonValue;
}

/** A generated case before it is named: its content and the categories the generator put it in. */
export interface UnnamedCase extends CaseContent {
  categories: readonly string[];
}

/**
 * The text an id hashes: the clock (`now`, and `nowMs` where the vector has one, since node reads
 * milliseconds) and the input, written losslessly, so key order, number spelling (`1` and `1.0`)
 * and lone surrogates (escaped) all tell cases apart. Categories and descriptions are left out:
 * they are the generator's labels, and relabelling a case must not rename it.
 */
export function contentText(c: CaseContent): string {
  const entries: Array<[string, JsonValue]> = [['now', new JsonNumber(String(c.now))]];
  if (c.nowMs !== undefined) entries.push(['nowMs', new JsonNumber(String(c.nowMs))]);
  entries.push(['input', c.input]);
  return stringifyLossless(new JsonObject(entries));
}

/** The first {@link ID_HEX_DIGITS} hex digits of the SHA-256 of a case's {@link contentText}. */
export function contentHash(c: CaseContent): string {
  return createHash('sha256').update(contentText(c), 'utf8').digest('hex').slice(0, ID_HEX_DIGITS);
}

/**
 * Name the cases of one sample: id `generated/<sample>-<hash>` (the family is prefixed when the
 * vector is built), description `generated <label> input <hash>: <first categories>`. The sample
 * name (a dialect) stays in the id, so the same input drawn in two dialects is two vectors.
 */
export function nameGenerated(sample: string, label: string, cases: readonly UnnamedCase[]): VectorSource[] {
  return cases.map((g) => {
    const hash = contentHash(g);
    return {
      id: `generated/${sample}-${hash}`,
      description: `generated ${label} input ${hash}: ${g.categories.slice(0, 6).join(', ')}`.slice(0, 150),
      now: g.now,
      ...(g.nowMs === undefined ? {} : { nowMs: g.nowMs }),
      input: g.input,
      flags: ['generated'],
    };
  });
}

/** Two different cases whose ids are the same: the id must grow, or a case must be left out. */
export class GeneratedIdCollision extends Error {
  constructor(
    readonly id: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`generated vector id ${id} names two different cases (raise ID_HEX_DIGITS in conformance/vectors/build/ids.ts):\n  ${first.slice(0, 300)}\n  ${second.slice(0, 300)}`);
    this.name = 'GeneratedIdCollision';
  }
}

/**
 * A sample's vectors in id order. A case drawn twice is one vector (the first drawn keeps its
 * description); two different cases with one id throw {@link GeneratedIdCollision}. Id order,
 * rather than sample order, makes a file a function of the set of cases each sample drew: the same
 * cases drawn in another order give the same file, and an added or removed case is one added or
 * removed vector in the diff. (Samples stay grouped, in the order the sources list them.)
 */
export function inIdOrder(sources: readonly VectorSource[]): VectorSource[] {
  const byId = new Map<string, { source: VectorSource; text: string }>();
  for (const s of sources) {
    const text = contentText(s);
    const seen = byId.get(s.id);
    if (seen === undefined) byId.set(s.id, { source: s, text });
    else if (seen.text !== text) throw new GeneratedIdCollision(s.id, seen.text, text);
  }
  // Code-unit order: the same in every locale.
  return [...byId.values()].map((e) => e.source).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
