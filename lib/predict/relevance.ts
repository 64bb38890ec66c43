/**
 * Which signature dimensions the predictor compares windows on, and which run-ups it can learn
 * from at all. A run-up shows in a few features (RAM for a leak, one route's p90 for a latency
 * ramp); the other dimensions only add noise to the distance, and with dozens of them the nearest
 * neighbours of a run-up window are decided by noise. So each training incident is measured on
 * the late half of its run-up (where it is most developed): per dimension, how far its mean sits
 * from the normal windows' median, in units of their robust spread (1.4826 · MAD). An incident
 * whose largest such effect stays below `minEffect` left no visible trace in these features (an
 * SSH port scan the auth features do not count, a ramp on a route nobody called): it is not
 * learned from. Each visible incident keeps its `perIncident` strongest dimensions; windows are
 * compared on the union, so every learned incident is represented and nothing else is.
 */

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Smallest spread a dimension is measured in: a feature constant in normal time still has a unit. */
const MIN_SPREAD = 0.05;

export interface Relevance {
  /** dimensions kept, ascending */
  dims: number[];
  /** per incident (same order as the input): its largest effect, and whether it reaches minEffect */
  effect: number[];
  visible: boolean[];
}

/**
 * `rows` are signatures; `runUps` holds, per incident, the row indices of its run-up windows in
 * time order; `normal` the row indices of normal windows.
 */
export function relevance(
  rows: readonly ArrayLike<number>[],
  runUps: readonly (readonly number[])[],
  normal: readonly number[],
  perIncident: number,
  minEffect: number,
): Relevance {
  if (!(Number.isInteger(perIncident) && perIncident >= 1)) throw new Error(`invalid dimensions per incident: ${perIncident}`);
  if (!(minEffect >= 0 && Number.isFinite(minEffect))) throw new Error(`invalid minimum effect: ${minEffect}`);
  if (normal.length === 0) throw new Error('relevant dimensions need normal windows to compare with');
  const width = rows[normal[0]].length;
  const center = new Float64Array(width);
  const spread = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    const col = Float64Array.from(normal, (i) => rows[i][j]);
    center[j] = median(col);
    spread[j] = Math.max(MIN_SPREAD, 1.4826 * median(col.map((v) => Math.abs(v - center[j]))));
  }
  const keep = new Set<number>();
  const effect: number[] = [];
  const visible: boolean[] = [];
  for (const windows of runUps) {
    const late = windows.slice(Math.floor(windows.length / 2));
    if (late.length === 0) {
      effect.push(0);
      visible.push(false);
      continue;
    }
    const e = Array.from({ length: width }, (_, j) => {
      let s = 0;
      for (const i of late) s += rows[i][j];
      return { j, e: Math.abs(s / late.length - center[j]) / spread[j] };
    });
    e.sort((a, b) => b.e - a.e || a.j - b.j);
    effect.push(e[0].e);
    visible.push(e[0].e >= minEffect);
    if (e[0].e >= minEffect) for (const { j } of e.slice(0, perIncident)) keep.add(j);
  }
  return { dims: [...keep].sort((a, b) => a - b), effect, visible };
}
