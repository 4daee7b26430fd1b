/**
 * A real OAuth2 token server and REST endpoint on 127.0.0.1, for tests and the conformance runner.
 *
 * - `POST /v2/token` answers from a script: a freshly minted HS256 JWT access token with `exp`, or
 *   a scripted fault (any status/body/headers, a dropped connection, a delay). The last scripted
 *   reply repeats.
 * - Every other path is the REST API: it answers a small JSON resource (or a scripted reply) and
 *   records the call's `Authorization`.
 * - `GET /__conformance/step/<n>` is a marker an adapter sends before step `n` of a scenario, so
 *   that each request can be attributed to the step that made it.
 * - It is also an HTTPS proxy: `CONNECT host:443` is answered, TLS is terminated with a throwaway
 *   CA's certificate ({@link throwawayCa}) and the decrypted requests are served and recorded the
 *   same way. That is how twilio-node, whose token request ignores every client option, is
 *   observed (providers-spec §12).
 *
 * It listens on an ephemeral loopback port, never connects anywhere, bounds every delay, and
 * closes itself after `lifetimeMs` even if a test forgets to.
 */
import { createHmac, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { checkMockScript, type ScriptedReply, type ServerScript } from './mock-script.ts';
import { throwawayCa, type ThrowawayCa } from './tls.ts';

export type { ScriptedReply, ServerScript } from './mock-script.ts';
export { MockScriptError } from './mock-script.ts';

/** One request as it arrived. */
export interface RecordedRequest {
  readonly seq: number;
  readonly kind: 'token' | 'api' | 'marker';
  /** The scenario step in progress (the last marker's number; -1 before any). */
  readonly step: number;
  readonly method: string;
  readonly path: string;
  /** Header names and values exactly as sent, in order (`rawHeaders`). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  /** Set when the request came through the proxy: the CONNECT authority and the TLS SNI. */
  readonly tunnel?: { readonly connect: string; readonly sni: string | undefined };
  /**
   * The host the client meant (lower case, without the scheme's default port): the CONNECT
   * authority of a proxied request, else its `Host` header; `''` when there is neither.
   */
  readonly host: string;
  /** The label (`tok-N`) of the token minted in reply, if one was. */
  issued?: string;
  /** The status sent, or `reset` when the connection was dropped. */
  reply?: number | 'reset';
}

/** A running server. */
export interface OAuthServer {
  /** `http://127.0.0.1:<port>`: base URL of the token endpoint, the API and the proxy. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The throwaway CA a client must trust to use the proxy (`undefined` when TLS is off). */
  readonly ca: ThrowawayCa | undefined;
  /** Replace the script (counters restart); throws {@link MockScriptError} outside the schema. */
  setScript(script: ServerScript): void;
  /** The label of a token this server minted (`tok-3`), or `undefined`. */
  labelOf(token: string): string | undefined;
  /** `text` with every token this server minted replaced by `<tok-N>`. */
  labelTokens(text: string): string;
  /** The access token text of a label. */
  tokenOf(label: string): string | undefined;
  /** Stop listening and drop every connection. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startOAuthServer}. */
export interface OAuthServerOptions {
  readonly script?: ServerScript;
  /** The scenario's clock in seconds: `iat` of minted tokens and the base of `expIn`. */
  readonly now?: number;
  /**
   * Close by itself after this long (default 60 s), a safety net for callers that may forget to
   * close it. `Infinity` turns it off, for a caller that closes it in a `finally` and may hold it
   * for longer (the runner, whose case can wait behind others on a loaded machine).
   */
  readonly lifetimeMs?: number;
  /** Serve the HTTPS proxy (`CONNECT`) with the process's throwaway CA (default true). */
  readonly proxy?: boolean;
}

/** The longest delay a Node timer keeps (a longer one fires after 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest scripted delay honoured. */
export const MAX_DELAY_MS = 10_000;
/** HMAC key of minted tokens (public: these are test tokens). */
export const MOCK_SIGNING_KEY = 'mock-oauth-signing-key';
/** Names the transcripts use. */
export const MOCK = {
  ACCOUNT_SID: 'AC00000000000000000000000000000001',
  ORG_SID: 'OR00000000000000000000000000000001',
} as const;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** An HS256 JWT as the transcripts' mock minted them: `{iss, sub, jti, iat, exp}`. */
export function mintMockToken(claims: Record<string, unknown>): string {
  const signingInput = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac('sha256', MOCK_SIGNING_KEY).update(signingInput).digest('base64url')}`;
}

function defaultApiBody(path: string): string {
  if (path.startsWith('/Organizations/')) return JSON.stringify({ account_sid: MOCK.ACCOUNT_SID, organization_sid: MOCK.ORG_SID, friendly_name: 'mock account', status: 'active' });
  if (path.includes('/Messages/')) return JSON.stringify({ sid: 'SM00000000000000000000000000000001', account_sid: MOCK.ACCOUNT_SID, body: 'hello', status: 'delivered' });
  return JSON.stringify({ sid: MOCK.ACCOUNT_SID, account_sid: MOCK.ACCOUNT_SID, friendly_name: 'mock account', status: 'active', organization_sid: MOCK.ORG_SID });
}

/** `host[:port]` in lower case, without the port when it is the scheme's default. */
function hostOf(authority: string, defaultPort: number): string {
  const a = authority.toLowerCase();
  return a.endsWith(`:${defaultPort}`) ? a.slice(0, -`:${defaultPort}`.length) : a;
}

/**
 * Start a server on 127.0.0.1 (ephemeral port). Throws {@link MockScriptError} (before listening)
 * when the script is outside the mock script's schema.
 */
export async function startOAuthServer(opts: OAuthServerOptions = {}): Promise<OAuthServer> {
  const now = opts.now ?? 1700000000;
  let script: ServerScript = checkMockScript(opts.script ?? {});
  let tokenCount = 0;
  let apiCount = 0;
  let minted = 0;
  let step = -1;
  let seq = 0;
  let closed = false;
  const requests: RecordedRequest[] = [];
  const labels = new Map<string, string>();
  const texts = new Map<string, string>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const tunnels = new WeakMap<Socket, { connect: string; sni: string | undefined }>();
  const ca = opts.proxy === false ? undefined : throwawayCa();
  const secureContext = ca ? createSecureContext({ cert: ca.serverCertPem, key: ca.serverKeyPem }) : undefined;

  const pick = (list: readonly ScriptedReply[] | undefined, i: number): ScriptedReply | undefined => (list && list.length > 0 ? list[Math.min(i, list.length - 1)] : undefined);

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.min(Math.max(0, ms), MAX_DELAY_MS),
    );
    timers.add(t);
  };

  const respond = (rec: RecordedRequest, req: IncomingMessage, res: ServerResponse, reply: ScriptedReply, subject: string): void => {
    later(reply.delayMs ?? 0, () => {
      if (closed) return;
      if (reply.kind === 'destroy') {
        rec.reply = 'reset';
        req.socket.destroy();
        return;
      }
      let status = 200;
      let body: string;
      let contentType: string | undefined = 'application/json';
      let headers: Readonly<Record<string, string>> = {};
      if (reply.kind === 'jwt') {
        minted++;
        const label = `tok-${minted}`;
        const exp = reply.exp ?? now + (reply.expIn ?? 3600);
        const claims: Record<string, unknown> = { iss: 'mock-oauth', sub: subject, jti: label, iat: now };
        if (!reply.withoutExp) claims.exp = exp;
        const token = mintMockToken(claims);
        labels.set(token, label);
        texts.set(label, token);
        rec.issued = label;
        body = JSON.stringify({ access_token: token, refresh_token: null, id_token: null, token_type: 'Bearer', expires_in: typeof exp === 'number' ? exp - now : 3600 });
      } else if (reply.kind === 'resource') {
        body = defaultApiBody(rec.path);
      } else {
        status = reply.status;
        body = reply.body;
        contentType = reply.contentType ?? 'application/json';
        headers = reply.headers ?? {};
      }
      rec.reply = status;
      res.writeHead(status, { ...(contentType ? { 'Content-Type': contentType } : {}), ...headers });
      res.end(body);
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (closed) return;
      const path = req.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Array<[string, string]> = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      const tunnel = tunnels.get(req.socket);
      const marker = /^\/__conformance\/step\/(-?\d+)$/.exec(path);
      const kind = marker ? 'marker' : path.split('?')[0] === '/v2/token' ? 'token' : 'api';
      if (marker) step = Number(marker[1]);
      const rec: RecordedRequest = { seq: seq++, kind, step, method: req.method ?? '', path, headers, body, ...(tunnel ? { tunnel } : {}), host: hostOf(tunnel?.connect ?? req.headers.host ?? '', tunnel ? 443 : 80) };
      requests.push(rec);
      if (kind === 'marker') {
        rec.reply = 204;
        res.writeHead(204).end();
        return;
      }
      if (kind === 'token') {
        const subject = new URLSearchParams(body).get('client_id') ?? '';
        respond(rec, req, res, pick(script.token, tokenCount++) ?? { kind: 'jwt' }, subject);
      } else {
        respond(rec, req, res, pick(script.api, apiCount++) ?? { kind: 'resource' }, '');
      }
    });
  };

  const server: Server = createServer(handle);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (!secureContext || closed) {
      socket.end('HTTP/1.1 501 Not Implemented\r\n\r\n');
      return;
    }
    const connect = req.url ?? '';
    // The conventional reason phrase, byte for byte: some clients (twilio-php's curl client) find
    // the end of the proxy's reply by matching this exact status line.
    socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, secureContext });
    tls.on('error', () => tls.destroy());
    tls.once('secure', () => {
      tunnels.set(tls, { connect, sni: (tls as TLSSocket & { servername?: string | false }).servername || undefined });
      server.emit('connection', tls);
    });
  });
  server.on('clientError', (_e, s) => s.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearTimeout(lifetime);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  // setTimeout turns a delay above 2^31-1 ms into 1 ms: a longer lifetime is no lifetime.
  const lifetimeMs = opts.lifetimeMs ?? 60_000;
  const lifetime = lifetimeMs <= MAX_TIMER_MS ? setTimeout(() => void close(), Math.max(0, lifetimeMs)) : undefined;
  lifetime?.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    ca,
    setScript(s) {
      script = checkMockScript(s);
      tokenCount = 0;
      apiCount = 0;
    },
    labelOf: (token) => labels.get(token),
    labelTokens: (text) => {
      let out = text;
      for (const [token, label] of labels) out = out.split(token).join(`<${label}>`);
      return out;
    },
    tokenOf: (label) => texts.get(label),
    close,
  };
}

/**
 * A loopback URL nothing listens on (for connection-refused checks). Not a port just released by a
 * listen(0): the kernel may hand that port to the next listen(0) at once, and then a concurrent run's
 * server (or this run's next case) answers the requests meant to be refused, a failure that comes and
 * goes with the machine's load. The port is drawn outside the ephemeral range that every listen(0)
 * of the runner takes from, and checked to refuse a connection now.
 */
export async function refusedUrl(): Promise<string> {
  const [low, high] = outsideEphemeral();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + randomInt(high - low);
    if (await refuses(port)) return `http://127.0.0.1:${port}`;
  }
  throw new Error(`no loopback port in ${low}-${high - 1} refused a connection (50 tried)`);
}

/** Ports no listen(0) is given, as [low, high): below Linux's ip_local_port_range (32768 by default; 49152 on macOS and Windows), else above it. */
function outsideEphemeral(): [number, number] {
  let first = 32768;
  let last = 60999;
  try {
    const m = /^(\d+)\s+(\d+)/.exec(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
    if (m) [first, last] = [Number(m[1]), Number(m[2])];
  } catch {
    // Not Linux: the defaults above are below macOS's and Windows's ranges too.
  }
  if (first - 1024 >= 1000) return [Math.max(1024, first - 20000), first];
  if (65535 - last >= 1000) return [last + 1, 65536];
  return [1024, 65536]; // no range is safe: the port is still checked to refuse
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}
