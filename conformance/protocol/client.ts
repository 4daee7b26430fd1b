import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { parseLossless } from '../../reference/json/parse.ts';
import { stringifyLossless } from '../../reference/json/stringify.ts';
import type { JsonValue } from '../../reference/json/value.ts';
import { DEFAULT_MAX_LINE_BYTES, readLines } from './lines.ts';
import type { CaseResult, Family, Implementation } from './types.ts';
import { checkRunReply, checkStartReply, shortText, type Unavailability } from './validate.ts';

export { DEFAULT_MAX_LINE_BYTES };
export type { Unavailability };

/**
 * Thrown by {@link AdapterProcess.start} (and so by `AdapterSession.open`) when the adapter
 * answered `start` with `unavailable`: the implementation it wraps cannot run on this machine.
 * That is not an adapter error: the runner reports the adapter as unavailable, with `reason` and
 * `install`, exactly like a built-in adapter whose library is missing. The adapter has already
 * been stopped (its process group is gone) when this is thrown.
 */
export class AdapterUnavailableError extends Error {
  /** A stable code to test for instead of the class (e.g. across copies of the package). */
  readonly code = 'ERR_ADAPTER_UNAVAILABLE';
  override readonly name = 'AdapterUnavailableError';
  /** Why the implementation cannot run here, as the adapter said it. */
  readonly reason: string;
  /** How to make it available, when the adapter said. */
  readonly install?: string;

  constructor(u: Unavailability) {
    const summary = u.install === undefined ? u.reason : `${u.reason} (install: ${u.install})`;
    super(`adapter is unavailable: ${summary}`);
    this.reason = u.reason;
    if (u.install !== undefined) this.install = u.install;
  }

  /** `reason (install: install)`, or `reason`: how reports show it. */
  get summary(): string {
    return this.install === undefined ? this.reason : `${this.reason} (install: ${this.install})`;
  }
}

/** A case as the runner sends it; `input` goes on the wire exactly as the vector wrote it. */
export interface OutgoingCase {
  id: string;
  family: Family;
  now: number;
  nowMs?: number;
  input: JsonValue;
}

/** How long the adapter may take to answer `start`, by default. */
export const DEFAULT_START_TIMEOUT_MS = 30_000;
/**
 * How long the adapter may spend on one case, by default. The clock runs only while the case is
 * the oldest one waiting (see {@link AdapterProcess}), so this is the adapter's own time on it.
 */
export const DEFAULT_CASE_TIMEOUT_MS = 30_000;
/** How long `stop` waits for the adapter to exit before ending its process group, by default. */
export const DEFAULT_STOP_GRACE_MS = 5_000;
/** The longest timeout a timer can wait (Node turns anything longer into 1 ms). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** After stdout ends, how long to wait for the exit that usually follows before calling it a closed stdout. */
const STDOUT_EOF_GRACE_MS = 250;
/** After the adapter exits, how long to wait for the rest of its stdout before giving up on it. */
const EXIT_DRAIN_MS = 1_000;

/** Options of {@link AdapterProcess.start}. */
export interface AdapterProcessOptions {
  /** Milliseconds the adapter may spend on one case (default {@link DEFAULT_CASE_TIMEOUT_MS}). */
  caseTimeoutMs?: number;
  /** Milliseconds the adapter may take to answer `start` (default {@link DEFAULT_START_TIMEOUT_MS}). */
  startTimeoutMs?: number;
  /** Keep every reply as parsed JSON in `replies` (smoke checks). */
  recordReplies?: boolean;
  /** The longest answer line accepted, in bytes (default {@link DEFAULT_MAX_LINE_BYTES}). */
  maxLineBytes?: number;
}

/**
 * A timeout as a timer can take it: a positive number of milliseconds, at most {@link MAX_TIMEOUT_MS}
 * (a longer one, Infinity included, waits that long). Anything else is refused with a RangeError.
 */
