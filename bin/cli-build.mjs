// Compiles the CLI's TypeScript (lib/cli/main.ts and the parse worker) to JavaScript in dist/cli/,
// so a run starts on plain Node instead of paying tsx's on-the-fly transform (≈ 0.5–0.9 s here).
// The sources stay the truth: the build is redone whenever one of the files it was made from is
// newer than it, and never checked in. esbuild is the copy tsx itself runs on (a dependency of a
// dependency), resolved from tsx's location so no second copy is needed.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const distDir = path.join(root, 'dist/cli');
const ENTRIES = { main: 'lib/cli/main.ts', 'parse-worker': 'lib/cli/parse-worker.ts' };
const META = path.join(distDir, 'inputs.json');

/** True when dist/cli exists and no source it was built from changed since (a missing source counts as a change). */
export function isFresh() {
  let meta;
  try {
    meta = JSON.parse(readFileSync(META, 'utf8'));
  } catch {
    return false;
  }
  for (const out of Object.keys(ENTRIES)) if (!existsSync(path.join(distDir, `${out}.mjs`))) return false;
  for (const input of meta.inputs) {
    try {
      if (statSync(path.join(root, input)).mtimeMs > meta.builtAt) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Builds into a fresh folder and renames it into place, so a concurrent run never sees half a build. */
export async function buildCli() {
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx'))('esbuild');
  const tmp = `${distDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const builtAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRIES).map(([out, input]) => ({ out, in: input })),
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true, // commands load on demand (main.ts imports them lazily): keep them in their own chunks
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify({ builtAt, inputs }));
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(path.dirname(distDir), { recursive: true });
  try {
    renameSync(tmp, distDir);
  } catch (e) {
    // another run renamed its build into place first: use that one
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(META)) throw e;
  }
}

// `node bin/cli-build.mjs`: build now (npm run build:cli)
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await buildCli();
