/**
 * Generates `docs/behaviour-matrix.md`: per behaviour (header and claim order, `iat`, the `nbf`
 * default, ttl rules, identity types, escaping, scope encoding, TaskRouter default policies,
 * ValidationToken layout, base-JWT decode checks, provider refresh and concurrency), what each
 * profile's library does, each cell linked to the vector that shows it.
 *
 * Every cell is read from data: a behaviour selects vectors by their input and reads the
 * expectation (decoded header and payload, the rejection, the provider steps). For each profile
 * the vector that shows the behaviour for the most profiles is taken, so that a row compares the
 * libraries on one input where the vectors allow it. The columns are the profile registry's. The
 * reference profile is then run on the same input: where it does not reproduce what the vector
 * records, the cell says so, so that a changed profile changes the page (and fails the drift
 * test in test/docs/behaviour-matrix.test.ts).
 *
 * Usage: `npm run docs:matrix` (writes the page), `npm run docs:matrix -- --check` (exit 1 when
 * the page is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReferenceCase } from '../conformance/adapters/reference.ts';
import { familyEntry } from '../conformance/families/index.ts';
import type { ExpectedCall, ProviderExpectation } from '../conformance/families/provider-cases.ts';
import { loadVectors, type Expectation, type Vector } from '../conformance/vectors/read.ts';
import type { Family } from '../conformance/protocol/types.ts';
import { JsonParseError, parseLossless } from '../reference/json/parse.ts';
import { stringifyLossless } from '../reference/json/stringify.ts';
import { hmacSignBase64url } from '../reference/jwt/hmac.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../reference/json/value.ts';
import { PROFILES, type Profile } from '../reference/profiles/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the page is written, relative to the repository root. */
export const MATRIX_PATH = 'docs/behaviour-matrix.md';

/** The profiles the page has a column for, by name (the registry, or a test's variant of it). */
export type ProfileRegistry = Readonly<Record<string, Profile>>;

// ---------------------------------------------------------------------------------------------
// Reading a token and an input

interface Segment {
  bytes: Buffer;
  /** The bytes as UTF-8, or undefined where they are not valid UTF-8. */
  text?: string;
  /** The segment parsed losslessly (key order and number text kept), where it is a JSON object. */
  json?: JsonObject;
}

interface Token {
  header: Segment;
  payload: Segment;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function segment(part: string): Segment {
  const bytes = Buffer.from(part, 'base64url');
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = undefined;
  }
  let json: JsonObject | undefined;
  if (text !== undefined) {
    try {
      const v = parseLossless(text);
      if (v instanceof JsonObject) json = v;
    } catch (e) {
      if (!(e instanceof JsonParseError)) throw e;
    }
  }
  return { bytes, text, json };
}

function readToken(token: string): Token | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  return { header: segment(parts[0]), payload: segment(parts[1]) };
}

function obj(v: JsonValue | undefined): JsonObject | undefined {
  return v instanceof JsonObject ? v : undefined;
}

function inputOf(v: Vector): JsonObject {
  return obj(v.input) ?? new JsonObject([]);
}

function numText(v: JsonValue | undefined): string | undefined {
  return v instanceof JsonNumber ? v.text : undefined;
}

/** Every string of a JSON value, keys included. */
function stringsOf(v: JsonValue | undefined, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => stringsOf(x, out));
  else if (v instanceof JsonObject) {
    for (const [k, x] of v.entries) {
      out.push(k);
      stringsOf(x, out);
    }
  }
  return out;
}

/** The raw text of every JSON string literal in a JSON text, quotes included. */
function stringLiterals(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    out.push(text.slice(i, j + 1));
    i = j;
  }
  return out;
}

/**
 * How each UTF-16 unit of `s` is written in the JSON literal `raw` (which decodes to `s`): the
 * unit itself, or its escape (`\/`, `\u00e9`).
 */
function writtenUnits(raw: string): string[] {
  const units: string[] = [];
  for (let i = 1; i < raw.length - 1;) {
    if (raw[i] !== '\\') units.push(raw[i++]);
    else if (raw[i + 1] === 'u') {
      units.push(raw.slice(i, i + 6));
      i += 6;
    } else {
      units.push(raw.slice(i, i + 2));
      i += 2;
    }
  }
  return units;
}

