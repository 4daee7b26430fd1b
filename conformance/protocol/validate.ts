/**
 * The protocol's JSON Schemas (schema/), compiled once, and one-line explanations of why an
 * adapter's reply does not match them. Every reply is checked here before anything reads it, so
 * that no adapter-supplied value reaches the runner unchecked.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { profilesKey, withRegisteredProfiles } from '../libraries/schema-profiles.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { CaseResult, Implementation, Unavailability } from './types.ts';

export type { Unavailability };

const SCHEMA_DIR = join(PACKAGE_ROOT, 'conformance', 'protocol', 'schema');
const ID = 'https://twilio-jwt-conformance.invalid/protocol/v1/';

/** The compiled validators of the protocol's messages. */
export interface ProtocolValidators {
  start: ValidateFunction;
  run: ValidateFunction;
  request: ValidateFunction;
}

/** The protocol's schema files: the messages in schema/, each family's case input in schema/input/. */
export function schemaFiles(dir: string = SCHEMA_DIR): string[] {
  return [dir, join(dir, 'input')].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(d, f)),
  );
}

let compiled: { key: string; validators: ProtocolValidators } | undefined;

/**
 * The protocol's JSON Schemas, compiled (once per process, and again after a profile is
 * registered: a start reply may declare any registered profile).
 */
export function protocolValidators(): ProtocolValidators {
  if (compiled?.key !== profilesKey()) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    for (const f of schemaFiles()) ajv.addSchema(withRegisteredProfiles(JSON.parse(readFileSync(f, 'utf8'))));
    const validators = { start: ajv.getSchema(`${ID}start-response.json`)!, run: ajv.getSchema(`${ID}run-response.json`)!, request: ajv.getSchema(`${ID}request.json`)! };
    compiled = { key: profilesKey(), validators };
  }
  return compiled.validators;
}

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adapter-supplied text, cut short and with control characters escaped (JSON-style), for a message. */
export function shortText(s: string, max = 200): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s).slice(1, -1);
}

/** A short, safe rendering of an adapter-supplied value for a message. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${shortText(v, 40)}"`;
  return String(v);
}

/** `/implementation/families/0` → `implementation.families[0]`. */
function dotted(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${i ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`))
    .join('');
}

/** The value at a JSON pointer, walking own properties only. */
function at(data: unknown, pointer: string): unknown {
  let v = data;
  if (pointer === '') return v;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v) && /^\d+$/.test(k)) v = v[Number(k)];
    else if (isObject(v) && has(v, k)) v = v[k];
    else return undefined;
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * One ajv error as a sentence about the reply (`implementation.profile must be one of ...`), its
 * subject named from `root` (`reply.output.token`), or from the path alone when `root` is empty.
 */
function sentence(e: ErrorObject, data: unknown, root: string): string {
  const path = dotted(e.instancePath);
  const subject = root && path ? `${root}.${path}`.replace(/\.\[/g, '[') : root || path || 'the reply';
  const value = at(data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `${subject} must be ${String(p.type)
        .replace(/^object$/, 'an object')
        .replace(/^array$/, 'an array')
        .replace(/^(string|integer|number|boolean)$/, 'a $1')}, not ${typeName(value)}`;
    case 'enum':
      return `${subject} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}, not ${describeValue(value)}`;
    case 'const':
      return `${subject} must be ${JSON.stringify(p.allowedValue)}, not ${describeValue(value)}`;
    case 'required':
      return `${root || path ? `${subject}.` : ''}${String(p.missingProperty)} is missing`;
    case 'additionalProperties':
      return `${subject} has an unknown key ${describeValue(p.additionalProperty)}`;
    case 'minLength':
      return p.limit === 1 ? `${subject} must not be empty` : `${subject} must have at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `${subject} must have at most ${String(p.limit)} characters, not ${typeof value === 'string' ? [...value].length : '?'}`; // code points, as ajv counts
    default:
      return `${subject} ${e.message ?? 'is invalid'}`;
  }
}

/**
 * The most telling of ajv's errors: drop the errors of `oneOf` branches other than the one the
 * reply chose (`chosen` maps a oneOf's schema path to its branch), and the `oneOf` summaries, then
 * take the deepest.
 */
