import { mintCase, REFERENCE_FAMILIES } from '../../reference/cases.ts';
import { isDecoded } from '../../reference/family.ts';
import { isHostMap, type HostValue } from '../../reference/lang/host.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { LibraryError, UnsupportedInput } from '../../reference/lang/lang.ts';
import type { Profile } from '../../reference/profiles/profile.ts';
import type { WireCase } from '../protocol/serve.ts';
import type { CaseResult, Implementation } from '../protocol/types.ts';
import { runReferenceProviderCase } from './reference-providers.ts';

const VERSION = '0.1.0';

/** How the reference, in one profile, introduces itself in its `start` reply. */
export function referenceImplementation(profile: Profile): Implementation {
  return {
    name: `reference-${profile.name}`,
    version: VERSION,
    language: 'typescript',
    profile: profile.name,
    families: [...REFERENCE_FAMILIES, 'credential_provider'],
  };
}

/**
 * A decoded value as protocol JSON. Integers beyond 2^53 lose digits here (the wire is read with
 * JSON.parse anyway); NaN and infinities have no JSON form, as the real adapters also report.
 */
function plainJson(v: HostValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`a decoded ${v} has no JSON form`);
  if (Array.isArray(v)) return v.map(plainJson);
  if (isHostMap(v)) return Object.fromEntries([...v].map(([k, x]) => [k, plainJson(x)]));
  return v;
}

/** Run one case through the reference: a token (with its family's extras), a decoded token, the library's rejection, or a skip. */
export function runReferenceCase(profile: Profile, c: WireCase): CaseResult {
  try {
    const r = mintCase(c.family, c.input, profile, c.nowMs ?? c.now * 1000);
    if (isDecoded(r)) {
      try {
        return { output: { decoded: { header: plainJson(r.decoded.header), payload: plainJson(r.decoded.payload) } } };
      } catch (e) {
        if (e instanceof RangeError) return { errored: { message: `response not expressible as JSON: ${e.message}` } };
        throw e;
      }
    }
    return { output: { token: r.token, ...r.extras } };
  } catch (e) {
    if (e instanceof LibraryError) return { output: { error: { type: e.type, message: e.message } } };
    if (e instanceof UnsupportedInput) return { skipped: { reason: e.message } };
    return { errored: { message: `reference failure: ${(e as Error)?.stack ?? String(e)}` } };
  }
}

/**
 * Run one case of any family the reference serves: token families synchronously, the
 * `credential_provider` family (which talks to the case's local server) asynchronously.
 */
export function serveReferenceCase(profile: Profile, c: WireCase): CaseResult | Promise<CaseResult> {
  if (c.family === 'credential_provider') return runReferenceProviderCase(profile, toJavaScript(c.input), c.nowMs !== undefined ? c.nowMs / 1000 : c.now);
  return runReferenceCase(profile, c);
}
