/**
 * The mock script's schema (conformance/protocol/schema/mock-script.json), compiled strictly, and
 * the check every script passes before a server answers from it. A reply the server would not
 * understand (an unknown kind or field, `"exp": null`, a raw reply without a body) is refused with
 * a {@link MockScriptError} naming where it is (`mock.token[2].exp: ...`), instead of being
 * answered some default way that no vector meant.
 *
 * The schema sits beside the protocol's schemas rather than beside the server: the mock travels in
 * every `credential_provider` case input, vector authors read it with PROTOCOL.md, the package
 * already ships and exports that folder, and the input schema can refer to it by its `$id`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.ts';

/**
 * One scripted reply (mock-script.json). `delayMs` (at most 10 s, the server's `MAX_DELAY_MS`)
 * holds the reply back. The token list takes `jwt`, `raw` and `destroy`; the api list `raw`,
 * `resource` and `destroy` (the schema says so; {@link checkMockScript} enforces it).
 */
export type ScriptedReply =
  | {
      readonly kind: 'jwt';
      /** Absolute `exp` (seconds); default `now + expIn`. */
      readonly exp?: number | string;
      /** Seconds after the server's `now` (default 3600). */
      readonly expIn?: number;
      /** Mint a JWT without an `exp` claim. */
      readonly withoutExp?: true;
      readonly delayMs?: number;
    }
  | {
      readonly kind: 'raw';
      readonly status: number;
      /** The body text; `""` is an empty body. */
      readonly body: string;
      /** Default `application/json`. */
      readonly contentType?: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly delayMs?: number;
    }
  /** API only: 200 with the requested resource as JSON (what the API answers without a script). */
  | { readonly kind: 'resource'; readonly delayMs?: number }
  | { readonly kind: 'destroy'; readonly delayMs?: number };

/** What the token endpoint and the API answer, in order; the last entry repeats. */
export interface ServerScript {
  readonly token?: readonly ScriptedReply[];
  readonly api?: readonly ScriptedReply[];
  /** `refused`: the SDK's requests go to a port that refuses connections (the runner's `server.proxyUrl`). */
  readonly connections?: 'refused';
}

/** The schema's file, under the package. */
export const MOCK_SCRIPT_SCHEMA = join(PACKAGE_ROOT, 'conformance', 'protocol', 'schema', 'mock-script.json');

/** A mock script outside the schema: a fault of the vector (or test) that wrote it, not of an adapter. */
export class MockScriptError extends Error {
  readonly code = 'ERR_MOCK_SCRIPT';
  /** One line per problem, each starting with the JSON path (`mock.api[0].kind: ...`). */
  readonly problems: readonly string[];
  constructor(problems: readonly string[], context?: string) {
    super(`${context ? `${context}: ` : ''}invalid mock script: ${problems.join('; ')}`);
    this.name = 'MockScriptError';
    this.problems = problems;
  }
}

interface MockSchema {
  definitions: Record<string, { oneOf?: Array<{ $ref: string }> }>;
}

let compiled: { validate: ValidateFunction; schema: MockSchema } | undefined;

function loaded(): { validate: ValidateFunction; schema: MockSchema } {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(MOCK_SCRIPT_SCHEMA, 'utf8')) as MockSchema;
    // verbose: errors keep their parent schema, which lists the fields a kind allows.
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, discriminator: true, verbose: true });
    compiled = { validate: ajv.compile(schema), schema };
  }
  return compiled;
}

/** `/token/0/exp` under `mock` → `mock.token[0].exp`. */
function pathOf(root: string, pointer: string): string {
  let out = root;
  if (pointer === '') return out;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(k) ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }
  return out;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  if (pointer === '') return v;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

const article = (t: string): string => (t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`);

/** The reply kinds a list (`token`, `api`) accepts, read from the schema so the message cannot drift from it. */
function kindsOf(list: string): string[] {
  return (loaded().schema.definitions[`${list}Reply`]?.oneOf ?? []).map((b) => b.$ref.split('/').pop()!);
}

/** One ajv error as a sentence that starts with the JSON path. */
function sentence(e: ErrorObject, data: unknown, root: string): string {
  const where = pathOf(root, e.instancePath);
  const value = valueAt(data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  // An error inside propertyNames is about a key of the object at instancePath.
  if (e.propertyName !== undefined) return `${where}: ${show(e.propertyName)} is not a header name`;
  switch (e.keyword) {
    case 'discriminator': {
      // instancePath is /<list>/<n>: the list decides which kinds it takes.
      const list = e.instancePath.split('/')[1] ?? '';
      const kinds = kindsOf(list).join(', ');
      if (p.error === 'mapping') return `${where}.kind: ${show(p.tagValue)} is not a kind of reply in the ${list} list (known: ${kinds})`;
      if (p.tagValue === undefined) return `${where}.kind is missing (one of ${kinds})`;
      return `${where}.kind: must be one of ${kinds}, not ${typeName(p.tagValue)}`;
    }
    case 'additionalProperties': {
      const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${where}: unknown field ${show(p.additionalProperty)}${typeof kind === 'string' ? ` for kind ${show(kind)}` : ''}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case 'required':
      return `${where}.${String(p.missingProperty)} is missing`;
    case 'type': {
      const types = String(p.type).split(',').map(article).join(' or ');
      // null is how a converted recording says "absent"; the server used to read it as a default.
      if (value === null) return `${where}: must be ${types} (null is not accepted: leave the field out for its default)`;
      return `${where}: must be ${types}, not ${typeName(value)}`;
    }
    case 'const':
      return `${where}: must be ${show(p.allowedValue)}, not ${show(value)}`;
    case 'false schema': {
      // dependencies: {a: {properties: {b: false}}}: b cannot be given with a.
      const m = /\/dependencies\/([^/]+)\/properties\/([^/]+)\//.exec(e.schemaPath);
      return m ? `${pathOf(root, e.instancePath.replace(/\/[^/]*$/, ''))}: ${m[2]} cannot be given with ${m[1]}` : `${where}: is not allowed`;
    }
    case 'minimum':
    case 'maximum':
      return `${where}: must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}, not ${show(value)}`;
    case 'minItems':
      return `${where}: must have at least ${String(p.limit)} ${p.limit === 1 ? 'reply' : 'replies'} (leave the list out for the default)`;
    case 'maxItems':
      return `${where}: must have at most ${String(p.limit)} replies`;
    case 'pattern':
      return `${where}: ${show(value)} cannot be sent as a header`;
    default:
      return `${where}: ${e.message ?? 'is invalid'}`;
  }
}

/**
 * Check a mock script (plain JSON); returns it typed, or throws {@link MockScriptError} naming
 * every problem by its JSON path under `root` (default `mock`). `context` prefixes the message
 * (a vector id, a transcript case).
 */
export function checkMockScript(script: unknown, opts: { root?: string; context?: string } = {}): ServerScript {
  const { validate } = loaded();
  if (validate(script)) return script as ServerScript;
  const root = opts.root ?? 'mock';
  const errors = validate.errors ?? [];
  // An unknown kind fails its discriminator only; the `oneOf` and `if` summaries add nothing.
  const lines = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'propertyNames').map((e) => sentence(e, script, root));
  throw new MockScriptError([...new Set(lines)].slice(0, 10), opts.context);
}
