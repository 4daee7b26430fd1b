#!/usr/bin/env node
// The published command. It runs one of two builds of the same CLI, chosen by what is on disk:
// - A checkout (the TypeScript sources are here and tsx, a development dependency, resolves) runs
//   the sources through tsx: a fresh clone works after `npm install` with no build step, and a
//   dist/ left behind by an earlier `npm run build` or `npm pack` is never run there, where it
//   could be older than the sources being edited and tested.
// - Otherwise, as the package is installed (it ships dist/ and no .ts sources, and tsx is not
//   among its dependencies), the compiled JavaScript in dist/ runs, with no loader.
// The choice is made on files, not on an environment variable, so that the same command line
// behaves the same in CI, in a terminal and in the adapters the CLI starts as children.
import { existsSync } from 'node:fs';

const sources = new URL('../conformance/cli.ts', import.meta.url);
const compiled = new URL('../dist/conformance/cli.js', import.meta.url);

/** tsx's loader API, or undefined when tsx is not installed where this package can load it. */
function tsxApi() {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}

let cli;
const tsx = existsSync(sources) ? tsxApi() : undefined;
if (tsx) {
  const { register } = await import(tsx);
  register();
  cli = sources;
} else if (existsSync(compiled)) {
  cli = compiled;
} else {
  process.stderr.write(
    'twilio-jwt-conformance: neither the compiled CLI (dist/conformance/cli.js) nor the TypeScript sources with tsx are here. ' +
      'In a checkout, run `npm install` (or `npm run build`); an installed package always has dist/: reinstall it.\n',
  );
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
