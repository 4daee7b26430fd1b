/**
 * The package as users get it: `npm pack` (which builds dist/ afresh through `prepack`), the
 * tarball installed into a scratch project far from this repository's node_modules, and then the
 * installed command and entry points used as a user of another SDK would use them. Also: how the
 * bin chooses between the sources and dist/, and that nothing the package ships imports scripts/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { ROOT } from '../helpers/shared.ts';

/** Every step is bounded, generously: the machine running this may be loaded. */
const STEP_MS = 300_000;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Ran {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: STEP_MS, env, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run and require exit 0, showing the output when it is not. */
function ok(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const r = run(command, args, cwd, env);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const npmEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string): string => ok('npm', args, cwd, npmEnv);

/** "result: conforms (N case(s) judged…)" and N > 0: a run that judged nothing is no pass. */
function conformsJudging(out: string): number {
  const m = /result: conforms \((\d+) case\(s\) judged/.exec(out);
  expect(m, out).not.toBeNull();
  const n = Number(m![1]);
  expect(n).toBeGreaterThan(0);
  return n;
}

/** Import specifiers of a module's text: static imports and re-exports, and `import('…')` with a literal. */
function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gms)) out.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

function filesUnder(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter(keep);
}

const ROOT_MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the package as users get it', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tjc-package-'));
  const app = join(scratch, 'app');
  const installed = join(app, 'node_modules', 'twilio-jwt-conformance');
  const bin = join(app, 'node_modules', '.bin', 'twilio-jwt-conformance');
  // The user's environment: nothing that points back into this repository.
  const userEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: process.env.LANG };
  for (const k of Object.keys(userEnv)) if (userEnv[k] === undefined) delete userEnv[k];
  const cli = (args: string[]): Ran => run(bin, args, app, userEnv);
  let tarball = '';

  beforeAll(() => {
    // prepack runs `npm run build`, which empties dist/ and compiles it again: what is packed is
    // compiled from the sources as they are now, never an earlier build.
    npm(['pack', '--pack-destination', scratch], ROOT);
    tarball = join(
      scratch,
      readdirSync(scratch).find((f) => f.endsWith('.tgz'))!,
    );
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    // A Node user of a Node library has Node's types; the declarations mention Buffer and KeyObject.
    npm(['install', '--prefer-offline', tarball, '@types/node@20'], app);
  }, 2 * STEP_MS);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is installed far from this repository, as compiled JavaScript, without tsx', () => {
    expect(relative(ROOT, app).startsWith('..')).toBe(true);
    expect(existsSync(join(installed, 'dist', 'conformance', 'cli.js'))).toBe(true);
    expect(filesUnder(installed, (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['ajv', 'fast-check', 'jose']);
  });

  it('ships every module its code imports: relative imports resolve inside the package, bare ones are built-ins or dependencies', () => {
    const allowed = new Set([...Object.keys(ROOT_MANIFEST.dependencies), ...builtinModules]);
    const problems: string[] = [];
    for (const file of filesUnder(installed, (f) => /\.(m?js)$/.test(f))) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        const where = relative(installed, file);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(installed + sep) || !existsSync(target)) problems.push(`${where}: ${spec}`);
        } else if (spec.startsWith('node:')) {
          continue;
        } else {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!allowed.has(name)) problems.push(`${where}: ${spec}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The schemas and the Python, Ruby and PHP adapters are data the compiled code reads or starts.
    for (const f of [
      'vectors/schema/producing.json',
      'conformance/protocol/schema/start-response.json',
      'conformance/adapters/twilio-python/adapter.py',
      'conformance/adapters/twilio-python/providers.py',
      'conformance/adapters/twilio-ruby/adapter.rb',
      'conformance/adapters/twilio-php/adapter.php',
      'conformance/adapters/twilio-php/jwt.php',
    ]) {
      expect(existsSync(join(installed, f)), f).toBe(true);
    }
  });

  it('--help', () => {
    const r = cli(['--help']);
    expect(r.status, r.stderr).toBe(0);
    // Every registered profile is offered; the built-in ones first.
    expect(r.stdout).toMatch(/^usage:\n {2}twilio-jwt-conformance adapter reference --profile <node\|python\|ruby(\|[a-z][a-z0-9-]*)*>/);
    expect(r.stdout).toContain('twilio-jwt-conformance run [--adapter NAME|COMMAND]');
  });

  it('smoke --adapter reference-node', () => {
    const r = cli(['smoke', '--adapter', 'reference-node']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('ok   every reply is valid against run-response.json');
    expect(r.stdout).toMatch(/^reference-node speaks protocol v1$/m);
  });

  it('run --adapter reference-python --families access_token', () => {
    const r = cli(['run', '--adapter', 'reference-python', '--families', 'access_token']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^reference-python\b.*\bpython\s+(\d+)\/\1\s*$/m);
    conformsJudging(r.stdout);
  });

  it("run with a stdio adapter given as a command: a script of the user's built on the installed reference", () => {
    // A minimal protocol v1 adapter as a user would write one: the case input is read losslessly
    // (key order, number text) and minted by the installed reference with the ruby profile.
    writeFileSync(
      join(app, 'my-adapter.mjs'),
      `import { createInterface } from 'node:readline';
import { getProfile, JsonObject, LibraryError, mintCase, parseLossless, UnsupportedInput } from 'twilio-jwt-conformance/reference';

const profile = getProfile('ruby');
const send = (reply) => process.stdout.write(JSON.stringify(reply) + '\\n');
for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  if (req.cmd === 'stop') break;
  if (req.cmd === 'start') {
    send({ version: 1, implementation: { name: 'my-sdk', version: '1.2.3', language: 'javascript', profile: 'ruby', families: ['client_capability'] } });
    continue;
  }
  const input = parseLossless(line).get('case').get('input');
  try {
    const r = mintCase(req.case.family, input, profile, req.case.nowMs ?? req.case.now * 1000);
    send({ seq: req.seq, output: { token: r.token, ...r.extras } });
  } catch (e) {
    if (e instanceof LibraryError) send({ seq: req.seq, output: { error: { type: e.type, message: e.message } } });
    else if (e instanceof UnsupportedInput) send({ seq: req.seq, skipped: { reason: e.message } });
    else send({ seq: req.seq, errored: { message: String(e) } });
  }
}
`,
    );
    const r = cli(['run', '--adapter', `${process.execPath} my-adapter.mjs`, '--families', 'client_capability']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\bruby\s+(\d+)\/\1\s*$/m);
    conformsJudging(r.stdout);
  });

  it('run --properties --no-vectors --adapter reference-ruby --num-runs 20', () => {
    const r = cli(['run', '--properties', '--no-vectors', '--adapter', 'reference-ruby', '--num-runs', '20', '--seed', '1']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok {3}reference-ruby client_capability\/determinism \(20 runs/m);
    expect(r.stdout).not.toMatch(/^FAIL|^not ok/m);
    expect(r.stdout).toMatch(/^result: conforms \(0 case\(s\) judged, [1-9]\d* property check\(s\)\)$/m);
  });

  it("twilio-node is unavailable until the user installs twilio, then runs from the user's copy (providers in a compiled child)", () => {
    const without = cli(['run', '--adapter', 'twilio-node', '--adapter', 'reference-node', '--families', 'client_capability']);
    expect(without.status, without.stdout + without.stderr).toBe(0);
    expect(without.stdout).toMatch(/^twilio-node\s+unavailable: the npm package twilio is not installed \(run `npm install twilio`\)/m);

    npm(['install', '--prefer-offline', `twilio@${ROOT_MANIFEST.devDependencies.twilio}`], app);
    const r = cli(['run', '--adapter', 'twilio-node', '--families', 'credential_provider,access_token']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^twilio-node\b.*\bnode\s+(\d+)\/\1\s+(\d+)\/\2\s*$/m);
    conformsJudging(r.stdout);
  });

  it("./reference mints twilio-node's exact token and ./verifier verifies it, in plain Node; the schemas import as JSON", () => {
    // The oracle recorded this token from twilio-node for identity "alice" and no grants.
    const v = loadVectors(join(ROOT, 'vectors', 'access_token', 'oracle-node.json')).find((x) => x.id === 'access_token/node/identity-only')!;
    const want = v.expect.node!.kind === 'token' ? v.expect.node!.token : '';
    expect(want).toMatch(/^eyJ/);
    writeFileSync(
      join(app, 'use.mjs'),
      `import { AccessToken } from 'twilio-jwt-conformance/reference';
