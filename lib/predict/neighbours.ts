/**
 * The nearest-neighbour vote at the predictor's core, on ml-knn. Examples are signature rows
 * projected on the compared dimensions; a window's vote is how many of its `k` nearest examples
 * are run-up windows.
 */
import KNN from 'ml-knn';

export interface Index {
  knn: KNN;
  width: number;
  /** neighbours returned per query: k, or fewer when there are fewer examples */
  k: number;
}

/**
 * Euclidean over the first `d` coordinates. ml-knn appends each example's label to its point, and
 * its kd-tree measures partial points (plain objects) when pruning, so the default metric, which
 * reads `.length`, would never prune and would count the label as a coordinate of stored points.
 */
function distanceOver(d: number) {
  return (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = a[j] - b[j];
      s += v * v;
    }
    return Math.sqrt(s);
  };
}

/** An index over `rows` (each `width` long), each labeled with its id, so a hit names its example. */
export function buildIndex(rows: readonly (readonly number[])[], ids: readonly number[], k: number, width: number): Index {
  if (rows.length === 0) throw new Error('neighbour index: no examples');
  if (rows.length !== ids.length) throw new Error(`neighbour index: ${rows.length} rows but ${ids.length} ids`);
  const knn = new KNN(
    rows.map((r) => [...r]),
    [...ids],
    { k, distance: distanceOver(width) },
  );
  return { knn, width, k: Math.min(k, rows.length) };
}

/** Ids of the nearest examples to `point`, nearest first (ties by id, so the order is deterministic). */
export function nearestIds(ix: Index, point: readonly number[]): number[] {
  const hits = ix.knn.kdTree.nearest(point, ix.k);
  hits.sort((x, y) => x[1] - y[1] || x[0][ix.width] - y[0][ix.width]);
  return hits.map((h) => h[0][ix.width]);
}

/** A row on the compared dimensions, as a plain array (what ml-knn stores and compares). */
export function project(row: ArrayLike<number>, dims: readonly number[]): number[] {
  return dims.map((j) => row[j]);
}

/** The vote as a real score: logit of the run-up share among k neighbours, half a vote added each side so 0 and k stay finite. */
export function voteScore(runUps: number, k: number): number {
  return Math.log((runUps + 0.5) / (k - runUps + 0.5));
}

/** Real scores from run-up votes (of k neighbours): the trailing mean over `persist` windows, as a logit. */
export function scoresOf(votes: Float64Array, persist: number, k: number): Float64Array {
  const out = new Float64Array(votes.length);
  let sum = 0;
  for (let t = 0; t < votes.length; t++) {
    sum += votes[t];
    if (t >= persist) sum -= votes[t - persist];
    out[t] = voteScore(sum / Math.min(t + 1, persist), k);
  }
  return out;
}
