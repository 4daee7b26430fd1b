/**
 * Builds `vectors/credential_provider/api-replies.json`: what each library does when the REST API
 * answers a resource fetch with 2xx and a body that is not a usable record (empty, whitespace,
 * HTML, JSON null, an array, a string, a number, true), with the client-credentials and the orgs
 * provider. Expectations are computed by each profile of the reference and were confirmed live
 * against the real libraries: twilio-node by `npm run vectors:crosscheck` (and
 * test/providers/twilio-node.test.ts), twilio-python 9.11.0 through its adapter with `--lib`
 * (TWILIO_PYTHON_9_LIB, test/providers/twilio-python.test.ts), twilio-ruby 7.11.1 locally.
 *
 *   npx tsx scripts/vectors/provider-replies.ts [--check]
 *
 * `--check` rebuilds the file in memory and fails when the committed one differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReferenceProviderCase } from '../../conformance/adapters/reference-providers.ts';
import { libraryOf, loadLibraryModules, PROFILE_NAMES } from '../../conformance/libraries/index.ts';
import type { ScenarioStep } from '../../conformance/protocol/provider-case.ts';
import type { CaseResult } from '../../conformance/protocol/types.ts';
import { runProviderVector, type ExpectedCall, type ExpectedStep, type ExpectedTokenRequest, type ServerView } from '../../conformance/families/provider-cases.ts';
import type { ProfileName } from '../../conformance/vectors/read.ts';
import { notModelled } from '../../reference/cases.ts';
import { parseLossless } from '../../reference/json/parse.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { PACKAGE_ROOT as ROOT } from '../../conformance/package-root.ts';

/** The file this script writes. */
export const API_REPLIES_FILE = join(ROOT, 'vectors', 'credential_provider', 'api-replies.json');

/** The clock of every provider vector these scripts build (the transcripts' `now`). */
export const NOW = 1700000000;
/** The transcripts' fixtures: the client id and secret, the account SID and auth token. */
export const PROVIDER = { type: 'client_credentials', clientId: 'OQ00000000000000000000000000000001', clientSecret: 's3cr3t-client-secret-value' };
const ORGS = { ...PROVIDER, type: 'orgs' };
export const ACCOUNT = { username: 'AC00000000000000000000000000000001', password: 'basic-auth-token-value' } as const;

/** One provider vector: its id, description and input (the mock, when present, is the server's script). */
export interface Scenario {
  id: string;
  description: string;
  input: { provider?: object; client?: object; environment?: object; mock?: object; steps: ScenarioStep[] };
}

const ok200 = (body: string, contentType?: string): object => ({ kind: 'raw', status: 200, ...(contentType ? { contentType } : {}), body });
const one = (id: string, description: string, body: string, contentType?: string): Scenario => ({
  id: `credential_provider/errors/api_200_${id}`,
  description,
  input: { provider: PROVIDER, mock: { api: [ok200(body, contentType)] }, steps: [{ op: 'api', label: 'api #1' }] },
});

/** The scenarios, in file order. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'credential_provider/errors/api_200_empty_body',
    description: 'the API answers a fetch with 200 and an empty body, then with the resource; two API calls',
    input: { provider: PROVIDER, mock: { api: [ok200(''), { kind: 'resource' }] }, steps: [{ op: 'api', label: 'api #1' }, { op: 'api', label: 'api #2' }] },
  },
  one('whitespace_body', 'the API answers a fetch with 200 and a body of one space; one API call', ' '),
  one('html_body', 'the API answers a fetch with 200, text/html and a body that is not JSON; one API call', '<html>', 'text/html'),
  one('json_null', 'the API answers a fetch with 200 and the JSON null; one API call', 'null'),
  one('json_array', 'the API answers a fetch with 200 and an empty JSON array; one API call', '[]'),
  one('json_string', 'the API answers a fetch with 200 and a JSON string; one API call', '"text"'),
  one('json_number', 'the API answers a fetch with 200 and a JSON integer; one API call', '5'),
  one('json_true', 'the API answers a fetch with 200 and the JSON true; one API call', 'true'),
  {
    id: 'credential_provider/errors/orgs_api_200_empty_body',
    description: 'orgs provider: the API answers the organization account fetch with 200 and an empty body',
    input: { provider: ORGS, mock: { api: [ok200('')] }, steps: [{ op: 'api', label: 'organization account fetch', resource: 'organization_account' }] },
  },
  {
    id: 'credential_provider/errors/orgs_api_200_json_null',
    description: 'orgs provider: the API answers the organization account fetch with 200 and the JSON null',
    input: { provider: ORGS, mock: { api: [ok200('null')] }, steps: [{ op: 'api', label: 'organization account fetch', resource: 'organization_account' }] },
  },
];

/** Request headers whose values vary with the runtime and the port (as transcript-vectors.ts has them). */
const VOLATILE_HEADERS = new Set(['user-agent', 'host']);

type Call = { ok: true; value?: unknown } | { ok: false; error: { type?: string; message: string } };

function expectedCall(profile: ProfileName, c: Call): ExpectedCall {
  if (c.ok) return 'value' in c ? { ok: true, value: c.value } : { ok: true };
  // What of the error varies across runtimes is the library entry's to say (its json gem, its Ruby).
  const volatile = libraryOf(profile).providerRecordings?.volatileError(c.error.type);
  return { ok: false, errorType: c.error.type, error: c.error.message, ...(volatile ?? {}) };
}

