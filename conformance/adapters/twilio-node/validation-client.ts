/**
 * validation_token via the real REST client (`via: "twilioClient"`).
 *
 * The REST client installs an axios request interceptor that puts a ValidationToken into the
 * `Twilio-Client-Validation` header. The driver makes the recorded API call through a real client
 * whose axios transport is replaced by a stub that records the outgoing header and stops the
 * request, so nothing touches the network.
 */
import type { CaseResult } from '../../protocol/types.ts';
import { withFrozenClockAsync } from './clock.ts';
import type { AxiosConfigLike, TwilioModule } from './library.ts';
import { asObject, asString, checkKeys, DriverFault, has, type JsonObject, libraryError, Skip, tokenString } from './support.ts';
import { VALIDATION_KEYS, validationOptions } from './validation-token.ts';

/** One step of an `apiCall` chain: a property read or a call. */
type ApiStep = { kind: 'get'; name: string } | { kind: 'call'; args: unknown[] };

const FORBIDDEN_NAMES = ['__proto__', 'constructor', 'prototype'];

/**
 * Reads an `apiCall` such as `client.api.v2010.accounts(AC).messages.page({to: "+1", pageSize: 2})`:
 * a property/call chain on `client` whose arguments are JavaScript literals (objects, arrays,
 * strings, numbers, booleans, null, undefined) or a bound name. It is parsed, never evaluated, so
 * case input cannot run code; anything outside this grammar skips.
 */
class ApiCallParser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly bindings: ReadonlyMap<string, unknown>,
  ) {}

  parse(): ApiStep[] {
    this.space();
    if (this.identifier() !== 'client') throw this.fail('must start with "client"');
    const steps: ApiStep[] = [];
    for (;;) {
      this.space();
      if (this.pos >= this.src.length) return steps;
      const ch = this.src[this.pos++];
      if (ch === '.') {
        this.space();
        const name = this.identifier();
        if (FORBIDDEN_NAMES.includes(name)) throw this.fail(`property "${name}" is not allowed`);
        steps.push({ kind: 'get', name });
      } else if (ch === '(') {
        steps.push({ kind: 'call', args: this.list(')') });
      } else {
        throw this.fail(`unexpected "${ch}"`);
      }
    }
  }

  private fail(why: string): Skip {
    return new Skip(`apiCall is outside the call-chain grammar the driver reads (${why} at ${this.pos})`);
  }

  private space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private identifier(): string {
    const match = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos));
    if (!match) throw this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private list(close: string): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      this.space();
      if (this.peek() === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.space();
      const ch = this.src[this.pos++];
      if (ch === close) return items;
      if (ch !== ',') throw this.fail(`expected "," or "${close}"`);
    }
  }

  private value(): unknown {
    this.space();
    const ch = this.peek();
    if (ch === '{') return this.object();
    if (ch === '[') {
      this.pos++;
      return this.list(']');
    }
    if (ch === '"' || ch === "'") return this.string();
    if (/[-0-9]/.test(ch)) return this.number();
    const name = this.identifier();
    switch (name) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case 'undefined':
        return undefined;
    }
    if (this.bindings.has(name)) return this.bindings.get(name);
    throw this.fail(`name "${name}" has no known value`);
  }

  private object(): JsonObject {
    this.pos++;
    const obj: JsonObject = {};
    for (;;) {
      this.space();
      if (this.peek() === '}') {
        this.pos++;
        return obj;
      }
      const ch = this.peek();
      const key = ch === '"' || ch === "'" ? this.string() : /[0-9]/.test(ch) ? String(this.number()) : this.identifier();
      if (key === '__proto__') throw this.fail('key "__proto__" is not allowed');
      this.space();
      if (this.src[this.pos++] !== ':') throw this.fail('expected ":"');
      obj[key] = this.value();
      this.space();
      const next = this.src[this.pos++];
      if (next === '}') return obj;
      if (next !== ',') throw this.fail('expected "," or "}"');
    }
  }

  private string(): string {
    const quote = this.src[this.pos++];
    const start = this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== quote) {
      this.pos += this.src[this.pos] === '\\' ? 2 : 1;
    }
    if (this.pos >= this.src.length) throw this.fail('unterminated string');
    const body = this.src.slice(start, this.pos++);
    if (quote === "'") {
      // Single-quoted strings are read only without escapes, where their meaning is plain.
      if (body.includes('\\')) throw this.fail('escape in a single-quoted string');
      return body;
    }
    try {
      return JSON.parse(`"${body}"`) as string; // JSON's escapes are a subset of JavaScript's
    } catch {
      throw this.fail('string escape outside JSON');
    }
  }

  private number(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.src.slice(this.pos));
    if (!match) throw this.fail('malformed number');
    this.pos += match[0].length;
    return Number(match[0]);
  }
}

/** Follow an `apiCall` chain from the client; calls keep their receiver, as `a.b(…)` does. */
async function followApiCall(client: unknown, steps: readonly ApiStep[]): Promise<unknown> {
  let receiver: unknown = undefined;
  let current: unknown = client;
  let path = 'client';
  for (const step of steps) {
    if (step.kind === 'get') {
      if (current === null || (typeof current !== 'object' && typeof current !== 'function')) {
        throw new DriverFault(`apiCall: ${path} is not an object`);
      }
      receiver = current;
      current = (current as JsonObject)[step.name];
      path += `.${step.name}`;
      if (current === undefined) throw new DriverFault(`apiCall: twilio-node has no ${path}`);
    } else {
      if (typeof current !== 'function') throw new DriverFault(`apiCall: ${path} is not a function`);
      current = Reflect.apply(current, receiver, step.args);
      receiver = undefined;
      path += '(…)';
    }
  }
  return await current;
}

