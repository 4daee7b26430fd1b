/**
 * The twilio-python adapter and the credential_provider family. Debian's python3-twilio 7.7.1 has
 * no providers: the adapter does not offer the family and skips it when sent. With a twilio-python
 * 9.x exported somewhere (`git archive HEAD twilio | tar -x -C DIR`), set TWILIO_PYTHON_9_LIB=DIR
 * to run the recorded scenarios through its real providers as a local check.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTwilioPython } from '../../conformance/adapters/registry.ts';
import { AdapterProcess } from '../../conformance/protocol/client.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { ROOT } from '../helpers/shared.ts';

const ADAPTER = join(ROOT, 'conformance/adapters/twilio-python/adapter.py');
const py = findTwilioPython();
const python = 'python' in py ? py.python : undefined;
const hasProviders = python !== undefined && spawnSync(python, ['-c', 'import twilio.credential.client_credential_provider'], { stdio: 'ignore' }).status === 0;
const lib9 = process.env.TWILIO_PYTHON_9_LIB;
const vectors = loadVectors(join(ROOT, 'vectors', 'credential_provider'));

describe('twilio-python and credential_provider', () => {
  it.runIf(python !== undefined && !hasProviders)('an installed twilio without providers (7.x): the family is not offered, and skipped when sent', async () => {
    const proc = await AdapterProcess.start([python!, ADAPTER]);
    try {
      expect(proc.implementation!.families).not.toContain('credential_provider');
      const r = await proc.run({ id: 'x', family: 'credential_provider', now: vectors[0].now, input: vectors[0].input });
      expect(r).toMatchObject({ skipped: { reason: expect.stringMatching(/no credential providers/) } });
    } finally {
      await proc.stop();
    }
  });

  it.runIf(lib9 !== undefined && python !== undefined)('twilio-python 9.x (TWILIO_PYTHON_9_LIB): every recorded python scenario passes', async () => {
    const run = await runAdapter({ name: 'twilio-python-9', command: [python!, ADAPTER, '--lib', lib9!] }, vectors);
    const judged = run.records.filter((r) => r.verdict);
    // Vectors recording the library unable to express them are unjudged; the adapter must skip them.
    const unsupported = run.records.filter((r) => r.vector.expect.python?.kind === 'unsupported');
    expect(judged.length + unsupported.length).toBe(vectors.filter((v) => v.expect.python).length);
    expect(judged.filter((r) => r.verdict!.status !== 'pass').map((r) => `${r.vector.id}: ${JSON.stringify(r.verdict)}`)).toEqual([]);
    expect(unsupported.filter((r) => !('skipped' in r.result)).map((r) => r.vector.id)).toEqual([]);
  });
});
