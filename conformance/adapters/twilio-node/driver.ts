/**
 * In-process driver over the real twilio-node (npm `twilio`): it replays one case of the node
 * vocabulary (see the oracle README) through the library's public API under a frozen clock and
 * reports what the library made or threw.
 *
 * The driver never reimplements token logic: every token, error, canonical request and hash comes
 * from the library. Its own work is mapping the vocabulary onto constructor arguments, option
 * objects and call sequences, and refusing (`skipped`) whatever the vocabulary says that this
 * mapping does not know.
 *
 * This module dispatches by family; each family's mapping is a module beside it (access-token.ts,
 * client-capability.ts, taskrouter-capability.ts, validation-token.ts and validation-client.ts,
 * provider-driver.ts for credential_provider), over support.ts (input readers, outcomes),
 * library.ts (the parts of the package relied on) and clock.ts.
 */
import type { CaseResult, DecodedCase, Family, Implementation } from '../../protocol/types.ts';
import { planAccessToken } from './access-token.ts';
import { planClientCapability } from './client-capability.ts';
import { twilio, twilioVersion } from './library.ts';
import { runTwilioNodeProviderCase } from './provider-driver.ts';
import { describe, DriverFault, has, isObject, runPlan, Skip } from './support.ts';
import { planTaskRouter } from './taskrouter-capability.ts';
import { runViaClient } from './validation-client.ts';
import { planValidationToken } from './validation-token.ts';

const FAMILIES: Family[] = ['access_token', 'client_capability', 'taskrouter_capability', 'validation_token', 'credential_provider'];

/**
 * Run one case through the real twilio-node with the clock frozen at `nowMs` (or `now` seconds).
 *
 * Resolves to the library's token (plus `canonicalRequest` and `requestHash` for
 * `validation_token`), or its rejection as `{type, message}`; to `skipped` when the case uses
 * vocabulary this driver does not map to twilio-node's API; to `errored` when the driver fails.
 * Asynchronous because `via: "twilioClient"` cases go through the REST client's promise chain;
 * all other cases complete synchronously inside the returned promise.
 */
export async function runTwilioNodeCase(c: DecodedCase): Promise<CaseResult> {
  try {
    const clockMs = c.nowMs ?? c.now * 1000;
    if (!Number.isFinite(clockMs)) throw new DriverFault(`case clock is not a finite number: ${clockMs}`);
    if (!isObject(c.input)) throw new DriverFault('case input is not a JSON object');
    const lib = twilio();
    const input = c.input;
    switch (c.family) {
      case 'access_token':
        return runPlan(clockMs, planAccessToken(lib, input));
      case 'client_capability':
        return runPlan(clockMs, planClientCapability(lib, input));
      case 'taskrouter_capability':
        return runPlan(clockMs, planTaskRouter(lib, input));
      case 'validation_token': {
        if (!has(input, 'via')) {
          for (const key of ['clientCredentials', 'apiCall']) {
            if (has(input, key)) throw new Skip(`${key} is only meaningful with via "twilioClient"`);
          }
          return runPlan(clockMs, planValidationToken(lib, input));
        }
        if (input.via !== 'twilioClient') throw new Skip(`via "${String(input.via)}" is not modelled`);
        return await runViaClient(lib, input, clockMs);
      }
      case 'credential_provider':
        // The real providers run in a child process that trusts the case server's proxy CA.
        return await runTwilioNodeProviderCase(c);
      default:
        return { skipped: { reason: `twilio-node has no ${c.family} family` } };
    }
  } catch (error) {
    if (error instanceof Skip) return { skipped: { reason: error.message } };
    return { errored: { message: describe(error) } };
  }
}

/** What the twilio-node adapter reports about itself in its `start` reply. */
export const twilioNodeImplementation: Implementation = {
  name: 'twilio-node',
  // A getter, so that importing this module does not require the (dev-only) package.
  get version(): string {
    return twilioVersion();
  },
  language: 'javascript',
  profile: 'node',
  families: FAMILIES,
};