/** What the validation interceptor was given, copied just before it ran. */
interface RequestSnapshot {
  method: unknown;
  url: unknown;
  params: unknown;
  data: unknown;
  headers: Record<string, unknown>;
}

function snapshotRequest(config: AxiosConfigLike): RequestSnapshot {
  const headers = config.headers;
  const plainHeaders = headers && typeof headers.toJSON === 'function' ? headers.toJSON() : { ...(headers ?? {}) };
  // axios replaces `data` with its serialized form after the interceptors, so keep the reference
  // the interceptor saw; neither the library nor axios mutates these objects in place.
  return { method: config.method, url: config.url, params: config.params, data: config.data, headers: plainHeaders };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The replay is only faithful if the client sent what the case recorded; a difference means the
 * driver made the wrong call, which is its own fault and not the library's answer.
 */
function checkReplay(recorded: JsonObject, sent: RequestSnapshot): void {
  const differ = (field: string, got: unknown, want: unknown): never => {
    throw new DriverFault(`twilioClient replay sent ${field} ${JSON.stringify(got)}, the case recorded ${JSON.stringify(want)}`);
  };
  for (const field of ['method', 'url', 'params', 'data'] as const) {
    const want = has(recorded, field) ? recorded[field] : undefined;
    if (!sameJson(sent[field], want)) differ(field, sent[field], want);
  }
  if (has(recorded, 'headers')) {
    for (const [name, want] of Object.entries(asObject(recorded.headers, 'request.headers'))) {
      if (sent.headers[name] !== want) differ(`header ${name}`, sent.headers[name], want);
    }
  }
}

/** Thrown by the stub transport once the request (and its validation header) is complete. */
const TRANSPORT_STOP: unique symbol = Symbol('twilio-node driver: request reached the stub transport');

// The global clock and console are swapped for the whole asynchronous call, so such calls must
// not overlap; this chain runs them one after another.
let clientCallQueue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = clientCallQueue.then(task);
  clientCallQueue = run.catch(() => undefined);
  return run;
}

export async function runViaClient(lib: TwilioModule, input: JsonObject, clockMs: number): Promise<CaseResult> {
  checkKeys(input, VALIDATION_KEYS, '');
  for (const quirk of ['optionsAbsent', 'optionsValue', 'setAfter']) {
    if (has(input, quirk)) throw new Skip(`${quirk} cannot reach the ValidationToken the REST client builds`);
  }
  const options = validationOptions(input).value;
  const credentials = asObject(input.clientCredentials, 'clientCredentials');
  checkKeys(credentials, ['username', 'password'], 'clientCredentials');
  const apiCall = asString(input.apiCall, 'apiCall');
  // `AC` in a recorded apiCall is the account SID; bind it only where that is unambiguous.
  const bindings = new Map<string, unknown>();
  if (has(input, 'accountSid') && input.accountSid === credentials.username) bindings.set('AC', input.accountSid);
  const steps = new ApiCallParser(apiCall, bindings).parse();
  const recorded = has(input, 'request') ? asObject(input.request, 'request') : undefined;

  let seen: RequestSnapshot | undefined;
  let sentHeader: unknown;
  let sent = false;
  const failure = await oneAtATime(() =>
    withFrozenClockAsync(clockMs, async (): Promise<{ error: unknown } | undefined> => {
      // The interceptor logs its failures with console.log; stdout may be a protocol stream.
      const consoleLog = console.log;
      console.log = console.error;
      try {
        const client = lib(credentials.username, credentials.password, { validationClient: options });
        const axios = client.httpClient.axios;
        // Request interceptors run last-registered first, so this one sees the config exactly
        // as twilio's validation interceptor is about to.
        axios.interceptors.request.use((config) => {
          seen = snapshotRequest(config);
          return config;
        });
        axios.defaults.adapter = (config: AxiosConfigLike): Promise<never> => {
          sent = true;
          sentHeader = config.headers?.['Twilio-Client-Validation'];
          return Promise.reject(TRANSPORT_STOP);
        };
        await followApiCall(client, steps);
        throw new DriverFault('apiCall resolved without reaching the stub transport');
      } catch (error) {
        if (error === TRANSPORT_STOP) return undefined;
        if (error instanceof DriverFault) throw error;
        return { error };
      } finally {
        console.log = consoleLog;
      }
    }),
  );
  if (failure) return { output: { error: libraryError(failure.error) } };
  if (!sent || seen === undefined) throw new DriverFault('the stub transport saw no request');

  const token = tokenString(sentHeader, 'the Twilio-Client-Validation header');
  if (recorded) checkReplay(recorded, seen);
  const canonicalizer = new lib.jwt.ValidationToken(options).getRequestCanonicalizer(seen);
  const requestHash = canonicalizer.create();
  // Guard the snapshot: it must be the request the token signed.
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as JsonObject;
  if (payload.rqh !== requestHash) throw new DriverFault('the snapshot request does not hash to the token rqh');
  return { output: { token, canonicalRequest: canonicalizer.getCanonicalizedRequestString(), requestHash } };
}
