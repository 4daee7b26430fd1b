/**
 * The runner's side of the `credential_provider` family: start a local OAuth2 server for each
 * case, hand its address to the adapter, attach what the server saw to the result, and judge the
 * result against a profile's expectation (token requests, API `Authorization` headers, step
 * results), with client secrets redacted from everything it reports.
 */
import { toJavaScript } from '../../reference/json/stringify.ts';
import { JsonObject, type JsonValue } from '../../reference/json/value.ts';
import { checkMockScript, MockScriptError, type ServerScript } from '../oauth/mock-script.ts';
import { refusedUrl, startOAuthServer, type OAuthServer } from '../oauth/server.ts';
import { hasOpenssl } from '../oauth/tls.ts';
import type { CaseResult } from '../protocol/types.ts';
import type { Verdict } from '../runner/verdict.ts';
import { caseSecrets, Redactor } from '../runner/redact.ts';

/** What a profile's library does in a scenario (one vector's `expect.<profile>`). */
export interface ProviderExpectation {
  kind: 'provider';
  steps: ExpectedStep[];
  /** Every token request of the scenario must look like this. */
  tokenRequest?: ExpectedTokenRequest;
}

/** An expected call outcome; `error` is compared unless `messageVolatile`. */
export type ExpectedCall = { ok: true; value?: unknown } | { ok: false; errorType?: string; errorTypes?: string[]; error?: string; messageVolatile?: boolean };

export interface ExpectedStep {
  label?: string;
  result: ExpectedCall | { parallel: ExpectedCall[] };
  tokenRequests: number;
  /** The API requests' `Authorization` values, tokens as `<tok-N>` (`null`: no header). */
  apiAuthorization: Array<string | null>;
  /** Where given: the hosts the step's token requests went to (any order; see `RecordedRequest.host`). */
  tokenHosts?: string[];
  /** Where given: the hosts the step's API requests went to (any order). */
  apiHosts?: string[];
}

export interface ExpectedTokenRequest {
  method: string;
  path: string;
  /** Names in order; a `null` value is present but not compared (User-Agent, Host, ...). */
  headers: Array<[string, string | null]>;
  /** The form body, with the client secret written as `<client_secret>`. */
  body: string;
}

/** What the server saw, as attached to the result (`output.server`), secrets redacted. */
export interface ServerView {
  tokenRequests: Array<{ step: number; method: string; path: string; host: string; headers: Array<[string, string]>; body: string; tunnel?: { connect: string; sni: string | undefined } }>;
  api: Array<{ step: number; path: string; host: string; authorization: string | null; tunnel?: { connect: string; sni: string | undefined } }>;
}

/** How the client secret is written in the vectors' expected token request bodies. */
const SECRET_PLACEHOLDER = '<client_secret>';

/**
 * Replace a case's secrets in every encoding (see {@link Redactor}) by their placeholders: the
 * provider's client secret by `<client_secret>` (as the vectors record it), every other secret
 * of the input (account auth tokens, passwords) by `[redacted]`. A plain string is taken as the
 * client secret alone.
 */
export function redact(text: string, secret: string | undefined | Redactor): string {
  if (secret === undefined || secret === '') return text;
  return (typeof secret === 'string' ? new Redactor([{ value: secret, placeholder: SECRET_PLACEHOLDER }]) : secret).redact(text);
}

/** The redactor of a `credential_provider` input (plain JSON): every secret it carries. */
function secretOf(input: unknown): Redactor {
  const p = (input as { provider?: { clientSecret?: unknown } } | null)?.provider;
  const { secrets, users } = caseSecrets(input);
  const client = typeof p?.clientSecret === 'string' ? [{ value: p.clientSecret, placeholder: SECRET_PLACEHOLDER }] : [];
  return new Redactor([...client, ...secrets], users);
}

/** Deep-map the strings of a JSON-like value. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/**
 * The redactor each server view was made with, so that the judge can redact the expectation the
 * same way: a recorded `Basic` credential holds the fixture's auth token, and is compared with
 * the adapter's in redacted form.
 */
const viewRedactors = new WeakMap<ServerView, Redactor>();

function serverView(server: OAuthServer, secret: string | undefined | Redactor): ServerView {
  const clean = (s: string): string => redact(server.labelTokens(s), secret);
  const view: ServerView = { tokenRequests: [], api: [] };
  viewRedactors.set(view, typeof secret === 'object' ? secret : secret ? new Redactor([{ value: secret, placeholder: SECRET_PLACEHOLDER }]) : Redactor.none);
  for (const r of server.requests) {
    if (r.kind === 'token') {
      view.tokenRequests.push({ step: r.step, method: r.method, path: r.path, host: r.host, headers: r.headers.map(([k, v]) => [k, clean(v)]), body: clean(r.body), ...(r.tunnel ? { tunnel: r.tunnel } : {}) });
    } else if (r.kind === 'api') {
      const auth = r.headers.find(([k]) => k.toLowerCase() === 'authorization');
      view.api.push({ step: r.step, path: r.path, host: r.host, authorization: auth ? clean(auth[1]) : null, ...(r.tunnel ? { tunnel: r.tunnel } : {}) });
    }
  }
  return view;
}

