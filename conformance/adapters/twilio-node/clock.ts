/**
 * A frozen wall clock for running the real twilio-node in-process.
 *
 * twilio-node reads the time in two ways: `Date.now()` (AccessToken's `jti`, and jsonwebtoken's
 * `iat`) and `new Date().valueOf()` (ClientCapability and TaskRouterCapability compute `exp`
 * themselves). Both go through the global `Date` at call time, so swapping the global for a
 * subclass that answers a fixed instant freezes every reader at once.
 */

/** The `Date` that was global when this module was loaded; frozen clocks derive from it. */
const RealDate: DateConstructor = globalThis.Date;

/** Build a `Date` replacement whose no-argument forms all read `ms`. */
function frozenDateClass(ms: number): DateConstructor {
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) {
        super(ms);
      } else {
        // The arguments are forwarded untouched; the tuple cast only satisfies Date's overloads.
        super(...(args as [number]));
      }
    }

    static override now(): number {
      return ms;
    }

    // Dates made before the freeze (or by the real class) must still pass `instanceof Date`.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  // `Date()` called without `new` returns the current time as a string; a class cannot be
  // called, so the proxy supplies that form too.
  return new Proxy(FrozenDate, {
    apply: () => new RealDate(ms).toString(),
  }) as unknown as DateConstructor;
}

/** Check the instant before installing it: a non-finite clock would silently yield NaN claims. */
function checkInstant(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`frozen clock must be a finite number, got ${ms}`);
}

/**
 * Run `fn` with the global clock frozen at `ms` milliseconds since the epoch, and restore the
 * previous global `Date` afterwards, even when `fn` throws.
 *
 * `Date.now()`, `new Date()`, `new Date().valueOf()` and `Date()` all read `ms` while `fn` runs;
 * `new Date(x)` and the other static methods behave as usual. Calls may nest.
 */
export function withFrozenClock<T>(ms: number, fn: () => T): T {
  checkInstant(ms);
  const previous = globalThis.Date;
  globalThis.Date = frozenDateClass(ms);
  try {
    return fn();
  } finally {
    globalThis.Date = previous;
  }
}

/**
 * Like {@link withFrozenClock}, but keeps the clock frozen until the promise returned by `fn`
 * settles. Needed where the library reads the clock after an `await` (the REST client runs its
 * request interceptors asynchronously).
 *
 * The global `Date` stays replaced for everything in the process during that time, so callers
 * must not let two of these overlap: the later one would restore the earlier one's frozen clock.
 */
export async function withFrozenClockAsync<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  checkInstant(ms);
  const previous = globalThis.Date;
  globalThis.Date = frozenDateClass(ms);
  try {
    return await fn();
  } finally {
    globalThis.Date = previous;
  }
}
