/**
 * Cross-checking the vectors (`npm run vectors:crosscheck`, scripts/vectors/crosscheck.ts): replay
 * every vector through the adapters over the real libraries and fail on any disagreement with the vector's expectation for that library's profile. An
 * `unsupported` expectation agrees only with a skip. Each profile is checked by its library's
 * built-in adapter (its entry in conformance/libraries/) where that library is installed;
 * otherwise its expectations are reported as confirmed only by recorded cases.
 */
import { join } from 'node:path';
import { adapterOf, launchBuiltin, PROFILE_NAMES, type AdapterOptions } from '../../libraries/index.ts';
import { judge } from '../../runner/compare.ts';
import { runVector } from '../../runner/run.ts';
import { AdapterSession } from '../../runner/session.ts';
import { loadVectors, type ProfileName, type Vector } from '../read.ts';
import { ROOT } from './regen.ts';

export interface CrosscheckReport {
  profile: ProfileName;
  adapter: string;
  unavailable?: string;
  /** Expectations confirmed by the live library. */
  confirmed: number;
  /** Vectors of families the library does not have (not sent). */
  notApplicable: number;
  disagreements: string[];
  /** When unavailable: how many of this profile's expectations are recorded oracle outputs. */
  oracleBacked?: number;
  total: number;
}

/** Cross-check the expectations of one profile against its real library. */
export async function crosscheckProfile(profile: ProfileName, vectors: Vector[], opts: AdapterOptions = {}): Promise<CrosscheckReport> {
  const mine = vectors.filter((v) => v.expect[profile]);
  const adapter = adapterOf(profile).name;
  const report: CrosscheckReport = { profile, adapter, confirmed: 0, notApplicable: 0, disagreements: [], total: mine.length };
  const launch = launchBuiltin(adapter, opts)!;
  if ('unavailable' in launch) {
    report.unavailable = launch.unavailable;
    report.oracleBacked = mine.filter((v) => v.file.includes(`oracle-${profile}`)).length;
    return report;
  }
  const session = new AdapterSession(launch.command, { caseTimeoutMs: 30_000 });
  const impl = await session.open();
  const runnable = mine.filter((v) => impl.families.includes(v.family));
  report.notApplicable = mine.length - runnable.length;
  // A provider scenario runs against a local OAuth2 server of its own (a fresh one if retried).
  const results = await Promise.all(runnable.map((v) => runVector(session, v)));
  await session.close();
  for (const [i, v] of runnable.entries()) {
    const expect = v.expect[profile]!;
    const r = results[i];
    if (expect.kind === 'unsupported') {
      if ('skipped' in r) report.confirmed++;
      else report.disagreements.push(`${v.id} [${profile}]: expected unsupported (${expect.reason}), ${adapter} answered ${JSON.stringify(r).slice(0, 200)}`);
      continue;
    }
    const verdict = await judge(expect, r, v);
    if (verdict.status === 'pass') report.confirmed++;
    else report.disagreements.push(`${v.id} [${profile}]: ${'detail' in verdict ? `[${verdict.level}] ${verdict.detail}` : 'reason' in verdict ? `skipped: ${verdict.reason}` : verdict.message}`);
  }
  return report;
}

/** Cross-check every registered profile's expectations, one library after another. */
export async function crosscheck(opts: AdapterOptions = {}): Promise<CrosscheckReport[]> {
  const vectors = loadVectors(join(ROOT, 'vectors'));
  const out: CrosscheckReport[] = [];
  for (const p of [...PROFILE_NAMES]) out.push(await crosscheckProfile(p, vectors, opts));
  return out;
}

export function formatCrosscheck(reports: CrosscheckReport[]): string {
  return reports
    .map((r) =>
      r.unavailable
        ? `${r.profile}: ${r.adapter} unavailable (${r.unavailable}); ${r.total} expectations, of which ${r.oracleBacked} are recorded oracle outputs and the rest are confirmed only by those`
        : `${r.profile}: ${r.confirmed}/${r.total - r.notApplicable} expectations confirmed live by ${r.adapter}${r.notApplicable ? ` (${r.notApplicable} in families it lacks)` : ''}${r.disagreements.length ? `; ${r.disagreements.length} DISAGREE:\n  ${r.disagreements.slice(0, 30).join('\n  ')}` : ''}`,
    )
    .join('\n');
}
