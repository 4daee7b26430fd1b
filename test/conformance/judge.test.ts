/**
 * The judge never passes a rejection of the wrong class, nor an output the protocol forbids, even
 * when the result never crossed the protocol boundary (an in-process side).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, malformedOutput } from '../../conformance/runner/compare.ts';
import { loadVectors, type Expectation } from '../../conformance/vectors/read.ts';
import type { CaseResult } from '../../conformance/protocol/types.ts';
import { runReferenceCase } from '../../conformance/adapters/reference.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { ROOT } from '../helpers/shared.ts';

const rejection: Expectation = { kind: 'error', type: 'TypeError', message: 'identity is required' };
const untyped: Expectation = { kind: 'error', message: 'identity is required' };
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln';
const token: Expectation = { kind: 'token', token: TOKEN, deterministic: true };
const out = (o: unknown): CaseResult => ({ output: o as never });

describe('judging a rejection', () => {
  it('passes the right message with the right type', async () => {
    expect(await judge(rejection, out({ error: { type: 'TypeError', message: 'identity is required' } }))).toEqual({ status: 'pass', level: 'rejection' });
  });

  it('fails the right message with the wrong type, at level rejection-type', async () => {
    const v = await judge(rejection, out({ error: { type: 'ValueError', message: 'identity is required' } }));
    expect(v).toMatchObject({ status: 'fail', level: 'rejection-type' });
    expect((v as { detail: string }).detail).toContain('ValueError');
    expect((v as { detail: string }).detail).toContain('TypeError');
  });

  it('fails the right message with no type where the vector records one', async () => {
    expect(await judge(rejection, out({ error: { message: 'identity is required' } }))).toMatchObject({ status: 'fail', level: 'rejection-type' });
  });

  it('compares only the message where the vector records no type', async () => {
    expect(await judge(untyped, out({ error: { type: 'Anything', message: 'identity is required' } }))).toMatchObject({ status: 'pass' });
  });

  it('a wrong message is still a rejection-message failure, whatever the type', async () => {
    expect(await judge(rejection, out({ error: { type: 'TypeError', message: 'other' } }))).toMatchObject({ status: 'fail', level: 'rejection-message' });
  });
});

describe('malformed outputs are errored, never passed', () => {
  const malformed: Array<[string, unknown]> = [
    ['token and error', { token: TOKEN, error: { type: 'TypeError', message: 'identity is required' } }],
    ['token and decoded', { token: TOKEN, decoded: { header: {}, payload: {} } }],
    ['a token that is not a string', { token: 42 }],
    ['a null token', { token: null }],
    ['an error without a message', { error: { type: 'TypeError' } }],
    ['an error whose type is not a string', { error: { type: 7, message: 'identity is required' } }],
    ['an error that is a string', { error: 'identity is required' }],
    ['decoded without payload', { decoded: { header: {} } }],
    ['no known member', { tok: TOKEN }],
    ['null', null],
    ['a number', 42],
    ['a string', 'tok'],
    ['an array', [TOKEN]],
  ];
  for (const [what, o] of malformed) {
    it(`${what}: against a rejection and against a token`, async () => {
      expect(malformedOutput(o)).toBeTruthy();
      for (const e of [rejection, token]) {
        const v = await judge(e, out(o));
        expect(v.status, `${what} judged against ${e.kind}`).toBe('error');
        expect((v as { message: string }).message).toMatch(/^malformed output: /);
      }
    });
  }

  it('the well-formed outputs are not flagged', () => {
    expect(malformedOutput({ token: TOKEN })).toBeUndefined();
    expect(malformedOutput({ token: TOKEN, canonicalRequest: 'x', requestHash: 'y' })).toBeUndefined();
    expect(malformedOutput({ error: { message: 'm' } })).toBeUndefined();
    expect(malformedOutput({ error: { type: 'T', message: 'm' } })).toBeUndefined();
    expect(malformedOutput({ decoded: { header: {}, payload: null } })).toBeUndefined();
    expect(malformedOutput({ steps: [], server: {} })).toBeUndefined();
  });

  it('a provider case with steps and an error is errored before the provider judge sees it', async () => {
    const provider = { kind: 'provider', steps: [] } as unknown as Expectation;
    expect(await judge(provider, out({ steps: [], error: { message: 'x' } }))).toMatchObject({ status: 'error' });
  });
});

describe('every rejection vector records its type, and the reference reproduces it', () => {
  const vectors = loadVectors(join(ROOT, 'vectors')).filter((v) => v.family !== 'credential_provider');
  it('typed rejections per profile, and the reference passes each of them', async () => {
    const counts: Record<string, { rejections: number; typed: number; passed: number }> = {};
    for (const v of vectors) {
      for (const p of ['node', 'python', 'ruby'] as const) {
        const e = v.expect[p];
        if (e?.kind !== 'error') continue;
        const c = (counts[p] ??= { rejections: 0, typed: 0, passed: 0 });
        c.rejections++;
        if (e.type !== undefined) c.typed++;
        const r = runReferenceCase(PROFILES[p], { id: v.id, family: v.family, now: v.now, ...(v.nowMs === undefined ? {} : { nowMs: v.nowMs }), input: v.input });
        if ((await judge(e, r, v)).status === 'pass') c.passed++;
      }
    }
    for (const p of ['node', 'python', 'ruby']) {
      expect(counts[p].rejections).toBeGreaterThan(50);
      expect(counts[p].typed, `${p}: rejections without a recorded type`).toBe(counts[p].rejections);
      expect(counts[p].passed, `${p}: reference rejections judged with their type`).toBe(counts[p].rejections);
    }
  });
});
