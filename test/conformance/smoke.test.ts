import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../conformance/vectors/read.ts';
import { PROFILE_NAMES } from '../../conformance/libraries/index.ts';
import { smoke } from '../../conformance/smoke.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const vectors = loadVectors(join(ROOT, 'vectors'));
const faulty = (fault: string): string[] => [process.execPath, join(ROOT, 'test/fixtures/faulty-adapter.mjs'), '--fault', fault];
const hostile = (behaviour: string): string[] => [process.execPath, join(ROOT, 'test/fixtures/hostile-adapter.mjs'), '--behaviour', behaviour];

describe('smoke', () => {
  it('passes an adapter that speaks protocol v1', async () => {
    const checks = await smoke(referenceAdapterCommand('python'), vectors);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(5);
  });

  for (const [fault, failing] of [
    ['wrong-seq', 'answers'],
    ['both-output-and-skipped', 'every reply is valid'],
    ['garbage', 'every reply is valid'],
    ['skip-everything', 'produces outputs'],
    ['bad-start', 'answers start'],
  ] as const) {
    it(`catches ${fault}`, async () => {
      const checks = await smoke(faulty(fault), vectors, 3000);
      expect(checks.some((c) => !c.ok && c.name.startsWith(failing))).toBe(true);
    });
  }

  // Hostile replies: never a crash, always a failed check that names the reason.
  describe.concurrent('against hostile adapters', () => {
    for (const [behaviour, failing, reason] of [
      ['unknown-profile', 'answers start', `implementation.profile must be one of ${PROFILE_NAMES.join(', ')}, not "perl"`],
      ['proto-profile', 'answers start', 'not "__proto__"'],
      ['constructor-profile', 'answers start', 'not "constructor"'],
      ['no-families', 'answers start', 'implementation.families is missing'],
      ['reply-null', 'every reply is valid', 'must be a JSON object, not null'],
      ['reply-number', 'every reply is valid', 'must be a JSON object, not an integer'],
      ['reply-string', 'every reply is valid', 'must be a JSON object, not a string'],
      ['output-null', 'every reply is valid', 'output must be an object, not null'],
      ['output-string', 'every reply is valid', 'output must be an object, not a string'],
      ['token-plus-error', 'every reply is valid', 'not token and error'],
      ['closed-stdout', 'answers', 'adapter closed its stdout'],
    ] as const) {
      it(`${behaviour}: a FAIL line naming the reason`, async () => {
        const checks = await smoke(hostile(behaviour), vectors, 10_000);
        const failed = checks.filter((c) => !c.ok && c.name.startsWith(failing));
        expect(failed, JSON.stringify(checks)).toHaveLength(1);
        expect(failed[0].detail).toContain(reason);
      });
    }
  });
});
