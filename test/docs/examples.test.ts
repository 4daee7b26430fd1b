/**
 * The adapter guide's examples work: both speak protocol v1, the Python one conforms wherever it
 * answers, and the Java one is recognised as closest to the python profile.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTwilioPython } from '../../conformance/adapters/registry.ts';
import { gate } from '../../conformance/runner/expectations.ts';
import { runAdapter } from '../../conformance/runner/run.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { smoke } from '../../conformance/smoke.ts';
import { ROOT } from '../helpers/shared.ts';

const vectors = loadVectors(join(ROOT, 'vectors')).filter((v) => v.family === 'access_token');
const py = findTwilioPython();
const HAS_JAVA = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
const REQUIRED = process.env.REQUIRE_REAL_LIBRARIES === '1';

describe('adapter guide examples', () => {
  it.skipIf(!('python' in py) && !REQUIRED)('the minimal Python adapter speaks the protocol and conforms where it answers', async () => {
    if (!('python' in py)) throw new Error(py.error);
    const command = [py.python, join(ROOT, 'docs/examples/python/minimal_adapter.py')];
    expect((await smoke(command, vectors)).filter((c) => !c.ok)).toEqual([]);
    const run = await runAdapter({ name: 'minimal-python', command }, vectors);
    const passed = run.records.filter((r) => r.verdict?.status === 'pass').length;
    expect(passed).toBeGreaterThan(100);
    expect(gate([run]).exitCode).toBe(0);
  });

  it('the minimal Python adapter says twilio-python is unavailable, with how to install it, where it cannot import it', async () => {
    // -S leaves out site-packages (where pip and Debian install twilio): a Python without twilio.
    const run = await runAdapter({ name: 'minimal-python', command: ['python3', '-S', join(ROOT, 'docs/examples/python/minimal_adapter.py')] }, vectors.slice(0, 3));
    expect(run.unavailable).toMatch(/twilio-python is not installed.*pip install twilio/s);
    expect(run.records.every((r) => r.verdict === undefined || r.verdict.status === 'skip')).toBe(true);
  });

  it.skipIf(!HAS_JAVA)('the minimal Java adapter speaks the protocol and matches the python profile best', async () => {
    const command = ['java', join(ROOT, 'docs/examples/java/MinimalAdapter.java')];
    expect((await smoke(command, vectors)).filter((c) => !c.ok)).toEqual([]);
    const run = await runAdapter({ name: 'minimal-java', command }, vectors);
    expect(run.inferredProfile).toBe(true);
    expect(run.profile).toBe('python');
    expect(run.inference!.families.access_token!.scores.python.pass).toBeGreaterThan(40);
    expect(run.records.filter((r) => r.verdict?.status === 'error')).toEqual([]);
  });
});
