import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { parseLossless } from '../../reference/json/parse.ts';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import { readLines } from './lines.ts';
import type { CaseResult, Family, Implementation } from './types.ts';

/** A case as the runner sends it; `input` goes on the wire exactly as the vector wrote it. */
export interface OutgoingCase {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: JsonValue;
}

/** How long to wait for `start` and for each case, by default. */
export const DEFAULT_START_TIMEOUT_MS = 30_000;
export const DEFAULT_CASE_TIMEOUT_MS = 10_000;

interface Pending {
  seq: number | 'start';
  resolve: (v: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * One adapter process speaking protocol v1. Requests may be pipelined; answers are matched to
 * requests by order and checked against their `seq`. Anything the adapter gets wrong (a timeout,
 * a crash, invalid JSON, a wrong `seq`) comes back as an `errored` result, never as a pass.
 */
export class AdapterProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private nextSeq = 0;
  private exited = false;
  /**
   * Set once the adapter can no longer be trusted to answer in step: it exited, timed out, wrote a
   * line nobody asked for, or answered with the wrong seq. A runner restarts it before going on.
   */
  broken?: string;
  /** How the process ended, once it has (`code 0`, `SIGKILL`...). */
  exitStatus?: string;
  /** Every reply line as parsed JSON, kept only when `recordReplies` was asked for (smoke checks). */
  readonly replies: unknown[] = [];
  private recordReplies = false;
  private stderrTail = '';
  /** What the adapter said in reply to `start`. */
  implementation?: Implementation;

  private constructor(
    readonly command: readonly string[],
    private readonly caseTimeoutMs: number,
  ) {
    this.child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => {}); // a dead adapter surfaces through 'exit'
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
    });
    readLines(this.child.stdout, (line) => this.onLine(line));
    this.child.on('error', (e) => this.failAll(`could not run adapter: ${e.message}`));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitStatus = signal ?? `code ${code}`;
      this.broken ??= `adapter exited (${signal ?? `code ${code}`})`;
      this.failAll(`adapter exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim().slice(-500)}` : ''}`);
    });
  }

  /** Start an adapter and perform the `start` handshake. Throws if it does not answer properly. */
  static async start(
    command: readonly string[],
    opts: { caseTimeoutMs?: number; startTimeoutMs?: number; recordReplies?: boolean } = {},
  ): Promise<AdapterProcess> {
    const a = new AdapterProcess(command, opts.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS);
    a.recordReplies = opts.recordReplies ?? false;
    const reply = (await a.request('start', '{"cmd":"start","version":1}', opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS)) as
      | { version?: unknown; implementation?: Implementation; errored?: { message: string } }
      | undefined;
    if (!reply || reply.version !== 1 || !reply.implementation) {
      a.kill();
      throw new Error(`adapter did not answer start: ${reply?.errored?.message ?? JSON.stringify(reply)}`);
    }
    a.implementation = reply.implementation;
    return a;
  }

  /** Run one case. Never rejects: adapter faults come back as `errored`. */
  async run(c: OutgoingCase): Promise<CaseResult> {
    const seq = this.nextSeq++;
    const caseText =
      `{"id":${JSON.stringify(c.id)},"family":${JSON.stringify(c.family)},"now":${c.now}` +
      `${c.nowMs === undefined ? '' : `,"nowMs":${c.nowMs}`},"input":${stringifyLossless(c.input)}}`;
    const reply = (await this.request(seq, `{"cmd":"run","seq":${seq},"case":${caseText}}`, this.caseTimeoutMs)) as Record<
      string,
      unknown
    >;
    if ('errored' in reply && reply.seq === undefined) return { errored: reply.errored as { message: string } };
    if (reply.seq !== seq) {
      this.broken ??= `answered seq ${JSON.stringify(reply.seq)} to seq ${seq}`;
      return { errored: { message: `adapter answered seq ${JSON.stringify(reply.seq)} to seq ${seq}` } };
    }
    const kinds = ['output', 'skipped', 'errored'].filter((k) => k in reply);
    if (kinds.length !== 1) return { errored: { message: `adapter reply has ${kinds.length ? kinds.join(' and ') : 'none'} of output/skipped/errored` } };
    return { [kinds[0]]: reply[kinds[0]] } as CaseResult;
  }

  /** Ask the adapter to stop and wait for it to exit (killing it if it does not). */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end('{"cmd":"stop"}\n');
    const timer = setTimeout(() => this.kill(), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private request(seq: number | 'start', line: string, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve) => {
      if (this.exited) {
        resolve({ errored: { message: 'adapter is not running' } });
        return;
      }
      const timer = setTimeout(() => {
        // The adapter is now out of step with us; nothing it says later can be trusted.
        this.broken ??= `no answer within ${timeoutMs} ms`;
        this.failAll(`no answer within ${timeoutMs} ms`);
        this.kill();
      }, timeoutMs);
      this.pending.push({ seq, resolve, timer });
      this.child.stdin.write(`${line}\n`);
    });
  }

  private onLine(line: string): void {
    const p = this.pending.shift();
    if (!p) {
      // Output nobody asked for (before start, between answers): the stream is out of step.
      this.broken ??= `wrote a line nobody asked for: ${JSON.stringify(line.slice(0, 120))}`;
      this.stderrTail += `\n[unexpected stdout] ${line.slice(0, 200)}`;
      return;
    }
    clearTimeout(p.timer);
    try {
      // Replies are read losslessly too, then handed over as plain data (tokens and messages are strings).
      parseLossless(line);
      const reply = JSON.parse(line);
      if (this.recordReplies) this.replies.push(reply);
      p.resolve(reply);
    } catch (e) {
      p.resolve({ errored: { message: `adapter wrote invalid JSON: ${(e as Error).message}` } });
    }
  }

  private failAll(message: string): void {
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.resolve({ errored: { message } });
    }
  }
}
