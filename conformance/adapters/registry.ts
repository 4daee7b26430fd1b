/**
 * The built-in adapters: how to start each one as a protocol v1 child process, and whether the
 * library it wraps is available on this machine (with how to install it when it is not). Each
 * library's adapter is described in its entry (conformance/libraries/); this module is the
 * entry point the CLI, scripts and tests have always used.
 */
export { builtinAdapters, findTwilioPython, findTwilioRuby, launchBuiltin, type AdapterLaunch } from '../libraries/index.ts';
