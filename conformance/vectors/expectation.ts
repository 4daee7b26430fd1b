/**
 * Reading one profile's expectation of a token family's vector (`expect.<profile>`): a token (with
 * its header and payload texts), a rejection, a decoded token (`jwt`) or `unsupported`. A family
 * whose expectations have another shape reads them itself (conformance/families/).
 */
import { toJavaScript } from '../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { VectorLoadError, type Expectation } from './types.ts';

/** Read an answer expectation (lossless JSON); throws a {@link VectorLoadError} naming `where`. */
export function readAnswerExpectation(v: JsonValue | undefined, where: string): Expectation {
  if (!(v instanceof JsonObject)) throw new VectorLoadError(`${where}: an expectation must be an object`);
  const err = v.get('error');
  if (err instanceof JsonObject) {
    const type = err.get('type');
    return { kind: 'error', message: String(err.get('message')), ...(typeof type === 'string' ? { type } : {}) };
  }
  const unsupported = v.get('unsupported');
  if (typeof unsupported === 'string') return { kind: 'unsupported', reason: unsupported };
  const decoded = v.get('decoded');
  if (decoded instanceof JsonObject && !v.has('token')) {
    return { kind: 'decoded', header: toJavaScript(decoded.get('header') ?? null), payload: toJavaScript(decoded.get('payload') ?? null) };
  }
  const token = v.get('token');
  if (typeof token !== 'string') throw new VectorLoadError(`${where}: an expectation needs token, decoded, error or unsupported`);
  const s = (k: string): string | undefined => (typeof v.get(k) === 'string' ? (v.get(k) as string) : undefined);
  return {
    kind: 'token',
    token,
    headerJson: s('headerJson'),
    payloadJson: s('payloadJson'),
    deterministic: v.get('signatureRandomized') !== true,
  };
}
