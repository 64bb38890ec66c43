#!/usr/bin/env node
// Launches the `harbinger` command from the compiled JavaScript in dist/cli/ (bin/cli-build.mjs),
// rebuilt first when a TypeScript source changed since. Where the build cannot be written (a
// read-only install), the sources run through tsx as before: slower to start, same behaviour.
import { buildCli, distDir, isFresh } from './cli-build.mjs';

let main;
try {
  if (!isFresh()) await buildCli();
  ({ main } = await import(new URL(`file://${distDir}/main.mjs`).href));
} catch (e) {
  if (process.env.HARBINGER_DEBUG_BUILD) console.error('harbinger: compiled CLI unavailable, running through tsx:', e);
  const { tsImport } = await import('tsx/esm/api');
  ({ main } = await tsImport('../lib/cli/main.ts', import.meta.url));
}
process.exitCode = await main(process.argv.slice(2));
