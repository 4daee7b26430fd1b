/**
 * The vector format's reader: every producing vectors file under a path, validated against
 * vectors/schema/producing.json and read losslessly, each expectation by its family's reader
 * (conformance/families/). The verifier's vectors and the flag catalogue are passed over.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { JsonParseError, parseLossless } from '../../reference/json/parse.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { profilesKey, withRegisteredProfiles } from '../libraries/schema-profiles.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { familyEntry } from '../families/index.ts';
import { VectorLoadError, type Expectation, type ProfileName, type Vector } from './types.ts';

export type { Expectation, ProfileName, Vector };
export { FAMILIES, isFamily } from '../families/index.ts';
export { VectorLoadError };

function num(v: JsonValue | undefined): number | undefined {
  return v instanceof JsonNumber ? Number(v.text) : undefined;
}

const SCHEMA_DIR = join(PACKAGE_ROOT, 'vectors', 'schema');
let producingValidator: { key: string; validate: ValidateFunction } | undefined;

/**
 * The producing-vector schema, compiled once (as test/vectors compiles it), and again after a
 * profile is registered: expectations may name any registered profile.
 */
function producingSchema(): ValidateFunction {
  if (producingValidator?.key !== profilesKey()) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    const validate = ajv.compile(withRegisteredProfiles(JSON.parse(readFileSync(join(SCHEMA_DIR, 'producing.json'), 'utf8')) as object));
    producingValidator = { key: profilesKey(), validate };
  }
  return producingValidator.validate;
}

/**
 * The one schema error worth a line: the deepest one (a `oneOf` reports every branch; the branch
 * that got furthest names the real problem), with the JSON path of the offending value.
 */
function describeSchemaError(errors: ErrorObject[]): string {
  const pathOf = (e: ErrorObject): string =>
    e.keyword === 'propertyNames' || (e.params as { propertyName?: string }).propertyName !== undefined
      ? `${e.instancePath}/${String((e.params as { propertyName?: string }).propertyName ?? '')}`
      : e.instancePath;
  // A bad key comes twice: the inner error (carrying `propertyName`) and the propertyNames wrapper.
  const inner = (e: ErrorObject): boolean => (e as { propertyName?: string }).propertyName !== undefined;
  const useful = errors.filter((e) => !inner(e));
  const pool = useful.length ? useful : errors;
  const depth = (e: ErrorObject): number => pathOf(e).split('/').length - (e.keyword === 'oneOf' || e.keyword === 'required' ? 1 : 0);
  const best = pool.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  const where = pathOf(best) || '/';
  let what = best.message ?? best.keyword;
  if (best.keyword === 'propertyNames') {
    const name = (best.params as { propertyName: string }).propertyName;
    const why = errors.find((e) => inner(e) && e.instancePath === best.instancePath && (e as { propertyName?: string }).propertyName === name);
    what = `is not an allowed name${why ? ` (${why.message})` : ''}`;
  }
  if (best.keyword === 'additionalProperties') what = `has an unknown member ${JSON.stringify((best.params as { additionalProperty: string }).additionalProperty)}`;
  if (best.keyword === 'enum') what = `${what}: ${(best.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where}: ${what}`;
}

/** Line and column (1-based) of an offset, for a person looking at the file. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line} column ${offset - before.lastIndexOf('\n')}`;
}

/** A file under a vectors folder that is not a producing vectors file, and so is not run. */
function isOtherVectorData(file: string, doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  // The Wycheproof-style verifier vectors (vectors/verifier/) and the flag catalogue.
  if ((doc as { schema?: unknown }).schema === 'verifying.json') return true;
  return basename(file) === 'flags.json' && 'flags' in doc && !('vectors' in doc);
}

/** Every `*.json` file under a path (a file or a folder), except schemas. */
export function vectorFiles(path: string): string[] {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new VectorLoadError(code === 'ENOENT' ? `vectors path ${path} does not exist` : `cannot read vectors path ${path} (${code ?? (e as Error).message})`);
  }
  if (isFile) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? (d.name === 'schema' ? [] : vectorFiles(join(path, d.name))) : d.name.endsWith('.json') ? [join(path, d.name)] : []))
    .sort();
}

/**
 * Read the producing vectors of a file or folder, losslessly. Every file is first validated
 * against `vectors/schema/producing.json`; the verifier's vectors and the flag catalogue in a
 * folder are passed over, and anything else that is not a producing file is an error (a
 * misspelled top-level key must not silently make a file contribute nothing). Throws a
 * {@link VectorLoadError} naming the file and what is wrong.
 */
export function loadVectors(path: string): Vector[] {
  const out: Vector[] = [];
  const single = (() => {
    try {
      return statSync(path).isFile();
    } catch {
      return false; // vectorFiles reports it
    }
  })();
  for (const file of vectorFiles(path)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new VectorLoadError(`cannot read vectors file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let doc: JsonValue;
    try {
      doc = parseLossless(text);
    } catch (e) {
      if (e instanceof JsonParseError) throw new VectorLoadError(`${file}: invalid JSON: ${e.message} (${lineColumn(text, e.offset)})`);
      throw e;
    }
    // The text is valid JSON, so the engine's reading is what the schema sees.
    const plain = JSON.parse(text) as unknown;
    if (isOtherVectorData(file, plain)) {
      if (single) throw new VectorLoadError(`${file} is not a producing vectors file (run takes producing vectors; verifier vectors are for the verifier)`);
      continue;
    }
    const validate = producingSchema();
    if (!validate(plain)) throw new VectorLoadError(`${file}: ${describeSchemaError(validate.errors ?? [])}`);
    out.push(...readFile(file, doc as JsonObject));
  }
  return out;
}

function readFile(file: string, doc: JsonObject): Vector[] {
  const out: Vector[] = [];
  for (const v of doc.get('vectors') as JsonValue[]) {
    if (!(v instanceof JsonObject)) throw new VectorLoadError(`${file}: a vector must be an object`);
    const id = String(v.get('id'));
    // The schema has checked the family name; its entry reads its expectations.
    const family = familyEntry(String(v.get('family') ?? doc.get('family')));
    const expectObj = v.get('expect');
    const expect: Vector['expect'] = {};
    if (expectObj instanceof JsonObject) {
      // "node,ruby": profiles that expect the same thing are named once.
      for (const key of expectObj.keys()) {
        const e = family.readExpectation(expectObj.get(key), `${file} ${id} expect.${key}`);
        if (v.get('deterministic') === false && e.kind === 'token') e.deterministic = false;
        for (const p of key.split(',')) expect[p as ProfileName] = e;
      }
    }
    const nowMs = num(v.get('nowMs'));
    out.push({
      id,
      description: String(v.get('description') ?? ''),
      family: family.name,
      now: num(v.get('now')) ?? 0,
      ...(nowMs === undefined ? {} : { nowMs }),
      input: v.get('input') ?? null,
      expect,
      flags: ((v.get('flags') as JsonValue[] | undefined) ?? []).map(String),
      file,
    });
  }
  return out;
}
