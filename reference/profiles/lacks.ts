import { UnsupportedInput } from '../lang/lang.ts';

/**
 * A token family a library does not have (twilio-ruby has no ValidationToken, twilio-node has no
 * base `Jwt` class). Its cases are answered `skipped` with this reason, never guessed at.
 */
export interface Lacks {
  readonly unsupported: string;
  /**
   * The library has the family, but the reference does not model it yet: its cases are still
   * answered `skipped` with the reason, but vectors record no expectation for the profile (none is
   * known), rather than one saying the library cannot express the input.
   */
  readonly notModelled?: true;
}

/** The rules of a family, or the reason the library lacks it as an `UnsupportedInput`. */
export function familyRules<R extends object>(rules: R | Lacks): R {
  if ('unsupported' in rules) throw new UnsupportedInput(rules.unsupported);
  return rules;
}