let proxyAvailable: boolean | undefined;

/**
 * Run one attempt at a `credential_provider` vector: a fresh server scripted by the vector's
 * `mock`, the case sent once with `server` added, and the server's view attached to the output.
 * Step values are given with minted tokens as `<tok-N>` and the secret redacted. A retry must call
 * this again (see `AdapterSession.attempt`), so that it gets a server, request log and script
 * counters of its own. The server is closed when the attempt ends, however it ends.
 *
 * A `mock` outside its schema (conformance/protocol/schema/mock-script.json) is the vector's
 * fault: the case is not sent, and the result is `errored` with the problem's JSON path, so it is
 * judged an error (never a pass, never the adapter's failure) the same way for every adapter.
 */
export async function runProviderVector(run: (input: JsonValue) => Promise<CaseResult>, input: JsonValue, now: number): Promise<CaseResult> {
  const plain = toJavaScript(input) as Record<string, unknown> | null;
  let script: ServerScript;
  try {
    // Only an absent mock is the default script: `"mock": null` is refused like any other wrong value.
    script = checkMockScript(plain !== null && typeof plain === 'object' && Object.hasOwn(plain, 'mock') ? plain.mock : {});
  } catch (e) {
    if (e instanceof MockScriptError) return { errored: { message: `the case was not run: its input is invalid: ${e.message}` } };
    throw e;
  }
  // Without openssl there is no proxy CA: SDKs that need the proxy (twilio-node) then skip.
  proxyAvailable ??= hasOpenssl();
  // No self-closing: the case may wait behind others in the adapter's queue for longer than any
  // fixed lifetime on a loaded machine; the finally below closes it.
  const server = await startOAuthServer({ script, now, proxy: proxyAvailable, lifetimeMs: Number.POSITIVE_INFINITY });
  // A loopback port that refuses connections (outside the range listen(0) takes from); the SDK is pointed there instead of the proxy.
  const refused = script.connections === 'refused' ? await refusedUrl() : undefined;
  const refusedPort = refused ? new URL(refused).port : undefined;
  try {
    // caCertFile is the runner's own copy of the CA (removed when the runner exits), so that the
    // built-in adapters need write no file that a killed adapter would leave behind.
    const serverEntry = new JsonObject([
      ['url', server.url],
      ['caCertPem', server.ca?.caCertPem ?? ''],
      ...(server.ca ? [['caCertFile', server.ca.caCertFile] as [string, JsonValue]] : []),
      ...(refused ? [['proxyUrl', refused] as [string, JsonValue]] : []),
    ]);
    const withServer = input instanceof JsonObject ? new JsonObject([...input.entries.filter(([k]) => k !== 'server'), ['server', serverEntry]]) : input;
    const result = await run(withServer);
    const secret = secretOf(plain);
    // The refused port varies from run to run; the libraries' messages name it.
    const unport = (s: string): string => (refusedPort ? s.replace(new RegExp(`\\b${refusedPort}\\b`, 'g'), '<port>') : s);
    const clean = (s: string): string => unport(redact(server.labelTokens(s), secret));
    if (!('output' in result)) return mapStrings(result, clean) as CaseResult;
    const output = mapStrings(result.output, clean) as Record<string, unknown>;
    return { output: { ...output, server: serverView(server, secret) } as never };
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Judging

type Mention = { step: number; label: string };

/**
 * Token labels are assigned in the order the server minted them, which inside a concurrent step
 * is arrival order, so they are compared up to renaming: each token is renamed by the steps it
 * appears in and how often, then every step's values are compared as a multiset.
 */
function canonicalRenamer(mentions: Mention[], steps: number): (label: string) => string {
  const sig = new Map<string, number[]>();
  const first = new Map<string, number>();
  for (const m of mentions) {
    if (!sig.has(m.label)) sig.set(m.label, new Array(steps).fill(0));
    sig.get(m.label)![m.step]++;
    if (!first.has(m.label)) first.set(m.label, m.step);
  }
  const order = [...sig.keys()].sort((a, b) => {
    const d = first.get(a)! - first.get(b)!;
    if (d !== 0) return d;
    const sa = sig.get(a)!;
    const sb = sig.get(b)!;
    for (let i = 0; i < steps; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
    return 0;
  });
  const names = new Map(order.map((l, i) => [l, `T${i + 1}`]));
  return (label) => names.get(label) ?? label;
}

const TOKEN_LABEL = /<(tok-\d+)>/g;

function mentionsIn(v: unknown, step: number, out: Mention[]): void {
  const s = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  for (const m of s.matchAll(TOKEN_LABEL)) out.push({ step, label: m[1] });
}

function rename(v: unknown, f: (l: string) => string): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  return s.replace(TOKEN_LABEL, (_, l: string) => `<${f(l)}>`);
}

type GotCall = { ok: true; value?: unknown } | { ok: false; error: { type?: string; message: string } };

function callProblem(want: ExpectedCall, got: GotCall, f: (l: string) => string, g: (l: string) => string): string | undefined {
  if (want.ok !== got.ok)
    return got.ok
      ? `succeeded, expected ${want.ok ? 'success' : `${(want as { errorType?: string }).errorType ?? 'an error'}: ${JSON.stringify((want as { error?: string }).error)}`}`
      : `failed with ${got.error.type ?? 'error'}: ${JSON.stringify(got.error.message)}`;
  if (want.ok && got.ok) {
    if (!('value' in want)) return undefined;
    return rename(want.value, f) === rename(got.value, g) ? undefined : `value ${rename(got.value, g)}, expected ${rename(want.value, f)}`;
  }
  const w = want as Extract<ExpectedCall, { ok: false }>;
  const e = (got as Extract<GotCall, { ok: false }>).error;
  const types = w.errorTypes ?? (w.errorType ? [w.errorType] : []);
  if (types.length > 0 && !types.includes(e.type ?? '')) return `error type ${e.type}, expected ${types.join(' or ')}`;
  if (!w.messageVolatile && w.error !== undefined && w.error !== e.message) return `error ${JSON.stringify(e.message)}, expected ${JSON.stringify(w.error)}`;
  return undefined;
}

/** Judge a `credential_provider` result (with `output.server` attached by {@link runProviderVector}). */
export function judgeProvider(expect: ProviderExpectation, result: CaseResult): Verdict {
  if ('skipped' in result) return { status: 'skip', reason: result.skipped.reason };
  if ('errored' in result) return { status: 'error', message: result.errored.message };
  const out = result.output as unknown as { steps?: Array<Record<string, unknown>>; server?: ServerView; error?: { message: string } };
  const fail = (detail: string): Verdict => ({ status: 'fail', level: 'differs', detail });
  if (!Array.isArray(out.steps)) return fail(out.error ? `rejected the case: ${out.error.message}` : 'output has no steps');
  if (!out.server) return { status: 'error', message: 'no server view attached (run through runProviderVector)' };
  if (out.steps.length !== expect.steps.length) return fail(`${out.steps.length} steps, expected ${expect.steps.length}`);
  const n = expect.steps.length;
  // Rename tokens on each side by where they are used.
  const wantMentions: Mention[] = [];
  const gotMentions: Mention[] = [];
  expect.steps.forEach((s, i) => {
    mentionsIn(s.result, i, wantMentions);
    for (const a of s.apiAuthorization) mentionsIn(a, i, wantMentions);
  });
  out.steps.forEach((s, i) => mentionsIn(s, i, gotMentions));
  for (const a of out.server.api) if (a.step >= 0 && a.step < n) mentionsIn(a.authorization, a.step, gotMentions);
  const f = canonicalRenamer(wantMentions, n);
  // The expectation is redacted like the server view was, so that recorded credentials compare.
  const hide = (text: string): string => (viewRedactors.get(out.server!) ?? Redactor.none).redact(text);
  const g = canonicalRenamer(gotMentions, n);
  const problems: string[] = [];
  for (let i = 0; i < n; i++) {
    const want = expect.steps[i];
    const got = out.steps[i];
    const where = `step ${i + 1}${want.label ? ` (${want.label})` : ''}`;
    if ('parallel' in want.result) {
      const gp = got.parallel as GotCall[] | undefined;
      if (!Array.isArray(gp) || gp.length !== want.result.parallel.length) problems.push(`${where}: expected ${want.result.parallel.length} concurrent results`);
      else {
        // Concurrent results are compared as multisets: sort both sides by their renamed text.
        const key = (c: unknown, h: (l: string) => string): string => rename(c, h);
        const ws = [...want.result.parallel].sort((a, b) => key(a, f).localeCompare(key(b, f)));
        const gs = [...gp].sort((a, b) => key(a, g).localeCompare(key(b, g)));
        ws.forEach((w, j) => {
          const p = callProblem(w, gs[j], f, g);
          if (p) problems.push(`${where}: concurrent result: ${p}`);
        });
      }
    } else {
      const p = callProblem(want.result, got as unknown as GotCall, f, g);
      if (p) problems.push(`${where}: ${p}`);
    }
    const tokenCount = out.server.tokenRequests.filter((t) => t.step === i).length;
    if (tokenCount !== want.tokenRequests) problems.push(`${where}: ${tokenCount} token requests, expected ${want.tokenRequests}`);
    const gotAuth = out.server.api
      .filter((a) => a.step === i)
      .map((a) => (a.authorization === null ? 'null' : rename(a.authorization, g)))
      .sort();
    const wantAuth = want.apiAuthorization.map((a) => (a === null ? 'null' : rename(hide(a), f))).sort();
    if (JSON.stringify(gotAuth) !== JSON.stringify(wantAuth)) problems.push(`${where}: API Authorization ${JSON.stringify(gotAuth)}, expected ${JSON.stringify(wantAuth)}`);
    // Hosts are compared where the vector records them (vectors made before hosts were recorded do not).
    const hosts = (what: string, want: string[] | undefined, got: Array<{ step: number; host: string }>): void => {
      if (want === undefined) return;
      const g = got
        .filter((r) => r.step === i)
        .map((r) => r.host)
        .sort();
      const w = [...want].sort();
      if (JSON.stringify(g) !== JSON.stringify(w)) problems.push(`${where}: ${what} hosts ${JSON.stringify(g)}, expected ${JSON.stringify(w)}`);
    };
    hosts('token request', want.tokenHosts, out.server.tokenRequests);
    hosts('API', want.apiHosts, out.server.api);
  }
  const stray = out.server.tokenRequests.filter((t) => t.step < 0 || t.step >= n).length + out.server.api.filter((a) => a.step < 0 || a.step >= n).length;
  if (stray > 0) problems.push(`${stray} requests outside any step`);
  if (expect.tokenRequest) {
    const t = expect.tokenRequest;
    out.server.tokenRequests.forEach((r, k) => {
      const where = `token request ${k + 1}`;
      if (r.method !== t.method || r.path !== t.path) problems.push(`${where}: ${r.method} ${r.path}, expected ${t.method} ${t.path}`);
      const names = r.headers.map(([h]) => h);
      const wantNames = t.headers.map(([h]) => h);
      if (JSON.stringify(names) !== JSON.stringify(wantNames)) problems.push(`${where}: headers ${JSON.stringify(names)}, expected ${JSON.stringify(wantNames)}`);
      else {
        t.headers.forEach(([h, v], j) => {
          if (v !== null && r.headers[j][1] !== hide(v)) problems.push(`${where}: ${h} ${JSON.stringify(r.headers[j][1])}, expected ${JSON.stringify(hide(v))}`);
        });
      }
      if (r.body !== hide(t.body)) problems.push(`${where}: body ${JSON.stringify(r.body)}, expected ${JSON.stringify(hide(t.body))}`);
    });
  }
  if (problems.length > 0) return fail(problems.slice(0, 6).join('; ') + (problems.length > 6 ? `; and ${problems.length - 6} more` : ''));
  return { status: 'pass', level: 'bytes' };
}

/**
 * A comparable summary of a provider run, for agreement between adapters: each step's result and
 * its count of token requests and sorted API Authorization values (not the transport details).
 */
export function providerOutcome(output: Record<string, unknown>): string {
  const steps = (output.steps as Array<Record<string, unknown>> | undefined) ?? [];
  const view = output.server as ServerView | undefined;
  return JSON.stringify(
    steps.map((s, i) => ({
      ...s,
      // Concurrent results are a multiset (as the judge compares them): which call got which
      // token depends on scheduling, and must not make two adapters disagree from run to run.
      ...(Array.isArray(s.parallel) ? { parallel: s.parallel.map((c) => JSON.stringify(c)).sort() } : {}),
      tokenRequests: view?.tokenRequests.filter((t) => t.step === i).length,
      api: view?.api
        .filter((a) => a.step === i)
        .map((a) => a.authorization)
        .sort(),
    })),
  );
}

/** Read `expect.<profile>` of a `credential_provider` vector (plain JSON). */
export function readProviderExpectation(v: unknown): ProviderExpectation {
  const o = v as { steps?: unknown; tokenRequest?: unknown };
  if (!Array.isArray(o.steps)) throw new Error('a credential_provider expectation needs steps');
  return { kind: 'provider', steps: o.steps as ExpectedStep[], ...(o.tokenRequest ? { tokenRequest: o.tokenRequest as ExpectedTokenRequest } : {}) };
}
