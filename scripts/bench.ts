/**
 * `npm run bench [-- --json] [-- --quick | --smoke]`: throughput of the reference against the real libraries
 * and the floor, measured in one run, reported as ops/s and ratios (never absolute goals: the
 * machine decides the seconds, the ratios are what carry over).
 *
 * Every contender mints from varying inputs: a new identity and a new clock (so a new jti) on each
 * iteration, so that nothing can be cached across iterations. Each measurement warms up, then takes
 * the median of several timed repetitions.
 */
import { spawnSync } from 'node:child_process';
import { createHmac, createPrivateKey, sign } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import type { BenchFixture, LibraryBench } from '../conformance/libraries/bench.ts';
import { DEFAULT_PROFILE, LIBRARIES, type Library, type ProfileName } from '../conformance/libraries/index.ts';
import type { Family } from '../conformance/protocol/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The reference is timed as it ships: the JavaScript `npm run build` emits (tsx's on-the-fly
// transform adds per-function overhead that users of the package never pay). It is built into a
// private directory so that a concurrent `npm pack` rewriting dist/ cannot race the import.
const OUT = join(ROOT, 'node_modules', '.cache', 'twilio-jwt-conformance-bench');
const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', OUT], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const BUILT = join(OUT, 'reference', 'index.js');
const { AccessToken, VideoGrant, VoiceGrant } = (await import(BUILT)) as typeof import('../reference/index.ts');
const QUICK = process.argv.includes('--quick');
// --smoke: one tiny repetition of everything, to check the bench runs (its figures mean nothing).
const SMOKE = process.argv.includes('--smoke');
const REPS = SMOKE ? 1 : QUICK ? 3 : 7;
const SLICE_MS = SMOKE ? 10 : QUICK ? 150 : 400;

const AC = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SK = 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const SECRET = 'secret_0123456789abcdef0123456789';
const AP = 'AP11111111111111111111111111111111';
const T0 = 1_700_000_000_000;

/** Median ops/s of `fn(i)` over REPS timed slices, after a warm-up slice. */
export function measure(fn: (i: number) => unknown): number {
  let i = 0;
  const slice = (): number => {
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < SLICE_MS) {
      for (let k = 0; k < 64; k++) fn(i++);
      n += 64;
    }
    return (n * 1000) / (performance.now() - start);
  };
  slice();
  const rates = Array.from({ length: REPS }, slice).sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

/** The reference, through its public API, in one profile. */
function referenceMint(profile: ProfileName): (i: number) => string {
  return (i) => {
    const t = new AccessToken(AC, SK, SECRET, { identity: `user-${i}`, profile, clock: () => T0 + i * 1000 });
    t.addGrant(new VoiceGrant({ incomingAllow: true, outgoingApplicationSid: AP }));
    t.addGrant(new VideoGrant({ room: 'room-1' }));
    return t.toJwt();
  };
}

/** The floor: a fresh payload object each time, JSON.stringify, base64url and createHmac. */
function floorMint(): (i: number) => string {
  const key = Buffer.from(SECRET);
  return (i) => {
    const now = Math.floor((T0 + i * 1000) / 1000);
    const header = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
    const payload = {
      jti: `${SK}-${now}`,
      grants: { identity: `user-${i}`, voice: { incoming: { allow: true }, outgoing: { application_sid: AP } }, video: { room: 'room-1' } },
      iat: now,
      exp: now + 3600,
      iss: SK,
      sub: AC,
    };
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };
}

