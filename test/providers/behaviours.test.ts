/**
 * The provider vector files beyond the transcripts (scripts/vectors/provider-behaviours.ts): each
 * is what the reference builds, and the vocabulary that expresses them refuses what it cannot
 * mean (a provider step in a case without a provider, a strategy class on another op).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readProviderCase, VocabularyError } from '../../conformance/protocol/provider-case.ts';
import { buildProviderVectorFile } from '../../scripts/vectors/provider-replies.ts';
import { CLIENTS, PROVIDER_FILES } from '../../scripts/vectors/provider-behaviours.ts';

describe('provider vector files', () => {
  for (const f of PROVIDER_FILES) {
    it(`${f.path.split('/').pop()} is what the reference builds`, async () => {
      expect(readFileSync(f.path, 'utf8')).toBe(await buildProviderVectorFile(f));
    });
  }

  it('clients.json: Basic only, environment only and no credentials in every profile; the NoAuth provider only where the library has it', () => {
    const doc = JSON.parse(readFileSync(CLIENTS.path, 'utf8')) as { vectors: Array<{ id: string; expect: Record<string, unknown> }> };
    const profiles = Object.fromEntries(doc.vectors.map((v) => [v.id.split('/').slice(1).join('/'), Object.keys(v.expect).sort()]));
    expect(profiles).toEqual({
      'precedence/basic_only': ['node', 'python', 'ruby'],
      'precedence/environment_only': ['node', 'python', 'ruby'],
      'precedence/no_credentials': ['node', 'python', 'ruby'],
      'noauth/strategy': ['node', 'python', 'ruby'],
      'noauth/provider_api': ['node'],
    });
  });
});

describe('the credential_provider vocabulary without a provider', () => {
  const refused = (input: unknown): string => {
    try {
      readProviderCase(input);
    } catch (e) {
      if (e instanceof VocabularyError) return e.message;
      throw e;
    }
    return 'accepted';
  };

  it('reads a case without a provider, and refuses the steps that need one', () => {
    expect(readProviderCase({ steps: [{ op: 'api' }] }).provider).toBeUndefined();
    expect(refused({ steps: [{ op: 'authString' }] })).toBe("credential_provider: steps[0].op authString needs the case's provider");
    expect(refused({ steps: [{ op: 'api' }, { op: 'build' }] })).toBe("credential_provider: steps[1].op build needs the case's provider");
  });

  it('takes strategyClass with op strategy only, and a known class only', () => {
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'noauth' }] })).toBe('accepted');
    expect(refused({ steps: [{ op: 'strategy' }] })).toMatch(/strategyClass goes with op strategy/);
    expect(refused({ steps: [{ op: 'api', strategyClass: 'noauth' }] })).toMatch(/strategyClass goes with op strategy/);
    expect(refused({ steps: [{ op: 'strategy', strategyClass: 'magic' }] })).toBe('credential_provider: steps[0].strategyClass "magic" is not known');
  });
});
