// The Content-Security-Policy is set per request by proxy.ts (a page's scripts carry a fresh
// nonce; see lib/security/csp.ts). The headers below are the same for every response.
import path from 'node:path';
import { wasmUrls } from './scripts/copy-wasm.mjs';
import { buildId } from './scripts/build-id.mjs';

const wasm = wasmUrls(path.resolve(import.meta.dirname));
/** A year: the longest a browser keeps anything; safe because these URLs never name other bytes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // a separate build folder lets parallel builds (several working copies of one checkout) coexist
  distDir: process.env.HARBINGER_DIST_DIR || '.next',
  poweredByHeader: false,
  serverExternalPackages: ['@duckdb/duckdb-wasm', '@duckdb/node-api'],
  // the versioned folders the wasm binaries are served from (scripts/copy-wasm.mjs), inlined into the
  // workers; the build id keys the page's cache of evaluated runs (scripts/build-id.mjs)
  env: { HARBINGER_DUCKDB_WASM_DIR: wasm.duckdbDir, HARBINGER_TFJS_WASM_DIR: wasm.tfjsDir, HARBINGER_BUILD_ID: buildId(path.resolve(import.meta.dirname)) },
  async headers() {
    if (process.env.NODE_ENV !== 'production') return [];
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
      ...[wasm.duckdbDir, wasm.tfjsDir].map((dir) => ({ source: `${dir}:file`, headers: [{ key: 'Cache-Control', value: IMMUTABLE }] })),
    ];
  },
};

export default nextConfig;
