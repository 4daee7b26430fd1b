/**
 * `java.util.HashMap`'s iteration order (OpenJDK 8 to 21): a function of the keys' `hashCode`s, the
 * table size and the order they were put in, reproduced here rather than read off observed
 * outputs. A map filled by `put` in sequence:
 *
 * - the table is allocated at 16 buckets on the first `put` and doubles whenever the size exceeds
 *   0.75 × capacity; a resize splits each bucket into a low and a high list, each keeping its order;
 * - a key lands in bucket `(capacity - 1) & (h ^ (h >>> 16))` with `h = key.hashCode()` (the
 *   "spread" that folds the high bits in), appended at the end of the bucket's list;
 * - iteration walks buckets 0, 1, … and each list from its head.
 *
 * A bucket that reaches 9 entries is "treeified": below 64 buckets `treeifyBin` resizes the table
 * instead (modelled, it changes the order), at 64 or more it becomes a red-black tree whose
 * iteration order after later insertions is not a plain list order. No map a token helper builds
 * comes near that (it needs nine keys with colliding hash bits in one map of 49 or more keys), so
 * it is refused as {@link UnsupportedInput} rather than modelled.
 */
import { UnsupportedInput } from '../lang.ts';

const INITIAL_CAPACITY = 16;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, in 32-bit int arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** `HashMap.hash(key)`: the hash code with its high 16 bits folded into the low ones. */
export function spread(h: number): number {
  return (h ^ (h >>> 16)) | 0;
}

/**
 * The keys in the order a `HashMap<String, ?>` iterates them after `put` of each in turn (a key put
 * again keeps its first place, as `put` replaces the value in its node). Throws
 * {@link UnsupportedInput} where HashMap would treeify a bucket (see the module comment).
 */
export function hashMapOrder(keys: Iterable<string>, initialCapacity: number = INITIAL_CAPACITY): string[] {
  const distinct = Array.isArray(keys) && keys.length <= TREEIFY_THRESHOLD ? keys.filter((k, i) => keys.indexOf(k) === i) : [...new Set(keys)];
  const n = distinct.length;
  // A map that never resizes nor treeifies (at most 8 keys, within the load factor) iterates its
  // buckets in order, each in put order: a stable sort by bucket, here an insertion sort. Most
  // token maps are this small, and the AccessToken fast path asks for their order on every token.
  if (n <= TREEIFY_THRESHOLD && n <= (initialCapacity * 3) / 4) {
    const mask = initialCapacity - 1;
    const bucket: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = distinct[i];
      const b = mask & spread(javaStringHash(key));
      let j = i;
      for (; j > 0 && bucket[j - 1] > b; j--) {
        bucket[j] = bucket[j - 1];
        distinct[j] = distinct[j - 1];
      }
      bucket[j] = b;
      distinct[j] = key;
    }
    return distinct;
  }
  return simulatedHashMapOrder(distinct, initialCapacity);
}

/**
 * {@link hashMapOrder} by simulating the table: allocation, appends, resizes and the treeify
 * check. Exported for the test that holds the small-map shortcut to it.
 */
export function simulatedHashMapOrder(keys: Iterable<string>, initialCapacity: number = INITIAL_CAPACITY): string[] {
  let capacity = initialCapacity;
  let table: Array<Array<{ key: string; hash: number }>> = Array.from({ length: capacity }, () => []);
  const seen = new Set<string>();
  let size = 0;

  const resize = (): void => {
    // Each bucket's nodes keep their relative order in the low (same index) and high (+old capacity) halves.
    const next: typeof table = Array.from({ length: capacity * 2 }, () => []);
    table.forEach((bucket, i) => {
      for (const node of bucket) next[(node.hash & capacity) === 0 ? i : i + capacity].push(node);
    });
    capacity *= 2;
    table = next;
  };

  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const hash = spread(javaStringHash(key));
    const bucket = table[(capacity - 1) & hash];
    bucket.push({ key, hash });
    if (bucket.length > TREEIFY_THRESHOLD) {
      if (capacity < MIN_TREEIFY_CAPACITY) resize();
      else throw new UnsupportedInput(`a map whose keys put ${bucket.length} entries in one HashMap bucket of ${capacity}: Java would treeify it, which the reference does not model`);
    }
    // threshold = (int)(0.75 × capacity): for a whole size, the same test as size > 0.75 × capacity.
    if (++size > (capacity * 3) / 4) resize();
  }
  return table.flatMap((bucket) => bucket.map((n) => n.key));
}

/** The entries of a map put in its order, reordered as a `HashMap` iterates them. */
export function inHashMapOrder<V>(m: ReadonlyMap<string, V>): Map<string, V> {
  return new Map(hashMapOrder(m.keys()).map((k) => [k, m.get(k)!]));
}

/** `HashMap.tableSizeFor(n)`: the least power of two at least n (1 for n ≤ 1). */
export function tableSizeFor(n: number): number {
  let c = 1;
  while (c < n) c *= 2;
  return c;
}

/**
 * The keys in the order a new, empty `HashMap` iterates them after `putAll(source)`, given the
 * source's own iteration order. An empty HashMap has no table yet: `putAll` sizes it for the source
 * (`tableSizeFor((int)(size / 0.75f + 1.0f))`, so 3 entries get 8 buckets, not 16), then puts each
 * entry in the source's order.
 */
export function putAllOrder(sourceOrder: readonly string[]): string[] {
  if (sourceOrder.length === 0) return [];
  const t = Math.trunc(Math.fround(Math.fround(sourceOrder.length / 0.75) + 1));
  return hashMapOrder(sourceOrder, tableSizeFor(t));
}
