// The build id the page's run cache is keyed on (app/clients/run-cache.ts): a hash of everything
// that can change a run's numbers or how the page reads a stored one — the sources, the locked
// dependency versions and this config — so a rebuild of other code keeps the cache and any change
// here starts a new one. Read at `next build` / `next dev` start from next.config.mjs.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const TREES = ['app', 'lib', 'workers', 'simulator'];
const FILES = ['package-lock.json', 'next.config.mjs', 'scripts/build-id.mjs', 'scripts/copy-wasm.mjs'];

function walk(root, dir, out) {
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) walk(root, rel, out);
    else if (/\.(ts|tsx|mjs|js|json|css)$/.test(name)) out.push(rel);
  }
  return out;
}

/** SHA-256 (first 16 hex digits) over the path and bytes of every file named above, in a fixed order. */
export function buildId(root) {
  const h = createHash('sha256');
  const files = [...TREES.flatMap((t) => walk(root, t, [])), ...FILES];
  for (const rel of files) {
    h.update(`${rel}\0`);
    try {
      h.update(readFileSync(path.join(root, rel)));
    } catch {
      h.update('missing');
    }
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}
