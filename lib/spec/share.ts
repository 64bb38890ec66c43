/**
 * Structural sharing: `next` with every subtree that deep-equals the one at the same place in
 * `prev` replaced by `prev`'s object. A spec change then keeps the identity of everything it did
 * not touch, so React memos keyed on `spec.explore` or `spec.models` do not re-run when only the
 * name changes (typing must stay cheap while models train).
 */
export function shareEqual<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  if (Array.isArray(next)) {
    const p = prev as unknown[];
    const out = next.map((v, i) => shareEqual(p[i], v));
    return (out.length === p.length && out.every((v, i) => v === p[i]) ? p : out) as T;
  }
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let same = Object.keys(p).length === Object.keys(n).length;
  for (const [k, v] of Object.entries(n)) {
    out[k] = shareEqual(p[k], v);
    if (out[k] !== p[k] || !(k in p)) same = false;
  }
  return (same ? p : out) as T;
}
