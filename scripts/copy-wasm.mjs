// Copies the WebAssembly binaries the page loads at run time into public/, where `next start`
// serves them: duckdb-wasm's engine (the engine worker) and tfjs-backend-wasm's (the model
// worker). They are not committed (30+ MB) and come from node_modules, so this runs after
// `npm install` (postinstall), before `npm run build` (prebuild) and `npm run serve` (preserve),
// and from scripts/ensure-deps.mjs (`npm start`, `npm test`). Without them the page cannot start
// its data engine (it says so, naming the missing file).
import { existsSync, mkdirSync, copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WASM_COPIES = [
  ['node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', 'public/duckdb/duckdb-eh.wasm'],
  ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `public/tfjs/${f}`]),
];

/** Copies what is missing or differs in size; returns the files copied. Throws naming a source that is missing. */
export function copyWasm(root) {
  const copied = [];
  for (const [from, to] of WASM_COPIES) {
    const src = path.join(root, from);
    const dst = path.join(root, to);
    if (!existsSync(src)) throw new Error(`${from} is missing: run \`npm install\` first`);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) {
      mkdirSync(path.dirname(dst), { recursive: true });
      copyFileSync(src, dst);
      copied.push(to);
    }
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
