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
import type { ProfileName } from '../../reference/profiles/profile.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import { ACCESS_TOKEN_PROPERTIES } from './access-token.ts';
import { FAMILY_PROPERTIES, propertiesApply } from './families.ts';
import type { PropertyContext, PropertyDefinition } from './types.ts';

/** Every property suite, by family. */
export const PROPERTIES: PropertyDefinition[] = [...ACCESS_TOKEN_PROPERTIES, ...FAMILY_PROPERTIES];

/**
 * How a property came out: `ok` it held on runs the adapter answered; `fail` it was violated (or
 * fast-check could not run it); `vacuous` it checked nothing, because no run was executed or the
 * adapter skipped every case (or fast-check's preconditions rejected every input). A vacuous
 * property is not ok: it is printed as such and counted as a failure.
 */
export type PropertyStatus = 'ok' | 'fail' | 'vacuous';

export interface PropertyResult {
  name: string;
  description: string;
  status: PropertyStatus;
  /** `status === 'ok'`. */
  ok: boolean;
  /** Runs fast-check executed (not counting runs its preconditions skipped). */
  numRuns: number;
  /** Runs fast-check skipped on a precondition (`fc.pre`). */
  numSkips: number;
  /** Executed runs in which the adapter skipped every case it was given. */
  adapterSkips: number;
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

/** The properties that apply to a profile and a set of families, narrowed by `--only`. */
export function selectProperties(profile: ProfileName, families: readonly string[], only?: string): PropertyDefinition[] {
  return PROPERTIES.filter((p) => families.includes(p.family) && propertiesApply(p, profile) && (!only || p.name.includes(only)));
}

/** Run the property suites of the families the adapter covers. */
export async function runProperties(side: Side, profile: ProfileName, families: readonly string[], opts: PropertyOptions = {}): Promise<PropertyResult[]> {
  const seed = opts.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const results: PropertyResult[] = [];
  for (const prop of selectProperties(profile, families, opts.only)) {
    let n = 0;
    // Whether the adapter answered (anything but `skipped`) in the run under way.
    let answered = false;
    let adapterSkips = 0;
    const ctx: PropertyContext = {
      profile,
      run: async (c) => {
        const wire: WireCase = { id: `${prop.name}/${n++}`, family: prop.family, now: c.now, ...(c.nowMs === undefined ? {} : { nowMs: c.nowMs }), input: c.input };
        ctx.lastCase = wire;
        const r = await side.run(wire);
        if (!('skipped' in r)) answered = true;
        return r;
      },
      reference: (c) => runReferenceCase(PROFILES[profile], c),
    };
    const details = await fc.check(
      fc.asyncProperty(prop.arbitrary(profile)!, async (g) => {
        answered = false;
        await prop.predicate(ctx, g);
        if (!answered) adapterSkips++;
      }),
      { numRuns: opts.numRuns ?? 200, seed, ...(opts.path ? { path: opts.path } : {}) },
    );
    const r: PropertyResult = {
      name: prop.name,
      description: prop.description,
      status: 'ok',
      ok: true,
      numRuns: details.numRuns,
      numSkips: details.numSkips,
      adapterSkips,
      seed: details.seed,
    };
    if (details.failed && details.counterexample === null) {
      // fast-check gave up (too many inputs failed a precondition): nothing was violated, but a
      // property that ran no input at all checked nothing.
      r.status = details.numRuns === 0 ? 'vacuous' : 'fail';
      r.message = `fast-check gave up after ${details.numRuns} runs: ${details.numSkips} inputs skipped by preconditions`;
    } else if (details.failed) {
      r.status = 'fail';
      r.path = details.counterexamplePath ?? undefined;
      r.counterexample = details.counterexample?.[0] as GeneratedCase | undefined;
      r.message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    } else if (details.numRuns === 0) {
      r.status = 'vacuous';
      r.message = `no run executed${details.numSkips ? ` (${details.numSkips} inputs skipped by preconditions)` : ''}`;
    } else if (adapterSkips >= details.numRuns) {
      r.status = 'vacuous';
      r.message = `the adapter skipped the cases of every one of the ${details.numRuns} runs`;
    }
    r.ok = r.status === 'ok';
    results.push(r);
  }
  return results;
}

/** Property results as lines for a person, with replay commands for failures. */
export function formatProperties(adapter: string, results: PropertyResult[], replay: (r: PropertyResult) => string): string {
  const lines: string[] = [];
  for (const r of results) {
    const skips = [r.adapterSkips && `${r.adapterSkips} skipped by the adapter`, r.numSkips && `${r.numSkips} inputs skipped by preconditions`].filter(Boolean).join(', ');
    lines.push(`${r.status === 'ok' ? 'ok  ' : r.status === 'fail' ? 'FAIL' : 'VACUOUS'} ${adapter} ${r.name} (${r.numRuns} runs${skips ? `, ${skips}` : ''}, seed ${r.seed})`);
    if (r.status === 'vacuous') {
      lines.push(`     checked nothing: ${r.message}`);
      continue;
    }
    if (!r.ok) {
      lines.push(`     ${r.description}`, `     ${(r.message ?? '').replace(/\n/g, '\n     ')}`);
      if (r.counterexample) lines.push(`     input: ${stringifyLossless(r.counterexample.input)} (now ${r.counterexample.now}${r.counterexample.nowMs === undefined ? '' : `, nowMs ${r.counterexample.nowMs}`})`);
      lines.push(`     replay: ${replay(r)}`);
    }
  }
  return lines.join('\n');
}
