/**
 * Model-based tests of strict mode (fast-check `commands`, and `scheduledModelRun` for races),
 * over an in-memory token endpoint and API with a virtual clock:
 * - a token is never used at or after its expiry;
 * - one token request per refresh window however many calls wait (never two in flight);
 * - every fault ends in success or its own typed error, within a bounded (virtual) time;
 * - no error text contains the client secret.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mintMockToken } from '../../conformance/oauth/server.ts';
import { ApiClient, CredentialError, StrictCredentialProvider, strictApiRules, TransportFailure, type HttpReply, type HttpRequest, type Transport } from '../../reference/providers/index.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';

const SECRET = 'model-secret-%+/ &=é';
const START = 1_700_000_000_000;
const BUFFER_MS = 60_000;
const MAX_RETRY_DELAY_MS = 5_000;

/** What the token endpoint answers to one request. */
type Reply = 'ok' | 'ok-short' | '401' | '400' | '429' | '429-long' | '500' | 'malformed' | 'missing' | 'opaque' | 'expired' | 'reset';
const REPLIES: Reply[] = ['ok', 'ok-short', '401', '400', '429', '429-long', '500', 'malformed', 'missing', 'opaque', 'expired', 'reset'];
const RETRYABLE = new Set<Reply>(['429', '500']);
const SUCCESS = new Set<Reply>(['ok', 'ok-short', 'opaque']);
/** The typed error each failing reply must end in. */
const CODE: Partial<Record<Reply, string>> = {
  '401': 'token_rejected',
  '400': 'token_rejected',
  '429': 'token_rate_limited',
  '429-long': 'token_rate_limited',
  '500': 'token_server_error',
  malformed: 'token_response_malformed',
  missing: 'token_missing',
  expired: 'token_invalid',
  reset: 'token_network',
};

/** An in-memory token endpoint and API sharing one virtual clock. */
class World {
  clock = START;
  plan: Reply[] = [];
  tokenRequests = 0;
  inflight = 0;
  maxInflight = 0;
  minted = 0;
  slept = 0;
  /** Expiry of every token handed out, by token text. */
  readonly expiry = new Map<string, number>();
  readonly violations: string[] = [];
  apiCalls = 0;
  apiClient?: ApiClient;

  readonly transport: Transport = async (req: HttpRequest): Promise<HttpReply> => {
    if (req.method === 'GET') return this.serveApi(req);
    this.tokenRequests++;
    this.inflight++;
    this.maxInflight = Math.max(this.maxInflight, this.inflight);
    try {
      await this.pause();
      return this.reply(this.plan.shift() ?? 'ok');
    } finally {
      this.inflight--;
    }
  };

  /** A hook the race test replaces with scheduler-controlled waits. */
  pause: () => Promise<void> = () => Promise.resolve();

  private serveApi(req: HttpRequest): HttpReply {
    this.apiCalls++;
    const auth = req.headers.find(([k]) => k === 'Authorization')?.[1] ?? '';
    const token = auth.replace(/^Bearer /, '');
    const exp = this.expiry.get(token);
    if (exp === undefined || this.clock >= exp) this.violations.push(`API call at ${this.clock} with a token expiring at ${exp}`);
    return { status: 200, contentType: 'application/json', headers: {}, body: '{}' };
  }

