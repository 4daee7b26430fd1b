import { UnsupportedInput } from '../../lang/lang.ts';

/**
 * An input whose output the real library does not fix: twilio-java gave different tokens for it
 * from one run to the next (a `HashSet<Grant>` iterated in identity-hash order decides which of
 * two values, or which of two keys sharing a HashMap bucket, comes out). Answered as unsupported,
 * saying so, rather than guessed at.
 */
export class IndeterminateOutput extends UnsupportedInput {
  override name = 'IndeterminateOutput';
  constructor(what: string) {
    super(`indeterminate in twilio-java: ${what}`);
  }
}
