/**
 * What `npm run bench` (scripts/bench.ts) times of one library, beside the reference in its
 * profile: the library's own contenders, which only its entry knows how to run. Entries load their
 * contenders lazily ({@link Library.bench}), so that nothing here loads a real library until the
 * bench asks.
 */
import type { Family } from '../protocol/types.ts';

/** The fixture values every contender mints from, so that all of them do the same work. */
export interface BenchFixture {
  readonly accountSid: string;
  readonly apiKeySid: string;
  readonly apiKeySecret: string;
  readonly applicationSid: string;
  /** The RSA key ValidationToken contenders sign with. */
  readonly privateKeyPem: string;
  /** The clock of iteration 0, in milliseconds; iteration `i` is `i` seconds later. */
  readonly t0Ms: number;
}

/** A contender run in this process: its row's name and one mint from inputs that vary with `i`. */
export interface BenchContender {
  readonly row: string;
  readonly mint: (i: number) => unknown;
}

/** What one library contributes to the bench; every part is optional. */
export interface LibraryBench {
  /**
   * The families besides AccessToken (always timed) the reference is timed for in this library's
   * profile, each with the name the library gives it (the row is `reference <name> (<profile>)`).
   */
  readonly referenceRows?: Partial<Record<Family, string>>;
  /** The real library minting in this process, per family; each is compared with the reference in its profile. */
  readonly inProcess?: Partial<Record<Family, BenchContender>>;
  /**
   * The real library's AccessToken timed in its own interpreter: the row's name and its median
   * ops/s over `reps` slices of `sliceMs`, or undefined when the library is not installed here.
   */
  readonly ownInterpreter?: { readonly row: string; accessTokenRate(reps: number, sliceMs: number): number | undefined };
  /** Time the library's built-in adapter over the vector suite (its expectations), with this per-case timeout. */
  readonly adapterThroughput?: { readonly caseTimeoutMs: number };
}
