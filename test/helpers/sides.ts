import { runTwilioNodeCase } from '../../conformance/adapters/twilio-node/driver.ts';
import type { Side } from '../../conformance/differential/differential.ts';
import { toJavaScript } from '../../reference/json/stringify.ts';

/** The real npm twilio, in-process, with the input read as JSON.parse reads it. */
export const twilioNode: Side = {
  name: 'twilio-node',
  run: (c) => runTwilioNodeCase({ id: c.id, family: c.family, now: c.now, nowMs: c.nowMs, input: toJavaScript(c.input) }),
};
