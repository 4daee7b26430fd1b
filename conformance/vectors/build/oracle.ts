/**
 * The recorded oracle cases of ../shared/oracle as the project's own vector files, keeping their
 * source. Oracle cases are measured facts about the real libraries, so they may live in the
 * repository; `npm run vectors:import-oracle` (scripts/import-oracle.ts) is how they got there
 * and how to refresh them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usesQuirk, type Library } from '../../libraries/index.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { parseLossless } from '../../../reference/json/parse.ts';
import { formatLossless } from '../../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../../reference/json/value.ts';

const o = (entries: Array<[string, JsonValue | undefined]>): JsonObject =>
  new JsonObject(entries.filter((e): e is [string, JsonValue] => e[1] !== undefined));

/** The expectation a recorded output sets: a token with its exact segment texts, or a rejection. */
function expectation(out: JsonObject): JsonObject {
  if (out.has('error')) {
    return o([['error', o([['type', out.get('errorType')], ['message', out.get('error')]])]]);
  }
  // jwt decode: the protocol answers header and payload (python records `headers`, php `header`);
  // the rest of a python record is the decoded object's state.
  const decoded = out.get('decoded');
  if (decoded instanceof JsonObject) return o([['decoded', o([['header', decoded.get('headers') ?? decoded.get('header')], ['payload', decoded.get('payload')]])]]);
  const keep = ['token', 'headerJson', 'payloadJson', 'headerJsonEncoding', 'headerBytesHex', 'canonicalRequest', 'requestHash', 'signatureRandomized'];
  return o(keep.map((k) => [k, out.get(k)]));
}

/**
 * The recorded note, or the case name, prefixed with the library so that it is unique per family;
 * a note that a series of cases share (twilio-java's jti and nbf series) is followed by the case name.
 */
function describe(library: string, id: string, note: JsonValue | undefined, shared: boolean): string {
  const name = id.split('/').slice(1).join('/').replace(/-/g, ' ');
  const said = typeof note === 'string' && note.trim() ? note.trim() : undefined;
  const text = `${library}: ${said === undefined ? name : shared ? `${name}: ${said}` : said}`;
  return text.length <= 150 ? text : `${text.slice(0, 147)}...`;
}

/**
 * The vector file a library's recordings of a family make (`vectors/<family>/oracle-<profile>.json`),
 * or undefined when the shared oracle (its folder: `shared`) has none.
 */
export function oracleVectorFile(shared: string, lib: Library, family: string): { path: string; text: string; count: number } | undefined {
  const [profile, library] = [lib.profile.name, lib.profile.library.name];
  const file = join(shared, 'oracle', profile, `${family}.json`);
  if (!existsSync(file)) return undefined;
  const doc = parseLossless(readFileSync(file, 'utf8')) as JsonObject;
  const version = doc.get('version') as string;
  const notes = (doc.get('cases') as JsonObject[]).map((c) => c.get('note') ?? c.get('notes'));
  const repeated = (n: JsonValue | undefined): boolean => typeof n === 'string' && notes.filter((x) => x === n).length > 1;
  const vectors = (doc.get('cases') as JsonObject[]).map((c) => {
    const oracleId = c.get('id') as string;
    const input = c.get('input')!;
    return o([
      ['id', `${family}/${profile}/${oracleId.split('/').slice(1).join('/')}`],
      ['description', describe(library, oracleId, c.get('note') ?? c.get('notes'), repeated(c.get('note') ?? c.get('notes')))],
      ['family', family],
      ['now', c.get('now')],
      ['nowMs', c.get('nowMs')],
      ['input', input],
      ['expect', o([[profile, expectation(c.get('output') as JsonObject)]])],
      ['flags', usesQuirk(input) ? ['object-api-quirk'] : []],
      ['source', o([[profile, o([['library', library], ['version', version], ['how', 'oracle'], ['oracleId', oracleId]])]])],
    ]);
  });
  const out = o([
    ['family', family],
    ['description', `Recorded ${library} ${version} outputs for ${family}, copied from the shared oracle with their source.`],
    ['vectors', vectors],
  ]);
  return { path: join(PACKAGE_ROOT, 'vectors', family, `oracle-${profile}.json`), text: `${formatLossless(out)}\n`, count: vectors.length };
}
