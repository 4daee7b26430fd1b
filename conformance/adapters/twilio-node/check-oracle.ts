/**
 * Replays every recorded twilio-node oracle case through the in-process driver and checks that the
 * real library, driven by it, reproduces the recording.
 *
 *   npx tsx conformance/adapters/twilio-node/check-oracle.ts [ORACLE_DIR]
 *
 * ORACLE_DIR defaults to /work/shared/oracle/node. Exits 1 if any case mismatches or errors.
 */
import { createPublicKey, constants, verify } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseOutput, CaseResult, DecodedCase, ErrorOutput, Family } from '../../protocol/types.ts';
import { runTwilioNodeCase } from './driver.ts';

const DEFAULT_ORACLE_DIR = '/work/shared/oracle/node';

/** One recorded case, as the oracle files store it. */
interface OracleCase {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: unknown;
  output: OracleOutput;
}

interface OracleOutput {
  token?: string;
  signatureRandomized?: boolean;
  canonicalRequest?: string;
  requestHash?: string;
  error?: string;
  errorType?: string;
}

interface Tally {
  matched: number;
  mismatched: number;
  skipped: number;
  errored: number;
}

/** Show where two texts part, with a little context on each side. */
function textDiff(label: string, got: string, want: string): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const from = Math.max(0, i - 30);
  const show = (s: string): string => JSON.stringify(s.slice(from, i + 50));
  return `${label} differs at ${i}: got ${show(got)}, want ${show(want)}`;
}

function segmentText(token: string, index: number): string {
  return Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8');
}

/** Explain a token difference by the first segment that differs. */
function tokenDiff(got: string, want: string): string {
  for (const [index, name] of [
    [0, 'header'],
    [1, 'payload'],
  ] as const) {
    const g = segmentText(got, index);
    const w = segmentText(want, index);
    if (g !== w || got.split('.')[index] !== want.split('.')[index]) return textDiff(name, g, w);
  }
  return 'signature differs';
}

/** Verify an RSA-PSS or RSA-PKCS#1 signature with the public half of the case's private key. */
function verifiesWithFixtureKey(token: string, input: unknown): boolean {
  const pem = (input as { privateKeyPem?: unknown }).privateKeyPem;
  if (typeof pem !== 'string') return false;
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const alg = (JSON.parse(segmentText(token, 0)) as { alg?: unknown }).alg;
  const match = /^(PS|RS)(256|384|512)$/.exec(String(alg));
  if (!match) return false;
  const bits = Number(match[2]);
  const key = createPublicKey(pem);
  // jwa signs PS* with the salt as long as the digest (RSA_PSS_SALTLEN_DIGEST).
  const keySpec =
    match[1] === 'PS'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 }
      : { key, padding: constants.RSA_PKCS1_PADDING };
  return verify(`sha${bits}`, Buffer.from(`${header}.${payload}`), keySpec, Buffer.from(signature, 'base64url'));
}

/** The rejection in an output, if it is one (`'error' in` alone does not narrow the union). */
function rejectionOf(out: CaseOutput): ErrorOutput | undefined {
  if ('token' in out || 'decoded' in out || 'steps' in out) return undefined;
  return out.error;
}

/** Compare the driver's answer with the recording; `undefined` means they match. */
function compare(c: OracleCase, result: CaseResult): string | undefined {
  if (!('output' in result)) return 'no output';
  const out = result.output;
  const want = c.output;
  const rejection = rejectionOf(out);
  if (want.error !== undefined) {
    if (!rejection) return `expected error ${JSON.stringify(want.error)}, got a token`;
    const problems: string[] = [];
    if (rejection.message !== want.error) problems.push(textDiff('error message', rejection.message, want.error));
    if (want.errorType !== undefined && rejection.type !== want.errorType) {
      problems.push(`error type: got ${String(rejection.type)}, want ${want.errorType}`);
    }
    return problems.length > 0 ? problems.join('; ') : undefined;
  }
  if (rejection) return `expected a token, got ${String(rejection.type)}: ${rejection.message}`;
  if (!('token' in out)) return 'expected a token, got a decode result';
  if (typeof want.token !== 'string') return 'oracle case has neither token nor error';
  const problems: string[] = [];
  if (want.signatureRandomized) {
    // PS256 salts its signature at random: header and payload must match, the signature verify.
    const [gh, gp] = out.token.split('.');
    const [wh, wp] = want.token.split('.');
    const same = (a: string | undefined, b: string | undefined): boolean =>
      Buffer.from(a ?? '', 'base64url').equals(Buffer.from(b ?? '', 'base64url'));
    if (!same(gh, wh) || !same(gp, wp)) problems.push(tokenDiff(out.token, want.token));
    else if (!verifiesWithFixtureKey(out.token, c.input)) problems.push('signature does not verify with the fixture key');
  } else if (out.token !== want.token) {
    problems.push(tokenDiff(out.token, want.token));
  }
  if (c.family === 'validation_token') {
    for (const field of ['canonicalRequest', 'requestHash'] as const) {
      const got = out[field];
      const expected = want[field];
      if (got !== expected) {
        problems.push(
          typeof got === 'string' && typeof expected === 'string'
            ? textDiff(field, got, expected)
            : `${field}: got ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`,
        );
      }
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

async function main(): Promise<number> {
  const dir = process.argv[2] ?? DEFAULT_ORACLE_DIR;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const tallies = new Map<string, Tally>();
  const notes: string[] = [];
  let failed = false;

  for (const file of files) {
    // JSON.parse is the lossless reading for JavaScript: it is how twilio-node's callers read JSON.
    const cases = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: OracleCase[] }).cases;
    for (const c of cases) {
      const tally = tallies.get(c.family) ?? { matched: 0, mismatched: 0, skipped: 0, errored: 0 };
      tallies.set(c.family, tally);
      const decoded: DecodedCase = { id: c.id, family: c.family, now: c.now, input: c.input };
      if (c.nowMs !== undefined) decoded.nowMs = c.nowMs;
      const result = await runTwilioNodeCase(decoded);
      if ('skipped' in result) {
        tally.skipped++;
        notes.push(`SKIPPED    ${c.id}: ${result.skipped.reason}`);
      } else if ('errored' in result) {
        tally.errored++;
        failed = true;
        notes.push(`ERRORED    ${c.id}: ${result.errored.message}`);
      } else {
        const problem = compare(c, result);
        if (problem === undefined) {
          tally.matched++;
        } else {
          tally.mismatched++;
          failed = true;
          notes.push(`MISMATCH   ${c.id}: ${problem}`);
        }
      }
    }
  }

  const total: Tally = { matched: 0, mismatched: 0, skipped: 0, errored: 0 };
  console.log(`twilio-node oracle check (${dir})`);
  for (const [family, t] of tallies) {
    console.log(
      `  ${family.padEnd(22)} matched ${t.matched}  mismatched ${t.mismatched}  skipped ${t.skipped}  errored ${t.errored}`,
    );
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  }
  console.log(
    `  ${'total'.padEnd(22)} matched ${total.matched}  mismatched ${total.mismatched}  skipped ${total.skipped}  errored ${total.errored}`,
  );
  for (const note of notes) console.log(note);
  return failed ? 1 : 0;
}

process.exitCode = await main();
