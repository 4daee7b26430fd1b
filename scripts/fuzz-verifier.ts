/**
 * Fuzzing of the strict verifier and of the reference's decoder (twilio-python's `Jwt.from_jwt`)
 * with malformed tokens: truncations, bit flips, segments swapped or repeated, huge segments,
 * deeply nested JSON, stray characters. None may crash (an error that is not the verifier's typed
 * error, or an `errored` reference answer), hang (a bound per token), or accept a token that is
 * not the valid one it was made from.
 *
 *   npm run fuzz -- --target verifier --duration 60s [--out DIR] [--seed N]
 */
import { createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runReferenceCase } from '../conformance/adapters/reference.ts';
import { FIXTURE_RSA_PRIVATE_PEM } from '../conformance/differential/generators/fixture-keys.ts';
import { StrictVerificationError } from '../conformance/verifier/errors.ts';
import { verifyStrict } from '../conformance/verifier/verify.ts';
import { JsonObject } from '../reference/json/value.ts';
import { PROFILES } from '../reference/profiles/index.ts';

const NOW = 1_700_000_000;
const SECRET = 'secret_0123456789abcdef0123456789';
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

function hs256(header: string, payload: string, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function rs256(header: string, payload: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(FIXTURE_RSA_PRIVATE_PEM)).toString('base64url')}`;
}

const CLAIMS = `{"jti":"SK1-${NOW}","grants":{"identity":"alice"},"iat":${NOW},"exp":${NOW + 3600},"iss":"SK1","sub":"AC1"}`;
/** Valid tokens to start from, each with the key and algorithms that verify it. */
const SEEDS = [
  { token: hs256('{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}', CLAIMS), key: new TextEncoder().encode(SECRET), algorithms: ['HS256'] },
  { token: rs256('{"alg":"RS256","typ":"JWT","cty":"twilio-pkrv;v=1"}', `{"iss":"SK1","sub":"AC1","iat":${NOW},"exp":${NOW + 300}}`), key: createPublicKey(FIXTURE_RSA_PRIVATE_PEM), algorithms: ['RS256'] },
];

const deepJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** One malformation of a valid token. */
const mutation = (token: string): fc.Arbitrary<{ how: string; token: string }> => {
  const [h, p, s] = token.split('.');
  return fc.oneof(
    fc.nat(token.length - 1).map((n) => ({ how: `truncate to ${n}`, token: token.slice(0, n) })),
    fc.tuple(fc.nat(token.length - 1), fc.integer({ min: 1, max: 6 })).map(([i, bit]) => ({
      how: `flip bit ${bit} of char ${i}`,
      token: token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << (bit - 1))) + token.slice(i + 1),
    })),
    fc.constantFrom(
      { how: 'swap header and payload', token: `${p}.${h}.${s}` },
      { how: 'drop signature', token: `${h}.${p}.` },
      { how: 'four segments', token: `${token}.${s}` },
      { how: 'padding', token: `${h}==.${p}.${s}` },
      { how: 'whitespace', token: ` ${token}` },
      { how: 'alg none', token: `${b64('{"alg":"none","typ":"JWT"}')}.${p}.` },
      { how: 'alg confusion (HS256 keyed with the RSA public key)', token: hs256('{"alg":"HS256","typ":"JWT"}', Buffer.from(p, 'base64url').toString(), createPublicKey(FIXTURE_RSA_PRIVATE_PEM).export({ type: 'spki', format: 'pem' }).toString()) },
    ),
    fc.integer({ min: 1, max: 2_000_000 }).map((n) => ({ how: `huge payload segment (${n})`, token: `${h}.${'A'.repeat(n)}.${s}` })),
    fc.integer({ min: 100, max: 100_000 }).map((d) => ({ how: `payload nested ${d} deep`, token: `${h}.${b64(deepJson(d))}.${s}` })),
    fc.string({ maxLength: 40 }).map((junk) => ({ how: 'junk payload', token: `${h}.${b64(junk)}.${s}` })),
    fc.string({ unit: 'binary', maxLength: 30 }).map((junk) => ({ how: 'junk anywhere', token: junk + token.slice(junk.length) })),
  );
};

export interface VerifierFuzzReport {
  tokens: number;
  crashes: number;
  hangs: number;
  falseAccepts: number;
  decoderFaults: number;
  seed: number;
  counterexamples: string[];
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

/** Fuzz until the deadline. */
export async function fuzzVerifier(o: { durationMs: number; out: string; seed?: number }): Promise<VerifierFuzzReport> {
  const seed = o.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const r: VerifierFuzzReport = { tokens: 0, crashes: 0, hangs: 0, falseAccepts: 0, decoderFaults: 0, seed, counterexamples: [] };
  mkdirSync(o.out, { recursive: true });
  const save = (kind: string, detail: unknown): void => {
    if (r.counterexamples.length >= 200) return;
    const file = join(o.out, `verifier-${kind}-${r.counterexamples.length + 1}.json`);
    writeFileSync(file, `${JSON.stringify({ kind, seed, ...(detail as object) }).slice(0, 100_000)}\n`);
    r.counterexamples.push(file);
  };
  const deadline = Date.now() + o.durationMs;
  for (let round = 0; Date.now() < deadline; round++) {
    const base = SEEDS[round % SEEDS.length];
    for (const m of fc.sample(mutation(base.token), { numRuns: 50, seed: (seed + round) | 0 })) {
      r.tokens++;
      const started = Date.now();
      const outcome = await within(
        verifyStrict(m.token, base.key, { algorithms: base.algorithms, currentDate: NOW, requiredCty: true }).then(
          () => 'accepted' as const,
          (e: unknown) => (e instanceof StrictVerificationError ? ('rejected' as const) : e),
        ),
        2000,
      );
      if (outcome === 'timeout' || Date.now() - started > 2000) {
        r.hangs++;
        save('hang', { how: m.how, token: m.token.slice(0, 2000) });
      } else if (outcome === 'accepted' && m.token !== base.token) {
        r.falseAccepts++;
        save('false-accept', { how: m.how, token: m.token });
      } else if (outcome !== 'accepted' && outcome !== 'rejected') {
        r.crashes++;
        save('crash', { how: m.how, token: m.token.slice(0, 2000), error: String((outcome as Error)?.stack ?? outcome) });
      }
      // The reference's decoder (python Jwt.from_jwt) must answer every token, never fail itself.
      const d = runReferenceCase(PROFILES.python, { id: 'fuzz/decode', family: 'jwt', now: NOW, input: new JsonObject([['op', 'decode'], ['token', m.token], ['key', SECRET]]) });
      if ('errored' in d) {
        r.decoderFaults++;
        save('decoder-fault', { how: m.how, token: m.token.slice(0, 2000), error: d.errored.message });
      }
    }
  }
  return r;
}