/** The literal in `text` that decodes to `s`, if the text holds one. */
function literalOf(text: string, s: string): string | undefined {
  return stringLiterals(text).find((raw) => {
    try {
      return JSON.parse(raw) === s;
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Cell text (Markdown inside a table cell)

/** A code span that survives a Markdown table cell. */
function code(s: string): string {
  const clean = s.replace(/\r?\n/g, '␤').replace(/\|/g, '\\|');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function clip(s: string, max = 90): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A character as a reader can see it: printable ones as themselves, the others as U+XXXX. */
function showChar(c: string): string {
  if (c === ' ') return 'space';
  const cp = c.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f || (cp >= 0x2028 && cp <= 0x2029) || (cp >= 0xd800 && cp <= 0xdfff) ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : c;
}

function rejection(e: Extract<Expectation, { kind: 'error' }>): string {
  return `rejects: ${code(clip(`${e.type ? `${e.type}: ` : ''}${e.message}`))}`;
}

// ---------------------------------------------------------------------------------------------
// Behaviours

/** What one vector's expectation for one profile shows of a behaviour, or undefined for nothing. */
type Observe = (e: Expectation, v: Vector) => string | undefined;

interface Behaviour {
  /** Row label (Markdown). */
  name: string;
  /** The vectors that can show it, by their input. */
  select: (v: Vector) => boolean;
  observe: Observe;
}

interface FamilySection {
  family: Family;
  title: string;
  /** The profile's rules for the family, or `{ unsupported }` where its library lacks it. */
  rules: (p: Profile) => object;
  behaviours: Behaviour[];
}

/** An observation read from the token, for token expectations only. */
const fromToken =
  (f: (t: Token, v: Vector) => string | undefined): Observe =>
  (e, v) => {
    if (e.kind !== 'token') return undefined;
    const t = readToken(e.token);
    return t ? f(t, v) : undefined;
  };

/** As {@link fromToken}, and a rejection shows the behaviour too (the library refuses the input). */
const fromTokenOrRejection =
  (f: (t: Token, v: Vector) => string | undefined): Observe =>
  (e, v) =>
    e.kind === 'error' ? rejection(e) : fromToken(f)(e, v);

const headerOrder = fromToken((t) => {
  if (!t.header.json) return undefined;
  const nulls = t.header.json.entries.filter(([, x]) => x === null).map(([k]) => k);
  return code(t.header.json.keys().join(',')) + (nulls.length ? ` (${nulls.map((k) => code(k)).join(', ')} null)` : '');
});

const payloadOrder = fromToken((t) => (t.payload.json ? code(t.payload.json.keys().join(',')) : undefined));

/** `claim = now`, `claim = now + N`, or absent; the number's text where it is not an integer's. */
function timeClaim(claim: string, base: 'now' | 'iat' = 'now'): Observe {
  return fromToken((t, v) => {
    const p = t.payload.json;
    if (!p) return undefined;
    const text = numText(p.get(claim));
    if (!p.has(claim)) return 'absent';
    if (text === undefined) return `${code(claim)} = ${code(JSON.stringify(p.get(claim)))}`;
    const start = base === 'now' ? String(v.now) : numText(p.get('iat'));
    if (start === undefined) return undefined;
    return `${code(claim)} = ${relativeTo(text, start, base)}`;
  });
}

/** `now`, `now + 3600`, `now − 60`, exact for integers beyond 2^53; non-integer text shown. */
function relativeTo(text: string, startText: string, base: string): string {
  const integer = /^-?\d+$/.test(text) && /^-?\d+$/.test(startText);
  const diff = integer ? String(BigInt(text) - BigInt(startText)) : String(Number(text) - Number(startText));
  const rel = diff === '0' ? base : diff.startsWith('-') ? `${base} − ${diff.slice(1)}` : `${base} + ${diff}`;
  return /^-?\d+$/.test(text) ? rel : `${rel}, written ${code(text)}`;
}

const expiry = fromTokenOrRejection((t, v) => {
  const exp = numText(t.payload.json?.get('exp'));
  if (!t.payload.json) return undefined;
  return exp === undefined ? (t.payload.json.has('exp') ? `${code('exp')} = ${code(JSON.stringify(t.payload.json.get('exp')))}` : 'no `exp`') : `${code('exp')} = ${relativeTo(exp, String(v.now), 'now')}`;
});

/** A plain-ASCII word, so that a selected vector differs from the baseline only where meant. */
const PLAIN_WORD = /^[A-Za-z0-9_]+$/;

/** Input has only these keys. */
function onlyKeys(v: Vector, keys: readonly string[]): boolean {
  return inputOf(v)
    .keys()
    .every((k) => keys.includes(k));
}

// --- AccessToken

const AT_BASE = ['accountSid', 'keySid', 'secret', 'identity', 'grants'];

/** An AccessToken input with a plain identity and no grants, apart from the keys in `extra`. */
function plainAccessToken(v: Vector, extra: readonly string[] = [], needIdentity = true): boolean {
  const i = inputOf(v);
  if (!onlyKeys(v, [...AT_BASE, ...extra])) return false;
  if (!extra.includes('identity') && needIdentity && !(typeof i.get('identity') === 'string' && PLAIN_WORD.test(i.get('identity') as string))) return false;
  const g = i.get('grants');
  return extra.includes('grants') || (Array.isArray(g) && g.length === 0);
}

function ttlIs(pred: (n: JsonNumber | JsonValue | undefined) => boolean): (v: Vector) => boolean {
  return (v) => plainAccessToken(v, ['ttl']) && inputOf(v).has('ttl') && pred(inputOf(v).get('ttl'));
}

const isNum = (x: JsonValue | undefined): x is JsonNumber => x instanceof JsonNumber;

const identityClaim: Observe = (e) => {
  if (e.kind === 'error') return rejection(e);
  if (e.kind !== 'token') return undefined;
  const t = readToken(e.token);
  const grants = obj(t?.payload.json?.get('grants'));
  if (!t?.payload.text || !grants) return undefined;
  if (!grants.has('identity')) return 'accepted; no `identity` in `grants`';
  const value = grants.get('identity')!;
  // A string as the token writes it (escapes kept); anything else with its number text kept.
  const raw = typeof value === 'string' ? literalOf(t.payload.text, value) : stringifyLossless(value);
  return `${code('identity')}: ${code(clip(raw ?? JSON.stringify(value), 60))}`;
};

function identityIs(pred: (x: JsonValue | undefined, has: boolean) => boolean): (v: Vector) => boolean {
  return (v) => plainAccessToken(v, ['identity']) && pred(inputOf(v).get('identity'), inputOf(v).has('identity'));
}

/** How the first character of the class is written in the JSON of the token, where an input string carrying it appears. */
function escapeOf(test: (c: string) => boolean, where: 'payload' | 'header' = 'payload', rejections = false): { select: (v: Vector) => boolean; observe: Observe } {
  const carrier = (v: Vector): string[] => stringsOf(v.input).filter((s) => [...s].some(test));
  return {
    select: (v) => carrier(v).length > 0,
    observe: (e, v) => {
      // A rejection shows how a character is written only where the character is the point (a lone surrogate).
      if (e.kind === 'error') return rejections && carrier(v).length ? rejection(e) : undefined;
      if (e.kind !== 'token') return undefined;
      const seg = readToken(e.token)?.[where];
      if (!seg) return undefined;
      for (const s of carrier(v)) {
        const chars = [...s];
        const k = chars.findIndex(test);
        const c = chars[k];
        if (seg.text !== undefined) {
          const raw = literalOf(seg.text, s);
          if (raw === undefined) continue;
          const units = writtenUnits(raw);
          const at = chars.slice(0, k).join('').length;
          const written = units.slice(at, at + c.length).join('');
          return written === c ? `${code(showChar(c))} as is` : `${code(showChar(c))} as ${code(written)}`;
        }
        // Not UTF-8: bytes that are each UTF-16 unit cut to its low byte (latin1) are named as such.
        if (seg.bytes.includes(Buffer.from(s, 'latin1'))) return `${code(showChar(c))} as the low byte of each UTF-16 unit (latin1, not UTF-8)`;
      }
      return undefined;
    },
  };
}

const isNonAsciiBmp = (c: string): boolean => {
  const cp = c.codePointAt(0)!;
  return cp >= 0x80 && cp <= 0xffff && !(cp >= 0xd800 && cp <= 0xdfff) && cp !== 0x2028 && cp !== 0x2029;
};
const isAstral = (c: string): boolean => c.codePointAt(0)! > 0xffff;
const isLoneSurrogate = (c: string): boolean => c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff;

/** An escape behaviour restricted to AccessToken inputs with a string identity carrying the character and no grants. */
function identityEscape(test: (c: string) => boolean, rejections = false): { select: (v: Vector) => boolean; observe: Observe } {
  const e = escapeOf(test, 'payload', rejections);
  return {
    select: (v) => {
      const id = inputOf(v).get('identity');
      return plainAccessToken(v, ['identity', 'ttl', 'nbf', 'region']) && typeof id === 'string' && [...id].some(test);
    },
    observe: (x, v) => {
      // Only the identity string counts: the region could carry the character too.
      const id = inputOf(v).get('identity') as string;
      const one: Vector = { ...v, input: new JsonObject([['identity', id]]) };
      return e.observe(x, one);
    },
  };
}

const accessToken: FamilySection = {
  family: 'access_token',
  title: 'AccessToken',
  rules: (p) => p.accessToken,
  behaviours: [
    { name: 'header members, in order', select: (v) => plainAccessToken(v), observe: headerOrder },
    { name: 'header members with a region', select: (v) => plainAccessToken(v, ['region']) && typeof inputOf(v).get('region') === 'string' && PLAIN_WORD.test(inputOf(v).get('region') as string), observe: headerOrder },
    { name: 'payload claims, in order', select: (v) => plainAccessToken(v), observe: payloadOrder },
    { name: '`iat`', select: (v) => plainAccessToken(v), observe: timeClaim('iat') },
    { name: '`nbf` when not given', select: (v) => plainAccessToken(v), observe: timeClaim('nbf') },
    { name: '`nbf: null`', select: (v) => plainAccessToken(v, ['nbf']) && inputOf(v).get('nbf') === null, observe: timeClaim('nbf') },
    { name: 'ttl not given', select: (v) => plainAccessToken(v), observe: expiry },
    { name: 'ttl `0`', select: ttlIs((x) => isNum(x) && Number(x.text) === 0 && x.isIntegerText), observe: expiry },
    { name: 'ttl negative', select: ttlIs((x) => isNum(x) && Number(x.text) < 0), observe: expiry },
    { name: 'ttl above 24 h', select: ttlIs((x) => isNum(x) && x.isIntegerText && Number(x.text) > 86400 && Number(x.text) <= Number.MAX_SAFE_INTEGER), observe: expiry },
    { name: 'ttl beyond 2^53', select: ttlIs((x) => isNum(x) && x.isIntegerText && Number(x.text) > Number.MAX_SAFE_INTEGER), observe: expiry },
    { name: 'ttl fractional', select: ttlIs((x) => isNum(x) && !Number.isInteger(Number(x.text))), observe: expiry },
    { name: 'ttl a whole number written with `.0`', select: ttlIs((x) => isNum(x) && !x.isIntegerText && Number.isInteger(Number(x.text))), observe: expiry },
    { name: 'ttl a string', select: ttlIs((x) => typeof x === 'string'), observe: expiry },
    { name: 'ttl `null`', select: ttlIs((x) => x === null), observe: expiry },
    { name: 'identity an integer', select: identityIs((x) => isNum(x) && x.isIntegerText && Number(x.text) > 0), observe: identityClaim },
    { name: 'identity `0`', select: identityIs((x) => isNum(x) && Number(x.text) === 0), observe: identityClaim },
    { name: 'identity fractional', select: identityIs((x) => isNum(x) && !Number.isInteger(Number(x.text))), observe: identityClaim },
    { name: 'identity `""`', select: identityIs((x) => x === ''), observe: identityClaim },
    { name: 'identity absent', select: (v) => identityIs((_, has) => !has)(v) && onlyKeys(v, AT_BASE), observe: identityClaim },
    { name: 'identity an object', select: identityIs((x) => x instanceof JsonObject), observe: identityClaim },
    {
      name: "identity's place in `grants` (with a grant)",
      select: (v) => {
        const g = inputOf(v).get('grants');
        return plainAccessToken(v, ['grants']) && Array.isArray(g) && g.length > 0;
      },
      observe: fromToken((t) => {
        const keys = obj(t.payload.json?.get('grants'))?.keys();
        if (!keys || keys.length < 2 || !keys.includes('identity')) return undefined;
        return keys[0] === 'identity' ? 'first' : keys[keys.length - 1] === 'identity' ? 'last' : `at ${keys.indexOf('identity') + 1} of ${keys.length}`;
      }),
    },
    { name: 'escaping: `/`', ...identityEscape((c) => c === '/') },
    { name: 'escaping: `<`', ...identityEscape((c) => c === '<') },
    { name: 'escaping: `>`', ...identityEscape((c) => c === '>') },
    { name: 'escaping: `&`', ...identityEscape((c) => c === '&') },
    { name: 'escaping: non-ASCII (BMP)', ...identityEscape(isNonAsciiBmp) },
    { name: 'escaping: beyond the BMP', ...identityEscape(isAstral) },
    { name: 'escaping: U+2028', ...identityEscape((c) => c === '\u2028') },
    { name: 'escaping: U+007F', ...identityEscape((c) => c === '\u007f') },
    { name: 'escaping: a lone surrogate', ...identityEscape(isLoneSurrogate, true) },
    (() => {
      const e = escapeOf(isNonAsciiBmp, 'header');
      return {
        name: 'non-ASCII region in the `twr` header',
        select: (v: Vector) => plainAccessToken(v, ['region']) && typeof inputOf(v).get('region') === 'string' && [...(inputOf(v).get('region') as string)].some(isNonAsciiBmp),
        observe: (x: Expectation, v: Vector) => e.observe(x, { ...v, input: new JsonObject([['region', inputOf(v).get('region')!]]) }),
      };
    })(),
  ],
};

// --- ClientCapability

/** A scope every library can mint: an incoming one with a string client name, an outgoing one with an application SID. */
function simpleScope(x: JsonObject): boolean {
  const str = (k: string): boolean => typeof x.get(k) === 'string' && x.get(k) !== '';
  if (x.get('type') === 'incoming') return str('clientName') && x.keys().every((k) => k === 'type' || k === 'clientName');
  if (x.get('type') === 'outgoing') return str('applicationSid') && x.keys().every((k) => k === 'type' || k === 'applicationSid' || (k === 'params' && x.get(k) instanceof JsonObject));
  return false;
}

/** Credentials and simple scopes only, apart from the keys in `extra`: nothing else can make it fail. */
function simpleCapability(v: Vector, extra: readonly string[] = []): boolean {
  const s = scopesOf(v);
  return onlyKeys(v, ['accountSid', 'authToken', 'scopes', ...extra]) && s.length > 0 && s.every(simpleScope);
}

/** A single incoming scope whose client name is a string matching `test`. */
function incomingName(test: (name: string) => boolean): (v: Vector) => boolean {
  return (v) => {
    const s = scopesOf(v);
    const name = s[0]?.get('clientName');
    return onlyKeys(v, ['accountSid', 'authToken', 'scopes']) && s.length === 1 && s[0].get('type') === 'incoming' && typeof name === 'string' && test(name);
  };
}

function scopesOf(v: Vector): JsonObject[] {
  const s = inputOf(v).get('scopes');
  return Array.isArray(s) ? s.map(obj).filter((x): x is JsonObject => x !== undefined) : [];
}

function scopeClaim(t: Token): string | undefined {
  const s = t.payload.json?.get('scope');
  return typeof s === 'string' ? s : undefined;
}

/** Match the input string against its URL-encoded form, character by character. */
function encodingOf(s: string, encoded: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let j = 0;
  for (const c of s) {
    const bytes = Buffer.from(c, 'utf8');
    const pct = [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const rest = encoded.slice(j);
    let written: string | undefined;
    if (rest.slice(0, pct.length).toUpperCase() === pct) written = rest.slice(0, pct.length);
    else if (rest.startsWith(c)) written = c;
    else if (c === ' ' && rest.startsWith('+')) written = '+';
    if (written === undefined) return undefined;
    if (!/[A-Za-z0-9]/.test(c) && !out.has(c)) out.set(c, written);
    j += written.length;
  }
  return out;
}

const incomingNameEncoding: Observe = fromTokenOrRejection((t, v) => {
  const name = scopesOf(v)
    .find((s) => s.get('type') === 'incoming')
    ?.get('clientName');
  const scope = scopeClaim(t);
  if (typeof name !== 'string' || scope === undefined) return undefined;
  const at = scope.indexOf('incoming?clientName=');
  if (at < 0) return undefined;
  const map = encodingOf(name, scope.slice(at + 'incoming?clientName='.length));
  if (!map) return undefined;
  return [...map].map(([c, w]) => (c === w ? `${code(showChar(c))} kept` : `${code(showChar(c))}→${code(w)}`)).join(', ');
});

const clientCapability: FamilySection = {
  family: 'client_capability',
  title: 'ClientCapability',
  rules: (p) => p.clientCapability,
  behaviours: [
    { name: 'header members, in order', select: (v) => simpleCapability(v), observe: headerOrder },
    { name: 'payload claims, in order', select: (v) => simpleCapability(v), observe: payloadOrder },
    { name: '`iat`', select: (v) => simpleCapability(v), observe: timeClaim('iat') },
    { name: '`nbf` when not given', select: (v) => simpleCapability(v), observe: timeClaim('nbf') },
    { name: 'ttl not given', select: (v) => simpleCapability(v), observe: expiry },
    { name: 'ttl `0`', select: (v) => simpleCapability(v, ['ttl']) && numText(inputOf(v).get('ttl')) === '0', observe: expiry },
    { name: 'ttl negative', select: (v) => simpleCapability(v, ['ttl']) && Number(numText(inputOf(v).get('ttl'))) < 0, observe: expiry },
    { name: 'ttl `null`', select: (v) => simpleCapability(v, ['ttl']) && inputOf(v).get('ttl') === null, observe: expiry },
    { name: 'incoming client name: ASCII punctuation in `scope`', select: incomingName((n) => /^[\x20-\x7e]+$/.test(n) && /[^A-Za-z0-9]/.test(n)), observe: incomingNameEncoding },
    { name: 'incoming client name: non-ASCII in `scope`', select: incomingName((n) => [...n].some(isNonAsciiBmp)), observe: incomingNameEncoding },
    {
      name: 'outgoing `params`: `appParams` in `scope`',
      select: (v) => onlyKeys(v, ['accountSid', 'authToken', 'scopes']) && scopesOf(v).length === 1 && scopesOf(v)[0].get('type') === 'outgoing' && scopesOf(v)[0].get('params') instanceof JsonObject,
      observe: fromTokenOrRejection((t) => {
        const m = scopeClaim(t)?.match(/appParams=[^ &]*/);
        return m ? code(clip(m[0])) : 'no `appParams`';
      }),
    },
    {
      name: 'several scopes: order in `scope`',
      select: (v) => onlyKeys(v, ['accountSid', 'authToken', 'scopes']) && new Set(scopesOf(v).map((s) => s.get('type'))).size >= 2 && scopesOf(v).length === new Set(scopesOf(v).map((s) => s.get('type'))).size,
      observe: fromToken((t, v) => {
        const scope = scopeClaim(t);
        if (scope === undefined) return undefined;
        const written = scope.split(' ').map(
          (s) =>
            s
              .match(/^scope:client:(\w+)|^scope:stream:(\w+)/)
              ?.slice(1)
              .find(Boolean) ?? '?',
        );
        const given = scopesOf(v).map((s) => String(s.get('type')));
        const names = (xs: string[]): string => code(xs.join(','));
        return written
          .map((w) => w.replace('subscribe', 'eventStream'))
          .join(',')
          .toLowerCase() === given.join(',').toLowerCase()
          ? `as added (${names(given)})`
          : `${names(written)} (added ${names(given)})`;
      }),
    },
  ],
};

// --- TaskRouterCapability

const TR_NEUTRAL = ['accountSid', 'authToken', 'workspaceSid', 'channelId', 'helpers', 'policies', 'flavor', 'ttl', 'nbf', 'friendlyName', 'version'];

/** No helper calls and no policies given: what the library adds by itself. */
function taskRouterDefaults(kind: 'WK' | 'WQ' | 'WS', flavor: string, ttl?: (x: JsonValue | undefined) => boolean): (v: Vector) => boolean {
  return (v) => {
    const i = inputOf(v);
    const empty = (k: string): boolean => !i.has(k) || (Array.isArray(i.get(k)) && (i.get(k) as JsonValue[]).length === 0);
    const ch = i.get('channelId');
    return (
      onlyKeys(v, TR_NEUTRAL) &&
      empty('helpers') &&
      empty('policies') &&
      (!i.has('flavor') || i.get('flavor') === flavor) &&
      (ttl ? i.has('ttl') && ttl(i.get('ttl')) : !i.has('ttl')) &&
      !i.has('nbf') &&
      typeof ch === 'string' &&
      new RegExp(`^${kind}[0-9a-f]{32}$`).test(ch)
    );
  };
}

const policies = fromTokenOrRejection((t, v) => {
  const list = t.payload.json?.get('policies');
  if (!Array.isArray(list)) return undefined;
  const i = inputOf(v);
  const sids: Array<[string, string]> = [
    [String(i.get('accountSid')), '{AC}'],
    [String(i.get('workspaceSid')), '{WS}'],
    [String(i.get('channelId')), '{channel}'],
  ];
  const lines = list.map((p) => {
    const o = obj(p);
    let url = String(o?.get('url') ?? '').replace(/^https:\/\//, '');
    for (const [sid, name] of sids) if (sid) url = url.split(sid).join(name);
    return `${code(`${String(o?.get('method'))} ${url}`)}${o?.get('allow') === false ? ' (deny)' : ''}`;
  });
  return `${list.length}${lines.length ? ':<br>' : ''}${lines.join('<br>')}`;
});

const plainWorker = taskRouterDefaults('WK', 'worker');

const taskrouter: FamilySection = {
  family: 'taskrouter_capability',
  title: 'TaskRouterCapability',
  rules: (p) => p.taskrouterCapability,
  behaviours: [
    { name: 'header members, in order', select: plainWorker, observe: headerOrder },
    { name: 'payload claims, in order (worker channel)', select: plainWorker, observe: payloadOrder },
    { name: '`iat`', select: plainWorker, observe: timeClaim('iat') },
    { name: '`nbf` when not given', select: plainWorker, observe: timeClaim('nbf') },
    { name: 'ttl not given', select: plainWorker, observe: expiry },
    { name: 'ttl `0`', select: taskRouterDefaults('WK', 'worker', (x) => numText(x) === '0'), observe: expiry },
    { name: 'ttl negative', select: taskRouterDefaults('WK', 'worker', (x) => Number(numText(x)) < 0), observe: expiry },
    { name: 'default policies: worker channel (`WK…`)', select: taskRouterDefaults('WK', 'worker'), observe: policies },
    { name: 'default policies: task queue channel (`WQ…`)', select: taskRouterDefaults('WQ', 'taskqueue'), observe: policies },
    { name: 'default policies: workspace channel (`WS…`)', select: taskRouterDefaults('WS', 'workspace'), observe: policies },
  ],
};

// --- ValidationToken

const anyToken = (v: Vector): boolean => Object.values(v.expect).some((e) => e?.kind === 'token');

const validationToken: FamilySection = {
  family: 'validation_token',
  title: 'ValidationToken (public-key client validation)',
  rules: (p) => p.validationToken,
  behaviours: [
    { name: 'header members, in order', select: anyToken, observe: headerOrder },
    { name: '`alg`', select: (v) => anyToken(v) && !inputOf(v).has('algorithm'), observe: fromToken((t) => (t.header.json ? code(String(t.header.json.get('alg'))) : undefined)) },
    { name: 'payload claims, in order', select: anyToken, observe: payloadOrder },
    { name: '`iat`', select: anyToken, observe: timeClaim('iat') },
    { name: '`nbf`', select: anyToken, observe: timeClaim('nbf') },
    { name: 'lifetime', select: (v) => anyToken(v) && !inputOf(v).has('ttl') && !inputOf(v).has('toJwtTtl'), observe: expiry },
  ],
};

// --- Base JWT decode (the libraries' public Jwt classes)

interface DecodeCase {
  header?: JsonObject;
  payload?: JsonObject;
  key: JsonValue | undefined;
  /** For HS256 with a string key: `valid` (the canonical signature text), `non-canonical` (same bytes, other text), `invalid`. */
  signature?: 'valid' | 'non-canonical' | 'invalid';
}

function decodeCase(v: Vector): DecodeCase | undefined {
  const i = inputOf(v);
  if (i.get('op') !== 'decode' || typeof i.get('token') !== 'string') return undefined;
  const token = i.get('token') as string;
  const t = readToken(token);
  if (!t) return undefined;
  const key = i.get('key');
  let signature: DecodeCase['signature'];
  if (t.header.json?.get('alg') === 'HS256' && typeof key === 'string') {
    const [h, p, sig] = token.split('.');
    const want = hmacSignBase64url('HS256', key, `${h}.${p}`);
    signature = sig === want ? 'valid' : Buffer.from(sig, 'base64url').equals(Buffer.from(want, 'base64url')) ? 'non-canonical' : 'invalid';
  }
  return { header: t.header.json, payload: t.payload.json, key, ...(signature ? { signature } : {}) };
}

const decodeOutcome: Observe = (e) => (e.kind === 'error' ? rejection(e) : e.kind === 'decoded' ? 'accepts (decodes)' : undefined);

function decoding(pred: (d: DecodeCase, v: Vector) => boolean): (v: Vector) => boolean {
  return (v) => {
    const d = decodeCase(v);
    const cls = inputOf(v).get('class');
    return d !== undefined && (cls === undefined || cls === 'Jwt') && pred(d, v);
  };
}

const hs256 = (d: DecodeCase): boolean => d.header?.get('alg') === 'HS256';
const expRel = (d: DecodeCase, v: Vector): number | undefined => {
  const t = numText(d.payload?.get('exp'));
  return t === undefined ? undefined : Number(t) - v.now;
};
const nbfRel = (d: DecodeCase, v: Vector): number | undefined => {
  const t = numText(d.payload?.get('nbf'));
  return t === undefined ? undefined : Number(t) - v.now;
};
const timely = (d: DecodeCase, v: Vector): boolean => (expRel(d, v) ?? 1) > 0 && (nbfRel(d, v) ?? 0) <= 0;
const hasKey = (d: DecodeCase): boolean => typeof d.key === 'string' && d.key !== '';
/** A key is given and the signature is right: only the claim under test can make it fail. */
const keyed = (d: DecodeCase): boolean => hasKey(d) && d.signature === 'valid';

const jwt: FamilySection = {
  family: 'jwt',
  title: 'Base JWT decoding',
  rules: (p) => p.jwt,
  behaviours: [
    { name: '`alg: none`', select: decoding((d) => d.header?.get('alg') === 'none'), observe: decodeOutcome },
    { name: '`alg` other than HS256 (HMAC)', select: decoding((d) => /^HS(384|512)$/.test(String(d.header?.get('alg')))), observe: decodeOutcome },
    { name: 'no key given', select: decoding((d, v) => hs256(d) && !hasKey(d) && timely(d, v)), observe: decodeOutcome },
    { name: 'wrong key', select: decoding((d, v) => hs256(d) && hasKey(d) && d.signature === 'invalid' && timely(d, v)), observe: decodeOutcome },
    { name: 'signature text with other padding bits (same bytes)', select: decoding((d, v) => hs256(d) && hasKey(d) && d.signature === 'non-canonical' && timely(d, v)), observe: decodeOutcome },
    { name: '`exp` equal to now', select: decoding((d, v) => hs256(d) && keyed(d) && expRel(d, v) === 0), observe: decodeOutcome },
    { name: '`exp` before now', select: decoding((d, v) => hs256(d) && keyed(d) && (expRel(d, v) ?? 0) < 0), observe: decodeOutcome },
    { name: '`exp` passed, no key given', select: decoding((d, v) => hs256(d) && !hasKey(d) && (expRel(d, v) ?? 1) <= 0), observe: decodeOutcome },
    { name: '`nbf` after now', select: decoding((d, v) => hs256(d) && keyed(d) && (nbfRel(d, v) ?? 0) > 0 && (expRel(d, v) ?? 1) > 0), observe: decodeOutcome },
    { name: '`nbf` equal to now', select: decoding((d, v) => hs256(d) && keyed(d) && nbfRel(d, v) === 0 && (expRel(d, v) ?? 1) > 0), observe: decodeOutcome },
  ],
};

// --- Credential providers

interface ProviderInput {
  mock?: { token?: Array<{ kind?: string; status?: number; body?: string; exp?: number; delayMs?: number }> };
  steps?: Array<{ op?: string; parallel?: number; at?: number; resource?: string }>;
  client?: unknown;
  environment?: unknown;
  provider?: { type?: string };
}

function providerInput(v: Vector): ProviderInput {
  return (JSON.parse(JSON.stringify(toPlain(v.input))) ?? {}) as ProviderInput;
}

function toPlain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) return Number(v.text);
  if (v instanceof JsonObject) return Object.fromEntries(v.entries.map(([k, x]) => [k, toPlain(x)]));
  if (Array.isArray(v)) return v.map(toPlain);
  return v;
}

/** A client-credentials scenario on one client, without environment or basic credentials. */
function plainProvider(v: Vector): ProviderInput | undefined {
  const p = providerInput(v);
  if (p.client !== undefined || p.environment !== undefined || p.provider?.type !== 'client_credentials') return undefined;
  if (p.steps?.some((s) => s.resource !== undefined)) return undefined;
  return p;
}

/** A mock whose tokens are all JWTs valid beyond the scenario (or the server's default). */
function freshTokens(p: ProviderInput, now: number): boolean {
  return (p.mock?.token ?? []).every((t) => t.kind === 'jwt' && (t.exp ?? 0) > now + 60);
}

const provider =
  (f: (e: ProviderExpectation, p: ProviderInput, v: Vector) => string | undefined): Observe =>
  (e, v) => {
    if (e.kind !== 'provider') return undefined;
    const p = plainProvider(v);
    return p ? f(e, p, v) : undefined;
  };

function callText(c: ExpectedCall): string {
  return c.ok ? 'ok' : `fails: ${code(clip(c.errorType ?? c.error ?? 'error', 60))}`;
}

const perStep = provider((e) => {
  const failed = e.steps.flatMap((s, i) => ('parallel' in s.result || s.result.ok ? [] : [`step ${i + 1} ${callText(s.result)}`]));
  return `token requests per step: ${e.steps.map((s) => s.tokenRequests).join(', ')}${failed.length ? ` (${failed.join('; ')})` : ''}`;
});

function sequential(op: string): (v: Vector) => boolean {
  return (v) => {
    const p = plainProvider(v);
    return !!p && freshTokens(p, v.now) && (p.steps?.length ?? 0) >= 2 && p.steps!.every((s) => s.op === op && s.parallel === undefined && s.at === undefined);
  };
}

function concurrent(op: string, warm: boolean): (v: Vector) => boolean {
  return (v) => {
    const p = plainProvider(v);
    const steps = p?.steps ?? [];
    const par = steps.findIndex((s) => (s.parallel ?? 0) > 1);
    return !!p && freshTokens(p, v.now) && par === steps.length - 1 && steps.every((s) => s.op === op && s.at === undefined) && (warm ? par >= 1 : par === 0);
  };
}

const concurrency = provider((e, p) => {
  const last = e.steps[e.steps.length - 1];
  const n = p.steps![p.steps!.length - 1].parallel!;
  const r = last.result;
  const ok = 'parallel' in r ? r.parallel.every((c) => c.ok) : r.ok;
  return `${n} at once → ${last.tokenRequests} token request${last.tokenRequests === 1 ? '' : 's'}${ok ? '' : ' (some fail)'}`;
});

/** The first step, after the first token, at which a new one is fetched, relative to the first token's `exp`. */
const refreshPoint = provider((e, p) => {
  const first = p.mock?.token?.[0]?.exp;
  if (first === undefined || !p.steps?.every((s) => s.at !== undefined)) return undefined;
  const i = e.steps.findIndex((s, k) => k > 0 && s.tokenRequests > 0);
  if (i < 0) return 'never refreshes in the scenario';
  const d = p.steps[i].at! - first;
  const before = p.steps[i - 1].at! - first;
  const when = (x: number): string => (x === 0 ? 'exp' : x < 0 ? `exp − ${-x} s` : `exp + ${x} s`);
  return `refreshes at ${when(d)} (still used at ${when(before)})`;
});

function tokenReply(pred: (t: { kind?: string; status?: number; body?: string; exp?: number }, now: number) => boolean): (v: Vector) => boolean {
  return (v) => {
    const p = plainProvider(v);
    const t = p?.mock?.token;
    return !!p && t?.length === 1 && pred(t[0], v.now) && p.steps?.[0]?.op === 'api';
  };
}

const firstCall = provider((e) => {
  const s = e.steps[0];
  if ('parallel' in s.result) return undefined;
  const auth = s.apiAuthorization.length ? `, sends ${s.apiAuthorization.map((a) => code(a === null ? 'no Authorization' : a)).join(', ')}` : '';
  return `${callText(s.result)}${auth}`;
});

const credentialProvider: FamilySection = {
  family: 'credential_provider',
  title: 'OAuth2 credential providers',
  rules: (p) => p.providers,
  behaviours: [
    { name: 'sequential API calls, token still valid', select: sequential('api'), observe: perStep },
    { name: 'sequential auth strings on one strategy', select: sequential('authString'), observe: perStep },
    { name: "refresh near the token's `exp`", select: (v) => !!plainProvider(v)?.steps?.every((s) => s.at !== undefined), observe: refreshPoint },
    { name: 'concurrent API calls, no token yet', select: concurrent('api', false), observe: concurrency },
    { name: 'concurrent auth strings, no token yet', select: concurrent('authString', false), observe: concurrency },
    { name: 'concurrent API calls, token held', select: concurrent('api', true), observe: concurrency },
    { name: 'concurrent auth strings, token held', select: concurrent('authString', true), observe: concurrency },
    { name: 'token already expired when issued', select: (v) => !!plainProvider(v)?.mock?.token?.every((t) => t.kind === 'jwt' && (t.exp ?? Infinity) < v.now), observe: perStep },
    { name: 'token endpoint answers an HTTP error', select: tokenReply((t) => t.kind === 'raw' && (t.status ?? 0) >= 400), observe: firstCall },
    { name: 'token endpoint answers 200 with an empty body', select: tokenReply((t) => t.kind === 'raw' && t.status === 200 && t.body === ''), observe: firstCall },
    {
      name: 'token endpoint answers 200 with invalid JSON',
      select: tokenReply((t) => {
        if (t.kind !== 'raw' || t.status !== 200 || !t.body) return false;
        try {
          JSON.parse(t.body);
          return false;
        } catch {
          return true;
        }
      }),
      observe: firstCall,
    },
    { name: 'token that is not a JWT', select: tokenReply((t) => t.kind === 'raw' && t.status === 200 && /"access_token":"[^".]+"/.test(t.body ?? '')), observe: perStep },
  ],
};

/** The page's sections, in the protocol's family order. */
export const SECTIONS: readonly FamilySection[] = [accessToken, clientCapability, taskrouter, validationToken, jwt, credentialProvider];

// ---------------------------------------------------------------------------------------------
// Building the matrix

/** One cell: what the library does, and the vector that shows it. */
export interface Cell {
  /** `observed`: a vector shows it; `lacks`: the library has no such class; `none`: no vector shows it. */
  kind: 'observed' | 'lacks' | 'none';
  text: string;
  vector?: { id: string; file: string };
  /** What the reference profile gives on the same input, where it differs from the vector. */
  profileGives?: string;
}

export interface Row {
  behaviour: string;
  cells: Record<string, Cell>;
}

export interface Section {
  family: Family;
  title: string;
  /** Profiles whose library lacks the family, with the profile's reason. */
  lacking: Array<{ profile: string; reason: string }>;
  rows: Row[];
}

/** Oracle recordings first, then the hand-written edge cases and regressions, then generated inputs. */
function fileRank(file: string): number {
  const name = file.split(/[\\/]/).pop() ?? '';
  return name.startsWith('oracle-') ? 0 : name === 'edge.json' ? 1 : name === 'regressions.json' ? 2 : name === 'generated.json' ? 4 : 3;
}

const KIND_RANK: Record<string, number> = { token: 0, decoded: 0, provider: 0, error: 1, unsupported: 2 };

/** What the reference profile answers for a vector, as an expectation (families whose cases need no preparation). */
function referenceExpectation(profile: Profile, v: Vector): Expectation | undefined {
  if (familyEntry(v.family).prepare) return undefined;
  const r = runReferenceCase(profile, { id: v.id, family: v.family, now: v.now, ...(v.nowMs === undefined ? {} : { nowMs: v.nowMs }), input: v.input });
  if ('skipped' in r) return { kind: 'unsupported', reason: r.skipped.reason };
  if ('errored' in r) return { kind: 'error', type: 'reference failure', message: r.errored.message.split('\n')[0] };
  const o = r.output as { token?: string; error?: { type?: string; message: string }; decoded?: { header: unknown; payload: unknown } };
  if (o.error) return { kind: 'error', message: o.error.message, ...(o.error.type === undefined ? {} : { type: o.error.type }) };
  if (o.decoded) return { kind: 'decoded', header: o.decoded.header, payload: o.decoded.payload };
  if (typeof o.token === 'string') return { kind: 'token', token: o.token, deterministic: true };
  return undefined;
}

function lacks(rules: object): string | undefined {
  return 'unsupported' in rules && typeof (rules as { unsupported: unknown }).unsupported === 'string' ? (rules as { unsupported: string }).unsupported : undefined;
}

/**
 * The matrix for a set of profiles and vectors. `root` is the repository root, against which the
 * vector files' links are made relative to `docs/`.
 */
export function buildMatrix(profiles: ProfileRegistry, vectors: readonly Vector[], root = ROOT): Section[] {
  const names = Object.keys(profiles);
  const link = (v: Vector): { id: string; file: string } => ({
    id: v.id,
    file: relative(join(root, dirname(MATRIX_PATH)), v.file)
      .split(sep)
      .join('/'),
  });
  return SECTIONS.map((section) => {
    const family = vectors.map((v, index) => ({ v, index })).filter(({ v }) => v.family === section.family);
    const rows = section.behaviours.map((b): Row => {
      const selected = family.filter(({ v }) => b.select(v));
      const seen = selected.map(({ v, index }) => {
        const obs: Record<string, string | undefined> = {};
        for (const n of names) {
          const e = v.expect[n as keyof typeof v.expect];
          obs[n] = e ? b.observe(e, v) : undefined;
        }
        return { v, index, obs, coverage: names.filter((n) => obs[n] !== undefined).length };
      });
      const cells: Record<string, Cell> = {};
      for (const n of names) {
        const profile = profiles[n];
        const missing = lacks(section.rules(profile));
        if (missing !== undefined) {
          const shown = family.find(({ v }) => {
            const e = v.expect[n as keyof typeof v.expect];
            return e?.kind === 'unsupported' && e.reason === missing;
          });
          cells[n] = { kind: 'lacks', text: 'library has none', ...(shown ? { vector: link(shown.v) } : {}) };
          continue;
        }
        const kind = (x: (typeof seen)[number]): number => KIND_RANK[x.v.expect[n as keyof Vector['expect']]!.kind] ?? 3;
        const best = seen.filter((x) => x.obs[n] !== undefined).sort((a, c) => c.coverage - a.coverage || kind(a) - kind(c) || fileRank(a.v.file) - fileRank(c.v.file) || a.index - c.index)[0];
        if (!best) {
          // A vector this library skips (its API cannot take some key of the input) shows nothing either.
          cells[n] = { kind: 'none', text: 'no vector' };
          continue;
        }
        const cell: Cell = { kind: 'observed', text: best.obs[n]!, vector: link(best.v) };
        const ref = referenceExpectation(profile, best.v);
        if (ref) {
          const mine = b.observe(ref, best.v) ?? (ref.kind === 'unsupported' ? `skips it: ${code(clip(ref.reason, 70))}` : ref.kind === 'error' ? rejection(ref) : 'a result that does not show it');
          if (mine !== cell.text) cell.profileGives = mine;
        }
        cells[n] = cell;
      }
      return { behaviour: b.name, cells };
    });
    // A behaviour no vector shows for any library says nothing: it is left out.
    const lacking = names.flatMap((n) => {
      const reason = lacks(section.rules(profiles[n]));
      return reason === undefined ? [] : [{ profile: n, reason }];
    });
    return { family: section.family, title: section.title, lacking, rows: rows.filter((r) => Object.values(r.cells).some((c) => c.kind === 'observed')) };
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderCell(c: Cell): string {
  const parts = [c.text];
  if (c.vector) parts.push(`[\`${c.vector.id}\`](${c.vector.file})`);
  if (c.profileGives !== undefined) parts.push(`⚠ profile disagrees: ${c.profileGives}`);
  return parts.join('<br>');
}

/** The page, as Markdown. */
export function renderMatrix(profiles: ProfileRegistry, sections: readonly Section[]): string {
  const names = Object.keys(profiles);
  const out: string[] = [];
  out.push('# Behaviour matrix');
  out.push('');
  out.push('<!-- Generated by scripts/behaviour-matrix.ts from reference/profiles and vectors/: do not edit. -->');
  out.push('');
  out.push(
    `What each Twilio library does where they disagree, one column per profile (${names.map((n) => `\`${n}\`: ${profiles[n].library.name} ${profiles[n].library.version}`).join(', ')}). ` +
      'Every cell is read from a test vector, which the cell links to: its expected token decoded (member order, claims, how a string is escaped), ' +
      "the rejection it records, or the provider scenario's steps. Where vectors allow, a row compares the libraries on one input. " +
      'The reference profile is run on the same input and must agree with the vector.',
  );
  out.push('');
  out.push('This page is generated: run `npm run docs:matrix` after changing a profile or a vector (`npm test` fails while the page is stale).');
  out.push('');
  out.push('Legend:');
  out.push('');
  out.push("- `now`: the vector's frozen clock, in seconds; `exp = now + 3600` is the claim relative to it.");
  out.push('- **rejects**: the library throws; the cell gives the exception type and message.');
  out.push('- **library has none**: the library has no such class (the section says why); the link is a vector that records the skip.');
  out.push('- **no vector**: no vector shows the behaviour for that library, so nothing is claimed.');
  out.push('- **differs**: "yes" where the libraries that show the behaviour do not all do the same.');
  out.push('- **⚠ profile disagrees**: the reference profile does not reproduce the vector (a bug; never on a committed page).');
  out.push('');
  out.push(`Families: ${sections.map((s) => `[${s.title}](#${anchor(s.title)})`).join(' · ')}`);
  for (const s of sections) {
    out.push('');
    out.push(`## ${s.title}`);
    out.push('');
    out.push(`Family \`${s.family}\`.${s.lacking.map((l) => ` \`${l.profile}\` has none: ${l.reason.replace(/\s+/g, ' ')}.`).join('')}`);
    out.push('');
    out.push(`| behaviour | ${names.map((n) => `${n} (${profiles[n].library.name} ${profiles[n].library.version})`).join(' | ')} | differs |`);
    out.push(`|---|${names.map(() => '---').join('|')}|---|`);
    for (const r of s.rows) {
      const texts = names.filter((n) => r.cells[n].kind === 'observed').map((n) => r.cells[n].text);
      const differs = new Set(texts).size > 1 ? 'yes' : '';
      out.push(`| ${r.behaviour} | ${names.map((n) => renderCell(r.cells[n])).join(' | ')} | ${differs} |`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** GitHub's heading anchor for a title. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

/** The page for the registry's profiles and the repository's vectors (or the given ones). */
export function generateBehaviourMatrix(profiles: ProfileRegistry = PROFILES, vectors: readonly Vector[] = loadVectors(join(ROOT, 'vectors')), root = ROOT): string {
  return renderMatrix(profiles, buildMatrix(profiles, vectors, root));
}

function main(argv: string[]): number {
  const page = generateBehaviourMatrix();
  const path = join(ROOT, MATRIX_PATH);
  if (argv.includes('--check')) {
    let current: string;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current !== page) {
      process.stderr.write(`${MATRIX_PATH} is stale: run npm run docs:matrix\n`);
      return 1;
    }
    process.stdout.write(`${MATRIX_PATH} is up to date\n`);
    return 0;
  }
  writeFileSync(path, page);
  process.stdout.write(`wrote ${MATRIX_PATH}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
