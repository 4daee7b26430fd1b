/**
 * The twilio-node driver's `credential_provider` family: each case runs the real providers in a
 * child Node process (provider-child.ts) whose environment points twilio-node at the case's
 * loopback proxy and makes it trust the proxy's throwaway CA (providers-spec §12). The CA file is
 * the runner's own (`server.caCertFile`) when it gives one, so that nothing is left behind when
 * the runner ends this adapter's process group mid-case; otherwise a private folder is made for
 * it and removed after the case. The child is killed, by its own PID, if it outlives
 * {@link CHILD_TIME_LIMIT_MS}.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { readProviderCase, VocabularyError } from '../../protocol/provider-case.ts';
import type { CaseResult, DecodedCase } from '../../protocol/types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
// Compiled (dist/, as the package is installed) the child is JavaScript that Node runs as it is;
// from the sources of a checkout it is TypeScript, which needs tsx, a development dependency.
const COMPILED = fileURLToPath(import.meta.url).endsWith('.js');
const CHILD = join(HERE, COMPILED ? 'provider-child.js' : 'provider-child.ts');
const CHILD_ARGS = COMPILED ? [CHILD] : ['--import', 'tsx', CHILD];
/**
 * The longest a scenario child may run: a safety net for an adapter left running by its caller,
 * well above any runner's case timeout (the runner ends the whole process group on its own
 * timeout), since a child's start-up alone takes seconds on a loaded machine.
 */
export const CHILD_TIME_LIMIT_MS = 300_000;

/** The child's environment: nothing of ours but the proxy, the CA and the case's account env. */
function childEnv(proxyUrl: string, caFile: string, environment: { accountSid?: string; authToken?: string; region?: string; edge?: string } | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) if (process.env[k] !== undefined) env[k] = process.env[k];
  env.HTTP_PROXY = proxyUrl;
  env.NODE_EXTRA_CA_CERTS = caFile;
  if (environment?.accountSid !== undefined) env.TWILIO_ACCOUNT_SID = environment.accountSid;
  if (environment?.authToken !== undefined) env.TWILIO_AUTH_TOKEN = environment.authToken;
  if (environment?.region !== undefined) env.TWILIO_REGION = environment.region;
  if (environment?.edge !== undefined) env.TWILIO_EDGE = environment.edge;
  return env;
}

/** Run one `credential_provider` case through the real twilio-node (plain JSON input). */
export async function runTwilioNodeProviderCase(c: DecodedCase): Promise<CaseResult> {
  let input;
  try {
    input = readProviderCase(c.input);
  } catch (e) {
    if (e instanceof VocabularyError) return { skipped: { reason: e.message } };
    throw e;
  }
  if (!input.server?.caCertPem) return { skipped: { reason: 'credential_provider: twilio-node needs the case server with its proxy CA (server.caCertPem)' } };
  // Auth types are string literals in twilio-node: there is no enumeration to list.
  if (input.steps.some((s) => s.op === 'authTypeMembers')) return { skipped: { reason: 'twilio-node has no auth-type enumeration: its providers and strategies pass string literals' } };
  const given = input.server.caCertFile;
  const dir = given && existsSync(given) ? undefined : mkdtempSync(join(tmpdir(), 'twilio-node-provider-'));
  try {
    const caFile = dir ? join(dir, 'ca.pem') : given!;
    if (dir) writeFileSync(caFile, input.server.caCertPem);
    const now = c.nowMs !== undefined ? c.nowMs / 1000 : c.now;
    const child = spawn(process.execPath, CHILD_ARGS, {
      cwd: PACKAGE_ROOT,
      env: childEnv(input.server.proxyUrl ?? input.server.url, caFile, input.environment),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIME_LIMIT_MS);
    child.stdin.end(JSON.stringify({ input: c.input, now }));
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (status) => resolve(status));
      child.on('error', () => resolve(-1));
    });
    clearTimeout(killer);
    if (code !== 0) return { errored: { message: `twilio-node provider child exited ${code}: ${err.trim().slice(-1000)}` } };
    return { output: JSON.parse(out.trim()) as { steps: Array<{ label: string }> } };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
