#!/usr/bin/env node
// Launches the `harbinger` command: the TypeScript sources in lib/ run through tsx, no build step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../lib/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
