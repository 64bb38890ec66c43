// The Content-Security-Policy is set per request by proxy.ts (a page's scripts carry a fresh
// nonce; see lib/security/csp.ts). The headers below are the same for every response.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // a separate build folder lets parallel builds (several working copies of one checkout) coexist
  distDir: process.env.HARBINGER_DIST_DIR || '.next',
  poweredByHeader: false,
  serverExternalPackages: ['@duckdb/duckdb-wasm', '@duckdb/node-api'],
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
    ];
  },
};

export default nextConfig;
