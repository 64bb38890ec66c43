/**
 * Links carry only what differs from the defaults, so a fresh experiment's link is a few characters
 * and unchanged defaults cost nothing. Decoding puts them back through the schema's `.default()`s.
 */

import type { Json } from '../util/json';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * `value` without the keys whose value equals the one in `defaults`, recursively. Arrays and
 * union members (objects with a `kind`) are kept whole when they differ: filling a union member's
 * missing keys from a default of another kind would produce a mix of both.
 * `keep` names top-level keys written even when equal (the version).
 */
export function omitDefaults(
  value: Record<string, unknown>,
  defaults: Record<string, unknown>,
  keep: readonly string[] = [],
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const d = defaults[key];
    if (keep.includes(key)) {
      out[key] = v as Json;
    } else if (isRecord(v) && isRecord(d) && !('kind' in v) && !('kind' in d)) {
      const inner = omitDefaults(v, d);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (!deepEqual(v, d)) {
      out[key] = v as Json;
    }
  }
  return out;
}