import { verifyStrict, Expired, StrictVerificationError } from 'twilio-jwt-conformance/verifier';
import startReply from 'twilio-jwt-conformance/protocol/schema/start-response.json' with { type: 'json' };
const secret = 'secret_0123456789abcdef0123456789';
const jwt = new AccessToken('ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', secret, { identity: 'alice', clock: () => ${v.nowMs} }).toJwt();
const key = new TextEncoder().encode(secret);
const { payload } = await verifyStrict(jwt, key, { algorithms: ['HS256'], currentDate: ${Math.floor(v.nowMs! / 1000)}, requiredCty: true });
let late;
try { await verifyStrict(jwt, key, { algorithms: ['HS256'], currentDate: ${Math.floor(v.nowMs! / 1000)} + 10 * 86400 }); } catch (e) { late = e; }
console.log(JSON.stringify({ jwt, identity: payload.grants.identity, late: late instanceof Expired && late instanceof StrictVerificationError ? late.code : String(late), schema: startReply.$id }));`,
    );
    const out = JSON.parse(ok(process.execPath, ['use.mjs'], app, userEnv)) as Record<string, string>;
    expect(out).toEqual({
      jwt: want,
      identity: 'alice',
      late: 'ERR_STRICT_EXPIRED',
      schema: 'https://twilio-jwt-conformance.invalid/protocol/v1/start-response.json',
    });
  });

  it('./reference and ./protocol load no third-party module: they import alone, with no node_modules beside them', () => {
    // The installed package copied where no dependency can be found: any import of ajv, jose or
    // fast-check on the way would fail with ERR_MODULE_NOT_FOUND.
    const lonely = join(scratch, 'lonely');
    cpSync(installed, join(lonely, 'node_modules', 'twilio-jwt-conformance'), { recursive: true });
    writeFileSync(join(lonely, 'package.json'), JSON.stringify({ name: 'lonely', private: true, type: 'module' }));
    writeFileSync(
      join(lonely, 'use.mjs'),
      `import { AccessToken, mintCase } from 'twilio-jwt-conformance/reference';
