import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isPagePath, newNonce } from './csp';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `)) ?? null;

describe('contentSecurityPolicy', () => {
  it('lets a page run only inline scripts with its nonce, script files of its origin, and WebAssembly', () => {
    const nonce = newNonce();
    const p = contentSecurityPolicy({ nonce });
    expect(directive(p, 'script-src')).toBe(`script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`);
    expect(p).not.toMatch(/script-src[^;]*'(unsafe-inline|unsafe-eval|strict-dynamic)'/);
    expect(directive(p, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(p, 'default-src')).toBe("default-src 'self'");
    expect(directive(p, 'object-src')).toBe("object-src 'none'");
  });

  it('gives files a policy without nonce that still lets workers compile WebAssembly', () => {
    const p = contentSecurityPolicy({ nonce: null });
    expect(directive(p, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive(p, 'worker-src')).toBe("worker-src 'self' blob:");
  });

  it('refuses a nonce that could break out of the header', () => {
    expect(() => contentSecurityPolicy({ nonce: "x'; script-src *" })).toThrow('invalid CSP nonce');
  });

  it('makes a new 128-bit nonce each time', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(Array.from({ length: 100 }, newNonce)).size).toBe(100);
  });

  it('tells pages from files', () => {
    for (const p of ['/', '/_not-found', '/some/page']) expect(isPagePath(p), p).toBe(true);
    for (const p of ['/_next/static/chunks/a.js', '/duckdb/duckdb-eh.wasm', '/icon.svg', '/samples/access.log', '/_next/image']) expect(isPagePath(p), p).toBe(false);
  });
});