export function timerMs(name: string, ms: number): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, not ${String(ms)}`);
  return Math.min(ms, MAX_TIMEOUT_MS);
}

// Adapters run in process groups of their own, so that ending one ends whatever it started. The
// groups still alive are ended when the runner exits, however it exits.
const liveGroups = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let exitHooked = false;

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone. EPERM cannot happen for a group we created.
  }
}

function killAllGroups(): void {
  for (const g of liveGroups) killGroup(g);
  liveGroups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllGroups();
  unhookSignals();
  // Nobody else handles it: die of it, as the runner would have without us.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function unhookSignals(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

function trackGroup(pgid: number): void {
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', killAllGroups);
  }
  // Signal handlers only while adapters run: a handler changes what the signal does.
  if (liveGroups.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  liveGroups.add(pgid);
}

function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
  if (liveGroups.size === 0) unhookSignals();
}

/** What a request got: the adapter's reply as parsed JSON, or why there is none. */
type Answer = { reply: unknown } | { fault: string };

interface Pending {
  resolve: (a: Answer) => void;
  timeoutMs: number;
  /** Runs only while this request is the oldest one waiting. */
  timer?: NodeJS.Timeout;
}

/**
 * One adapter process speaking protocol v1. Requests may be pipelined; answers are matched to
 * requests by order and checked against their `seq`. Every reply is validated against the
 * protocol's schemas before it is used. Anything the adapter gets wrong (a timeout, a crash,
 * invalid JSON or an invalid reply, a wrong `seq`, an over-long line, a closed stdout) comes back
 * as an `errored` result, never as a pass.
 *
 * Answers come in request order, so only the oldest request waiting has a running timer; it starts
 * when the request becomes the oldest (when it is written, or when the answer before it arrives).
 * A case's timeout thus measures the adapter's own time on it, however many are queued behind.
 *
 * The adapter runs in its own process group, which is ended (SIGKILL) on `kill`, on a timeout,
 * after a `stop` that is not obeyed in time, as soon as the adapter exits (so that a grandchild
 * holding its stdout cannot outlive it), and when the runner exits.
 */
export class AdapterProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private nextSeq = 0;
  private exited = false;
  private killed = false;
  private stopping = false;
  private stdoutEnded = false;
  private finished = false;
  private drainTimer?: NodeJS.Timeout;
  private readonly stopReading: () => void;
  private readonly exitedPromise: Promise<void>;
  private markExited!: () => void;
  /**
   * Set once the adapter can no longer be trusted to answer in step: it exited, timed out, wrote a
   * line nobody asked for or one too long, closed its stdout, or answered with the wrong seq. A
   * runner restarts it before going on.
   */
  broken?: string;
  /** How the process ended, once it has (`code 0`, `SIGKILL`...). */
  exitStatus?: string;
  /** Every reply line as parsed JSON, kept only when `recordReplies` was asked for (smoke checks). */
  readonly replies: unknown[] = [];
  private recordReplies = false;
  private stderrTail = '';
  /** What the adapter said in reply to `start`, once it is known to be valid. */
  implementation?: Implementation;

  private constructor(
    readonly command: readonly string[],
    private readonly caseTimeoutMs: number,
    maxLineBytes: number,
  ) {
    this.exitedPromise = new Promise((resolve) => (this.markExited = resolve));
    this.child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    if (this.child.pid !== undefined) trackGroup(this.child.pid);
    this.child.stdin.on('error', () => {}); // a dead adapter surfaces through 'exit'
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
    });
    this.child.stderr.on('error', () => {});
    this.child.stdout.on('error', () => {});
    this.stopReading = readLines(
      this.child.stdout,
      (line) => this.onLine(line),
      () => this.onStdoutEnd(),
      { maxLineBytes, onOverflow: (n) => this.onOverflow(n) },
    );
    this.child.on('error', (e) => {
      // Could not be spawned (no such command...): there is no process and there will be no 'exit'.
      if (this.child.pid !== undefined) return;
      this.exited = true;
      this.exitStatus = 'not started';
      this.broken ??= `could not run adapter: ${e.message}`;
      this.finish(`could not run adapter: ${e.message}`);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitStatus = signal ?? `code ${code}`;
      // Whatever it started goes with it; that also closes a stdout a grandchild was holding.
      if (this.child.pid !== undefined) {
        killGroup(this.child.pid);
        untrackGroup(this.child.pid);
      }
      this.broken ??= `adapter exited (${this.exitStatus})`;
      this.markExited();
      if (this.stdoutEnded) this.finish();
      // Let the answers it wrote before exiting arrive, but not wait on a stdout someone else holds.
      else this.drainTimer = setTimeout(() => this.finish(), EXIT_DRAIN_MS);
    });
  }

  /**
   * Start an adapter and perform the `start` handshake. Throws an Error naming the reason (one
   * line) if it does not answer, or answers something that is not a valid start reply, and an
   * {@link AdapterUnavailableError} if it answers that its implementation is unavailable here; the
   * adapter's process group is then already ended. Throws a RangeError for invalid options.
   */
  static async start(command: readonly string[], opts: AdapterProcessOptions = {}): Promise<AdapterProcess> {
    const caseTimeoutMs = timerMs('caseTimeoutMs', opts.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS);
    const startTimeoutMs = timerMs('startTimeoutMs', opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) throw new RangeError(`maxLineBytes must be a positive integer, not ${String(maxLineBytes)}`);
    if (command.length === 0 || !command[0]) throw new RangeError('the adapter command is empty');
    const a = new AdapterProcess(command, caseTimeoutMs, maxLineBytes);
    a.recordReplies = opts.recordReplies ?? false;
    const answer = await a.request('{"cmd":"start","version":1}', startTimeoutMs);
    if ('fault' in answer) {
      a.kill();
      throw new Error(`adapter did not answer start: ${answer.fault}`);
    }
    let checked: ReturnType<typeof checkStartReply>;
    try {
      checked = checkStartReply(answer.reply);
    } catch (e) {
      // A fault of ours (a schema that cannot load) must not leave the adapter running.
      a.kill();
      throw e;
    }
    if ('invalid' in checked) {
      a.kill();
      throw new Error(`start reply: ${checked.invalid}`);
    }
    if ('unavailable' in checked) {
      // It answered properly: let it exit by itself (stop ends its group if it does not, and its
      // exit ends whatever it started), so that nothing of it is left when the caller hears why.
      await a.stop();
      throw new AdapterUnavailableError(checked.unavailable);
    }
    a.implementation = checked.implementation;
    return a;
  }

  /** Run one case. Never rejects: adapter faults come back as `errored`. */
  async run(c: OutgoingCase): Promise<CaseResult> {
    const seq = this.nextSeq++;
    const caseText = `{"id":${JSON.stringify(c.id)},"family":${JSON.stringify(c.family)},"now":${c.now}` + `${c.nowMs === undefined ? '' : `,"nowMs":${c.nowMs}`},"input":${stringifyLossless(c.input)}}`;
    const answer = await this.request(`{"cmd":"run","seq":${seq},"case":${caseText}}`, this.caseTimeoutMs);
    if ('fault' in answer) return { errored: { message: answer.fault } };
    const reply = answer.reply;
    const replyObject = typeof reply === 'object' && reply !== null && !Array.isArray(reply) ? (reply as Record<string, unknown>) : undefined;
    // A wrong seq means the answers no longer line up with the requests: the stream is broken.
    if (replyObject && Object.prototype.hasOwnProperty.call(replyObject, 'seq') && replyObject.seq !== seq) {
      const got = typeof replyObject.seq === 'string' ? `"${shortText(replyObject.seq, 40)}"` : typeof replyObject.seq === 'number' ? String(replyObject.seq) : typeof replyObject.seq;
      this.broken ??= `answered seq ${got} to seq ${seq}`;
      return { errored: { message: `adapter answered seq ${got} to seq ${seq}` } };
    }
    // Any other invalid reply is still one line for one request: the stream stays in step.
    const checked = checkRunReply(reply);
    if ('invalid' in checked) {
      const said = replyObject?.errored as { message?: unknown } | undefined;
      const note = typeof said?.message === 'string' ? ` (the adapter said: ${shortText(said.message)})` : '';
      return { errored: { message: `invalid reply: ${checked.invalid}${note}` } };
    }
    return checked.result;
  }

  /**
   * Ask the adapter to stop and wait for it to exit; after `graceMs` its process group is ended.
   * Resolves when the adapter itself has exited (not when every process holding its stdout has).
   */
  async stop(graceMs = DEFAULT_STOP_GRACE_MS): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    if (this.child.stdin.writable) this.child.stdin.end('{"cmd":"stop"}\n');
    const timer = setTimeout(() => this.kill(), timerMs('graceMs', graceMs));
    await this.exitedPromise;
    clearTimeout(timer);
  }

  /** End the adapter's whole process group now. */
  kill(): void {
    this.killed = true;
    if (!this.exited && this.child.pid !== undefined) killGroup(this.child.pid);
  }

  private request(line: string, timeoutMs: number): Promise<Answer> {
    return new Promise((resolve) => {
      if (this.exited || this.killed || this.finished) {
        resolve({ fault: `adapter is not running${this.broken ? ` (${this.broken})` : ''}` });
        return;
      }
      this.pending.push({ resolve, timeoutMs });
      this.armHead();
      this.child.stdin.write(`${line}\n`);
    });
  }

  /** Start the timer of the oldest request waiting, if it has none yet. */
  private armHead(): void {
    const head = this.pending[0];
    if (!head || head.timer) return;
    head.timer = setTimeout(() => {
      // The adapter is now out of step with us; nothing it says later can be trusted.
      this.broken ??= `no answer within ${head.timeoutMs} ms`;
      this.failAll(`no answer within ${head.timeoutMs} ms`);
      this.kill();
    }, head.timeoutMs);
  }

  private onLine(line: string): void {
    const p = this.pending.shift();
    if (!p) {
      // Output nobody asked for (before start, between answers): the stream is out of step.
      this.broken ??= `wrote a line nobody asked for: "${shortText(line, 120)}"`;
      this.stderrTail += `\n[unexpected stdout] ${shortText(line, 200)}`;
      return;
    }
    clearTimeout(p.timer);
    this.armHead();
    let reply: unknown;
    try {
      // Replies are read losslessly too, then handed over as plain data (tokens and messages are strings).
      parseLossless(line);
      reply = JSON.parse(line);
    } catch (e) {
      p.resolve({ fault: `adapter wrote invalid JSON: ${(e as Error).message}` });
      return;
    }
    if (this.recordReplies) this.replies.push(reply);
    p.resolve({ reply });
  }

  private onOverflow(maxLineBytes: number): void {
    // The reader has stopped and dropped the line: the answer is lost and so is the stream.
    const reason = `answer longer than ${maxLineBytes} bytes`;
    this.broken ??= reason;
    const head = this.pending.shift();
    if (head) {
      clearTimeout(head.timer);
      head.resolve({ fault: reason });
    }
    this.failAll(`adapter stopped after an ${reason}`);
    this.stdoutEnded = true;
    this.kill();
  }

  private onStdoutEnd(): void {
    this.stdoutEnded = true;
    if (this.exited) {
      clearTimeout(this.drainTimer);
      this.finish();
      return;
    }
    // Usually the adapter is exiting (a crash reports better with its status); if it is still
    // running shortly after, it closed its stdout and can never answer again.
    setTimeout(() => {
      if (this.exited || this.finished || (this.stopping && this.pending.length === 0)) return;
      this.broken ??= 'adapter closed its stdout';
      this.failAll('adapter closed its stdout');
      this.kill();
    }, STDOUT_EOF_GRACE_MS).unref();
  }

  /** The adapter is gone: fail what is still waiting, and release its pipes so nothing keeps the runner alive. */
  private finish(message?: string): void {
    if (this.finished) return;
    this.finished = true;
    this.stopReading();
    const tail = this.stderrTail.trim().slice(-500);
    this.failAll(message ?? `adapter exited (${this.exitStatus})${tail ? `: ${tail}` : ''}`);
    this.child.stdout.destroy();
    this.child.stderr.destroy();
    this.child.stdin.destroy();
    this.markExited();
  }

  private failAll(message: string): void {
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.resolve({ fault: message });
    }
  }
}
