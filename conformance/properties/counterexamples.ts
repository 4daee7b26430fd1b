import { buildVector } from '../vectors/write.ts';
import { JsonObject } from '../../reference/json/value.ts';
import type { PropertyResult } from './run.ts';
import { PROPERTIES } from './run.ts';

/**
 * A shrunk counterexample as a vector file that passes the vector schema: the failing input, with
 * what each profile's library emits for it (from the reference), so it can join the suite.
 */
export function counterexampleVectorFile(r: PropertyResult, adapter: string): JsonObject {
  const family = PROPERTIES.find((p) => p.name === r.name)!.family;
  const g = r.counterexample!;
  const slug = `${r.name.split('/').pop()}-${r.seed}`.replace(/[^A-Za-z0-9_.-]/g, '-');
  const vector = buildVector(family, {
    id: `counterexample/${slug}`,
    description: `counterexample to ${r.name} found on ${adapter}`.slice(0, 150),
    now: g.now,
    ...(g.nowMs === undefined ? {} : { nowMs: g.nowMs }),
    input: g.input,
    flags: ['generated'],
  });
  return new JsonObject([
    ['family', family],
    ['description', `Shrunk counterexample to the property ${r.name} (seed ${r.seed}, path ${r.path ?? ''}).`],
    ['vectors', [vector]],
  ]);
}
