import type { AdapterLaunch } from '../adapters/registry.ts';
import type { CaseResult, Implementation } from '../protocol/types.ts';
import { judge, type Verdict } from './compare.ts';
import { providerOutcome, runProviderVector } from './provider-cases.ts';
import { AdapterSession, type SessionOptions } from './session.ts';
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
  /** The adapter could be launched but did not answer `start`: an adapter error. */
  startError?: string;
  /** Crashes, hangs and protocol faults that forced restarts. */
  faults?: string[];
  /** True when the adapter declared no profile and `profile` is the one it matches best. */
  inferredProfile?: boolean;
  /** For such an adapter: its score against every profile. */
  profileScores?: Record<ProfileName, ProfileScore>;
  implementation?: Implementation;
  profile?: ProfileName;
  records: CaseRecord[];
}

/** The most adapter processes one run starts for an adapter, whatever `jobs` asks for. */
export const MAX_JOBS = 16;

export interface RunOptions {
  /** Hold every adapter to this profile instead of the one it declares. */
  profile?: ProfileName;
  /**
   * Adapter processes run in parallel. At most {@link MAX_JOBS}, and never more than the cases
   * the adapter will run (more processes than cases only cost start-ups).
   */
  jobs?: number;
  /** Requests in flight at once per process. */
  window?: number;
  /** Each case's time limit: the adapter's own time on it (see `AdapterProcess`). */
  caseTimeoutMs?: number;
  maxRestarts?: number;
  /** The longest reply line accepted from an adapter, in bytes. */
  maxLineBytes?: number;
  /** Called after every case, e.g. to draw a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** The session options a run's options imply. */
function sessionOptions(opts: RunOptions): SessionOptions {
  return {
    caseTimeoutMs: opts.caseTimeoutMs,
    maxRestarts: opts.maxRestarts,
    ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }),
  };
}

/**
 * Run one vector on a session, without judging it. A `credential_provider` vector runs against a
 * local OAuth2 server made for each attempt (see {@link runProviderVector}): a retried case starts
 * from a fresh server, request log and script.
 */
export function runVector(session: AdapterSession, v: Vector): Promise<CaseResult> {
  const outgoing = (input: Vector['input']) => ({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input });
  if (v.family !== 'credential_provider') return session.run(outgoing(v.input));
  return session.attempt((send) => runProviderVector((input) => send(outgoing(input)), v.input, v.now));
}

/** Run vectors on one adapter (in up to `jobs` processes) and judge each result. */
export async function runAdapter(launch: AdapterLaunch, vectors: Vector[], opts: RunOptions = {}): Promise<AdapterRun> {
  if ('unavailable' in launch) return { name: launch.name, unavailable: launch.unavailable, records: [] };
  const sessionOpts = sessionOptions(opts);
  const first = new AdapterSession(launch.command, sessionOpts);
  let implementation: Implementation;
  try {
    implementation = await first.open();
  } catch (e) {
    // The adapter exists but does not speak the protocol: every case it would have run is errored.
    const message = `adapter failed to start: ${(e as Error).message}`;
    return { name: launch.name, command: launch.command, startError: message, records: [], faults: [message] };
  }
  const declared = opts.profile ?? implementation.profile;
  const mine = vectors.filter((v) => implementation.families.includes(v.family));
  const sessions = [first];
  const processes = Math.min(Math.max(1, Math.floor(opts.jobs ?? 1)), MAX_JOBS, Math.max(1, mine.length));
  for (let j = 1; j < processes; j++) {
    const s = new AdapterSession(launch.command, sessionOpts);
    try {
      await s.open();
      sessions.push(s);
    } catch {
      break; // fewer processes is fine; the first one proved the adapter works
    }
  }
  const results: CaseResult[] = new Array(mine.length);
  let next = 0;
  let done = 0;
  const worker = async (session: AdapterSession): Promise<void> => {
    while (next < mine.length) {
      const i = next++;
      results[i] = await runVector(session, mine[i]);
      opts.onProgress?.(++done, mine.length);
    }
  };
  const window = opts.window ?? 8;
  await Promise.all(sessions.flatMap((s) => Array.from({ length: Math.min(window, mine.length) }, () => worker(s))));
  await Promise.all(sessions.map((s) => s.close()));
  const judgeAll = (p: ProfileName): Promise<CaseRecord[]> =>
    Promise.all(
      mine.map(async (vector, i) => {
        // A vector whose input this profile's library cannot express says nothing about conformance
        // to it (vectors:crosscheck checks that the library itself skips it).
        const expect = vector.expect[p];
        const judged = expect && expect.kind !== 'unsupported';
        return { vector, result: results[i], ...(judged ? { verdict: await judge(expect, results[i], vector) } : {}) };
      }),
    );
  const base = { name: launch.name, command: launch.command, implementation, faults: sessions.flatMap((s) => s.faults) };
  if (declared) return { ...base, profile: declared, records: await judgeAll(declared) };
  // No profile declared: hold the adapter to every profile and report the one it matches best.
  const scores = {} as Record<ProfileName, ProfileScore>;
  const judged = {} as Record<ProfileName, CaseRecord[]>;
  for (const p of ['node', 'python', 'ruby'] as const) {
    judged[p] = await judgeAll(p);
    const withVerdict = judged[p].filter((r) => r.verdict);
    scores[p] = { judged: withVerdict.length, pass: withVerdict.filter((r) => r.verdict!.status === 'pass').length };
  }
  const best = (Object.keys(scores) as ProfileName[]).sort((a, b) => scores[b].pass / Math.max(1, scores[b].judged) - scores[a].pass / Math.max(1, scores[a].judged))[0];
  return { ...base, profile: best, inferredProfile: true, profileScores: scores, records: judged[best] };
}

/** How an adapter with no declared profile did against one profile's expectations. */
export interface ProfileScore {
  judged: number;
  pass: number;
}

/** Keep the i-th of n shards (1-based) of the vectors, by a stable order, for splitting CI work. */
export function shard(vectors: Vector[], spec: string): Vector[] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new Error(`--shard takes i/n with 1 <= i <= n, not ${spec}`);
  const [i, n] = [Number(m[1]), Number(m[2])];
  return [...vectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((_, k) => k % n === i - 1);
}

/** What an adapter answered, reduced to something comparable across adapters. */
export function outcomeKey(r: CaseResult): string | undefined {
  if (!('output' in r)) return undefined;
  const o = r.output as Record<string, unknown>;
  if ('error' in o) return `error:${(o.error as { message: string }).message}`;
  // credential_provider: what every step gave, and its token requests and API Authorization.
  if ('steps' in o) return `steps:${providerOutcome(o)}`;
  if ('decoded' in o) return `decoded:${JSON.stringify(o.decoded)}`;
  const token = String(o.token);
  // PS*/ES* signatures are randomized: such tokens agree when header and payload do.
  const alg = /"alg":"([A-Z0-9]+)"/.exec(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('latin1'))?.[1] ?? '';
  return /^(PS|ES)/.test(alg) ? `layout:${token.split('.').slice(0, 2).join('.')}` : `token:${token}`;
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
