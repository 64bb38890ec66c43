// Installs what a fresh clone is missing, so `npm start` and `npm test` work on their own.
// Re-runs `npm install` only when package.json changed since the last install.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'node_modules', '.harbinger-deps');
const hash = createHash('sha256').update(readFileSync(path.join(root, 'package.json'))).digest('hex');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
  console.log('[harbinger] installing dependencies (npm install)…');
  // npm ci is not used: the lockfile may lack platform packages for other OSes (see README).
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, hash);
}

// duckdb-wasm's engine binary is served from public/ (not committed: 30+ MB, copied from the package).
// tfjs-backend-wasm's binaries likewise (the model worker trains the AutoEncoder on them).
const copies = [
  ['node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', 'public/duckdb/duckdb-eh.wasm'],
  ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `public/tfjs/${f}`]),
];
for (const [from, to] of copies) {
  const src = path.join(root, from);
  const dst = path.join(root, to);
  if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) {
    mkdirSync(path.dirname(dst), { recursive: true });
    copyFileSync(src, dst);
  }
}