function bestError(errors: ErrorObject[], chosen: Record<string, number>): ErrorObject {
  const kept = errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') return false;
    for (const [oneOf, branch] of Object.entries(chosen)) {
      const m = e.schemaPath.startsWith(`${oneOf}/`) ? /^(\d+)/.exec(e.schemaPath.slice(oneOf.length + 1)) : null;
      if (m && Number(m[1]) !== branch) return false;
    }
    return true;
  });
  const pool = kept.length ? kept : errors;
  return pool.reduce((best, e) => (e.instancePath.split('/').length > best.instancePath.split('/').length ? e : best), pool[0]);
}

/** The kinds of a run reply and of its output, in the order of run-response.json's `oneOf`s. */
const REPLY_KINDS = ['output', 'skipped', 'errored'] as const;
const OUTPUT_KINDS = ['token', 'error', 'decoded', 'steps'] as const;

/**
 * Check an adapter's reply to `run` against run-response.json. Returns the case result it carries
 * (without `seq`), or why it is invalid, as one short line (`output.token must be a string, not an
 * integer`).
 */
export function checkRunReply(reply: unknown): { result: CaseResult } | { invalid: string } {
  const v = protocolValidators().run;
  if (!isObject(reply)) return { invalid: `must be a JSON object, not ${typeName(reply)}` };
  // The two unions are checked by hand first: ajv's oneOf errors name every branch at once.
  const kinds = REPLY_KINDS.filter((k) => has(reply, k));
  if (kinds.length !== 1) return { invalid: `must have exactly one of output, skipped, errored, not ${kinds.length ? kinds.join(' and ') : 'none'}` };
  const chosen: Record<string, number> = {};
  if (kinds[0] === 'output') {
    const output = reply.output;
    if (!isObject(output)) return { invalid: `output must be an object, not ${typeName(output)}` };
    const outs = OUTPUT_KINDS.filter((k) => has(output, k));
    if (outs.length !== 1) return { invalid: `output must have exactly one of token, error, decoded, steps, not ${outs.length ? outs.join(' and ') : 'none'}` };
    chosen['#/properties/output/oneOf'] = OUTPUT_KINDS.indexOf(outs[0]);
  }
  if (!v(reply)) return { invalid: sentence(bestError(v.errors ?? [], chosen), reply, '') };
  return { result: { [kinds[0]]: reply[kinds[0]] } as CaseResult };
}

/** What is wrong with one `output` of a run reply (the same rules and words as {@link checkRunReply}), or undefined. */
export function checkOutput(output: unknown): string | undefined {
  const r = checkRunReply({ seq: 0, output });
  return 'invalid' in r ? r.invalid : undefined;
}

/** The two kinds of a start reply, in the order of start-response.json's `oneOf`. */
const START_KINDS = ['implementation', 'unavailable'] as const;

/**
 * Check an adapter's reply to `start` against start-response.json. Returns what the adapter says
 * it is, or that it is unavailable here and why, or why the reply is invalid, as one short line
 * (`implementation.profile must be one of node, python, ruby, not "perl"`).
 */
export function checkStartReply(reply: unknown): { implementation: Implementation } | { unavailable: Unavailability } | { invalid: string } {
  const v = protocolValidators().start;
  if (!isObject(reply)) return { invalid: `must be a JSON object, not ${typeName(reply)}` };
  if (has(reply, 'errored') && isObject(reply.errored) && typeof reply.errored.message === 'string') {
    return { invalid: `the adapter could not start: ${shortText(reply.errored.message)}` };
  }
  // The union is checked by hand first: ajv's oneOf errors name both branches at once.
  const kinds = START_KINDS.filter((k) => has(reply, k));
  if (kinds.length === 2) return { invalid: 'must have one of implementation and unavailable, not both' };
  if (!v(reply)) {
    const errors = v.errors ?? [];
    // With neither member, the oneOf's own errors say only that; any other error is more telling.
    const others = kinds.length ? errors : errors.filter((e) => !e.schemaPath.startsWith('#/oneOf'));
    if (others.length === 0) return { invalid: 'implementation is missing' };
    return { invalid: sentence(bestError(others, kinds.length ? { '#/oneOf': START_KINDS.indexOf(kinds[0]) } : {}), reply, '') };
  }
  if (kinds[0] === 'unavailable') {
    const u = reply.unavailable as Record<string, unknown>;
    return { unavailable: { reason: u.reason as string, ...(typeof u.install === 'string' ? { install: u.install } : {}) } };
  }
  return { implementation: reply.implementation as Implementation };
}
