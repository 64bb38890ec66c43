/**
 * Deterministic request batches for engine tests and insert benchmarks: realistic shapes (repeated
 * agents and routes, some NULLs, non-ASCII) without a parser in the loop.
 */
import type { RequestBatch } from '../ingest/types';

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/', '/api/users/:id', '/api/orders', '/static/app.js', '/login', '/search', '/café/menü'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'curl/8.4.0',
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
];
const STATUSES = [200, 200, 200, 200, 304, 404, 500];

/** `n` request rows; row k (counting from `first`) is a pure function of k, so batches can be generated in pieces. */
export function syntheticRequests(n: number, first = 0, startMs = Date.UTC(2024, 0, 1)): RequestBatch {
  const batch: RequestBatch = {
    table: 'requests',
    length: n,
    ts: new Float64Array(n),
    source: new Array<string>(n),
    ip: new Array<string>(n),
    method: new Array<string | null>(n),
    path: new Array<string | null>(n),
    route: new Array<string | null>(n),
    status: new Int32Array(n),
    bytes: new Float64Array(n),
    latency_ms: new Float64Array(n),
    referrer: new Array<string | null>(n),
    user_agent: new Array<string | null>(n),
  };
  for (let i = 0; i < n; i++) {
    const k = first + i;
    const h = hash(k);
    const route = ROUTES[h % ROUTES.length]!;
    batch.ts[i] = startMs + k * 10;
    batch.source[i] = 'synthetic.log';
    batch.ip[i] = `10.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${h & 255}`;
    batch.method[i] = METHODS[(h >>> 3) % METHODS.length]!;
    batch.path[i] = route.replace(':id', String(k % 1000)) + (h % 5 === 0 ? `?q=${k}` : '');
    batch.route[i] = route;
    batch.status[i] = STATUSES[(h >>> 5) % STATUSES.length]!;
    batch.bytes[i] = h % 11 === 0 ? NaN : (h >>> 4) % 50_000;
    batch.latency_ms[i] = h % 13 === 0 ? NaN : ((h >>> 6) % 100_000) / 100;
    batch.referrer[i] = h % 3 === 0 ? null : 'https://example.com/';
    batch.user_agent[i] = AGENTS[(h >>> 7) % AGENTS.length]!;
  }
  return batch;
}

/** 32-bit integer hash (xorshift-multiply): stable pseudo-random choices without Math.random. */
function hash(k: number): number {
  let x = (k + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
