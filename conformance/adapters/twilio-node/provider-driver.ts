/**
 * The twilio-node driver's `credential_provider` family: each case runs the real providers in a
 * child Node process (provider-child.ts) whose environment points twilio-node at the case's
 * loopback proxy and makes it trust the proxy's throwaway CA (providers-spec §12). The child is
 * killed, by its own PID, if it outlives the case's time limit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProviderCase, VocabularyError } from '../../protocol/provider-case.ts';
import type { CaseResult, DecodedCase } from '../../protocol/types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'provider-child.ts');
/** The longest a scenario child may run. */
export const CHILD_TIME_LIMIT_MS = 60_000;

/** The child's environment: nothing of ours but the proxy, the CA and the case's account env. */
function childEnv(proxyUrl: string, caFile: string, environment: { accountSid?: string; authToken?: string } | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) if (process.env[k] !== undefined) env[k] = process.env[k];
  env.HTTP_PROXY = proxyUrl;
  env.NODE_EXTRA_CA_CERTS = caFile;
  if (environment?.accountSid !== undefined) env.TWILIO_ACCOUNT_SID = environment.accountSid;
  if (environment?.authToken !== undefined) env.TWILIO_AUTH_TOKEN = environment.authToken;
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
  const dir = mkdtempSync(join(tmpdir(), 'twilio-node-provider-'));
  try {
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, input.server.caCertPem);
    const now = c.nowMs !== undefined ? c.nowMs / 1000 : c.now;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: join(HERE, '../../..'),
      env: childEnv(input.server.url, caFile, input.environment),
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
    rmSync(dir, { recursive: true, force: true });
  }
}
