/**
 * The real twilio-node providers through the harness: each recorded scenario runs in a child Node
 * process that reaches the local OAuth2 server through its HTTPS proxy (throwaway CA trusted with
 * NODE_EXTRA_CA_CERTS), and must agree with the node profile's recorded expectation, which the
 * reference's node profile also meets (transcripts.test.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTwilioNodeCase } from '../../conformance/adapters/twilio-node/driver.ts';
import { hasOpenssl } from '../../conformance/oauth/tls.ts';
import { judgeProvider, runProviderVector, type ProviderExpectation } from '../../conformance/families/provider-cases.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { ROOT } from '../helpers/shared.ts';

const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider')).filter((v) => v.expect.node);
// CI installs openssl; a machine without it cannot make the proxy's CA.
const needed = process.env.REQUIRE_REAL_LIBRARIES === '1' || hasOpenssl();

describe.runIf(needed)('the real twilio-node providers, through the loopback HTTPS proxy', () => {
  it(
    `agree with the node expectation on all ${vectors.length} recorded scenarios`,
    async () => {
      const failures: string[] = [];
      // A few children at a time: each is a Node process with tsx.
      const queue = [...vectors];
      const worker = async (): Promise<void> => {
        for (let v = queue.shift(); v; v = queue.shift()) {
          const vector = v;
          const result = await runProviderVector((input) => runTwilioNodeCase({ id: vector.id, family: 'credential_provider', now: vector.now, input: toJavaScript(input) }), vector.input, vector.now);
          const want = vector.expect.node!;
          // What twilio-node lacks (an auth-type enumeration): the adapter must skip it.
          if (want.kind === 'unsupported') {
            if (!('skipped' in result)) failures.push(`${vector.id}: expected unsupported (${want.reason}), answered ${JSON.stringify(result).slice(0, 200)}`);
            continue;
          }
          const verdict = judgeProvider(want as ProviderExpectation, result);
          if (verdict.status !== 'pass') failures.push(`${vector.id}: ${JSON.stringify(verdict)}`);
          // What the runner keeps (outputs, the server's view, verdicts) never holds the secret.
          if (JSON.stringify({ result, verdict }).includes('s3cr3t-client-secret-value')) failures.push(`${vector.id}: the client secret is in the record`);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      expect(failures).toEqual([]);
      // A bound, not a timing: one child process per scenario (a few seconds each on a loaded 2-core
      // machine), and the scenario files keep growing (55 vectors in issue 19).
    },
    Math.max(120_000, vectors.length * 8_000),
  );
});
