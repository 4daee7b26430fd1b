/**
 * `npm run fuzz -- --adapter A [--against B] --duration 60s [--out DIR]`: differential fuzzing of
 * token payloads. Generated cases of every family both adapters run go to both; any difference,
 * crash, hang or protocol fault is written to DIR as a counterexample (the case, both answers).
 * The default `--against` is the reference in A's profile. It runs for as long as asked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import type { GeneratedCase } from '../conformance/differential/generators/json.ts';
import { FAMILY_ENTRIES } from '../conformance/families/index.ts';
import { DEFAULT_PROFILE, launchBuiltin, libraryOf, loadLibraryModules } from '../conformance/libraries/index.ts';
import type { WireCase } from '../conformance/protocol/serve.ts';
import type { CaseResult } from '../conformance/protocol/types.ts';
import { caseKeys, compareAnswers } from '../conformance/runner/answers.ts';
import { AdapterSession } from '../conformance/runner/session.ts';
import { stringifyLossless } from '../reference/json/stringify.ts';

/** The families fuzzed (their entries say so), each with its differential generator in the profile's dialect. */
const FUZZED = FAMILY_ENTRIES.filter((f) => f.fuzzed);

/**
 * How A's and B's answers to a case differ (answers.ts: randomized tokens, PS* or ES*, agree when
 * header and payload match and both signatures verify under the case's key), or undefined when they agree.
 */
export function fuzzDifference(ra: CaseResult, rb: CaseResult, c: WireCase, names: [string, string]): string | undefined {
  const cmp = compareAnswers(ra, rb, { labels: names, keys: caseKeys(c.input) });
  return cmp.same ? undefined : cmp.explanation;
}

