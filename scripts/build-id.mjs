// The build id the page's run cache is keyed on (app/clients/run-cache.ts): a hash of everything
// that can change a run's numbers or how the page reads a stored one — the sources, the shipped
// samples, the locked dependency versions and this config — so a change to any of them starts a
// new cache, while tests, benchmarks and docs do not. Read when next.config.mjs loads.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const TREES = ['app', 'lib', 'workers', 'simulator'];
// the shipped samples are data a cached run was computed from: every file counts, whatever its type
const DATA = ['public/samples'];
const FILES = ['package-lock.json', 'next.config.mjs', 'scripts/build-id.mjs', 'scripts/copy-wasm.mjs'];

function walk(root, dir, out, keep) {
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) walk(root, rel, out, keep);
    else if (keep.test(name)) out.push(rel);
  }
  return out;
}

/** SHA-256 (first 16 hex digits) over the path and bytes of every file named above, in a fixed order. */
export function buildId(root) {
  const h = createHash('sha256');
  const files = [...TREES.flatMap((t) => walk(root, t, [], /\.(ts|tsx|mjs|js|json|css)$/)), ...DATA.flatMap((t) => walk(root, t, [], /./)), ...FILES];
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
