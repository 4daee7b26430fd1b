/**
 * A planted layout bug in the go profile is caught by both the vectors and the properties: the
 * reference in the go profile over stdio, wrapped in the mutant adapter with `unsorted-header`
 * (the header's `alg` moved last, an unsorted key where twilio-go's encoding/json sorts every map,
 * re-signed so that only the layout is wrong). Unmodified, the same reference passes both.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProperties } from '../../conformance/properties/run.ts';
import { judge } from '../../conformance/runner/compare.ts';
import { AdapterSession } from '../../conformance/runner/session.ts';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT, seedFromEnv } from '../helpers/shared.ts';

// Properties over stdio on a shared machine: bounded, but not tight.
const TIMEOUT = 300_000;

const sessions: AdapterSession[] = [];
afterAll(async () => Promise.all(sessions.map((s) => s.close())));

async function session(mutation?: string): Promise<AdapterSession> {
  const reference = referenceAdapterCommand('go');
  const command = mutation ? [process.execPath, join(ROOT, 'test/fixtures/mutant-adapter.mjs'), '--mutation', mutation, '--', ...reference] : reference;
  const s = new AdapterSession(command, { caseTimeoutMs: 30_000 });
  sessions.push(s);
  await s.open();
  return s;
}

/** The ids of the committed go access_token vectors this session's answers do not pass. */
async function failingVectors(s: AdapterSession): Promise<string[]> {
  const vectors = loadVectors(join(ROOT, 'vectors', 'access_token')).filter((v) => v.expect.go?.kind === 'token');
  expect(vectors.length).toBeGreaterThan(100);
  const failing: string[] = [];
  for (const v of vectors) {
    const j = await judge(v.expect.go!, await s.run(v), v);
    if (j.status !== 'pass') failing.push(v.id);
  }
  return failing;
}

describe('go profile: a planted unsorted key', () => {
  it(
    'is caught by the vectors (every go token vector) and by the key-order property',
    async () => {
      const s = await session('unsorted-header');
      const failing = await failingVectors(s);
      const tokens = loadVectors(join(ROOT, 'vectors', 'access_token')).filter((v) => v.expect.go?.kind === 'token').length;
      expect(failing).toHaveLength(tokens);
      const results = await runProperties({ name: 'go unsorted-header', run: (c) => s.run(c) }, 'go', ['access_token'], { numRuns: 100, seed: seedFromEnv() });
      const failed = results.filter((r) => !r.ok).map((r) => r.name);
      expect(failed).toContain('access_token/key-order');
      expect(failed).toContain('access_token/differential-layout');
    },
    TIMEOUT,
  );

  it(
    'without the bug, the same reference passes the vectors and the properties',
    async () => {
      const s = await session();
      expect(await failingVectors(s)).toEqual([]);
      const results = await runProperties({ name: 'reference go', run: (c) => s.run(c) }, 'go', ['access_token'], { numRuns: 100, seed: seedFromEnv() });
      expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
    },
    TIMEOUT,
  );
});