/** A profile's expectation from its reference result: per step, the result, token requests and API Authorization values. */
function expectationOf(profile: ProfileName, r: CaseResult, steps: readonly ScenarioStep[]): { steps: ExpectedStep[]; tokenRequest?: ExpectedTokenRequest } {
  if (!('output' in r)) throw new Error(`the reference did not answer: ${JSON.stringify(r).slice(0, 300)}`);
  const out = r.output as unknown as { steps: Array<(Call | { parallel: Call[] }) & { label: string }>; server: ServerView };
  const expected: ExpectedStep[] = steps.map((s, i) => {
    const got = out.steps[i];
    return {
      label: s.label ?? got.label,
      // Concurrent results: the judge compares them as a multiset.
      result: 'parallel' in got ? { parallel: (got.parallel as Call[]).map((c) => expectedCall(profile, c)) } : expectedCall(profile, got),
      tokenRequests: out.server.tokenRequests.filter((t) => t.step === i).length,
      apiAuthorization: out.server.api.filter((a) => a.step === i).map((a) => a.authorization),
      // Which hosts the step's requests went to (the judge compares them as multisets).
      tokenHosts: out.server.tokenRequests.filter((t) => t.step === i).map((t) => t.host),
      apiHosts: out.server.api.filter((a) => a.step === i).map((a) => a.host),
    };
  });
  const first = out.server.tokenRequests[0];
  const tokenRequest = first && { method: first.method, path: first.path, headers: first.headers.map(([k, v]): [string, string | null] => [k, VOLATILE_HEADERS.has(k.toLowerCase()) ? null : v]), body: first.body };
  return { steps: expected, ...(tokenRequest ? { tokenRequest } : {}) };
}

/** A file of provider vectors: its scenarios and its description. */
export interface ProviderVectorFile {
  readonly path: string;
  readonly scenarios: readonly Scenario[];
  readonly description: string;
  /**
   * Record `{"unsupported": reason}` for a profile whose library lacks what a scenario asks (the
   * reference answers skipped), so that an adapter claiming an answer there fails; otherwise such a
   * profile gets no expectation (the files made before this existed).
   */
  readonly recordUnsupported?: boolean;
}

/**
 * A provider vector file's text, built by running every scenario through every profile of the
 * reference. A profile whose library cannot express a scenario (the reference answers skipped:
 * a class the library lacks) gets no expectation for it, and neither does a library whose
 * providers the reference does not model.
 */
export async function buildProviderVectorFile(file: Omit<ProviderVectorFile, 'path'>): Promise<string> {
  const vectors = [];
  for (const sc of file.scenarios) {
    const input = parseLossless(JSON.stringify(sc.input));
    const expect: Record<string, unknown> = {};
    const source: Record<string, unknown> = {};
    for (const profile of PROFILE_NAMES) {
      const p = libraryOf(profile).profile;
      if (notModelled(p, 'credential_provider')) continue;
      const r = await runProviderVector((i) => runReferenceProviderCase(p, toJavaScript(i), NOW), input, NOW);
      if ('skipped' in r) {
        if (file.recordUnsupported) {
          expect[profile] = { unsupported: r.skipped.reason };
          source[profile] = { library: p.library.name, version: p.library.version, how: libraryOf(profile).confirmation ?? 'crosscheck' };
        }
        continue;
      }
      expect[profile] = expectationOf(profile, r, sc.input.steps);
      source[profile] = { library: p.library.name, version: p.library.version, how: libraryOf(profile).confirmation ?? 'crosscheck' };
    }
    if (!Object.values(expect).some((e) => !('unsupported' in (e as object)))) throw new Error(`${sc.id}: no profile of the reference answers it`);
    vectors.push({ id: sc.id, description: sc.description, family: 'credential_provider', now: NOW, input: sc.input, expect, flags: [], source });
  }
  return `${JSON.stringify({ family: 'credential_provider', description: file.description, vectors }, null, 2)}\n`;
}

/** The api-replies file. */
export const API_REPLIES: ProviderVectorFile = {
  path: API_REPLIES_FILE,
  scenarios: SCENARIOS,
  description:
    'What each library makes of a 2xx API reply whose body is not a usable record (empty, whitespace, not JSON, JSON that is not an object). ' +
    'Computed by each profile of the reference (scripts/vectors/provider-replies.ts) and confirmed live: twilio-node 6.2.0 by vectors:crosscheck, ' +
    'twilio-python 9.11.0 through its adapter (--lib), twilio-ruby 7.11.1 locally. Tokens as <tok-N>, the client secret as <client_secret>.',
};

/** The file's text, built by running every scenario through every profile of the reference. */
export function buildApiReplies(): Promise<string> {
  return buildProviderVectorFile(API_REPLIES);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await loadLibraryModules();
  const text = await buildApiReplies();
  if (process.argv.includes('--check')) {
    const same = readFileSync(API_REPLIES_FILE, 'utf8') === text;
    console.log(same ? 'api-replies.json matches the reference' : 'api-replies.json differs from the reference (run scripts/vectors/provider-replies.ts)');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(API_REPLIES_FILE, text);
    console.log(`wrote ${API_REPLIES_FILE.slice(ROOT.length + 1)}: ${SCENARIOS.length} vectors`);
  }
}
