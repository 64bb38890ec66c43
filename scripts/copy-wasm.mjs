// Copies the WebAssembly binaries the page loads at run time into public/, where `next start`
// serves them (in a folder named for the package version, see wasmUrls): duckdb-wasm's engine (the engine worker) and tfjs-backend-wasm's (the model
// worker). They are not committed (30+ MB) and come from node_modules, so this runs after
// `npm install` (postinstall), before `npm run build` (prebuild) and `npm run serve` (preserve),
// and from scripts/ensure-deps.mjs (`npm start`, `npm test`). Without them the page cannot start
// its data engine (it says so, naming the missing file).
import { existsSync, mkdirSync, copyFileSync, statSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DUCKDB = '@duckdb/duckdb-wasm';
const TFJS = '@tensorflow/tfjs-backend-wasm';

function installedVersion(root, pkg) {
  const file = path.join(root, 'node_modules', pkg, 'package.json');
  if (!existsSync(file)) throw new Error(`node_modules/${pkg}/package.json is missing: run \`npm install\` first`);
  const { version } = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof version !== 'string' || !/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`node_modules/${pkg}/package.json: unusable version ${JSON.stringify(version)}`);
  return version;
}

/**
 * Where the page finds the binaries: a folder named for the package version, so a file's URL never
 * names other bytes and the server can let browsers cache it for a year without asking again
 * (next.config.mjs). next.config.mjs puts these URLs into the bundles at build time.
 */
export function wasmUrls(root) {
  return { duckdbDir: `/duckdb/${installedVersion(root, DUCKDB)}/`, tfjsDir: `/tfjs/${installedVersion(root, TFJS)}/` };
}

/** [from, to] pairs relative to root. */
export function wasmCopies(root) {
  const { duckdbDir, tfjsDir } = wasmUrls(root);
  return [
    [`node_modules/${DUCKDB}/dist/duckdb-eh.wasm`, `public${duckdbDir}duckdb-eh.wasm`],
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [`node_modules/${TFJS}/dist/${f}`, `public${tfjsDir}${f}`]),
  ];
}

/**
 * Copies what is missing or differs in size and removes what an earlier version left beside it;
 * returns the files copied. Throws naming a source that is missing.
 */
export function copyWasm(root) {
  const copied = [];
  const copies = wasmCopies(root);
  for (const [from, to] of copies) {
    const src = path.join(root, from);
    const dst = path.join(root, to);
    if (!existsSync(src)) throw new Error(`${from} is missing: run \`npm install\` first`);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) {
      mkdirSync(path.dirname(dst), { recursive: true });
      copyFileSync(src, dst);
      copied.push(to);
    }
  }
  // an upgrade would otherwise leave every older version's 30+ MB in public/ (and in the build)
  for (const top of ['public/duckdb', 'public/tfjs']) {
    const keep = new Set(copies.map(([, to]) => path.dirname(to)).filter((d) => path.dirname(d) === top).map((d) => path.basename(d)));
    for (const entry of readdirSync(path.join(root, top))) if (!keep.has(entry)) rmSync(path.join(root, top, entry), { recursive: true, force: true });
  }
  return copied;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const copied = copyWasm(path.resolve(import.meta.dirname, '..'));
    if (copied.length > 0) console.log(`[harbinger] copied ${copied.join(', ')}`);
  } catch (e) {
    console.error(`[harbinger] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
