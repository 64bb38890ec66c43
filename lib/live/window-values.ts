/**
 * Window values the batch SQL computes in DuckDB, written out in JS with the same arithmetic so the
 * live numbers equal the batch's bit for bit where the inputs are summed in the same order.
 */
import type { HostFit } from './feature-state';

/**
 * DuckDB's quantile_cont: linear interpolation between the order statistics around (n − 1)·q,
 * weighted as lo·(1 − d) + hi·d: that form matched DuckDB bit for bit, lo + (hi − lo)·d did not.
 */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rn = (n - 1) * q;
  const lo = Math.floor(rn);
  const hi = Math.ceil(rn);
  if (lo === hi) return sorted[lo];
  const d = rn - lo;
  return sorted[lo] * (1 - d) + sorted[hi] * d;
}

export const sortedOf = (xs: readonly number[]) => Float64Array.from(xs).sort();

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * lib/features/fitted.ts `residualCtes`, one window: per fitted host with rows in the window, its
 * mean minus what its load line (on the window's request count `x`) or its hour-of-day mean
 * expects, in training sds, clipped at 0 when `clip`; the highest over hosts, NaN when none.
 */
export function residualMax(
  kind: 'resid_load_max' | 'resid_tod_max',
  fits: readonly HostFit[],
  /** host → its mean in the window */
  hosts: ReadonlyMap<string, number>,
  x: number,
  startMs: number,
  clip: boolean,
): number {
  const hod = Math.floor(((startMs % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS);
  let best = NaN;
  for (const f of fits) {
    const v = hosts.get(f.host);
    if (v === undefined) continue;
    const r = kind === 'resid_load_max' ? v - (f.mu + f.b * (x - f.xbar)) : v - (f.tod[hod] ?? f.mu);
    const sd = kind === 'resid_load_max' ? f.sLoad : f.sTod;
    const z = clip ? Math.max(r / sd, 0) : r / sd;
    if (!(z <= best)) best = z;
  }
  return best;
}
