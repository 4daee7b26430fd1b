import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../conformance/runner/vectors.ts';
import { smoke } from '../../conformance/smoke.ts';
import { referenceAdapterCommand } from '../helpers/adapters.ts';
import { ROOT } from '../helpers/shared.ts';

const vectors = loadVectors(join(ROOT, 'vectors'));
const faulty = (fault: string): string[] => [process.execPath, join(ROOT, 'test/fixtures/faulty-adapter.mjs'), '--fault', fault];

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
});
