/**
 * Fuzzing of the strict verifier and of the reference's decoder (a base JWT class's `from_jwt`)
 * with malformed tokens: truncations, bit flips, segments swapped or repeated, huge segments,
 * deeply nested JSON, stray characters, and re-signed tokens whose exp, nbf or iat is no
 * NumericDate (1e309, -1e309, 2^53, negative). None may crash (an error that is not the verifier's
 * typed error, or an `errored` reference answer), hang (a bound per token), or accept a token that
 * is not the valid one it was made from. One seed is keyed with the RSA public key's PEM text as
 * an HMAC secret (HMAC key confusion): no token of it may ever be accepted.
 *
 *   npm run fuzz -- --target verifier --duration 60s [--out DIR] [--seed N]
 */
import { createHmac, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runReferenceCase } from '../conformance/adapters/reference.ts';
import { FIXTURE_RSA_PRIVATE_PEM } from '../conformance/differential/generators/fixture-keys.ts';
import { StrictVerificationError } from '../conformance/verifier/errors.ts';
import { verifyStrict } from '../conformance/verifier/verify.ts';
import { JsonObject } from '../reference/json/value.ts';
import { LIBRARIES } from '../conformance/libraries/index.ts';

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

const CLAIMS = `{"jti":"SK1-${NOW}","grants":{"identity":"alice"},"iat":${NOW},"nbf":${NOW},"exp":${NOW + 3600},"iss":"SK1","sub":"AC1"}`;
const PUBLIC_PEM = createPublicKey(FIXTURE_RSA_PRIVATE_PEM).export({ type: 'spki', format: 'pem' }).toString();

interface Seed {
  token: string;
  key: Uint8Array | KeyObject;
  algorithms: string[];
  /** Sign a header and payload as this seed's token is signed. */
  resign: (header: string, payload: string) => string;
  /** Whether no token of this seed may verify at all. */
  neverAccept?: boolean;
}

const HS_HEADER = '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}';
const RS_HEADER = '{"alg":"RS256","typ":"JWT","cty":"twilio-pkrv;v=1"}';
const RS_CLAIMS = `{"iss":"SK1","sub":"AC1","iat":${NOW},"exp":${NOW + 300}}`;
/** Valid tokens to start from, each with the key and algorithms that verify it (or that must verify nothing). */
const SEEDS: Seed[] = [
  { token: hs256(HS_HEADER, CLAIMS), key: new TextEncoder().encode(SECRET), algorithms: ['HS256'], resign: (h, p) => hs256(h, p) },
  { token: rs256(RS_HEADER, RS_CLAIMS), key: createPublicKey(FIXTURE_RSA_PRIVATE_PEM), algorithms: ['RS256'], resign: rs256 },
  {
    token: hs256(HS_HEADER, CLAIMS, PUBLIC_PEM),
    key: new TextEncoder().encode(PUBLIC_PEM),
    algorithms: ['RS256', 'HS256'],
    resign: (h, p) => hs256(h, p, PUBLIC_PEM),
    neverAccept: true,
  },
];

/** Number texts no NumericDate may have. */
const BAD_DATES = ['1e309', '-1e309', '1e400', '1.8e308', '9007199254740992', '9007199254740991.4', '-1', '-1e-400', `1${'0'.repeat(400)}`];

const deepJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** One malformation of a valid token. */
const mutation = (seed: Seed): fc.Arbitrary<{ how: string; token: string }> => {
  const { token } = seed;
  const [h, p, s] = token.split('.');
  const header = Buffer.from(h, 'base64url').toString();
  const claims = Buffer.from(p, 'base64url').toString();
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
      {
        how: 'alg confusion (HS256 keyed with the RSA public key)',
        token: hs256('{"alg":"HS256","typ":"JWT"}', Buffer.from(p, 'base64url').toString(), createPublicKey(FIXTURE_RSA_PRIVATE_PEM).export({ type: 'spki', format: 'pem' }).toString()),
      },
    ),
    fc.integer({ min: 1, max: 2_000_000 }).map((n) => ({ how: `huge payload segment (${n})`, token: `${h}.${'A'.repeat(n)}.${s}` })),
    fc.integer({ min: 100, max: 100_000 }).map((d) => ({ how: `payload nested ${d} deep`, token: `${h}.${b64(deepJson(d))}.${s}` })),
    fc.string({ maxLength: 40 }).map((junk) => ({ how: 'junk payload', token: `${h}.${b64(junk)}.${s}` })),
    fc.string({ unit: 'binary', maxLength: 30 }).map((junk) => ({ how: 'junk anywhere', token: junk + token.slice(junk.length) })),
    fc.tuple(fc.constantFrom('exp', 'nbf', 'iat'), fc.constantFrom(...BAD_DATES)).map(([claim, text]) => ({
      how: `re-signed with ${claim} ${text.slice(0, 20)}`,
      token: seed.resign(header, claims.includes(`"${claim}":`) ? claims.replace(new RegExp(`"${claim}":[0-9]+`), `"${claim}":${text}`) : claims.replace('}', `,"${claim}":${text}}`)),
    })),
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

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

/** Fuzz until the deadline. */
export async function fuzzVerifier(o: { durationMs: number; out: string; seed?: number }): Promise<VerifierFuzzReport> {
  const seed = o.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const r: VerifierFuzzReport = { tokens: 0, crashes: 0, hangs: 0, falseAccepts: 0, decoderFaults: 0, seed, counterexamples: [] };
  // The profile of the first library with a public base JWT class: its decoder is the one fuzzed.
  const decoder = LIBRARIES.find((l) => l.dialect.jwt)!.profile;
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
    const cases = fc.sample(mutation(base), { numRuns: 50, seed: (seed + round) | 0 });
    // The confusion seed's own token must be refused too.
    if (base.neverAccept && round < SEEDS.length) cases.unshift({ how: 'the HMAC-key-confusion token itself', token: base.token });
    for (const m of cases) {
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
      } else if (outcome === 'accepted' && (m.token !== base.token || base.neverAccept)) {
        r.falseAccepts++;
        save('false-accept', { how: m.how, token: m.token });
      } else if (outcome !== 'accepted' && outcome !== 'rejected') {
        r.crashes++;
        save('crash', { how: m.how, token: m.token.slice(0, 2000), error: String((outcome as Error)?.stack ?? outcome) });
      }
      // The reference's decoder (a base JWT class's from_jwt) must answer every token, never fail itself.
      const d = runReferenceCase(decoder, {
        id: 'fuzz/decode',
        family: 'jwt',
        now: NOW,
        input: new JsonObject([
          ['op', 'decode'],
          ['token', m.token],
          ['key', SECRET],
        ]),
      });
      if ('errored' in d) {
        r.decoderFaults++;
        save('decoder-fault', { how: m.how, token: m.token.slice(0, 2000), error: d.errored.message });
      }
    }
  }
  return r;
}
