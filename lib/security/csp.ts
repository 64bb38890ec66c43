/**
 * The Content-Security-Policy of every response. The page may only talk to its own origin, so no
 * log, query or link can send data anywhere (the duckdb-wasm engine additionally runs with
 * external access off). Inline scripts run only when they carry this response's nonce (Next puts
 * it on its own), script files only from this origin: an injected inline script or event handler
 * does not run. No 'strict-dynamic': it would let any script created by a running script execute,
 * inline ones too, and load script files from any origin, which the own-origin promise forbids.
 * proxy.ts sets the policy per request.
 */

export interface CspOptions {
  /** the per-response nonce of an HTML page; null for static files (scripts, workers, wasm, data) */
  nonce: string | null;
}

const COMMON = [
  "default-src 'self'",
  // inline styles stay: React renders style="…" attributes and Observable Plot puts a <style> in
  // every chart, neither of which can carry a nonce (and a nonce here would switch 'unsafe-inline' off)
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** Base64 of 16 bytes: what goes in `'nonce-…'`. */
const NONCE = /^[A-Za-z0-9+/]{22}==$/;

export function contentSecurityPolicy({ nonce }: CspOptions): string {
  if (nonce !== null && !NONCE.test(nonce)) throw new Error(`invalid CSP nonce: ${JSON.stringify(nonce)}`);
  // 'wasm-unsafe-eval' lets DuckDB and tfjs compile WebAssembly; it allows no JavaScript eval
  const scripts = nonce === null ? "script-src 'self' 'wasm-unsafe-eval'" : `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`;
  return [COMMON[0], scripts, ...COMMON.slice(1)].join('; ');
}

/** A fresh nonce from the platform's CSPRNG (Web Crypto: Node, edge and browsers alike). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Whether a path is a page (HTML rendered per request, which gets a nonce) rather than a file:
 * Next's own assets live under /_next/, and public/ files and metadata routes have an extension.
 */
export function isPagePath(pathname: string): boolean {
  return !pathname.startsWith('/_next/') && !/\.[A-Za-z0-9]+$/.test(pathname);
}