/** `60s`, `5m`, `90` (seconds) → milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) throw new Error(`--duration takes e.g. 60s, 5m or 1h, not ${s}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

function command(name: string): { name: string; command: string[] } {
  const l = launchBuiltin(name) ?? { name, command: name.split(/\s+/) };
  if ('unavailable' in l) throw new Error(`${name} is unavailable: ${l.unavailable}`);
  return l;
}

export interface FuzzReport {
  cases: number;
  byFamily: Record<string, number>;
  disagreements: number;
  adapterFaults: number;
  counterexamples: string[];
  seed: number;
}

/** Fuzz A against B until the deadline. */
export async function fuzz(o: { adapter: string; against?: string; durationMs: number; out: string; seed?: number; batch?: number; caseTimeoutMs?: number }): Promise<FuzzReport> {
  const a = command(o.adapter);
  const aSession = new AdapterSession(a.command, { caseTimeoutMs: o.caseTimeoutMs ?? 10_000, maxRestarts: 1000 });
  const aImpl = await aSession.open();
  // A's profile decides the dialect the cases are written in (its library's entry).
  const profile = aImpl.profile ?? DEFAULT_PROFILE;
  const lib = libraryOf(profile);
  const generators = new Map<string, fc.Arbitrary<GeneratedCase>>(
    FUZZED.flatMap((f) => {
      const arb = f.cases(lib);
      return arb ? [[f.name, arb] as const] : [];
    }),
  );
  const b = command(o.against ?? `reference-${profile}`);
  const bSession = new AdapterSession(b.command, { caseTimeoutMs: o.caseTimeoutMs ?? 10_000, maxRestarts: 1000 });
  const bImpl = await bSession.open();
  const families = aImpl.families.filter((f) => bImpl.families.includes(f) && generators.has(f));
  if (families.length === 0) throw new Error(`${a.name} and ${b.name} share no family with a generator`);
  const seed = o.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const rng = fc.sample(fc.integer(), { numRuns: 1, seed })[0];
  const report: FuzzReport = { cases: 0, byFamily: {}, disagreements: 0, adapterFaults: 0, counterexamples: [], seed };
  mkdirSync(o.out, { recursive: true });
  const deadline = Date.now() + o.durationMs;
  let round = 0;
  const save = (kind: string, c: WireCase, ra: CaseResult, rb: CaseResult, why: string): void => {
    if (report.counterexamples.length >= 200) return;
    const file = join(o.out, `${kind}-${c.family}-${report.counterexamples.length + 1}.json`);
    writeFileSync(
      file,
      `{"kind":${JSON.stringify(kind)},"why":${JSON.stringify(why)},"seed":${seed},"case":{"id":${JSON.stringify(c.id)},"family":${JSON.stringify(c.family)},"now":${c.now}${c.nowMs === undefined ? '' : `,"nowMs":${c.nowMs}`},"input":${stringifyLossless(c.input)}},` +
        `${JSON.stringify(a.name)}:${JSON.stringify(ra)},${JSON.stringify(b.name)}:${JSON.stringify(rb)}}\n`,
    );
    report.counterexamples.push(file);
  };
  while (Date.now() < deadline) {
    const family = families[round % families.length];
    const cases = fc.sample(generators.get(family)!, { numRuns: o.batch ?? 64, seed: (rng + round) | 0 });
    round++;
    await Promise.all(
      cases.map(async (g, i) => {
        const c: WireCase = { id: `fuzz/${family}/${round}-${i}`, family: family as WireCase['family'], now: g.now, ...(g.nowMs === undefined ? {} : { nowMs: g.nowMs }), input: g.input };
        const [ra, rb] = await Promise.all([aSession.run(c), bSession.run(c)]);
        report.cases++;
        report.byFamily[family] = (report.byFamily[family] ?? 0) + 1;
        if ('errored' in ra || 'errored' in rb) {
          report.adapterFaults++;
          save('fault', c, ra, rb, 'errored' in ra ? ra.errored.message : (rb as { errored: { message: string } }).errored.message);
          return;
        }
        if ('skipped' in ra || 'skipped' in rb) return;
        const difference = fuzzDifference(ra, rb, c, [a.name, b.name]);
        if (difference !== undefined) {
          report.disagreements++;
          save('difference', c, ra, rb, difference);
        }
      }),
    );
  }
  await Promise.all([aSession.close(), bSession.close()]);
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await loadLibraryModules();
  const { values } = parseArgs({ options: { adapter: { type: 'string' }, against: { type: 'string' }, duration: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, target: { type: 'string' } } });
  if (values.target === 'verifier') {
    const { fuzzVerifier } = await import('./fuzz-verifier.ts');
    const r = await fuzzVerifier({ durationMs: parseDuration(values.duration ?? '60s'), out: values.out ?? 'fuzz-out', seed: values.seed === undefined ? undefined : Number(values.seed) });
    console.log(`fuzzed the verifier and the decoder with ${r.tokens} malformed tokens, seed ${r.seed}`);
    console.log(`${r.crashes} crash(es), ${r.hangs} hang(s), ${r.falseAccepts} false accept(s), ${r.decoderFaults} decoder fault(s)`);
    process.exit(r.crashes || r.hangs || r.falseAccepts || r.decoderFaults ? 1 : 0);
  }
  if (!values.adapter) {
    console.error('usage: npm run fuzz -- --adapter A [--against B] [--duration 60s] [--out DIR] [--seed N]\n       npm run fuzz -- --target verifier [--duration 60s]');
    process.exit(2);
  }
  const r = await fuzz({ adapter: values.adapter, against: values.against, durationMs: parseDuration(values.duration ?? '60s'), out: values.out ?? 'fuzz-out', seed: values.seed === undefined ? undefined : Number(values.seed) });
  console.log(
    `fuzzed ${r.cases} cases (${Object.entries(r.byFamily)
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}), seed ${r.seed}`,
  );
  console.log(`${r.disagreements} difference(s), ${r.adapterFaults} crash/hang/protocol fault(s)${r.counterexamples.length ? `; counterexamples in ${values.out ?? 'fuzz-out'}/` : ''}`);
  process.exitCode = r.disagreements || r.adapterFaults ? 1 : 0;
}
