import type { KnipConfig } from 'knip';

// `npx knip` is part of the gate (scripts/test-all.mjs): an unused file, export or dependency fails it.
const config: KnipConfig = {
  entry: [
    // Next.js (app/, proxy.ts), vitest and playwright find their own entries through knip's plugins
    'workers/*.worker.ts',
    // compiled by bin/cli-build.mjs (esbuild) and loaded from dist/cli/, which knip cannot follow
    'lib/cli/main.ts',
    'lib/cli/parse-worker.ts', // a worker_threads entry, started by file URL (lib/cli/parallel.ts)
    'bench/*.ts', // `npm run bench` (run.ts) and one-off measurements run as `npx tsx bench/<file>.ts`
    'scripts/*.{mjs,ts}',
    'test/fixtures/**/*.ts', // fixture writers, run by hand (`npx tsx test/fixtures/hostile/generate.ts`)
    // the simulator's public entry points (simulator/README.md)
    'simulator/{scenario,generate,batches,plan,labels,estimate}.ts',
  ],
  project: ['**/*.{ts,tsx,mjs}'],
  // a type or interface in an exported signature is part of that function's API, even if no other file names it
  ignoreExportsUsedInFile: { interface: true, type: true },
  // loaded with createRequire from node-api's own copy (lib/db/native-chunks.ts), invisible to static imports
  ignoreDependencies: ['@duckdb/node-bindings'],
  // system tools, not npm packages: GoAccess for the ingestion comparison, apt-get to install Debian's chromium
  ignoreBinaries: ['goaccess', 'apt-get'],
};

export default config;