  private reply(r: Reply): HttpReply {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpReply => ({ status, contentType: 'application/json', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const now = Math.floor(this.clock / 1000);
    const jwt = (expIn: number): HttpReply => {
      const token = mintMockToken({ iss: 'mock', jti: `tok-${++this.minted}`, iat: now, exp: now + expIn });
      this.expiry.set(token, (now + expIn) * 1000);
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: expIn });
    };
    switch (r) {
      case 'ok':
        return jwt(3600);
      case 'ok-short':
        return jwt(90);
      case 'expired':
        return jwt(-10);
      case 'opaque': {
        const token = `opaque-${++this.minted}`;
        this.expiry.set(token, this.clock + 600_000);
        return json(200, { access_token: token, expires_in: 600 });
      }
      case '401':
        return json(401, { code: 20003, message: `Authentication Error ${SECRET}` });
      case '400':
        return json(400, { error: 'invalid_client', error_description: `bad ${SECRET}` });
      case '429':
        return json(429, { code: 20429 }, { 'retry-after': '1' });
      case '429-long':
        return json(429, { code: 20429 }, { 'retry-after': '86400' });
      case '500':
        return json(500, 'Internal Server Error');
      case 'malformed':
        return json(200, '{"access_token": "eyJhbGciOi');
      case 'missing':
        return json(200, { token_type: 'Bearer' });
      case 'reset':
        throw new TransportFailure('reset', 'socket hang up', 'ECONNRESET');
    }
  }

  client(): { client: ApiClient; provider: StrictCredentialProvider } {
    const provider = new StrictCredentialProvider({
      clientId: 'OQ1',
      clientSecret: SECRET,
      tokenBaseUrl: 'http://127.0.0.1:9',
      transport: this.transport,
      clock: () => this.clock,
      sleep: async (ms) => {
        this.slept += ms;
        this.clock += ms;
      },
      random: () => 0.5,
      refreshBufferMs: BUFFER_MS,
      retryMaxDelayMs: MAX_RETRY_DELAY_MS,
    });
    return { provider, client: new ApiClient({ rules: strictApiRules, baseUrl: 'http://127.0.0.1:9', credentialProvider: provider, transport: this.transport }) };
  }
}

/** The model: the token strict mode should hold (expiry and refresh instant), as the endpoint issued it. */
interface Model {
  held?: { expiresAt: number; refreshAt: number };
}

class AdvanceClock implements fc.AsyncCommand<Model, World> {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(_m: Model, w: World): Promise<void> {
    w.clock += this.ms;
  }
  toString = (): string => `advance(${this.ms})`;
}

class ConcurrentCalls implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly n: number,
    readonly plan: Reply[],
  ) {}
  check = (): boolean => true;
  async run(m: Model, w: World): Promise<void> {
    const api = w.apiClient!;
    const before = { requests: w.tokenRequests, slept: w.slept, clock: w.clock };
    w.plan = [...this.plan];
    const needs = !m.held || w.clock >= m.held.refreshAt;
    const results = await Promise.all(
      Array.from({ length: this.n }, () =>
        api.get('/x').then(
          () => ({ ok: true as const }),
          (e: unknown) => ({ ok: false as const, e: e instanceof CredentialError ? e : (e as { cause?: unknown }).cause }),
        ),
      ),
    );
    const requests = w.tokenRequests - before.requests;
    // Bounded: no more than one refresh and its one retry, and no more virtual waiting than the cap.
    expect(requests).toBeLessThanOrEqual(2);
    expect(w.slept - before.slept).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
    for (const r of results) {
      if (!r.ok) {
        expect(r.e).toBeInstanceOf(CredentialError);
        expect(`${(r.e as Error).message}${JSON.stringify(r.e)}`).not.toContain(SECRET);
      }
    }
    if (!needs) {
      expect(requests).toBe(0);
      expect(results.every((r) => r.ok)).toBe(true);
      return;
    }
    // One refresh for all n callers; a retryable first reply adds exactly one retry.
    const first = this.plan[0] ?? 'ok';
    const final = RETRYABLE.has(first) ? (this.plan[1] ?? 'ok') : first;
    expect(requests).toBe(RETRYABLE.has(first) ? 2 : 1);
    if (SUCCESS.has(final)) {
      expect(results.every((r) => r.ok)).toBe(true);
      const now = w.clock;
      const lifetime = final === 'ok' ? 3_600_000 : final === 'ok-short' ? 90_000 : 600_000;
      const issuedAt = final === 'opaque' ? before.clock + (RETRYABLE.has(first) ? w.slept - before.slept : 0) : Math.floor(now / 1000) * 1000;
      const expiresAt = issuedAt + lifetime;
      m.held = { expiresAt, refreshAt: expiresAt - Math.min(BUFFER_MS, (expiresAt - now) / 2) };
    } else {
      const stillValid = m.held !== undefined && w.clock < m.held.expiresAt;
      if (stillValid) expect(results.every((r) => r.ok)).toBe(true);
      else {
        const code = CODE[final === first ? first : final] ?? CODE[first];
        for (const r of results) expect(r.ok === false && (r.e as CredentialError).code).toBe(code);
      }
    }
  }
  toString = (): string => `calls(${this.n}, [${this.plan.join(',')}])`;
}