import { isTokenOutput } from 'twilio-jwt-conformance/protocol';
const jwt = new AccessToken('AC1', 'SK1', 'secret', { identity: 'bob', profile: 'python' }).toJwt();
console.log(typeof mintCase, isTokenOutput({ token: jwt }));`,
    );
    expect(ok(process.execPath, ['use.mjs'], lonely, userEnv).trim()).toBe('function true');
    // The same copy does need its dependencies for the verifier: the check above can fail.
    writeFileSync(join(lonely, 'verifier.mjs'), `import 'twilio-jwt-conformance/verifier';`);
    const r = run(process.execPath, ['verifier.mjs'], lonely, userEnv);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Cannot find package 'jose'");
  });

  it('a TypeScript user type-checks against the declarations of ./reference, ./verifier and ./protocol', () => {
    writeFileSync(
      join(app, 'use.ts'),
      `import { AccessToken, VoiceGrant, type AccessTokenOptions } from 'twilio-jwt-conformance/reference';
import { verifyStrict, Expired, type StrictVerifyOptions, type StrictErrorCode } from 'twilio-jwt-conformance/verifier';
import type { CaseResult, Implementation } from 'twilio-jwt-conformance/protocol';

const opts: AccessTokenOptions = { identity: 'alice', profile: 'python' };
const t = new AccessToken('AC1', 'SK1', 'secret', opts);
t.addGrant(new VoiceGrant({ incomingAllow: true }));
export const jwt: string = t.toJwt();

const verifyOptions: StrictVerifyOptions = { algorithms: ['HS256'], requiredCty: true };
export async function subject(): Promise<string | undefined> {
  const { payload } = await verifyStrict(jwt, new TextEncoder().encode('secret'), verifyOptions);
  return payload.sub;
}
export const expiredCode: StrictErrorCode = Expired.code;

