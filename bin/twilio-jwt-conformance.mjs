#!/usr/bin/env node
// The published command is JavaScript; it loads the TypeScript sources through tsx so that a fresh
// clone works after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../conformance/cli.ts');
process.exitCode = await main(process.argv.slice(2));
