import type { AdapterLaunch } from '../adapters/registry.ts';
import { AdapterProcess } from '../protocol/client.ts';
import type { CaseResult, Implementation } from '../protocol/types.ts';
import { judge, type Verdict } from './compare.ts';
import type { ProfileName, Vector } from './vectors.ts';

/** One vector run on one adapter, judged against the profile the adapter is held to. */
export interface CaseRecord {
  vector: Vector;
  result: CaseResult;
  /** Absent when the vector records nothing for that profile. */
  verdict?: Verdict;
}

/** Everything one adapter did in a run. */
export interface AdapterRun {
  name: string;
  command?: string[];
  /** Why the adapter could not be used here (it is reported, not failed). */
  unavailable?: string;
  implementation?: Implementation;
  profile?: ProfileName;
  records: CaseRecord[];
}

export interface RunOptions {
  /** Hold every adapter to this profile instead of the one it declares. */
  profile?: ProfileName;
  /** Requests in flight at once per adapter. */
  window?: number;
  caseTimeoutMs?: number;
}

/** Run vectors on one adapter process and judge each result. */
export async function runAdapter(launch: AdapterLaunch, vectors: Vector[], opts: RunOptions = {}): Promise<AdapterRun> {
  if ('unavailable' in launch) return { name: launch.name, unavailable: launch.unavailable, records: [] };
  let proc: AdapterProcess;
  try {
    proc = await AdapterProcess.start(launch.command, { caseTimeoutMs: opts.caseTimeoutMs });
  } catch (e) {
    return { name: launch.name, command: launch.command, unavailable: (e as Error).message, records: [] };
  }
  const implementation = proc.implementation!;
  const profile = opts.profile ?? implementation.profile;
  const mine = vectors.filter((v) => implementation.families.includes(v.family));
  const results: CaseResult[] = new Array(mine.length);
  const window = opts.window ?? 16;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < mine.length) {
      const i = next++;
      const v = mine[i];
      results[i] = await proc.run({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input });
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, mine.length) }, worker));
  await proc.stop();
  const records = mine.map((vector, i) => {
    const expect = profile ? vector.expect[profile] : undefined;
    return { vector, result: results[i], ...(expect ? { verdict: judge(expect, results[i]) } : {}) };
  });
  return { name: launch.name, command: launch.command, implementation, profile, records };
}

/** What an adapter answered, reduced to something comparable across adapters. */
export function outcomeKey(r: CaseResult): string | undefined {
  if (!('output' in r)) return undefined;
  const o = r.output as Record<string, unknown>;
  if ('error' in o) return `error:${(o.error as { message: string }).message}`;
  return `token:${String(o.token)}`;
}

/** For each pair of adapters: on how many vectors both answered, and on how many the answers are identical. */
export function agreement(runs: AdapterRun[]): Array<{ a: string; b: string; both: number; same: number }> {
  const out: Array<{ a: string; b: string; both: number; same: number }> = [];
  const maps = runs.map((r) => new Map(r.records.map((c) => [c.vector.id, outcomeKey(c.result)])));
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      let both = 0;
      let same = 0;
      for (const [id, k] of maps[i]) {
        const other = maps[j].get(id);
        if (k === undefined || other === undefined) continue;
        both++;
        if (k === other) same++;
      }
      if (both > 0) out.push({ a: runs[i].name, b: runs[j].name, both, same });
    }
  }
  return out;
}
