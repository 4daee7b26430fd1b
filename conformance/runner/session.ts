import { AdapterProcess, type OutgoingCase } from '../protocol/client.ts';

export { AdapterUnavailableError } from '../protocol/client.ts';
import type { CaseResult, Implementation } from '../protocol/types.ts';

export interface SessionOptions {
  caseTimeoutMs?: number;
  startTimeoutMs?: number;
  /** Restarts allowed after the adapter crashes, hangs or falls out of step. */
  maxRestarts?: number;
  /** The longest reply line accepted from the adapter, in bytes (an over-long answer errors its case). */
  maxLineBytes?: number;
}

/** Sends a case to the adapter process of one attempt. Never rejects. */
export type Send = (c: OutgoingCase) => Promise<CaseResult>;

/**
 * One attempt at a case: everything it needs (a local server, a request log) is made inside it,
 * so that a retry starts from nothing. It should call `send` once.
 */
export type Attempt = (send: Send) => Promise<CaseResult>;

/**
 * One adapter, kept alive across faults: when it crashes, hangs or writes out of step, the cases
 * in flight are errored, it is restarted with `start` replayed, and each of those cases is retried
 * once on the fresh process (so one bad case does not take its neighbours down with it). After
 * `maxRestarts` restarts every further case is errored: a broken adapter cannot stall a run.
 */
export class AdapterSession {
  private proc?: AdapterProcess;
  private restarting?: Promise<void>;
  restarts = 0;
  /** Why the adapter was restarted, in order (for the report). */
  readonly faults: string[] = [];
  implementation?: Implementation;

  constructor(
    readonly command: readonly string[],
    private readonly opts: SessionOptions = {},
  ) {}

  private startProcess(): Promise<AdapterProcess> {
    const { caseTimeoutMs, startTimeoutMs, maxLineBytes } = this.opts;
    return AdapterProcess.start(this.command, { caseTimeoutMs, startTimeoutMs, maxLineBytes });
  }

  /**
   * Start the adapter; throws when it cannot be started or does not answer `start` properly, and
   * throws an {@link AdapterUnavailableError} (code `ERR_ADAPTER_UNAVAILABLE`, with `reason` and
   * `install`) when it answers that its implementation is unavailable here. After a throw no
   * process of the adapter is left.
   */
  async open(): Promise<Implementation> {
    this.proc = await this.startProcess();
    this.implementation = this.proc.implementation!;
    return this.implementation;
  }

  private async ensureHealthy(): Promise<boolean> {
    while (this.restarting) await this.restarting;
    if (this.proc && !this.proc.broken) return true;
    if (this.restarts >= (this.opts.maxRestarts ?? 10)) return false;
    this.restarting = (async () => {
      this.restarts++;
      if (this.proc?.broken) this.faults.push(this.proc.broken);
      // Ends the abandoned process (and, with it, whatever it started for the cases it dropped).
      this.proc?.kill();
      try {
        const proc = await this.startProcess();
        // `start` is replayed; an adapter that now claims something else is not the same adapter.
        if (JSON.stringify(proc.implementation) !== JSON.stringify(this.implementation)) {
          proc.kill();
          this.faults.push('answered start differently after a restart');
          this.proc = undefined;
          this.restarts = Number.POSITIVE_INFINITY;
        } else {
          this.proc = proc;
        }
      } catch (e) {
        this.faults.push(`restart failed: ${(e as Error).message}`);
        this.proc = undefined;
      }
    })();
    await this.restarting;
    this.restarting = undefined;
    return !!this.proc && !this.proc.broken;
  }

  /** Run one case; never rejects. */
  run(c: OutgoingCase): Promise<CaseResult> {
    return this.attempt((send) => send(c));
  }

  /**
   * Run one case made of per-attempt work (see {@link Attempt}): `attempt` is called afresh for the
   * retry, with a `send` bound to that attempt's process, so nothing the abandoned attempt did (a
   * server's request log, scripted-reply counters) is judged with the retry. Never rejects.
   */
  async attempt(attempt: Attempt): Promise<CaseResult> {
    let last: CaseResult | undefined;
    for (let n = 0; n < 2; n++) {
      if (!(await this.ensureHealthy())) {
        return last ?? { errored: { message: `adapter abandoned after ${this.restarts} restarts (${this.faults.at(-1) ?? 'not running'})` } };
      }
      const proc = this.proc!;
      try {
        last = await attempt((c) => proc.run(c));
      } catch (e) {
        // The runner's own side of the attempt failed (e.g. its local server could not start): an
        // errored case with the reason, not a crash that loses the whole run's report.
        return { errored: { message: `runner failure: ${(e as Error)?.message ?? String(e)}` } };
      }
      // Only a result the process produced while healthy counts; otherwise retry once on a fresh one.
      if (!('errored' in last) || !proc.broken) return last;
    }
    return last!;
  }

  async close(): Promise<void> {
    while (this.restarting) await this.restarting;
    await this.proc?.stop();
  }
}
