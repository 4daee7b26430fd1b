/**
 * twilio-go's conformance-side entry: the Go dialect of the AccessToken inputs (typed
 * `AccessTokenParams` fields, `AddGrant` per grant, `ValidUntil`; no algorithm choice, no raw
 * grants, no options of another grant's struct) and of the TaskRouter capability (the
 * `params-struct` style), a seconds clock (`time.Now().Unix()`), the object-API quirk keys of its
 * recordings, and the tables its properties check, written from research/go-java-spec.md (the ttl
 * floor, nbf always, sorted keys).
 *
 * twilio-go is compiled and cannot be built here (no Go module proxy): it has no built-in adapter.
 * Its recordings in the shared oracle are the ground truth the reference reproduces.
 */
import { go as profile } from '../../reference/profiles/go/index.ts';
import type { AccessTokenSpec, Plain } from '../properties/spec.ts';
import { unavailableAdapter } from './launch.ts';
import type { Library } from './library.ts';

/** Go's zero-value tests as twilio-go makes them: `!= ""`, `!= 0`, a bool itself, `len(m) != 0`. */
function nonZero(v: Plain | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v !== 'object' || Object.keys(v).length > 0;
}

/** Go compares strings by their bytes: map keys come out in UTF-8 byte order. */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** research/go-java-spec.md, "twilio-go": every map written with sorted keys. */
const accessToken: AccessTokenSpec = {
  headerOrder: (region) => ['alg', 'cty', ...(typeof region === 'string' && region !== '' ? ['twr'] : []), 'typ'],
  // nbf is always written; sub only for a non-empty account sid.
  payloadOrder: ({ sub }) => ['exp', 'grants', 'iss', 'jti', 'nbf', ...(sub ? ['sub'] : [])],
  // `Max(ttl, 3600)`: a ttl below an hour is raised to an hour; exp is float64 now + ttl.
  expOffset: (ttl) => (ttl === undefined ? 3600 : typeof ttl === 'number' ? Math.max(ttl, 3600) : undefined),
  // Nbf 0 (or absent) means the clock.
  nbf: (nbf) => (typeof nbf === 'number' && nbf !== 0 ? { value: nbf } : 'now'),
  identity: (id) => (typeof id === 'string' && id !== '' ? { value: id } : 'absent'),
  truthy: nonZero,
  // PlaybackGrant is the map itself: absent is an empty map, null the nil map.
  playback: (g) => (g === undefined ? {} : g),
  grantKeysOrder: (keys) => [...keys].sort(byBytes),
  hasIat: false,
  // Every header string is UTF-8 (invalid bytes become U+FFFD).
  headerIsUtf8: () => true,
};

const clock = 'seconds';

const NO_ADAPTER =
  'twilio-go is compiled: there is no built-in adapter over it (and it cannot be built here: no Go module proxy). Run the reference in the go profile ' +
  'with `adapter reference --profile go`, or write a Go program that speaks the protocol over twilio-go (docs/adapter-guide.md: freezing time.Now in Go)';

export const go: Library = {
  profile,
  clock,
  dialect: {
    accessToken: { clock, algorithmChoice: false, foreignGrantOptions: false, rawGrants: false, validUntil: true, toJwtTtl: false },
    taskrouterCapability: { clock, style: 'params-struct', optionsObjectQuirks: false },
  },
  // The oracle README's go inputs: struct fields set after construction, AccessTokenParams.Grants, extra ToJwt calls.
  quirkKeys: ['setAfter', 'grantsVia', 'extraToJwtCalls'],
  properties: {
    accessToken,
    // Policy.Payload is a map: its keys sorted; method and allow as given.
    taskrouterCapability: { policyKeys: ['allow', 'method', 'post_filter', 'query_filter', 'url'], denyStoredAsAllow: false },
  },
  adapter: unavailableAdapter('twilio-go', NO_ADAPTER),
  // Compiled elsewhere, no adapter here: its computed expectations are the reference's own.
  confirmation: 'reference',
  vectorSeeds: { access_token: 505, taskrouter_capability: 525 },
};
