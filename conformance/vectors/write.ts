/**
 * Building producing vectors from inputs: each profile of the reference computes its expectation,
 * profiles that agree are named once, and the file is written losslessly and deterministically.
 */
import { runReferenceCase } from '../adapters/reference.ts';
import { notModelled } from '../../reference/cases.ts';
import { isRejection, isTokenOutput, type CaseResult, type Family } from '../protocol/types.ts';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import { JsonNumber, JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { libraryOf, PROFILE_NAMES, type ProfileName } from '../libraries/index.ts';

/** One vector to build: everything but the expectations. */
export interface VectorSource {
  /** Unique within the family, e.g. `edge/ttl-0`; the family is prefixed. */
  id: string;
  description: string;
  now: number;
  nowMs?: number;
  input: JsonValue;
  flags: string[];
  /** For regression vectors: the reports they reproduce. */
  links?: string[];
}

/** A file of vectors: its name under vectors/<family>/ and what goes in it. */
export interface VectorFileSource {
  family: Family;
  file: string;
  description: string;
  sources: () => VectorSource[];
}

const o = (entries: Array<[string, JsonValue | undefined]>): JsonObject =>
  new JsonObject(entries.filter((e): e is [string, JsonValue] => e[1] !== undefined));

/** Plain data (a decoded answer) as a JSON value. */
function fromPlain(v: unknown): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new JsonNumber(String(v));
  if (Array.isArray(v)) return v.map(fromPlain);
  return new JsonObject(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromPlain(x)]));
}

const utf8 = (b: Buffer): string | undefined => {
  const s = b.toString('utf8');
  return Buffer.from(s, 'utf8').equals(b) ? s : undefined;
};

/** The expectation a reference result sets, in the vector format. */
export function expectationOf(r: CaseResult): JsonObject {
  if ('errored' in r) throw new Error(`the reference failed: ${r.errored.message}`);
  if ('skipped' in r) return o([['unsupported', r.skipped.reason]]);
  const out = r.output;
  if (isRejection(out)) return o([['error', o([['type', out.error.type], ['message', out.error.message]])]]);
  if (!isTokenOutput(out)) return o([['decoded', fromPlain((out as { decoded: unknown }).decoded)]]);
  const [h, p] = out.token.split('.').map((x) => Buffer.from(x, 'base64url'));
  const header = utf8(h);
  return o([
    ['token', out.token],
    // jws writes the header latin1: when that is not UTF-8, the exact bytes are the truth.
    ['headerJson', header ?? h.toString('latin1')],
    ['payloadJson', p.toString('utf8')],
    ['headerJsonEncoding', header === undefined ? 'latin1' : undefined],
    ['headerBytesHex', header === undefined ? h.toString('hex') : undefined],
    ['canonicalRequest', typeof out.canonicalRequest === 'string' ? out.canonicalRequest : undefined],
    ['requestHash', typeof out.requestHash === 'string' ? out.requestHash : undefined],
  ]);
}

/** Build one vector: expectations per profile, grouped where identical. */
export function buildVector(family: Family, s: VectorSource): JsonObject {
  const byText = new Map<string, { profiles: ProfileName[]; expect: JsonObject }>();
  for (const name of PROFILE_NAMES) {
    const profile = libraryOf(name).profile;
    // A family the reference does not model for the library yet has no known expectation.
    if (notModelled(profile, family)) continue;
    const e = expectationOf(runReferenceCase(profile, { id: s.id, family, now: s.now, nowMs: s.nowMs, input: s.input }));
    const key = stringifyLossless(e);
    const group = byText.get(key);
    if (group) group.profiles.push(name);
    else byText.set(key, { profiles: [name], expect: e });
  }
  const groups = [...byText.values()];
  // Every profile that expects something its library does is confirmed against that library.
  const confirmed = groups.filter((g) => !g.expect.has('unsupported')).flatMap((g) => g.profiles);
  return o([
    ['id', `${family}/${s.id}`],
    ['description', s.description],
    ['now', new JsonNumber(String(s.now))],
    ['nowMs', s.nowMs === undefined ? undefined : new JsonNumber(String(s.nowMs))],
    ['input', s.input],
    ['expect', o(groups.map((g) => [g.profiles.join(','), g.expect]))],
    ['flags', s.flags],
    ['source', o(confirmed.map((p) => [p, o([['library', libraryOf(p).profile.library.name], ['version', libraryOf(p).profile.library.version], ['how', libraryOf(p).confirmation ?? 'crosscheck']])]))],
    ['links', s.links],
  ]);
}

/** Build a whole vector file. */
export function buildVectorFile(f: VectorFileSource): JsonObject {
  const vectors = f.sources().map((s) => buildVector(f.family, s));
  return o([
    ['family', f.family],
    ['description', f.description],
    ['vectors', vectors],
  ]);
}