const commands = fc.commands(
  [
    // Steps that land on the edges (buffer start, expiry, just past it) as well as anywhere.
    fc.oneof(fc.integer({ min: 0, max: 4_000_000 }), fc.constantFrom(500, 1000, 29_000, 30_000, 44_000, 45_000, 59_000, 60_000, 3_540_000, 3_599_000, 3_600_000, 3_601_000)).map((ms) => new AdvanceClock(ms)),
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.array(fc.constantFrom(...REPLIES), { minLength: 1, maxLength: 2 })).map(([n, plan]) => new ConcurrentCalls(n, plan)),
  ],
  { maxCommands: 25 },
);

describe('strict mode, model-based', () => {
  it('fc.commands: expiry, one request per refresh window, typed faults, bounded, no secret', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const world = new World();
        world.apiClient = world.client().client;
        await fc.asyncModelRun(() => ({ model: {} as Model, real: world }), cmds);
        expect(world.violations).toEqual([]);
        expect(world.maxInflight).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150, seed: seedFromEnv(), path: pathFromEnv() },
    );
  });

  it('scheduledModelRun: interleaved callers and clock jumps never put two token requests in flight or use an expired token', async () => {
    class Start implements fc.AsyncCommand<object, { world: World; pending: Promise<unknown>[]; api: ApiClient }> {
      constructor(readonly n: number) {}
      check = (): boolean => true;
      async run(_m: object, r: { world: World; pending: Promise<unknown>[]; api: ApiClient }): Promise<void> {
        for (let i = 0; i < this.n; i++) r.pending.push(r.api.get('/x').catch((e: unknown) => e));
      }
      toString = (): string => `start(${this.n})`;
    }
    class Jump implements fc.AsyncCommand<object, { world: World; pending: Promise<unknown>[]; api: ApiClient }> {
      constructor(readonly ms: number) {}
      check = (): boolean => true;
      async run(_m: object, r: { world: World }): Promise<void> {
        r.world.clock += this.ms;
      }
      toString = (): string => `jump(${this.ms})`;
    }
    const cmds = fc.commands([fc.integer({ min: 1, max: 30 }).map((n) => new Start(n)), fc.integer({ min: 0, max: 3_700_000 }).map((ms) => new Jump(ms))], { maxCommands: 20 });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), cmds, async (s, c) => {
        const world = new World();
        world.pause = () => s.schedule(Promise.resolve(), 'token reply');
        const { client } = world.client();
        const real = { world, pending: [] as Promise<unknown>[], api: client };
        await fc.scheduledModelRun(s, () => ({ model: {}, real }), c);
        await s.waitAll();
        const outcomes = await Promise.all(real.pending);
        // With every reply a good token, the only failure is a token whose whole lifetime passed
        // while it was in flight (the clock jumped): refused, never used.
        for (const o of outcomes) {
          if ((o as { status?: number }).status === 200) continue;
          const typed = o instanceof CredentialError ? o : (o as { cause?: unknown }).cause;
          expect((typed as CredentialError).code).toBe('token_invalid');
          expect((typed as Error).message).not.toContain(SECRET);
        }
        expect(world.maxInflight).toBeLessThanOrEqual(1);
        expect(world.violations).toEqual([]);
      }),
      { numRuns: 100, seed: seedFromEnv(), path: pathFromEnv() },
    );
  });
});
