/**
 * Replaying recorded oracle cases through an adapter process and listing every disagreement.
 * Expected outputs come from the real libraries (../shared/oracle), never from the code under test.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, importSPKI } from 'jose';
import { isDeepStrictEqual } from 'node:util';
import { parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import type { AdapterProcess } from '../../conformance/protocol/client.ts';
import { isRejection, isTokenOutput, type Family } from '../../conformance/protocol/types.ts';
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

const segment = (t: string, i: number): string => Buffer.from(t.split('.')[i] ?? '', 'base64url').toString('latin1');

async function verifiesWithFixtureKey(token: string, input: JsonValue, alg: string): Promise<boolean> {
  const pem = input instanceof JsonObject ? input.get('privateKeyPem') : undefined;
  if (typeof pem !== 'string') return false;
  const spki = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
  try {
    await compactVerify(token, await importSPKI(spki, alg));
    return true;
  } catch {
    return false;
  }
}

/** Run the cases through an adapter; return a description of every case that does not match. */
export async function replay(proc: AdapterProcess, cases: OracleCase[]): Promise<{ matched: number; problems: string[] }> {
  const problems: string[] = [];
  let matched = 0;
  const results = await Promise.all(cases.map((c) => proc.run(c)));
  for (const [i, c] of cases.entries()) {
    const r = results[i];
    const want = c.output;
    const problem = await (async (): Promise<string | undefined> => {
      if (!('output' in r)) return JSON.stringify(r);
      const out = r.output;
      if (typeof want.error === 'string') {
        if (!isRejection(out)) return `expected rejection ${JSON.stringify(want.error)}, got ${JSON.stringify(out).slice(0, 300)}`;
        return out.error.message === want.error ? undefined : `rejection message ${JSON.stringify(out.error.message)} != ${JSON.stringify(want.error)}`;
      }
      if (want.decoded) {
        const d = (out as { decoded?: { header: unknown; payload: unknown } }).decoded;
        const w = want.decoded as { headers: unknown; payload: unknown };
        return d && isDeepStrictEqual(d.header, w.headers) && isDeepStrictEqual(d.payload, w.payload) ? undefined : `decoded ${JSON.stringify(d)} != ${JSON.stringify(w)}`;
      }
      if (!isTokenOutput(out)) return `expected a token, got ${JSON.stringify(out).slice(0, 300)}`;
      const token = want.token as string;
      if (want.signatureRandomized) {
        if (segment(out.token, 0) !== segment(token, 0) || segment(out.token, 1) !== segment(token, 1)) return 'header or payload differs';
        if (!(await verifiesWithFixtureKey(out.token, c.input, JSON.parse(segment(token, 0)).alg))) return 'signature does not verify (jose)';
      } else if (out.token !== token) {
        return `token differs: header ${JSON.stringify(segment(out.token, 0))} vs ${JSON.stringify(segment(token, 0))}, payload ${JSON.stringify(segment(out.token, 1))} vs ${JSON.stringify(segment(token, 1))}`;
      }
      for (const extra of ['canonicalRequest', 'requestHash'] as const) {
        if (want[extra] !== undefined && out[extra] !== want[extra]) return `${extra} ${JSON.stringify(out[extra])} != ${JSON.stringify(want[extra])}`;
      }
      return undefined;
    })();
    if (problem) problems.push(`${c.id}: ${problem}`);
    else matched++;
  }
  return { matched, problems };
}
