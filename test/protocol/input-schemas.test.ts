/**
 * The input vocabulary as a published contract: one JSON Schema per family
 * (conformance/protocol/schema/input/<family>.json) that every committed vector input and every
 * generated property input validates against, in its plain JSON form (`JSON.parse` of the text:
 * the schemas see structure and key names, not number text). A misspelled key is refused, naming it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessTokenPropertyCases } from '../../conformance/differential/generators/access-token.ts';
import { casesOf, LIBRARIES } from '../../conformance/libraries/index.ts';
import type { Family } from '../../conformance/protocol/types.ts';
import { FAMILIES, isFamily } from '../../conformance/vectors/read.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { HAS_SHARED, ROOT, SHARED, seedFromEnv } from '../helpers/shared.ts';

const SCHEMA_DIR = join(ROOT, 'conformance/protocol/schema');
const INPUT_DIR = join(SCHEMA_DIR, 'input');
const ID = 'https://twilio-jwt-conformance.invalid/protocol/v1/input/';
/** Generated inputs checked per library and family. */
const SAMPLES = 300;

type Schema = Record<string, unknown>;

function readSchema(family: string): Schema {
  return JSON.parse(readFileSync(join(INPUT_DIR, `${family}.json`), 'utf8')) as Schema;
}

/** Every family's input validator, compiled under ajv's strict mode (a schema it finds dubious throws). */
function compile(schemas: Record<string, Schema> = Object.fromEntries(FAMILIES.map((f) => [f, readSchema(f)]))): Record<Family, ValidateFunction> {
  const ajv = new Ajv({ strict: true, allErrors: true });
  return Object.fromEntries(FAMILIES.map((f) => [f, ajv.compile(schemas[f])])) as Record<Family, ValidateFunction>;
}

/** One line per error, naming the offending key where there is one. */
function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const p = e.params as { additionalProperty?: string; propertyName?: string };
      const key = p.additionalProperty ?? p.propertyName;
      return `${e.instancePath || '/'}${key === undefined ? '' : ` key ${JSON.stringify(key)}`}: ${e.message ?? e.keyword}`;
    })
    .join('; ');
}

interface Input {
  where: string;
  family: Family;
  input: unknown;
}

let vectorCache: Input[] | undefined;

/** Every committed producing vector's input, parsed from its file as plain JSON (read once). */
function vectorInputs(): Input[] {
  if (vectorCache) return vectorCache;
  const out: Input[] = [];
  const root = join(ROOT, 'vectors');
  for (const dir of readdirSync(root)) {
    if (!isFamily(dir) || !statSync(join(root, dir)).isDirectory()) continue;
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(join(root, dir, file), 'utf8')) as { family?: string; vectors?: Array<{ id: string; family?: string; input: unknown }> };
      for (const v of doc.vectors ?? []) {
        const family = v.family ?? doc.family ?? dir;
        if (!isFamily(family)) throw new Error(`${dir}/${file} ${v.id}: unknown family ${family}`);
        out.push({ where: `${dir}/${file} ${v.id}`, family, input: v.input });
      }
    }
  }
  vectorCache = out;
  return out;
}

/** A sample of what each library's generators produce for each family, serialized losslessly then parsed. */
function generatedInputs(seed: number): Input[] {
  const out: Input[] = [];
  for (const lib of LIBRARIES) {
    for (const family of FAMILIES) {
      // The access_token properties draw from both of its generators.
      const arb = family === 'access_token' ? accessTokenPropertyCases(lib.dialect.accessToken) : casesOf(lib, family);
      if (!arb) continue;
      fc.sample(arb, { numRuns: SAMPLES, seed }).forEach((g, i) => {
        out.push({ where: `${lib.profile.name} ${family} #${i} (seed ${seed})`, family, input: toJavaScript(g.input) });
      });
    }
  }
  return out;
}

function failures(validators: Record<Family, ValidateFunction>, inputs: Input[]): string[] {
  return inputs.flatMap(({ where, family, input }) => (validators[family](input) ? [] : [`${where}: ${explain(validators[family].errors)}`]));
}

