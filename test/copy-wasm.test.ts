import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SOURCES = [
  'node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
];

/** A throwaway checkout holding the script and fake package binaries. */
function sandbox(withSources: boolean): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-copy-wasm-'));
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(path.join(root, 'scripts/copy-wasm.mjs'), path.join(dir, 'scripts/copy-wasm.mjs'));
  if (withSources) {
    for (const [pkg, version] of [['@duckdb/duckdb-wasm', '1.2.3'], ['@tensorflow/tfjs-backend-wasm', '4.5.6']]) {
      mkdirSync(path.join(dir, 'node_modules', pkg), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), JSON.stringify({ name: pkg, version }));
    }
    for (const [i, f] of SOURCES.entries()) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), `wasm ${i}`);
    }
  }
  return dir;
}

const run = (dir: string) => spawnSync(process.execPath, [path.join(dir, 'scripts/copy-wasm.mjs')], { encoding: 'utf8' });

describe('scripts/copy-wasm.mjs', () => {
  it('is run by npm install, npm run build and npm run serve, so serving without npm start finds the engine', () => {
    const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const hook of ['postinstall', 'prebuild', 'preserve']) expect(scripts[hook], hook).toBe('node scripts/copy-wasm.mjs');
    expect(readFileSync(path.join(root, 'scripts/ensure-deps.mjs'), 'utf8')).toContain('copyWasm(root)');
  });

  it('copies the engine and tfjs binaries into folders named for their package version, and only what changed on a second run', () => {
    const dir = sandbox(true);
    try {
      // what an older version left behind is removed
      mkdirSync(path.join(dir, 'public/duckdb/1.0.0'), { recursive: true });
      writeFileSync(path.join(dir, 'public/duckdb/duckdb-eh.wasm'), 'old');
      const first = run(dir);
      expect(first.status).toBe(0);
      expect(readFileSync(path.join(dir, 'public/duckdb/1.2.3/duckdb-eh.wasm'), 'utf8')).toBe('wasm 0');
      expect(readFileSync(path.join(dir, 'public/tfjs/4.5.6/tfjs-backend-wasm-simd.wasm'), 'utf8')).toBe('wasm 2');
      expect(readdirSync(path.join(dir, 'public/duckdb'))).toEqual(['1.2.3']);
      expect(run(dir).stdout).toBe('');
      rmSync(path.join(dir, 'public/duckdb'), { recursive: true });
      expect(run(dir).stdout).toContain('copied public/duckdb/1.2.3/duckdb-eh.wasm');
      expect(existsSync(path.join(dir, 'public/duckdb/1.2.3/duckdb-eh.wasm'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives next.config.mjs the versioned URLs it serves as immutable and puts into the workers', () => {
    const dir = sandbox(true);
    try {
      const script = `import { wasmUrls } from ${JSON.stringify(path.join(dir, 'scripts/copy-wasm.mjs'))}; console.log(JSON.stringify(wasmUrls(${JSON.stringify(dir)})));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ duckdbDir: '/duckdb/1.2.3/', tfjsDir: '/tfjs/4.5.6/' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails naming the package file when it is missing', () => {
    const dir = sandbox(false);
    try {
      const r = run(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('node_modules/@duckdb/duckdb-wasm/package.json is missing: run `npm install` first');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
