// Installs what a fresh clone is missing, so `npm start` and `npm test` work on their own.
// Re-runs `npm install` only when package.json changed since the last install.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';
import { copyWasm } from './copy-wasm.mjs';

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

// The wasm binaries the page loads (DuckDB's engine, tfjs's backend) are served from public/.
copyWasm(root);
