/**
 * twilio-node's bench contenders (conformance/libraries/bench.ts): the npm package `twilio`
 * minting each family in this process, the clock frozen at each iteration's instant.
 */
import { createRequire } from 'node:module';
import { node as profile } from '../../reference/profiles/node/index.ts';
import type { BenchFixture, LibraryBench } from './bench.ts';

/** The contenders, over the fixture; loads twilio. */
export function twilioNodeBench(f: BenchFixture): LibraryBench {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- twilio comes untyped through createRequire
  const twilio: any = createRequire(import.meta.url)('twilio');
  const RealDate = Date;
  let now = f.t0Ms;
  class FrozenDate extends RealDate {
    constructor(...a: unknown[]) {
      super(...((a.length ? a : [now]) as []));
    }
    static override now(): number {
      return now;
    }
  }
  // Date.now and new Date frozen at iteration i's instant, for the call only.
  const frozen =
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    (make: (t: any, i: number) => string) =>
      (i: number): string => {
        now = f.t0Ms + i * 1000;
        globalThis.Date = FrozenDate as DateConstructor;
        try {
          return make(twilio, i);
        } finally {
          globalThis.Date = RealDate;
        }
      };
  const { accountSid: AC, apiKeySid: SK, apiKeySecret: SECRET, applicationSid: AP } = f;
  const WS = `WS${'d'.repeat(32)}`;
  return {
    referenceRows: { client_capability: 'ClientCapability', taskrouter_capability: 'TaskRouterCapability', validation_token: 'ValidationToken RS256' },
    inProcess: {
      access_token: {
        row: `${profile.library.name} ${profile.library.version} AccessToken.toJwt`,
        mint: frozen((t, i) => {
          const at = new t.jwt.AccessToken(AC, SK, SECRET, { identity: `user-${i}` });
          at.addGrant(new t.jwt.AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: AP }));
          at.addGrant(new t.jwt.AccessToken.VideoGrant({ room: 'room-1' }));
          return at.toJwt();
        }),
      },
      client_capability: {
        row: `${profile.library.name} ClientCapability`,
        mint: frozen((t, i) => {
          const c = new t.jwt.ClientCapability({ accountSid: AC, authToken: SECRET });
          c.addScope(new t.jwt.ClientCapability.IncomingClientScope(`user-${i}`));
          c.addScope(new t.jwt.ClientCapability.OutgoingClientScope({ applicationSid: AP, params: { to: `+1555${i}` } }));
          return c.toJwt();
        }),
      },
      taskrouter_capability: {
        row: `${profile.library.name} TaskRouterCapability`,
        mint: frozen((t, i) => {
          const wk = `WK${String(i).padStart(32, '0')}`;
          const c = new t.jwt.taskrouter.TaskRouterCapability({ accountSid: AC, authToken: SECRET, workspaceSid: WS, channelId: wk });
          for (const p of [...t.jwt.taskrouter.util.defaultEventBridgePolicies(AC, wk), ...t.jwt.taskrouter.util.defaultWorkerPolicies('v1', WS, wk)]) c.addPolicy(p);
          return c.toJwt();
        }),
      },
      validation_token: {
        row: `${profile.library.name} ValidationToken RS256`,
        mint: frozen((t, i) => {
          const v = new t.jwt.ValidationToken({ accountSid: AC, credentialSid: `CR${'c'.repeat(32)}`, signingKey: SK, privateKey: f.privateKeyPem });
          return v.fromHttpRequest({ method: 'POST', url: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages.json`, headers: { Authorization: 'Basic QUM6dG9rZW4=' }, data: `To=%2B1555${i}&Body=hi` });
        }),
      },
    },
  };
}
