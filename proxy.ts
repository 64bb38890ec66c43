import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, isPagePath, newNonce } from './lib/security/csp';

/**
 * Sets the Content-Security-Policy of every response (no matcher: static files and workers need
 * one too, as a worker script is governed by its own response's policy). A page gets a fresh
 * nonce, passed to Next in the request's CSP header so it puts the nonce on its scripts; this is
 * why pages render per request (app/layout.tsx). Development keeps no CSP (its tooling evals).
 */
export function proxy(request: NextRequest) {
  if (process.env.NODE_ENV !== 'production') return NextResponse.next();
  if (!isPagePath(request.nextUrl.pathname)) {
    const response = NextResponse.next();
    response.headers.set('Content-Security-Policy', contentSecurityPolicy({ nonce: null }));
    return response;
  }
  const nonce = newNonce();
  const policy = contentSecurityPolicy({ nonce });
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}
