/**
 * Whether the adapter and the profile agree that an input is accepted at all. When one side
 * rejects and the other makes a token, that is the difference to report: a signature that does not
 * verify, or a header that differs, only follows from it (an empty HMAC secret that the profile
 * rejects gives a token that jose will not even try to verify).
 */
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { isRejection, isTokenOutput, type CaseResult, type ErrorOutput } from '../protocol/types.ts';
import type { PropertyContext } from './types.ts';

/** The input fields that carry a signing key, in every family's vocabulary. */
const KEY_FIELDS = ['secret', 'authToken', 'secretKey', 'privateKeyPem'];

/** The input as a person would name it in a message: its empty key, or just "this input". */
function nameInput(input: JsonValue | undefined): string {
  if (input instanceof JsonObject) {
    const empty = KEY_FIELDS.find((k) => input.get(k) === '');
    if (empty) return `an empty ${empty}`;
  }
  return 'this input';
}

const showError = (e: ErrorOutput): string => `${e.type ? `${e.type}: ` : ''}${e.message}`.slice(0, 300);

/**
 * The message naming a difference in acceptance between the profile (the reference) and the
 * adapter on the case just run (`ctx.lastCase`), or undefined when both accept, both reject, or
 * either side skipped or errored. E.g. "the node profile rejects an empty secret (Error: secret is
 * required) but the adapter returned a token".
 */
export function acceptanceDifference(ctx: PropertyContext, r: CaseResult): string | undefined {
  const c = ctx.lastCase;
  if (!c || !('output' in r)) return undefined;
  const ref = ctx.reference(c);
  if (!('output' in ref)) return undefined;
  if (isRejection(ref.output) && !isRejection(r.output)) {
    return `the ${ctx.profile} profile rejects ${nameInput(c.input)} (${showError(ref.output.error)}) but the adapter returned ${isTokenOutput(r.output) ? 'a token' : JSON.stringify(r.output).slice(0, 160)}`;
  }
  if (!isRejection(ref.output) && isRejection(r.output)) {
    return `the ${ctx.profile} profile makes a token for ${nameInput(c.input)} but the adapter rejected it (${showError(r.output.error)})`;
  }
  return undefined;
}
