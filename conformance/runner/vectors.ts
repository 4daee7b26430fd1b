import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLossless } from '../../reference/json/parse.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import type { Family } from '../protocol/types.ts';
import { readProviderExpectation, type ProviderExpectation } from './provider-cases.ts';

export type ProfileName = 'node' | 'python' | 'ruby';

/** What a profile's library does with a vector's input. */
export type Expectation =
  | { kind: 'token'; token: string; headerJson?: string; payloadJson?: string; deterministic: boolean }
  | { kind: 'error'; type?: string; message: string }
  | { kind: 'unsupported'; reason: string }
  /** The `jwt` family's decode: the header and payload the library decoded. */
  | { kind: 'decoded'; header: unknown; payload: unknown }
  | ProviderExpectation;

/** A producing vector: one input, a frozen clock, and per-profile expectations. */
export interface Vector {
  id: string;
  description: string;
  family: Family;
  now: number;
  nowMs?: number;
  /** Kept lossless: sent to adapters exactly as written. */
  input: JsonValue;
  expect: Partial<Record<ProfileName, Expectation>>;
  flags: string[];
  file: string;
}

function num(v: JsonValue | undefined): number | undefined {
  return v instanceof JsonNumber ? Number(v.text) : undefined;
}

function readExpectation(v: JsonValue | undefined, where: string): Expectation {
  if (!(v instanceof JsonObject)) throw new Error(`${where}: an expectation must be an object`);
  if (v.get('steps') !== undefined) return readProviderExpectation(toJavaScript(v));
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
  if (typeof token !== 'string') throw new Error(`${where}: an expectation needs token, decoded, error or unsupported`);
  const s = (k: string): string | undefined => (typeof v.get(k) === 'string' ? (v.get(k) as string) : undefined);
  return {
    kind: 'token',
    token,
    headerJson: s('headerJson'),
    payloadJson: s('payloadJson'),
    deterministic: v.get('signatureRandomized') !== true,
  };
}

/** Every `*.json` file under a path (a file or a folder), except schemas. */
export function vectorFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? (d.name === 'schema' ? [] : vectorFiles(join(path, d.name))) : d.name.endsWith('.json') ? [join(path, d.name)] : []))
    .sort();
}

/** Read the producing vectors of a file or folder, losslessly. */
export function loadVectors(path: string): Vector[] {
  const out: Vector[] = [];
  for (const file of vectorFiles(path)) {
    const doc = parseLossless(readFileSync(file, 'utf8'));
    if (!(doc instanceof JsonObject) || !Array.isArray(doc.get('vectors'))) continue;
    for (const v of doc.get('vectors') as JsonValue[]) {
      if (!(v instanceof JsonObject)) throw new Error(`${file}: a vector must be an object`);
      const id = String(v.get('id'));
      const expectObj = v.get('expect');
      const expect: Vector['expect'] = {};
      if (expectObj instanceof JsonObject) {
        // "node,ruby": profiles that expect the same thing are named once.
        for (const key of expectObj.keys()) {
          const e = readExpectation(expectObj.get(key), `${file} ${id} expect.${key}`);
          if (v.get('deterministic') === false && e.kind === 'token') e.deterministic = false;
          for (const p of key.split(',')) expect[p as ProfileName] = e;
        }
      }
      const nowMs = num(v.get('nowMs'));
      out.push({
        id,
        description: String(v.get('description') ?? ''),
        family: String(v.get('family') ?? doc.get('family')) as Family,
        now: num(v.get('now')) ?? 0,
        ...(nowMs === undefined ? {} : { nowMs }),
        input: v.get('input') ?? null,
        expect,
        flags: ((v.get('flags') as JsonValue[] | undefined) ?? []).map(String),
        file,
      });
    }
  }
  return out;
}