/** Every key a schema defines (a `properties` member outside an `if` condition), with its path. */
function propertyEntries(node: unknown, path: string): Array<[string, Schema]> {
  if (Array.isArray(node)) return node.flatMap((x, i) => propertyEntries(x, `${path}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Schema;
  const own = o.properties && typeof o.properties === 'object' ? Object.entries(o.properties as Record<string, Schema>).map(([k, s]): [string, Schema] => [`${path}/properties/${k}`, s]) : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => (k === 'if' ? [] : propertyEntries(v, `${path}/${k}`)))];
}

/** A committed vector's input, by id, as plain JSON. */
function vectorInput(id: string): Record<string, unknown> {
  const found = vectorInputs().find((i) => i.where.endsWith(` ${id}`));
  if (!found) throw new Error(`no vector ${id}`);
  return structuredClone(found.input) as Record<string, unknown>;
}

/** The input with one key renamed in place (same position), at `path` (object keys and list indexes). */
function renameKey(input: unknown, path: Array<string | number>, from: string, to: string): unknown {
  const target = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], input) as Record<string, unknown>;
  expect(Object.hasOwn(target, from), `${path.join('.')}.${from} exists`).toBe(true);
  const entries = Object.entries(target).map(([k, v]): [string, unknown] => [k === from ? to : k, v]);
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, Object.fromEntries(entries));
  return input;
}

describe('input schemas', () => {
  const validators = compile();

  it('there is one per family, each compiling under ajv strict, with its $id and every key described', () => {
    expect(readdirSync(INPUT_DIR).sort()).toEqual(FAMILIES.map((f) => `${f}.json`).sort());
    for (const family of FAMILIES) {
      const schema = readSchema(family);
      expect(schema.$id).toBe(`${ID}${family}.json`);
      expect(typeof schema.description, family).toBe('string');
      const undescribed = propertyEntries(schema, family).filter(([, s]) => typeof s.description !== 'string' || s.description === '');
      expect(
        undescribed.map(([p]) => p),
        `${family}: keys without a description`,
      ).toEqual([]);
    }
  });

  it('every committed vector input validates against its family schema', () => {
    const inputs = vectorInputs();
    for (const family of FAMILIES)
      expect(
        inputs.some((i) => i.family === family),
        family,
      ).toBe(true);
    expect(failures(validators, inputs)).toEqual([]);
  });

  it('a sample of every generated property input validates against its family schema', () => {
    const inputs = generatedInputs(seedFromEnv() ?? 20240616);
    expect(inputs.length).toBeGreaterThan(0);
    expect(failures(validators, inputs)).toEqual([]);
  });

  it.skipIf(!HAS_SHARED)('every input of the shared oracle recordings (all six libraries) validates', () => {
    const inputs: Input[] = [];
    for (const lib of readdirSync(join(SHARED, 'oracle'))) {
      const dir = join(SHARED, 'oracle', lib);
      if (!statSync(dir).isDirectory()) continue;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const family = file.replace(/\.json$/, '');
        if (!isFamily(family)) continue;
        const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: Array<{ id: string; input: unknown }> };
        for (const c of doc.cases) inputs.push({ where: `${lib}/${file} ${c.id}`, family, input: c.input });
      }
    }
    expect(inputs.length).toBeGreaterThan(0);
    expect(failures(validators, inputs)).toEqual([]);
  });

  it.each([
    { family: 'access_token', id: 'access_token/edge/minimal', path: [], from: 'identity', to: 'identiy' },
    { family: 'access_token', id: 'access_token/node/voice-incoming-only', path: ['grants', 0, 'options'], from: 'incomingAllow', to: 'incomingAlow' },
    { family: 'client_capability', id: 'client_capability/node/incoming', path: ['scopes', 0], from: 'clientName', to: 'client_name' },
    { family: 'taskrouter_capability', id: 'taskrouter_capability/node/util-workspacesUrl-0-args', path: ['helpers', 0, 'policy'], from: 'method', to: 'methd' },
    { family: 'validation_token', id: 'validation_token/node/rs256-post-form-body', path: ['request'], from: 'headers', to: 'header' },
    { family: 'jwt', id: 'jwt/python/encode-subject', path: [], from: 'secretKey', to: 'secret_key' },
    { family: 'credential_provider', id: 'credential_provider/cc/first_call', path: ['steps', 0], from: 'label', to: 'lable' },
  ] as const)('$family: $id with $from misspelled $to fails, naming the key', ({ family, id, path, from, to }) => {
    const input = renameKey(vectorInput(id), [...path], from, to);
    const validate = validators[family];
    expect(validate(input)).toBe(false);
    expect(explain(validate.errors)).toContain(JSON.stringify(to));
  });

  it("PROTOCOL.md's TaskRouter style examples validate", () => {
    const doc = readFileSync(join(ROOT, 'conformance/protocol/PROTOCOL.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### TaskRouter input styles'));
    const block = /```\n([\s\S]*?)```/.exec(section)![1];
    const examples = block.split(/\n(?=\{)/).map((text) => JSON.parse(text) as unknown);
    expect(examples).toHaveLength(3);
    for (const e of examples) expect(validators.taskrouter_capability(e), explain(validators.taskrouter_capability.errors)).toBe(true);
  });

  it('the schemas are closed: without any one top-level key the vectors use, they fail on that key (revert check)', () => {
    const ajv = new Ajv({ strict: true });
    for (const family of FAMILIES) {
      const schema = readSchema(family);
      // One ajv for every variant: each compiles as a schema of its own, without the family's $id.
      delete schema.$id;
      const inputs = vectorInputs().filter((i) => i.family === family);
      const used = new Set(inputs.flatMap((i) => Object.keys(i.input as object)));
      for (const key of Object.keys(schema.properties as object).filter((k) => used.has(k))) {
        const without = structuredClone(schema);
        delete (without.properties as Record<string, unknown>)[key];
        without.required = ((without.required as string[] | undefined) ?? []).filter((k) => k !== key);
        const validate = ajv.compile(without);
        const failed = inputs.find((i) => !validate(i.input));
        expect(failed, `${family} without ${key}`).toBeDefined();
        expect(explain(validate.errors)).toContain(JSON.stringify(key));
      }
    }
  });
});
