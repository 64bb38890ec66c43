/**
 * Route templating: `/api/users/42?x=1` → `/api/users/:id`, so request counts and latencies can be
 * grouped per endpoint rather than per URL. Runs on every request line, hence the bounded cache.
 */

const CACHE_MAX = 20_000;
const cache = new Map<string, string>();

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** An id segment: all digits, a UUID, or ≥ 8 hex chars with at least one digit. */
export function isIdSegment(s: string, from: number, to: number): boolean {
  const n = to - from;
  if (n === 0) return false;
  let allDigits = true;
  let allHex = true;
  let hasDigit = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const d = isDigit(c);
    if (d) hasDigit = true;
    else allDigits = false;
    if (!isHex(c)) allHex = false;
    if (!allDigits && !allHex) break;
  }
  if (allDigits) return true;
  if (allHex && hasDigit && n >= 8) return true;
  return n === 36 && isUuid(s, from);
}

function isUuid(s: string, from: number): boolean {
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(from + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/** Path without query string or fragment, id segments replaced by `:id`. */
export function templateRoute(path: string): string {
  // indexOf and Map hashing are native scans: much cheaper than a charCodeAt loop per request
  let end = path.indexOf('?');
  const hash = path.indexOf('#');
  if (hash >= 0 && (end < 0 || hash < end)) end = hash;
  const bare = end < 0 ? path : path.slice(0, end);
  const hit = cache.get(bare);
  if (hit !== undefined) return hit;
  const route = templateSegments(bare);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(bare, route);
  return route;
}

function templateSegments(p: string): string {
  let out = '';
  let start = 0;
  let changed = false;
  for (let i = 0; i <= p.length; i++) {
    if (i < p.length && p.charCodeAt(i) !== 47) continue; // '/'
    if (isIdSegment(p, start, i)) {
      out += ':id';
      changed = true;
    } else {
      out += p.slice(start, i);
    }
    if (i < p.length) out += '/';
    start = i + 1;
  }
  return changed ? out : p;
}
