import { readProviderCase, VocabularyError } from '../../conformance/protocol/provider-case.ts';

/** The VocabularyError message readProviderCase gives for `input`, or 'accepted'. */
export function vocabularyRefusal(input: unknown): string {
  try {
    readProviderCase(input);
  } catch (e) {
    if (e instanceof VocabularyError) return e.message;
    throw e;
  }
  return 'accepted';
}
