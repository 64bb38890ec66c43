/** A feature's series thinned for a small chart. */
export interface Series {
  /** epoch ms */
  t: Float64Array;
  v: Float64Array;
}

/**
 * At most `maxPoints` points: the windows are cut into consecutive buckets and each keeps its
 * highest and its lowest value, in time order, so a one-window spike (or an outage's drop to 0)
 * stays visible however long the span. Non-finite values are skipped.
 */
export function extremaPerBucket(starts: Float64Array, values: Float64Array, maxPoints: number): Series {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new Error(`invalid maxPoints: ${maxPoints}`);
  if (starts.length !== values.length) throw new Error(`${starts.length} window starts for ${values.length} values`);
  const n = values.length;
  // every window fits: nothing to thin
  const size = n <= maxPoints ? 1 : Math.ceil(n / Math.floor(maxPoints / 2));
  const t: number[] = [];
  const v: number[] = [];
  const keep = (i: number) => {
    t.push(starts[i]);
    v.push(values[i]);
  };
  for (let lo = 0; lo < n; lo += size) {
    const hi = Math.min(n, lo + size);
    let min = -1;
    let max = -1;
    for (let i = lo; i < hi; i++) {
      const x = values[i];
      if (!Number.isFinite(x)) continue;
      if (min === -1 || x < values[min]) min = i;
      if (max === -1 || x > values[max]) max = i;
    }
    if (min === -1) continue;
    keep(Math.min(min, max));
    if (min !== max) keep(Math.max(min, max));
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

type Points = { t: Date; s: number }[];
/** per values array: a score chart is rebuilt on every threshold move, its line is not */
const pointsCache = new WeakMap<Float64Array, { starts: Float64Array; maxPoints: number; points: Points }>();

/** Points for a time chart: `extremaPerBucket` as `{ t: Date, s: value }` rows (Plot's shape). Callers must not mutate them (cached). */
export function chartPoints(starts: Float64Array, values: Float64Array, maxPoints = 3000): Points {
  const hit = pointsCache.get(values);
  if (hit && hit.starts === starts && hit.maxPoints === maxPoints) return hit.points;
  const { t, v } = extremaPerBucket(starts, values, maxPoints);
  const points = Array.from(v, (s, i) => ({ t: new Date(t[i]), s }));
  pointsCache.set(values, { starts, maxPoints, points });
  return points;
}
