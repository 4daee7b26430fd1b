/**
 * The loopback HTTPS proxy as curl sees it (the transport of twilio-php and many other SDKs): a
 * real credential_provider vector's token request is sent by the system `curl` through the proxy
 * that the runner sets up for that case (runProviderVector: the case's server, its throwaway CA),
 * and the server records it and mints a token.
 *
 * curl itself accepts any 2xx reason phrase for CONNECT, so its exit status alone cannot tell the
 * conventional `200 Connection established` from `200 Connection Established`. What differs is the
 * proxy's status line as the client reads it: with headers included in the output (`--include`,
 * as PHP's CURLOPT_HEADER does), curl hands that line on, and twilio-php's curl client only skips
 * the proxy's reply when it is the conventional one, byte for byte. So the bytes are checked too.
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasOpenssl } from '../../conformance/oauth/tls.ts';
import type { CaseResult } from '../../conformance/protocol/types.ts';
import { runProviderVector } from '../../conformance/families/provider-cases.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { ROOT } from '../helpers/shared.ts';

const HAS_CURL = spawnSync('curl', ['--version'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const HAS_OPENSSL = hasOpenssl();
const VECTOR_ID = 'credential_provider/cc/first_call';
/** The proxy's reply to CONNECT exactly as clients that match it expect it. */
const CONVENTIONAL = 'HTTP/1.1 200 Connection established\r\n\r\n';

interface CurlRun {
  status: number | string;
  /** Everything curl wrote to stdout: the proxy's reply, the server's head and its body. */
  output: string;
  stderr: string;
}

/** Run curl without blocking this process's event loop (the server answers from it). */
function curl(args: string[]): Promise<CurlRun> {
  return new Promise((resolve) => {
    execFile('curl', args, { encoding: 'latin1', timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error ? ((error as NodeJS.ErrnoException & { code?: number | string }).code ?? 'failed') : 0;
      resolve({ status: status as number | string, output: stdout, stderr });
    });
  });
}

/**
 * A client that finds the real response the way twilio-php's curl client does (said here in our
 * own words): drop a leading proxy reply only when it is exactly the conventional one, then split
 * head from body at the first blank line.
 */
function phpStyleResponse(output: string): { statusLine: string; body: string } {
  const rest = output.startsWith(CONVENTIONAL) ? output.slice(CONVENTIONAL.length) : output;
  const end = rest.indexOf('\r\n\r\n');
  return { statusLine: rest.slice(0, rest.indexOf('\r\n')), body: end < 0 ? '' : rest.slice(end + 4) };
}

describe.skipIf(!HAS_CURL || !HAS_OPENSSL)(`a provider case's token request through curl --proxy${HAS_CURL ? '' : ' (curl is not installed)'}${HAS_OPENSSL ? '' : ' (openssl is not installed)'}`, () => {
  it('curl exits 0, the proxy answers with the conventional status line, and the server records the request and mints a token', { timeout: 120_000 }, async () => {
    const vector = loadVectors(join(ROOT, 'vectors/credential_provider/oracle-providers.json')).find((v) => v.id === VECTOR_ID)!;
    expect(vector, VECTOR_ID).toBeDefined();
    const input = toJavaScript(vector.input) as { provider: { clientId: string; clientSecret: string } };
    let run: CurlRun | undefined;

    // The runner's own set-up for the case: a fresh server with the vector's script and clock, and
    // its address and CA handed over as the adapter would receive them. curl plays the SDK.
    const result: CaseResult = await runProviderVector(
      async (withServer) => {
        const server = (toJavaScript(withServer) as { server: { url: string; caCertFile: string } }).server;
        const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: input.provider.clientId, client_secret: input.provider.clientSecret });
        run = await curl([
          '--silent',
          '--show-error',
          '--include',
          '--noproxy',
          '',
          '--proxy',
          server.url,
          '--cacert',
          server.caCertFile,
          '--header',
          'Content-Type: application/x-www-form-urlencoded',
          '--header',
          'Accept: application/json',
          '--data',
          form.toString(),
          'https://oauth.twilio.com/v2/token',
        ]);
        return { output: { steps: [{ label: 'token request', ok: true, value: run.output }] } };
      },
      vector.input,
      vector.now,
    );

    expect(run, 'curl was never run').toBeDefined();
    expect(run!.status, run!.stderr).toBe(0);
    // The proxy's reply comes first, with exactly the conventional reason phrase.
    expect(JSON.stringify(run!.output.slice(0, CONVENTIONAL.length))).toBe(JSON.stringify(CONVENTIONAL));
    // A client that matches that phrase finds the token server's own response behind it.
    const response = phpStyleResponse(run!.output);
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    const body = JSON.parse(response.body) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.access_token.split('.')).toHaveLength(3);

    // What the server recorded: one token request, through the tunnel to the token host.
    expect('output' in result).toBe(true);
    const server = (result as unknown as { output: { server: { tokenRequests: Array<Record<string, unknown>>; api: unknown[] } } }).output.server;
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.tokenRequests[0]).toMatchObject({
      method: 'POST',
      path: '/v2/token',
      tunnel: { connect: 'oauth.twilio.com:443', sni: 'oauth.twilio.com' },
      // The vector's own expected body, the client secret redacted as the vectors write it.
      body: (vector.expect.python as { tokenRequest: { body: string } }).tokenRequest.body,
    });
    expect(server.api).toEqual([]);
    // The token curl received is the one the server minted for it (labelled in the step's value).
    const step = (result as unknown as { output: { steps: Array<{ value: string }> } }).output.steps[0];
    expect(step.value).toContain('"access_token":"<tok-1>"');
  });
});
