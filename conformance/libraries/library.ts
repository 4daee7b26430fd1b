/**
 * What the conformance side knows about one library, in one place per library
 * (conformance/libraries/<lib>.ts) beside its reference profile (reference/profiles/<lib>/): the
 * input dialect its generators produce, its clock, its object-API quirk keys, the tables its
 * properties check, its built-in real-library adapter and the recordings it was measured by.
 * Nothing else under conformance/ or scripts/ asks which library it is: it reads these.
 */
import type { Profile } from '../../reference/profiles/profile.ts';
import type { AccessTokenDialect } from '../differential/generators/access-token.ts';
import type { BaseJwtDialect } from '../differential/generators/base-jwt.ts';
import type { ClientCapabilityDialect } from '../differential/generators/client-capability.ts';
import type { ClockUnit } from '../differential/generators/json.ts';
import type { TaskRouterDialect } from '../differential/generators/taskrouter.ts';
import type { ValidationDialect } from '../differential/generators/validation-token.ts';
import type { Family } from '../protocol/types.ts';
import type { AccessTokenSpec, Plain } from '../properties/spec.ts';
import type { BenchFixture, LibraryBench } from './bench.ts';

/** A way to start an adapter, or the reason it cannot be started here. */
export type AdapterLaunch = { name: string; command: string[] } | { name: string; unavailable: string };

/**
 * The values of command-line options, by option name (without `--`): what a built-in adapter's
 * `launch` and `serve` read. Each adapter reads the options it declares and ignores the rest.
 */
export type AdapterOptions = Readonly<Record<string, string | undefined>>;

/** A library's built-in adapter over the real library. */
export interface BuiltinAdapter {
  /** Its name on the command line (`run --adapter NAME`, `adapter NAME`); unique in the registry. */
  readonly name: string;
  /**
   * The options `run`, `smoke` and anything that starts it read (option name without `--` → its
   * value's placeholder, e.g. `{ python: 'PATH' }` for `--python PATH`), passed to {@link launch}.
   * Names are shared: two adapters that declare the same option read the same value.
   */
  readonly runOptions: Readonly<Record<string, string>>;
  /** The options of `adapter NAME` (as {@link runOptions}), passed to {@link serve}. */
  readonly serveOptions: Readonly<Record<string, string>>;
  /**
   * The command line that starts it as a protocol v1 child process here, or why it cannot run
   * here (its library is not installed), with how to install it.
   */
  launch(opts: AdapterOptions): { command: string[] } | { unavailable: string };
  /** Serve it over protocol v1 on this process's stdio (`adapter NAME`); resolves to the exit code. */
  serve(opts: AdapterOptions): Promise<number>;
}

/** The input dialect of each family's generator; a family absent here is one the library does not have. */
export interface InputDialect {
  readonly accessToken: AccessTokenDialect;
  readonly clientCapability?: ClientCapabilityDialect;
  readonly taskrouterCapability?: TaskRouterDialect;
  readonly validationToken?: ValidationDialect;
  /** Present when the library has a public base JWT API (`jwt` cases: encode and decode), in its style. */
  readonly jwt?: BaseJwtDialect;
}

/** What the ClientCapability properties need to decode a scope string back to its parts. */
export interface ClientCapabilityTables {
  /**
   * How the library's scope query components unescape, or absent when its scopes are ambiguous by
   * design (they cannot round-trip, so the property does not apply).
   */
  readonly unescape?: (s: string) => string;
  /** Whether scope parameters come out with integer-like keys first in numeric order (JavaScript objects), else in insertion order. */
  readonly integerKeysFirst: boolean;
  /** The order scope parameters come out in, given them in input order, where the library reorders them otherwise (a Java HashMap); overrides {@link integerKeysFirst}. */
  paramsOrder?(keys: readonly string[]): string[];
  /**
   * Whether the incoming scope writes its client name as it is (a null one as `null`), not escaped.
   * The scopes are then read in the order they were added, every one of them kept.
   */
  readonly rawIncomingClientName?: boolean;
  /** The token's layout, where the library's table states it (absent: the claims property does not apply). */
  readonly token?: CapabilityTokenTables;
}

/** What a capability token looks like beyond its scopes or policies: key orders and expiry. */
export interface CapabilityTokenTables {
  /** The header's keys, in order. */
  readonly headerKeys: readonly string[];
  /** The payload's keys, in order, for an input the library made a token of. */
  payloadKeys(input: Readonly<Record<string, Plain>>): string[];
  /** `exp` for an input at the clock (`nowMs`: a milliseconds clock's reading), or undefined where the table does not state it. */
  exp(input: Readonly<Record<string, Plain>>, now: number, nowMs: number | undefined): number | undefined;
}

