/**
 * Adapter protocol v1 for TypeScript and JavaScript adapters: the types of what an adapter says
 * and answers (`start` reply, case results and outputs), and type guards for the outputs. The
 * messages themselves are specified by the JSON Schemas shipped beside this module,
 * `twilio-jwt-conformance/protocol/schema/{definitions,request,start-response,run-response}.json`,
 * and described in PROTOCOL.md.
 *
 * ```ts
 * import type { CaseResult, Implementation } from 'twilio-jwt-conformance/protocol';
 * import startReply from 'twilio-jwt-conformance/protocol/schema/start-response.json' with { type: 'json' };
 * ```
 *
 * This entry point loads no third-party module.
 *
 * @packageDocumentation
 */
export * from './types.ts';
