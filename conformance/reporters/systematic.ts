/**
 * The differences an adapter makes again and again: per adapter and family, over its failing
 * cases, how many show each difference (`diff.ts`'s {@link differenceKeys}), most frequent first.
 * "header order typ,alg,cty instead of alg,typ,cty — 179 of 179" says more than 179 failure lines.
 */
import { differenceKeys, type TokenDiff } from './diff.ts';

/** One difference and how many of an adapter's failing cases in a family show it. */
export interface SystematicDifference {
  adapter: string;
  family: string;
  /** Case-independent, e.g. `payload.missing:iat`, `text:escaped-slash`, `failure:rejected`. */
  key: string;
  /** The line to show, e.g. "payload lacks iat". */
  text: string;
  count: number;
  /** The adapter's failing cases in that family: every one of them is counted under some key. */
  of: number;
}

/** A case as {@link systematicDifferences} needs it (a reporter's case view fits). */
export interface SystematicCase {
  adapter: string;
  family: string;
  status: string;
  diff?: TokenDiff;
  /** The verdict's level (`rejected`, `accepted`, `layout`...), for a failure that has no diff. */
  level?: string;
}

const FAILURE_TEXT: Record<string, string> = {
  rejected: 'rejected where a token was expected',
  accepted: 'gave a result where a rejection was expected',
  'rejection-message': 'rejected with another message',
  'rejection-type': 'rejected with another exception type',
  layout: 'header and payload identical, signature differs',
  claims: 'token differs',
  differs: 'token differs',
};

/** The keys one failing case counts under: its diff's keys, or what kind of failure it is. */
function keysOf(c: SystematicCase): Array<{ key: string; text: string }> {
  const keys = c.diff ? differenceKeys(c.diff) : [];
  if (keys.length) return keys;
  // A failure with no token difference (a rejection, a wrong message, a bad signature) still
  // counts in `of`, so it is named too: then the counts of a family account for every failure,
  // and "lacks iat — 179 of 189" does not hide what the other ten were.
  const level = c.level ?? 'other';
  return [{ key: `failure:${level}`, text: FAILURE_TEXT[level] ?? (c.level ? `fails (${level})` : 'fails') }];
}

/** A root order key's two lists (`header.order:typ,alg,cty|alg,typ,cty`), or undefined. */
function orderLists(key: string): { part: string; got: string[]; want: string[] } | undefined {
  const m = /^(header|payload)\.order:([^|:]*)\|([^|:]*)$/.exec(key);
  return m ? { part: m[1], got: m[2].split(','), want: m[3].split(',') } : undefined;
}

/** Members whose order relative to every other member is the same in both lists. */
function unmoved(got: string[], want: string[]): Set<string> {
  const at = (list: string[]) => new Map(list.map((k, i) => [k, i]));
  const [g, w] = [at(got), at(want)];
  return new Set(got.filter((a) => got.every((b) => a === b || g.get(a)! < g.get(b)! === w.get(a)! < w.get(b)!)));
}

/**
 * The order key `key` counts under: a root order whose lists are another key's lists plus members
 * that stay in place (node's header adds `twr` only for a region) is the same difference, so it
 * counts with the shorter key (the one with the most members of those that qualify).
 */
function orderKeyFor(key: string, keys: Iterable<string>): string {
  const a = orderLists(key);
  if (!a) return key;
  const still = unmoved(a.got, a.want);
  let best: { key: string; size: number } | undefined;
  for (const other of keys) {
    const b = orderLists(other);
    if (!b || other === key || b.part !== a.part || b.got.length >= a.got.length) continue;
    const members = new Set(b.got);
    const extra = a.got.filter((k) => !members.has(k));
    if (extra.length + b.got.length !== a.got.length || !extra.every((k) => still.has(k))) continue;
    const keep = (list: string[]) => list.filter((k) => members.has(k)).join(',');
    if (keep(a.got) !== b.got.join(',') || keep(a.want) !== b.want.join(',')) continue;
    if (!best || b.got.length > best.size) best = { key: other, size: b.got.length };
  }
  return best?.key ?? key;
}

/**
 * Per adapter and family, over the failing cases (status `fail`; errors and skips are reported
 * elsewhere and are not differences), each difference with the number of cases that show it and
 * `of` = that adapter's failing cases in that family. A case counts once per key however often it
 * shows it. A failing case with no token difference counts under `failure:<level>`, so that every
 * failure is accounted for. Groups come in the order their adapter and family first appear;
 * within a group, most frequent first, ties by key.
 */
export function systematicDifferences(cases: readonly SystematicCase[]): SystematicDifference[] {
  type Group = { adapter: string; family: string; of: number; keys: Map<string, { text: string; cases: Set<number> }> };
  const groups = new Map<string, Group>();
  const adapters: string[] = [];
  cases.forEach((c, i) => {
    if (c.status !== 'fail') return;
    if (!adapters.includes(c.adapter)) adapters.push(c.adapter);
    const id = JSON.stringify([c.adapter, c.family]);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { adapter: c.adapter, family: c.family, of: 0, keys: new Map() }));
    g.of++;
    for (const { key, text } of keysOf(c)) {
      const k = g.keys.get(key);
      if (k) k.cases.add(i);
      else g.keys.set(key, { text, cases: new Set([i]) });
    }
  });
  for (const g of groups.values()) {
    // Decided on the keys as found, then applied: a merge never depends on the order of keys.
    const into = new Map([...g.keys.keys()].map((k) => [k, orderKeyFor(k, g.keys.keys())]));
    const final = (k: string): string => (into.get(k) === k ? k : final(into.get(k)!)); // ends: each step is shorter
    for (const from of into.keys()) {
      const to = final(from);
      if (from === to) continue;
      for (const i of g.keys.get(from)!.cases) g.keys.get(to)!.cases.add(i);
      g.keys.delete(from);
    }
  }
  // Families of one adapter together, even when the cases came interleaved.
  const ordered = [...groups.values()].sort((a, b) => adapters.indexOf(a.adapter) - adapters.indexOf(b.adapter));
  return ordered.flatMap((g) =>
    [...g.keys].map(([key, { text, cases: counted }]) => ({ adapter: g.adapter, family: g.family, key, text, count: counted.size, of: g.of })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  );
}