export const me: Implementation = { name: 'my-sdk', version: '1.2.3', language: 'typescript', profile: 'python', families: ['access_token'] };
export const skipped: CaseResult = { skipped: { reason: 'not in this SDK' } };
// @ts-expect-error families are the protocol's family names: the types are real, not any
export const wrong: Implementation = { ...me, families: ['access_tokens'] };
`,
    );
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['use.ts'] }));
    ok(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
  });
});

describe('the bin in a checkout and in an installed package', () => {
  // A stand-in package: the real bin, a CLI from the sources that says "sources", a compiled one
  // that says "dist", and tsx (linked from this repository) that can be taken away.
  const dir = mkdtempSync(join(tmpdir(), 'tjc-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sources = join(dir, 'conformance', 'cli.ts');
  const tsx = join(dir, 'node_modules', 'tsx');
  beforeAll(() => {
    mkdirSync(join(dir, 'bin'));
    cpSync(join(ROOT, 'bin', 'twilio-jwt-conformance.mjs'), join(dir, 'bin', 'twilio-jwt-conformance.mjs'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'twilio-jwt-conformance', type: 'module' }));
    mkdirSync(join(dir, 'dist', 'conformance'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'conformance', 'cli.js'), `export async function main(argv) { console.log('dist', argv.join(' ')); return 3; }\n`);
    mkdirSync(join(dir, 'node_modules'));
  });
  const setSources = (on: boolean): void => {
    if (on) {
      mkdirSync(dirname(sources), { recursive: true });
      writeFileSync(sources, `export async function main(argv: string[]): Promise<number> { console.log('sources', argv.join(' ')); return 4; }\n`);
    } else rmSync(sources, { force: true });
  };
  const setTsx = (on: boolean): void => {
    rmSync(tsx, { force: true });
    if (on) symlinkSync(join(ROOT, 'node_modules', 'tsx'), tsx, 'dir');
  };
  const start = (): Ran => run(process.execPath, [join(dir, 'bin', 'twilio-jwt-conformance.mjs'), 'run', '--x'], dir);

  it('runs the sources through tsx in a checkout, even beside a dist/ (which may be stale)', () => {
    setSources(true);
    setTsx(true);
    const r = start();
    expect(r.stdout.trim(), r.stderr).toBe('sources run --x');
    expect(r.status).toBe(4);
  });

  it('runs dist/ without the sources (as installed), even where tsx resolves', () => {
    setSources(false);
    setTsx(true);
    const r = start();
    expect(r.stdout.trim(), r.stderr).toBe('dist run --x');
    expect(r.status).toBe(3);
  });

  it('runs dist/ when tsx is missing', () => {
    setSources(true);
    setTsx(false);
    const r = start();
    expect(r.stdout.trim(), r.stderr).toBe('dist run --x');
    expect(r.status).toBe(3);
  });

  it('says what is missing, exit 2, with neither', () => {
    setSources(true);
    setTsx(false);
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    const r = start();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('neither the compiled CLI (dist/conformance/cli.js) nor the TypeScript sources with tsx');
  });
});

describe('the import graph of what ships', () => {
  it('no module under conformance/ or reference/ imports from scripts/ or test/', () => {
    const scripts = join(ROOT, 'scripts') + sep;
    const tests = join(ROOT, 'test') + sep;
    const offenders: string[] = [];
    const modules = [join(ROOT, 'conformance'), join(ROOT, 'reference')].flatMap((d) => filesUnder(d, (f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')));
    expect(modules.length).toBeGreaterThan(50);
    for (const file of modules) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (target.startsWith(scripts) || target.startsWith(tests)) offenders.push(`${relative(ROOT, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the scan sees imports of every form', () => {
    expect(importSpecifiers(`import { a } from '../scripts/a.ts';\nimport type {\n  B,\n} from "./b.ts";\nexport * from './c.ts';\nimport './d.ts';\nconst e = await import('../e.ts');`)).toEqual([
      '../scripts/a.ts',
      './b.ts',
      './c.ts',
      './d.ts',
      '../e.ts',
    ]);
  });
});
