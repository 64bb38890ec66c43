// Content-Security-Policy: the page may only talk to its own origin, so no log, query or link
// can send data anywhere (the duckdb-wasm engine additionally runs with external access off).
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
          { key: 'Content-Security-Policy', value: csp },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
    ];
  },
};

export default nextConfig;
