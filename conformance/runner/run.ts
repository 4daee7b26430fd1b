import { PROFILES } from '../../reference/profiles/index.ts';
import type { AdapterLaunch } from '../adapters/registry.ts';
import type { CaseResult, Implementation } from '../protocol/types.ts';
import { judge, type Verdict } from './compare.ts';
import { outcomeKey } from './answers.ts';
import { familyEntry } from '../families/index.ts';
import { AdapterSession, AdapterUnavailableError, type SessionOptions } from './session.ts';
import type { ProfileName, Vector } from '../vectors/read.ts';

/** One vector run on one adapter, judged against the profile the adapter is held to. */
export interface CaseRecord {
  vector: Vector;
  result: CaseResult;
  /**
   * The profile this record was judged against: the declared one, or for an adapter that declared
   * none its family's inferred profile, else the family's nearest (see {@link FamilyInference}).
   */
  profile?: ProfileName;
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
  /**
   * True when the adapter declared no profile (and none was given), so the runner inferred one per
   * family: see `inference`.
   */
  inferredProfile?: true;
  /** For such an adapter: what each of its families matches, with the evidence. */
  inference?: Inference;
  implementation?: Implementation;
  /**
   * The profile declared (or given with `--profile`); for an adapter that declared none, the one
   * profile every family inferred, and absent when the families differ or any matches none.
   */
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
 * Run one vector on a session, without judging it. A family whose cases need preparing (a provider
 * scenario's local OAuth2 server: conformance/families/) prepares each attempt afresh: a retried
 * case starts from a fresh server, request log and script.
 */
export function runVector(session: AdapterSession, v: Vector): Promise<CaseResult> {
  const outgoing = (input: Vector['input']) => ({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input });
  const prepare = familyEntry(v.family).prepare;
  if (!prepare) return session.run(outgoing(v.input));
  return session.attempt((send) => prepare((input) => send(outgoing(input)), v.input, v.now));
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
    // It said its library is not installed here: reported like an unavailable built-in, not failed.
    if (e instanceof AdapterUnavailableError) return { name: launch.name, command: launch.command, unavailable: e.summary, records: [] };
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
  const judgeAll = (p: ProfileName, which: readonly number[]): Promise<CaseRecord[]> =>
    Promise.all(
      which.map(async (i) => {
        const vector = mine[i];
        // A vector whose input this profile's library cannot express says nothing about conformance
        // to it (vectors:crosscheck checks that the library itself skips it).
        const expect = vector.expect[p];
        const judged = expect && expect.kind !== 'unsupported';
        return { vector, result: results[i], profile: p, ...(judged ? { verdict: await judge(expect, results[i], vector) } : {}) };
      }),
    );
  const all = mine.map((_, i) => i);
  const base = { name: launch.name, command: launch.command, implementation, faults: sessions.flatMap((s) => s.faults) };
  if (declared) return { ...base, profile: declared, records: await judgeAll(declared, all) };
  // No profile declared: judge every family against every profile, and name a profile only where
  // the evidence is there (inferFamily); each family's records are shown against that profile, or
  // against the nearest one when it matches none.
  const byFamily = new Map<string, number[]>();
  for (const i of all) byFamily.set(mine[i].family, [...(byFamily.get(mine[i].family) ?? []), i]);
  const families: Record<string, FamilyInference> = {};
  // Records stay in the run's order, each family's judged against its own profile.
  const records: CaseRecord[] = new Array(mine.length);
  for (const [family, which] of byFamily) {
    const judgedBy = {} as Record<ProfileName, CaseRecord[]>;
    const tallies = {} as Record<ProfileName, ProfileTally>;
    for (const p of PROFILE_NAMES) {
      judgedBy[p] = await judgeAll(p, which);
      const withVerdict = judgedBy[p].filter((r) => r.verdict);
      const count = (status: Verdict['status']): number => withVerdict.filter((r) => r.verdict!.status === status).length;
      tallies[p] = { judged: withVerdict.length, pass: count('pass'), skipped: count('skip') };
    }
    const inferred = inferFamily(tallies);
    families[family] = inferred;
    judgedBy[inferred.profile ?? inferred.nearest].forEach((r, k) => (records[which[k]] = r));
  }
  const named = new Set(Object.values(families).map((f) => f.profile));
  const [only] = named;
  const profile = named.size === 1 && only !== undefined ? { profile: only } : {};
  return { ...base, ...profile, inferredProfile: true, inference: { families }, records };
}

/** How an adapter with no declared profile did against one profile's expectations. */
export interface ProfileScore {
  /** Cases of the family this profile's expectations judge (a verdict of any status). */
  judged: number;
  pass: number;
}

/** What one family of an adapter with no declared profile matches, and the evidence. */
export interface FamilyInference {
  /** The profile the family matches, named only with evidence (see {@link inferFamily}). */
  profile?: ProfileName;
  /**
   * The profile the family's records were judged against when `profile` is absent: the most
   * passes, then the highest pass ratio, then the most cases judged (so that a family that matches
   * nothing is shown failing against a profile that records it, not left unjudged), then the
   * registry's order. Equal to `profile` otherwise.
   */
  nearest: ProfileName;
  /** The family's score against every profile. */
  scores: Record<ProfileName, ProfileScore>;
  /** One line saying why, e.g. "matches no profile: best is node 0/447". */
  why: string;
}

/** Per-family inference for an adapter that declared no profile. */
export interface Inference {
  families: Record<string, FamilyInference>;
}

/** Every profile, in the registry's order. */
const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** A family's score against one profile, with the cases of it the adapter skipped. */
export interface ProfileTally extends ProfileScore {
  /** Of `judged`, the cases the adapter skipped (it cannot express them): no evidence either way. */
  skipped: number;
}

const answered = (s: ProfileTally): number => s.judged - s.skipped;
const ratio = (s: ProfileTally): number => (answered(s) === 0 ? 0 : s.pass / answered(s));
const shown = (p: ProfileName, s: ProfileTally): string => `${p} ${s.pass}/${s.judged}${s.skipped ? ` (${s.pass}/${answered(s)} answered, ${s.skipped} skipped)` : ''}`;

/**
 * Which profile one family of an undeclared adapter matches. The rule, in order:
 *
 * 1. Cases the adapter skipped are no evidence either way (a partial port skips what it cannot
 *    express), so each profile is scored on the cases it records that the adapter answered. Only
 *    profiles with at least one such case are candidates (a profile that records nothing there,
 *    like ruby for ValidationToken, tells nothing).
 * 2. The best candidate has the highest pass ratio on those cases.
 * 3. It is named only if it passed at least one case, passed at least half of the answered cases
 *    it records, and its ratio is strictly above every other candidate's. Otherwise the family
 *    "matches no profile": nothing passed, too little passed to call it that library (four
 *    coincidental decode passes of 62 do not make an SDK python), or two libraries fit equally
 *    well (the family does not tell them apart).
 *
 * Ratios, not raw passes, pick the profile because profiles record different numbers of cases.
 * Pure: the tallies alone decide. The returned `scores` are `{ judged, pass }` (skips included in
 * `judged`, as in the matrix); the skips appear in `why`.
 */
export function inferFamily(tallies: Record<ProfileName, ProfileTally>): FamilyInference {
  const names = PROFILE_NAMES.filter((p) => p in tallies);
  const scores = Object.fromEntries(names.map((p) => [p, { judged: tallies[p].judged, pass: tallies[p].pass }])) as Record<ProfileName, ProfileScore>;
  // Most passes, then highest ratio, then most judged, then registry order (the sort is stable).
  const nearest = [...names].sort((a, b) => tallies[b].pass - tallies[a].pass || ratio(tallies[b]) - ratio(tallies[a]) || tallies[b].judged - tallies[a].judged)[0];
  const candidates = names.filter((p) => answered(tallies[p]) > 0);
  const silent = names.filter((p) => answered(tallies[p]) === 0);
  const silentText = silent.length
    ? `${silent.join(' and ')} ${silent.some((p) => tallies[p].judged > 0) ? `record${silent.length === 1 ? 's' : ''} none of the cases it answered` : `record${silent.length === 1 ? 's' : ''} none of its cases`}`
    : '';
  if (candidates.length === 0) {
    const why = names.some((p) => tallies[p].judged > 0) ? 'it skipped every case a profile records' : "no profile's expectations judge any of its cases";
    return { nearest, scores, why: `matches no profile: ${why}` };
  }
  const best = [...candidates].sort((a, b) => ratio(tallies[b]) - ratio(tallies[a]))[0];
  const b = tallies[best];
  const others = candidates.filter((p) => p !== best).map((p) => shown(p, tallies[p]));
  const rest = others.length || silent.length ? ` (${[others.join(', '), silentText].filter(Boolean).join('; ')})` : '';
  if (b.pass === 0) return { nearest, scores, why: `matches no profile: best is ${shown(best, b)}${rest}` };
  if (b.pass * 2 < answered(b)) return { nearest, scores, why: `matches no profile: best is ${shown(best, b)}, under half${rest}` };
  const tied = candidates.filter((p) => p !== best && ratio(tallies[p]) === ratio(b));
  if (tied.length > 0) {
    const all = [best, ...tied];
    const same = all.every((p) => tallies[p].pass === b.pass && tallies[p].judged === b.judged && tallies[p].skipped === b.skipped);
    const counts = same ? `${b.pass}/${b.judged} each${b.skipped ? `, ${b.skipped} skipped` : ''}` : all.map((p) => shown(p, tallies[p])).join(', ');
    return { nearest, scores, why: `matches no single profile: ${all.slice(0, -1).join(', ')} and ${all[all.length - 1]} fit equally (${counts})` };
  }
  return { profile: best, nearest: best, scores, why: `${shown(best, b)}, above every other profile${rest}` };
}

/** Keep the i-th of n shards (1-based) of the vectors, by a stable order, for splitting CI work. */
export function shard(vectors: Vector[], spec: string): Vector[] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new Error(`--shard takes i/n with 1 <= i <= n, not ${spec}`);
  const [i, n] = [Number(m[1]), Number(m[2])];
  return [...vectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((_, k) => k % n === i - 1);
}

/** For each pair of adapters: on how many vectors both answered, and on how many the answers are the same (`outcomeKey`). */
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
