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
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { findTwilioPython } from '../conformance/adapters/registry.ts';
import type { ProfileName } from '../reference/profiles/index.ts';

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

/** twilio-node's AccessToken, clock frozen at each iteration's instant. */
function twilioNodeMint(): (i: number) => string {
  return twilioNodeFamily((twilio, i) => {
    const t = new twilio.jwt.AccessToken(AC, SK, SECRET, { identity: `user-${i}` });
    t.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: AP }));
    t.addGrant(new twilio.jwt.AccessToken.VideoGrant({ room: 'room-1' }));
    return t.toJwt();
  });
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

/** twilio-python timed inside its own interpreter, on the same varying inputs. */
function measureTwilioPython(): number | undefined {
  const py = findTwilioPython();
  if (!('python' in py)) return undefined;
  const r = spawnSync(py.python, [join(ROOT, 'scripts', 'bench_twilio_python.py'), String(REPS), String(SLICE_MS)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python bench failed: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').at(-1));
}

const { mintCase, JsonObject, PROFILES } = (await import(BUILT)) as typeof import('../reference/index.ts');
type JsonValue = import('../reference/index.ts').JsonValue;
const FIXTURE_PEM = (await import('../conformance/differential/generators/fixture-keys.ts')).FIXTURE_RSA_PRIVATE_PEM;

/**
 * The reference minting a family's case from an input that varies with i. Each contender gets its
 * input in its own native form: twilio-node JavaScript objects, the reference a JSON value (its
 * entry point's type). Reading wire text is the protocol's cost, timed in the throughput rows.
 */
function referenceFamily(family: string, input: (i: number) => JsonValue, profile: ProfileName = 'node'): (i: number) => unknown {
  return (i) => mintCase(family, input(i), PROFILES[profile], T0 + i * 1000);
}

const o = (members: Record<string, JsonValue>): JsonValue => new JsonObject(Object.entries(members));
const ccInput = (i: number): JsonValue =>
  o({ accountSid: AC, authToken: SECRET, scopes: [o({ type: 'incoming', clientName: `user-${i}` }), o({ type: 'outgoing', applicationSid: AP, params: o({ to: `+1555${i}` }) })] });
const WS = `WS${'d'.repeat(32)}`;
const trInput = (i: number): JsonValue => {
  const wk = `WK${String(i).padStart(32, '0')}`;
  return o({
    accountSid: AC, authToken: SECRET, workspaceSid: WS, channelId: wk,
    helpers: [o({ call: 'defaultEventBridgePolicies', args: [AC, wk] }), o({ call: 'defaultWorkerPolicies', args: ['v1', WS, wk] })],
  });
};
const vtInput = (i: number): JsonValue =>
  o({
    accountSid: AC, credentialSid: `CR${'c'.repeat(32)}`, signingKey: SK, privateKeyPem: FIXTURE_PEM,
    request: o({ method: 'POST', url: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages.json`, headers: o({ Authorization: 'Basic QUM6dG9rZW4=' }), data: `To=%2B1555${i}&Body=hi` }),
  });

/** A twilio-node call with the clock (Date.now and new Date) frozen at each iteration's instant. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- twilio comes untyped through createRequire
function twilioNodeFamily(make: (twilio: any, i: number) => string): (i: number) => string {
  const twilio = createRequire(import.meta.url)('twilio');
  const RealDate = Date;
  let now = T0;
  class FrozenDate extends RealDate {
    constructor(...a: unknown[]) {
      super(...((a.length ? a : [now]) as []));
    }
    static override now(): number {
      return now;
    }
  }
  return (i) => {
    now = T0 + i * 1000;
    globalThis.Date = FrozenDate as DateConstructor;
    try {
      return make(twilio, i);
    } finally {
      globalThis.Date = RealDate;
    }
  };
}

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

/** Conformance throughput: the vector suite of the node profile, minted directly, judged in-process, and over stdio. */
async function throughput(add: (name: string, rate: number | undefined) => number | undefined): Promise<Record<string, number | null>> {
  const { loadVectors } = await import('../conformance/runner/vectors.ts');
  const { runReferenceCase } = await import('../conformance/adapters/reference.ts');
  const { judge } = await import('../conformance/runner/compare.ts');
  const { AdapterProcess } = await import('../conformance/protocol/client.ts');
  const { PROFILES: P } = await import('../reference/profiles/index.ts');
  const { mintCase: mint } = await import('../reference/cases.ts');
  const families = ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token'];
  const vectors = loadVectors(join(ROOT, 'vectors')).filter((v) => families.includes(v.family) && v.expect.node && v.expect.node.kind !== 'unsupported');
  const direct = add(`minting the ${vectors.length} node vectors directly (cases/s)`, await measurePasses(async () => {
    for (const v of vectors) {
      try {
        mint(v.family, v.input, P.node, v.nowMs ?? v.now * 1000);
      } catch {
        /* rejections are answers too */
      }
    }
    return vectors.length;
  }))!;
  const inProcess = add('full vector suite, in-process reference, judged (cases/s)', await measurePasses(async () => {
    for (const v of vectors) await judge(v.expect.node!, runReferenceCase(P.node, { id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input }), v);
    return vectors.length;
  }))!;
  const proc = await AdapterProcess.start([process.execPath, join(ROOT, 'bin', 'twilio-jwt-conformance.mjs'), 'adapter', 'reference', '--profile', 'node']);
  const overStdio = async (window: number): Promise<number> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < vectors.length) {
        const v = vectors[next++];
        await judge(v.expect.node!, await proc.run({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input }), v);
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    return vectors.length;
  };
  const pipelined = add('full vector suite, stdio adapter, 32 in flight (cases/s)', await measurePasses(() => overStdio(32)))!;
  const serial = add('full vector suite, stdio adapter, one at a time (cases/s)', await measurePasses(() => overStdio(1)))!;
  await proc.stop();
  let python: number | undefined;
  const py = findTwilioPython();
  if ('python' in py) {
    const pvectors = loadVectors(join(ROOT, 'vectors')).filter((v) => families.includes(v.family) && v.expect.python && v.expect.python.kind !== 'unsupported');
    const pp = await AdapterProcess.start([py.python, join(ROOT, 'conformance/adapters/twilio-python/adapter.py')], { caseTimeoutMs: 30_000 });
    python = add('full vector suite, twilio-python adapter, 32 in flight (cases/s)', await measurePasses(async () => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < pvectors.length) {
          const v = pvectors[next++];
          await pp.run({ id: v.id, family: v.family, now: v.now, nowMs: v.nowMs, input: v.input });
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
      return pvectors.length;
    }));
    await pp.stop();
  }
  return {
    harnessOverheadInProcess: direct / inProcess,
    stdioOverhead: inProcess / pipelined,
    stdioOverheadUnpipelined: inProcess / serial,
    pythonAdapterCasesPerSecond: python ?? null,
  };
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

async function main(): Promise<void> {
  const rows: Array<[string, number]> = [];
  const add = (name: string, rate: number | undefined): number | undefined => {
    if (rate !== undefined) rows.push([name, rate]);
    return rate;
  };
  const floor = add('floor (JSON.stringify + createHmac)', measure(floorMint()))!;
  const ref: Record<ProfileName, number> = {
    node: add('reference, node profile', measure(referenceMint('node')))!,
    python: add('reference, python profile', measure(referenceMint('python')))!,
    ruby: add('reference, ruby profile', measure(referenceMint('ruby')))!,
  };
  const node = add('twilio-node 6.2.0 AccessToken.toJwt', measure(twilioNodeMint()))!;
  const jose = add('jose SignJWT', await measureJose())!;
  const python = add('twilio-python AccessToken.to_jwt (own interpreter)', measureTwilioPython());

  // The other families against twilio-node, on the same varying inputs: ClientCapability in every
  // profile; TaskRouter in node only (each library's helper vocabulary differs); ValidationToken
  // where the library has one (twilio-ruby has none).
  const cc = add('reference ClientCapability (node)', measure(referenceFamily('client_capability', ccInput)))!;
  add('reference ClientCapability (python)', measure(referenceFamily('client_capability', ccInput, 'python')));
  add('reference ClientCapability (ruby)', measure(referenceFamily('client_capability', ccInput, 'ruby')));
  const ccNode = add('twilio-node ClientCapability', measure(twilioNodeFamily((t, i) => {
    const c = new t.jwt.ClientCapability({ accountSid: AC, authToken: SECRET });
    c.addScope(new t.jwt.ClientCapability.IncomingClientScope(`user-${i}`));
    c.addScope(new t.jwt.ClientCapability.OutgoingClientScope({ applicationSid: AP, params: { to: `+1555${i}` } }));
    return c.toJwt();
  })))!;
  const tr = add('reference TaskRouterCapability (node)', measure(referenceFamily('taskrouter_capability', trInput)))!;
  const trNode = add('twilio-node TaskRouterCapability', measure(twilioNodeFamily((t, i) => {
    const wk = `WK${String(i).padStart(32, '0')}`;
    const c = new t.jwt.taskrouter.TaskRouterCapability({ accountSid: AC, authToken: SECRET, workspaceSid: `WS${'d'.repeat(32)}`, channelId: wk });
    for (const p of [...t.jwt.taskrouter.util.defaultEventBridgePolicies(AC, wk), ...t.jwt.taskrouter.util.defaultWorkerPolicies('v1', `WS${'d'.repeat(32)}`, wk)]) c.addPolicy(p);
    return c.toJwt();
  })))!;
  const vt = add('reference ValidationToken RS256 (node)', measure(referenceFamily('validation_token', vtInput)))!;
  add('reference ClientValidationJwt RS256 (python)', measure(referenceFamily('validation_token', vtInput, 'python')));
  const vtNode = add('twilio-node ValidationToken RS256', measure(twilioNodeFamily((t, i) => {
    const v = new t.jwt.ValidationToken({ accountSid: AC, credentialSid: `CR${'c'.repeat(32)}`, signingKey: SK, privateKey: FIXTURE_PEM });
    return v.fromHttpRequest({ method: 'POST', url: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages.json`, headers: { Authorization: 'Basic QUM6dG9rZW4=' }, data: `To=%2B1555${i}&Body=hi` });
  })))!;
  const rsaKey = createPrivateKey(FIXTURE_PEM);
  const rawRsa = add('raw RSA-SHA256 signature (node:crypto)', measure((i) => sign('sha256', Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${i}`), rsaKey)))!;

  const ratios: Record<string, number | null> = {
    accessTokenVsTwilioNode: ref.node / node,
    accessTokenVsTwilioPython: python === undefined ? null : ref.python / python,
    accessTokenVsFloor: ref.node / floor,
    accessTokenVsJose: ref.node / jose,
    clientCapabilityVsTwilioNode: cc / ccNode,
    taskRouterVsTwilioNode: tr / trNode,
    validationTokenVsTwilioNode: vt / vtNode,
    rs256VsRaw: vt / rawRsa,
  };
  Object.assign(ratios, await throughput(add));
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