/** jose's SignJWT is asynchronous; measured the same way, awaiting each token. */
async function measureJose(): Promise<number> {
  const key = new TextEncoder().encode(SECRET);
  const mint = (i: number): Promise<string> => {
    const now = Math.floor((T0 + i * 1000) / 1000);
    return new SignJWT({ jti: `${SK}-${now}`, grants: { identity: `user-${i}`, voice: { incoming: { allow: true }, outgoing: { application_sid: AP } }, video: { room: 'room-1' } } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .setIssuer(SK)
      .setSubject(AC)
      .sign(key);
  };
  let i = 0;
  const slice = async (): Promise<number> => {
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < SLICE_MS) {
      for (let k = 0; k < 64; k++) await mint(i++);
      n += 64;
    }
    return (n * 1000) / (performance.now() - start);
  };
  await slice();
  const rates: number[] = [];
  for (let r = 0; r < REPS; r++) rates.push(await slice());
  return rates.sort((a, b) => a - b)[Math.floor(REPS / 2)];
}

const { mintCase, JsonObject, PROFILES } = (await import(BUILT)) as typeof import('../reference/index.ts');
type JsonValue = import('../reference/index.ts').JsonValue;
const FIXTURE_PEM = (await import('../conformance/differential/generators/fixture-keys.ts')).FIXTURE_RSA_PRIVATE_PEM;

/**
 * The reference minting a family's case from an input that varies with i. Each contender gets its
 * input in its own native form: twilio-node JavaScript objects, the reference a JSON value (its
 * entry point's type). Reading wire text is the protocol's cost, timed in the throughput rows.
 */
function referenceFamily(family: string, input: (i: number) => JsonValue, profile: ProfileName): (i: number) => unknown {
  return (i) => mintCase(family, input(i), PROFILES[profile], T0 + i * 1000);
}

const o = (members: Record<string, JsonValue>): JsonValue => new JsonObject(Object.entries(members));
const ccInput = (i: number): JsonValue => o({ accountSid: AC, authToken: SECRET, scopes: [o({ type: 'incoming', clientName: `user-${i}` }), o({ type: 'outgoing', applicationSid: AP, params: o({ to: `+1555${i}` }) })] });
const WS = `WS${'d'.repeat(32)}`;
const trInput = (i: number): JsonValue => {
  const wk = `WK${String(i).padStart(32, '0')}`;
  return o({
    accountSid: AC,
    authToken: SECRET,
    workspaceSid: WS,
    channelId: wk,
    helpers: [o({ call: 'defaultEventBridgePolicies', args: [AC, wk] }), o({ call: 'defaultWorkerPolicies', args: ['v1', WS, wk] })],
  });
};
const vtInput = (i: number): JsonValue =>
  o({
    accountSid: AC,
    credentialSid: `CR${'c'.repeat(32)}`,
    signingKey: SK,
    privateKeyPem: FIXTURE_PEM,
    request: o({ method: 'POST', url: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages.json`, headers: o({ Authorization: 'Basic QUM6dG9rZW4=' }), data: `To=%2B1555${i}&Body=hi` }),
  });

/** Median cases/s of an async pass over all the cases, after a warm-up pass. */
async function measurePasses(pass: () => Promise<number>): Promise<number> {
  await pass();
  const rates: number[] = [];
  for (let r = 0; r < Math.min(REPS, 5); r++) {
    const start = performance.now();
    const n = await pass();
    rates.push((n * 1000) / (performance.now() - start));
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
}

/** A library's name as it ends a ratio's key: `twilio-node` → `TwilioNode`. */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** A profile's name as it starts a key: `node` → `node`. */
function camel(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}

/**
 * Conformance throughput: the vector suite of the default profile, minted directly, judged
 * in-process, and over stdio; then each library's adapter that asks to be timed, over its own
 * expectations (`<profile>AdapterCasesPerSecond`, null where it cannot run here).
 */
async function throughput(add: (name: string, rate: number | undefined) => number | undefined, benches: ReadonlyArray<[Library, LibraryBench]>): Promise<Record<string, number | null>> {
  const { loadVectors } = await import('../conformance/vectors/read.ts');
  const { runReferenceCase } = await import('../conformance/adapters/reference.ts');
  const { judge } = await import('../conformance/runner/compare.ts');
  const { AdapterProcess } = await import('../conformance/protocol/client.ts');
  const { PROFILES: P } = await import('../reference/profiles/index.ts');
  const { mintCase: mint } = await import('../reference/cases.ts');
  const families = ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token'];
  const all = loadVectors(join(ROOT, 'vectors'));
  const expected = (profile: ProfileName) =>
    all.flatMap((v) => {
      const e = v.expect[profile];
      return families.includes(v.family) && e && e.kind !== 'unsupported' ? [{ v, e }] : [];
    });
  const profile = P[DEFAULT_PROFILE];
  const vectors = expected(DEFAULT_PROFILE);
  const direct = add(
    `minting the ${vectors.length} ${DEFAULT_PROFILE} vectors directly (cases/s)`,
    await measurePasses(async () => {
      for (const { v } of vectors) {
        try {
          mint(v.family, v.input, profile, v.nowMs ?? v.now * 1000);
        } catch {
          /* rejections are answers too */
        }
      }
      return vectors.length;
    }),
  )!;
  const inProcess = add(
    'full vector suite, in-process reference, judged (cases/s)',
    await measurePasses(async () => {
      for (const { v, e } of vectors) await judge(e, runReferenceCase(profile, { id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input }), v);
      return vectors.length;
    }),
  )!;
  const proc = await AdapterProcess.start([process.execPath, join(ROOT, 'bin', 'twilio-jwt-conformance.mjs'), 'adapter', 'reference', '--profile', DEFAULT_PROFILE]);
  const overStdio = async (window: number): Promise<number> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < vectors.length) {
        const { v, e } = vectors[next++];
        await judge(e, await proc.run({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input }), v);
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    return vectors.length;
  };
  const pipelined = add('full vector suite, stdio adapter, 32 in flight (cases/s)', await measurePasses(() => overStdio(32)))!;
  const serial = add('full vector suite, stdio adapter, one at a time (cases/s)', await measurePasses(() => overStdio(1)))!;
  await proc.stop();
  const out: Record<string, number | null> = {
    harnessOverheadInProcess: direct / inProcess,
    stdioOverhead: inProcess / pipelined,
    stdioOverheadUnpipelined: inProcess / serial,
  };
  for (const [lib, bench] of benches) {
    if (!bench.adapterThroughput) continue;
    const launched = lib.adapter.launch({});
    let rate: number | undefined;
    if ('command' in launched) {
      const cases = expected(lib.profile.name);
      const pp = await AdapterProcess.start(launched.command, { caseTimeoutMs: bench.adapterThroughput.caseTimeoutMs });
      rate = add(
        `full vector suite, ${lib.adapter.name} adapter, 32 in flight (cases/s)`,
        await measurePasses(async () => {
          let next = 0;
          const worker = async (): Promise<void> => {
            while (next < cases.length) {
              const { v } = cases[next++];
              await pp.run({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input });
            }
          };
          await Promise.all(Array.from({ length: 32 }, worker));
          return cases.length;
        }),
      );
      await pp.stop();
    }
    out[`${camel(lib.profile.name)}AdapterCasesPerSecond`] = rate ?? null;
  }
  return out;
}

/**
 * The goals, as ratios of rates measured in the same run. `rs256VsRaw` is the reference's rate over
 * raw signing's, so "within 1.2x of raw RSA time" is a rate ratio of at least 1/1.2; the two
 * overheads are in-process rate over the slower path's rate.
 */
const GOALS: Array<[string, string, (v: number) => boolean]> = [
  ['accessTokenVsTwilioNode', '>= 40x', (v) => v >= 40],
  ['accessTokenVsFloor', '>= 0.7x', (v) => v >= 0.7],
  ['accessTokenVsTwilioPython', '>= 2x', (v) => v >= 2],
  ['rs256VsRaw', '>= 0.83x (time within 1.2x of raw RSA)', (v) => v >= 1 / 1.2],
  ['harnessOverheadInProcess', '<= 2x', (v) => v <= 2],
  ['stdioOverhead', '<= 3x (pipelined)', (v) => v <= 3],
];

/** The families besides AccessToken, each with its ratios' key prefix and its input (as the reference reads it). */
const FAMILIES: ReadonlyArray<{ family: Family; key: string; input: (i: number) => JsonValue }> = [
  { family: 'client_capability', key: 'clientCapability', input: ccInput },
  { family: 'taskrouter_capability', key: 'taskRouter', input: trInput },
  { family: 'validation_token', key: 'validationToken', input: vtInput },
];

const FIXTURE: BenchFixture = { accountSid: AC, apiKeySid: SK, apiKeySecret: SECRET, applicationSid: AP, privateKeyPem: FIXTURE_PEM, t0Ms: T0 };

async function main(): Promise<void> {
  const rows: Array<[string, number]> = [];
  const add = (name: string, rate: number | undefined): number | undefined => {
    if (rate !== undefined) rows.push([name, rate]);
    return rate;
  };
  // Each library's own contenders, from its entry (the registry, in registration order).
  const benches: Array<[Library, LibraryBench]> = [];
  for (const lib of LIBRARIES) benches.push([lib, lib.bench ? await lib.bench(FIXTURE) : {}]);
  const floor = add('floor (JSON.stringify + createHmac)', measure(floorMint()))!;
  const ref = new Map<ProfileName, number>();
  for (const [lib] of benches) ref.set(lib.profile.name, add(`reference, ${lib.profile.name} profile`, measure(referenceMint(lib.profile.name)))!);
  const ratios: Record<string, number | null> = {};
  // AccessToken against each real library: in this process, or timed in its own interpreter.
  for (const [lib, bench] of benches) {
    const key = `accessTokenVs${pascal(lib.profile.library.name)}`;
    const own = bench.inProcess?.access_token;
    if (own) ratios[key] = ref.get(lib.profile.name)! / add(own.row, measure(own.mint))!;
    else if (bench.ownInterpreter) {
      const rate = add(bench.ownInterpreter.row, bench.ownInterpreter.accessTokenRate(REPS, SLICE_MS));
      ratios[key] = rate === undefined ? null : ref.get(lib.profile.name)! / rate;
    }
  }
  const jose = add('jose SignJWT', await measureJose())!;
  const refDefault = ref.get(DEFAULT_PROFILE)!;
  ratios.accessTokenVsFloor = refDefault / floor;
  ratios.accessTokenVsJose = refDefault / jose;

  // The other families, in each profile whose library names them (referenceRows), against each
  // real library timed in this process, on the same varying inputs.
  const refFamily = new Map<string, number>();
  for (const { family, key, input } of FAMILIES) {
    for (const [lib, bench] of benches) {
      const label = bench.referenceRows?.[family];
      if (label) refFamily.set(`${family} ${lib.profile.name}`, add(`reference ${label} (${lib.profile.name})`, measure(referenceFamily(family, input, lib.profile.name)))!);
    }
    for (const [lib, bench] of benches) {
      const own = bench.inProcess?.[family];
      const reference = refFamily.get(`${family} ${lib.profile.name}`);
      if (own && reference !== undefined) ratios[`${key}Vs${pascal(lib.profile.library.name)}`] = reference / add(own.row, measure(own.mint))!;
    }
  }
  const rsaKey = createPrivateKey(FIXTURE_PEM);
  const rawRsa = add(
    'raw RSA-SHA256 signature (node:crypto)',
    measure((i) => sign('sha256', Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${i}`), rsaKey)),
  )!;
  const vt = refFamily.get(`validation_token ${DEFAULT_PROFILE}`) ?? measure(referenceFamily('validation_token', vtInput, DEFAULT_PROFILE));
  ratios.rs256VsRaw = vt / rawRsa;
  Object.assign(ratios, await throughput(add, benches));
  const width = Math.max(...rows.map(([n]) => n.length)) + 2;
  console.log('Median ops/s (AccessToken: two grants, varying identity and clock; other rows as named):');
  for (const [name, rate] of rows) console.log(`  ${name.padEnd(width)}${Math.round(rate).toLocaleString('en-US').padStart(12)}`);
  console.log('ratios:');
  for (const [k, v] of Object.entries(ratios)) {
    const shown = v === null ? 'n/a' : k.endsWith('PerSecond') ? Math.round(v).toLocaleString('en-US') : `${v.toFixed(2)}×`;
    console.log(`  ${k.padEnd(width)}${shown.padStart(12)}`);
  }
  const goals = GOALS.map(([key, text, ok]) => {
    const value = ratios[key];
    return { key, goal: text, value, met: value !== null && value !== undefined && ok(value) };
  });
  console.log(SMOKE ? 'goals (smoke run: these figures are not measurements):' : 'goals (issue 10), measured in this run:');
  for (const g of goals) console.log(`  ${g.key.padEnd(width)}${(g.value == null ? 'n/a' : `${g.value.toFixed(2)}×`).padStart(12)}  goal ${g.goal}: ${g.met ? 'met' : 'NOT met'}`);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ smoke: SMOKE, opsPerSecond: Object.fromEntries(rows), ...ratios, goals: Object.fromEntries(goals.map(({ key, ...g }) => [key, g])) }));
  }
}

await main();