/** A TaskRouter token's layout beyond each policy's. */
export interface TaskRouterTokenTables extends CapabilityTokenTables {
  /** How many policies each helper call adds to the token, by call name; an input with another call is not checked. */
  readonly helperPolicies: Readonly<Record<string, number>>;
  /** The policies written after the user's, in order (each token call writes them again onto a copy, so extra calls add none). */
  appended(input: Readonly<Record<string, Plain>>): Array<Record<string, Plain>>;
}

/** What the TaskRouter properties need: the policy object the library writes. */
export interface TaskRouterTables {
  /** The keys of a policy object, in the order the library writes them. */
  readonly policyKeys: readonly string[];
  /** The method a policy added with an empty method is stored with (`method || "GET"`), or absent: kept verbatim. */
  readonly emptyMethod?: string;
  /** Whether a policy added with `allow: false` is stored as allowed (`allow || true`). */
  readonly denyStoredAsAllow: boolean;
  /** Keys of {@link policyKeys} a policy may leave out (a filter the library holds as null), the others keeping their order. */
  readonly optionalPolicyKeys?: readonly string[];
  /**
   * Helper calls that add one policy from positional arguments `[url, method, ...]`, beside the
   * `policy` object of `addPolicy` / `add_policy`; each must come back with that url and method.
   */
  readonly positionalPolicyCalls?: readonly string[];
  /** The method a policy holds for a method given by name (undefined: none, the key left out), where the library converts it; overrides {@link emptyMethod}. */
  method?(given: string): string | undefined;
  /**
   * A filter as the library writes it, given as `[name, value]` pairs in input order: its pairs in
   * the written order, or undefined where the table does not state it. Absent: filters are not checked.
   */
  filter?(entries: ReadonlyArray<readonly [string, Plain]>): Array<[string, Plain]> | undefined;
  /** The token's layout, where the library's table states it (absent: the claims property does not apply). */
  readonly token?: TaskRouterTokenTables;
}

/** The tables the property suites check a library's tokens against (written from the research specs). */
export interface PropertyTables {
  readonly accessToken: AccessTokenSpec;
  /** Absent where the library has no ClientCapability dialect (its properties do not apply). */
  readonly clientCapability?: ClientCapabilityTables;
  /** Absent where the library has no TaskRouter dialect. */
  readonly taskrouterCapability?: TaskRouterTables;
}

/** How one library's recorded provider transcripts (shared oracle, `providers/<file>`) are read. */
export interface ProviderRecordings {
  /** The transcript file under `oracle/providers/`. */
  readonly file: string;
  /**
   * What of a recorded error varies across runtimes and transports: other error types that stand
   * for the same failure, and whether the message is volatile. Undefined: nothing.
   */
  volatileError(errorType: string | undefined): { errorTypes?: string[]; messageVolatile?: boolean } | undefined;
}

/** One library's conformance-side entry. */
export interface Library {
  /** Its reference rules: the profile's name and the real library and version they were measured against. */
  readonly profile: Profile;
  /** How its API reads the clock (milliseconds: cases carry `nowMs`). */
  readonly clock: ClockUnit;
  /** The inputs its generators produce, per family. */
  readonly dialect: InputDialect;
  /**
   * The object-API quirk keys its inputs may carry (oracle README): keys that exercise the
   * library's setters and call sequences rather than the token format.
   */
  readonly quirkKeys: readonly string[];
  readonly properties: PropertyTables;
  /** Its built-in adapter over the real library. */
  readonly adapter: BuiltinAdapter;
  /** Seeds of the fixed-seed samples of its generated vectors, per family (absent: none sampled). */
  readonly vectorSeeds: Partial<Record<Family, number>>;
  /**
   * How the vectors' computed expectations of it are confirmed: `crosscheck` (the default) replays
   * them through its built-in adapter over the real library (`npm run vectors:crosscheck`);
   * `reference` says they cannot be here (a compiled library with no adapter): they are the
   * reference's own answers, held to the library only by its recorded oracle and the properties.
   */
  readonly confirmation?: 'crosscheck' | 'reference';
  /** Its recorded provider transcripts, where there are any. */
  readonly providerRecordings?: ProviderRecordings;
  /**
   * What `npm run bench` times of it besides the reference's AccessToken in its profile (its real
   * library's contenders, loaded only when called), or absent: nothing more.
   */
  readonly bench?: (fixture: BenchFixture) => Promise<LibraryBench>;
}
