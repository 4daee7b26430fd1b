import { describe, expect, it } from 'vitest';
import { formatDifferentialReport, referenceSide, runDifferential, type Side } from '../../conformance/differential/differential.ts';
import { accessTokenCases, accessTokenGrantCases } from '../../conformance/differential/generators/access-token.ts';
import { libraryOf } from '../../conformance/libraries/index.ts';
import { AccessToken, ChatGrant, Grant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant } from '../../reference/access-token/api.ts';
import type { GrantType } from '../../reference/access-token/grants.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';
import { LibraryError } from '../../reference/lang/lang.ts';
import { PROFILES } from '../../reference/profiles/index.ts';
import { nearPlainCases } from '../helpers/plain-access-token.ts';
import { pathFromEnv, seedFromEnv } from '../helpers/shared.ts';
import { twilioNode } from '../helpers/sides.ts';

const RUNS = Number(process.env.DIFF_RUNS ?? 1500);

describe('differential: reference node profile vs twilio-node 6.2.0, AccessToken', () => {
  it(`agrees byte for byte over ${RUNS} generated inputs`, async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: accessTokenCases(libraryOf('node').dialect.accessToken), left: referenceSide(PROFILES.node), right: twilioNode, numRuns: RUNS, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.node.test.ts`,
    );
    console.log(formatDifferentialReport('access_token reference-node ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.numRuns).toBeGreaterThanOrEqual(1000);
    expect(report.outcomes.skipped).toBe(0);
    // The generator must really reach the rejections and every grant type.
    expect(report.outcomes.rejections).toBeGreaterThan(50);
    for (const g of ['voice', 'video', 'chat', 'sync', 'task_router', 'playback']) expect(report.categories[`grant:${g}`]).toBeGreaterThan(20);
  });
});

describe('differential: reference node profile vs twilio-node 6.2.0, AccessToken grants claim', () => {
  it('agrees byte for byte on 800 inputs with every grant option value and identity type', async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: accessTokenGrantCases(libraryOf('node').dialect.accessToken), left: referenceSide(PROFILES.node), right: twilioNode, numRuns: 800, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.node.test.ts -t "grants claim"`,
    );
    console.log(formatDifferentialReport('access_token grants claim reference-node ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.outcomes.skipped).toBe(0);
    expect(report.outcomes.tokens).toBeGreaterThan(500);
    expect(report.categories['value:voice.incomingAllow=false']).toBeGreaterThan(50);
  });
});

const CLASSES: Record<GrantType, new (o: object) => Grant> = {
  voice: VoiceGrant,
  video: VideoGrant,
  chat: ChatGrant,
  sync: SyncGrant,
  task_router: TaskRouterGrant,
  playback: PlaybackGrant,
};

/** The public `AccessToken` class in the node profile, called as a twilio-node user would call twilio-node. */
const publicApi: Side = {
  name: 'reference AccessToken API (node)',
  run(c) {
    const i = toJavaScript(c.input) as Record<string, any>;
    try {
      const t = new AccessToken(i.accountSid, i.keySid, i.secret, { identity: i.identity, ttl: i.ttl, nbf: i.nbf, region: i.region, profile: 'node', clock: () => c.nowMs ?? c.now * 1000 });
      for (const g of i.grants) t.addGrant(new CLASSES[g.type as GrantType](g.options));
      return { output: { token: t.toJwt() } };
    } catch (e) {
      if (e instanceof LibraryError) return { output: { error: { type: e.type, message: e.message } } };
      throw e;
    }
  },
};

describe('differential: the public AccessToken API (node profile) vs twilio-node 6.2.0', () => {
  it('agrees byte for byte on near-plain inputs, through the fast path and the general one', async () => {
    const report = await runDifferential(
      { family: 'access_token', arbitrary: nearPlainCases(PROFILES.node, true), left: publicApi, right: twilioNode, numRuns: 800, seed: seedFromEnv(), path: pathFromEnv() },
      (seed, path) => `FC_SEED=${seed} FC_PATH=${path} npx vitest run test/differential/access-token.node.test.ts -t "public AccessToken API"`,
    );
    console.log(formatDifferentialReport('access_token public API (node) ~ twilio-node', report));
    expect(report.failure?.diff).toBeUndefined();
    expect(report.outcomes.skipped).toBe(0);
    expect(report.categories['path:fast']).toBeGreaterThan(150);
    expect(report.categories['path:general']).toBeGreaterThan(150);
  });
});
