import { isRejection, isTokenOutput, type CaseResult } from '../protocol/types.ts';
import type { Expectation } from './vectors.ts';

/** How one adapter did on one vector against one profile's expectation. */
export type Verdict =
  | { status: 'pass'; level: 'bytes' | 'rejection' }
  | { status: 'fail'; level: 'layout' | 'claims' | 'differs' | 'rejection-message' | 'rejected' | 'accepted'; detail: string }
  | { status: 'skip'; reason: string }
  | { status: 'error'; message: string };

function segments(token: string): { header: string; payload: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  return { header: Buffer.from(parts[0], 'base64url').toString('latin1'), payload: Buffer.from(parts[1], 'base64url').toString('latin1') };
}

function sameClaims(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** The first place two texts differ, shown with a little context. */
export function firstDifference(want: string, got: string, labels: [string, string] = ['want', 'got']): string {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const from = Math.max(0, i - 20);
  return `at ${i}: ${labels[0]} …${JSON.stringify(want.slice(from, i + 40))} ${labels[1]} …${JSON.stringify(got.slice(from, i + 40))}`;
}

/**
 * Judge a result against an expectation. A deterministic token must match byte for byte; when it
 * does not, the verdict names the strongest level still reached (layout: the decoded texts are
 * identical; claims: the parsed JSON is equal) with a diff, so a failure is readable.
 */
export function judge(expect: Expectation, result: CaseResult): Verdict {
  if ('skipped' in result) return { status: 'skip', reason: result.skipped.reason };
  if ('errored' in result) return { status: 'error', message: result.errored.message };
  const out = result.output;
  if (expect.kind === 'unsupported') {
    return { status: 'fail', level: 'accepted', detail: `expected the library to be unable to express this (${expect.reason})` };
  }
  if (expect.kind === 'error') {
    if (!isRejection(out)) return { status: 'fail', level: 'accepted', detail: `expected rejection "${expect.message}", got a ${isTokenOutput(out) ? 'token' : 'result'}` };
    if (out.error.message !== expect.message) {
      return { status: 'fail', level: 'rejection-message', detail: `rejected with "${out.error.message}", expected "${expect.message}"` };
    }
    return { status: 'pass', level: 'rejection' };
  }
  if (isRejection(out)) return { status: 'fail', level: 'rejected', detail: `expected a token, got ${out.error.type ?? 'error'}: ${out.error.message}` };
  if (!isTokenOutput(out)) return { status: 'error', message: 'output has no token' };
  if (out.token === expect.token) return { status: 'pass', level: 'bytes' };
  const want = segments(expect.token);
  const got = segments(out.token);
  if (!want || !got) return { status: 'fail', level: 'differs', detail: `not a compact JWS: ${out.token.slice(0, 80)}` };
  if (want.header === got.header && want.payload === got.payload) {
    return { status: 'fail', level: 'layout', detail: 'header and payload identical; signature differs (wrong key or algorithm?)' };
  }
  const which = want.header !== got.header ? 'header' : 'payload';
  const diff = firstDifference(want[which], got[which]);
  const level = sameClaims(want.header, got.header) && sameClaims(want.payload, got.payload) ? 'claims' : 'differs';
  return { status: 'fail', level, detail: `${which} ${diff}` };
}
