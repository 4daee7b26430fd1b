/**
 * Replaying recorded oracle cases through an adapter process and listing every disagreement.
 * Expected outputs come from the real libraries (../shared/oracle), never from the code under test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import type { AdapterProcess } from '../../conformance/protocol/client.ts';
import type { Family } from '../../conformance/protocol/types.ts';
import { judgeAnswer } from '../../conformance/runner/answers.ts';
import { quirkKeys } from '../../conformance/libraries/index.ts';
import { SHARED } from './shared.ts';

/** The object-API quirk keys: every registered library's (checked against the oracle README in test/libraries). */
export const QUIRK_KEYS = quirkKeys();

/** A case is core unless its input uses an object-API quirk key at any depth (oracle README). */
export function isCore(input: JsonValue): boolean {
  if (Array.isArray(input)) return input.every(isCore);
  if (input instanceof JsonObject) return input.entries.every(([k, v]) => !QUIRK_KEYS.has(k) && isCore(v));
  return true;
}

export interface OracleCase {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: JsonValue;
  /** The recorded output, as plain data. */
  output: Record<string, unknown>;
}

/** The cases of one oracle file, or [] when ../shared is absent. */
export function oracleCases(lib: string, family: string): OracleCase[] {
  const file = join(SHARED, 'oracle', lib, `${family}.json`);
  if (!existsSync(file)) return [];
  const doc = parseLossless(readFileSync(file, 'utf8')) as JsonObject;
  const plain = JSON.parse(readFileSync(file, 'utf8')) as { cases: Array<{ output: Record<string, unknown> }> };
  return (doc.get('cases') as JsonObject[]).map((c, i) => {
    const nowMs = c.get('nowMs');
    return {
      id: c.get('id') as string,
      family: (c.get('family') as Family) ?? family,
      now: Number((c.get('now') as JsonNumber).text),
      ...(nowMs instanceof JsonNumber ? { nowMs: Number(nowMs.text) } : {}),
      input: c.get('input')!,
      output: plain.cases[i].output,
    };
  });
}

/**
 * A recorded oracle output as the expectation the judge holds an answer to (answers.ts): the exact
 * message and, where recorded, the class of a rejection; the decoded header and payload; the token
 * (PS* and ES* by header and payload, with a signature that verifies) and the family's outputs
 * beside it.
 */
export function oracleExpectation(want: Record<string, unknown>): Parameters<typeof judgeAnswer>[0] {
  if (typeof want.error === 'string') return { kind: 'error', message: want.error, ...(typeof want.errorType === 'string' ? { type: want.errorType } : {}) };
  if (want.decoded) {
    const w = want.decoded as { headers?: unknown; header?: unknown; payload: unknown };
    return { kind: 'decoded', header: 'headers' in w ? w.headers : w.header, payload: w.payload };
  }
  const extras = Object.fromEntries(['canonicalRequest', 'requestHash'].filter((k) => want[k] !== undefined).map((k) => [k, want[k]]));
  return { kind: 'token', token: want.token as string, deterministic: want.signatureRandomized !== true, extras };
}

/** Run the cases through an adapter; return a description of every case that does not match. */
export async function replay(proc: AdapterProcess, cases: OracleCase[]): Promise<{ matched: number; problems: string[] }> {
  const problems: string[] = [];
  let matched = 0;
  const results = await Promise.all(cases.map((c) => proc.run(c)));
  for (const [i, c] of cases.entries()) {
    const r = results[i];
    const want = c.output;
    const verdict = await judgeAnswer(oracleExpectation(want), r, c);
    const problem = verdict.status === 'pass' ? undefined : verdict.status === 'fail' ? `${verdict.level}: ${verdict.detail}` : JSON.stringify(r).slice(0, 300);
    if (problem) problems.push(`${c.id}: ${problem}`);
    else matched++;
  }
  return { matched, problems };
}
