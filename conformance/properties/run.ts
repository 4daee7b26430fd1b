/**
 * Running property suites against any adapter: every property checks generated cases through the
 * adapter (stdio or in-process), with one seed per run, and a failure is shrunk and reported with
 * its seed, path and a command that replays it.
 */
import fc from 'fast-check';
import { runReferenceCase } from '../adapters/reference.ts';
import type { Side } from '../differential/differential.ts';
import type { GeneratedCase } from '../differential/generators/json.ts';
import type { WireCase } from '../protocol/serve.ts';
import type { ProfileName } from '../runner/vectors.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import { ACCESS_TOKEN_PROPERTIES } from './access-token.ts';
import { FAMILY_PROPERTIES, propertiesApply } from './families.ts';
import type { PropertyContext, PropertyDefinition } from './types.ts';

/** Every property suite, by family. */
export const PROPERTIES: PropertyDefinition[] = [...ACCESS_TOKEN_PROPERTIES, ...FAMILY_PROPERTIES];

export interface PropertyResult {
  name: string;
  description: string;
  ok: boolean;
  numRuns: number;
  seed: number;
  /** When it failed: the shrunk counterexample and how to replay it. */
  path?: string;
  counterexample?: GeneratedCase;
  message?: string;
}

export interface PropertyOptions {
  numRuns?: number;
  seed?: number;
  path?: string;
  /** Only properties whose name contains this text. */
  only?: string;
}

/** Run the property suites of the families the adapter covers. */
export async function runProperties(side: Side, profile: ProfileName, families: readonly string[], opts: PropertyOptions = {}): Promise<PropertyResult[]> {
  const seed = opts.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const results: PropertyResult[] = [];
  for (const prop of PROPERTIES.filter((p) => families.includes(p.family) && propertiesApply(p, profile) && (!opts.only || p.name.includes(opts.only)))) {
    let n = 0;
    const ctx: PropertyContext = {
      profile,
      run: async (c) => {
        const wire: WireCase = { id: `${prop.name}/${n++}`, family: prop.family, now: c.now, ...(c.nowMs === undefined ? {} : { nowMs: c.nowMs }), input: c.input };
        ctx.lastCase = wire;
        return side.run(wire);
      },
      reference: (c) => runReferenceCase(PROFILES[profile], c),
    };
    const details = await fc.check(
      fc.asyncProperty(prop.arbitrary(profile), (g) => prop.predicate(ctx, g)),
      { numRuns: opts.numRuns ?? 200, seed, ...(opts.path ? { path: opts.path } : {}) },
    );
    const r: PropertyResult = { name: prop.name, description: prop.description, ok: !details.failed, numRuns: details.numRuns, seed: details.seed };
    if (details.failed) {
      r.path = details.counterexamplePath ?? undefined;
      r.counterexample = details.counterexample?.[0] as GeneratedCase | undefined;
      r.message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    }
    results.push(r);
  }
  return results;
}

/** Property results as lines for a person, with replay commands for failures. */
export function formatProperties(adapter: string, results: PropertyResult[], replay: (r: PropertyResult) => string): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? 'ok  ' : 'FAIL'} ${adapter} ${r.name} (${r.numRuns} runs, seed ${r.seed})`);
    if (!r.ok) {
      lines.push(`     ${r.description}`, `     ${(r.message ?? '').replace(/\n/g, '\n     ')}`);
      if (r.counterexample) lines.push(`     input: ${stringifyLossless(r.counterexample.input)} (now ${r.counterexample.now}${r.counterexample.nowMs === undefined ? '' : `, nowMs ${r.counterexample.nowMs}`})`);
      lines.push(`     replay: ${replay(r)}`);
    }
  }
  return lines.join('\n');
}
