/**
 * The HTTP the providers speak: one request, one reply, over node:http or node:https. It keeps the
 * header order and spelling the caller gives (the libraries differ in both), applies an optional
 * per-request timeout, and reports transport failures as {@link TransportFailure} carrying the
 * message Node's own HTTP client gives, which is what twilio-node surfaces.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One request; `headers` are sent exactly in this order and spelling. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  /** Abort and fail with a `timeout` failure after this many milliseconds without a full reply. */
  readonly timeoutMs?: number;
}

/** A complete reply (the body read as UTF-8 text). */
export interface HttpReply {
  readonly status: number;
  readonly contentType: string | undefined;
  /** Response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How a request failed before a complete reply arrived. */
export type TransportFailureKind = 'reset' | 'refused' | 'timeout' | 'other';

/** The request never produced a reply: the connection was refused, dropped, or too slow. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    /** Node's error code (`ECONNRESET`, `ECONNREFUSED`, ...), when there is one. */
    readonly code?: string,
    /** The URL the caller asked for, where it differs from the address connected to (a proxy's). */
    readonly url?: string,
  ) {
    super(message);
  }
}

/** Something that sends one request and resolves to its reply, or rejects with {@link TransportFailure}. */
export type Transport = (req: HttpRequest) => Promise<HttpReply>;

function kindOf(code: string | undefined): TransportFailureKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  return 'other';
}

/**
 * The default transport: a fresh connection per request (`agent: false`), as the libraries' token
 * managers each build a new client, so no socket outlives the call and nothing global is touched.
 */
export const nodeTransport: Transport = (req) =>
  new Promise<HttpReply>((resolve, reject) => {
    const url = new URL(req.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // Headers go in through the options object, in order and spelling; Node adds no Host (the
    // caller's list has the library's) and, once told, no Connection header of its own either.
    const headers: Record<string, string> = {};
    for (const [k, v] of req.headers) headers[k] = v;
    const hasConnection = req.headers.some(([k]) => k.toLowerCase() === 'connection');
    let settled = false;
    const fail = (f: TransportFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(f);
    };
    const r = send(url, { method: req.method, headers, agent: false, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e: NodeJS.ErrnoException) => fail(new TransportFailure(kindOf(e.code), e.message, e.code)));
      res.on('aborted', () => fail(new TransportFailure('reset', 'aborted', 'ECONNRESET')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, contentType: headers['content-type'], headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer =
      req.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            fail(new TransportFailure('timeout', `no reply within ${req.timeoutMs} ms`, 'ETIMEDOUT'));
            r.destroy();
          }, req.timeoutMs);
    if (!hasConnection) r.removeHeader('Connection');
    r.on('error', (e: NodeJS.ErrnoException) => fail(new TransportFailure(kindOf(e.code), e.message, e.code)));
    r.end(req.body);
  });
