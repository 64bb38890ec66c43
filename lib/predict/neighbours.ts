/**
 * The nearest-neighbour vote at the predictor's core. Examples are signature rows projected on the
 * compared dimensions; a window's vote is how many of its `k` nearest examples are run-up windows.
 *
 * Distance is squared Euclidean (summed over the dimensions in order). When examples tie at the
 * k-th distance and not all of them fit in k, the places left are shared equally among all the
 * tied ones (a run-up example among them carries that share of a vote): the vote then depends on
 * neither the order examples are stored in nor the order an index visits them. Degenerate
 * signatures tie a lot (a preset with few distinct signatures can tie at every window).
 *
 * Two exact indexes give the same neighbours; only their speed differs (bench/neighbours.ts):
 * - `scan`: every example, from a flat typed array. Faster below about 5,000 examples, and on more
 *   than 3 dimensions at every size the predictor allows (≤ 21,000 examples).
 * - `kd-tree`: ml-knn's k-d tree, asked for one neighbour more than k, and more again while the
 *   last one ties with the k-th, so every example as near as the k-th is among its hits. Faster
 *   from about 5,000 examples on 1–3 dimensions.
 * - `auto` (default) picks between them by that measurement.
 */
import KNN from 'ml-knn';

export const NEIGHBOUR_INDEXES = ['auto', 'scan', 'kd-tree'] as const;
export type NeighbourIndex = (typeof NEIGHBOUR_INDEXES)[number];

/** `auto` takes the k-d tree from this many examples on at most KD_TREE_MAX_DIMS dimensions, where it measured faster (bench/neighbours.ts). */
const KD_TREE_FROM = 5_000;
const KD_TREE_MAX_DIMS = 3;

/**
 * A query's neighbours: `ids` nearest first (ties by id). The first `inner` are nearer than the
 * k-th distance; the rest are every example at exactly that distance, sharing `k − inner` places.
 */
export interface Neighbours {
  ids: number[];
  inner: number;
  /** the weight each example at the k-th distance carries: (k − inner) / (ids.length − inner), 1 when they all fit */
  share: number;
}

export interface Index {
  /** the search used (`auto` resolved) */
  kind: Exclude<NeighbourIndex, 'auto'>;
  width: number;
  /** neighbours per query: k, or fewer when there are fewer examples */
  k: number;
  nearest(point: ArrayLike<number>): Neighbours;
}

/** Votes are kept to multiples of 1/VOTE_GRID, so sums of them are exact in any order (the live scorer's running sums equal the batch's). */
const VOTE_GRID = 1024;

/** Squared distance over the first `d` coordinates of `b` from `bAt`, summed in order: the one distance both indexes rank by. */
function squared(a: ArrayLike<number>, b: ArrayLike<number>, bAt: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = a[j] - b[bAt + j];
    s += v * v;
  }
  return s;
}

/** The distance neighbours are ranked by: a coordinate that is not a number puts the example last. */
const rankOf = (s: number) => (s === s ? s : Infinity);

/**
 * Euclidean over the first `d` coordinates, for ml-knn. It appends each example's id to its point,
 * and its k-d tree measures partial points (plain objects) when pruning, so the default metric,
 * which reads `.length`, would never prune and would count the id as a coordinate.
 */
const euclideanOver = (d: number) => (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(rankOf(squared(a, b, 0, d)));

/** An index over `rows` (each `width` long), each named by its id, so a hit names its example. */
export function buildIndex(rows: readonly (readonly number[])[], ids: readonly number[], k: number, width: number, kind: NeighbourIndex = 'auto'): Index {
  if (rows.length === 0) throw new Error('neighbour index: no examples');
  if (rows.length !== ids.length) throw new Error(`neighbour index: ${rows.length} rows but ${ids.length} ids`);
  const kk = Math.min(k, rows.length);
  const use = kind === 'auto' ? (rows.length >= KD_TREE_FROM && width <= KD_TREE_MAX_DIMS ? 'kd-tree' : 'scan') : kind;
  return { kind: use, width, k: kk, nearest: use === 'kd-tree' ? kdTree(rows, ids, kk, width) : scan(rows, ids, kk, width) };
}

/** The neighbours among `count` candidates (distance `s`, id) holding every example at or below the k-th distance. */
function neighboursOf(s: ArrayLike<number>, id: ArrayLike<number>, count: number, k: number, kth = Float64Array.from({ length: count }, (_, i) => s[i]).sort()[k - 1]): Neighbours {
  const inner: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < count; i++) {
    if (s[i] < kth) inner.push(i);
    else if (s[i] === kth) tied.push(i);
  }
  inner.sort((x, y) => s[x] - s[y] || id[x] - id[y]);
  tied.sort((x, y) => id[x] - id[y]);
  return { ids: [...inner, ...tied].map((i) => id[i]), inner: inner.length, share: (k - inner.length) / tied.length };
}

function scan(rows: readonly (readonly number[])[], ids: readonly number[], k: number, d: number): Index['nearest'] {
  const n = rows.length;
  const flat = new Float64Array(n * d);
  rows.forEach((r, e) => {
    for (let j = 0; j < d; j++) flat[e * d + j] = r[j];
  });
  const q = new Float64Array(d);
  const dist = new Float64Array(n);
  // the k smallest distances so far, ascending (reused across queries)
  const best = new Float64Array(k);
  const candS: number[] = [];
  const candId: number[] = [];
  return (point) => {
    for (let j = 0; j < d; j++) q[j] = point[j];
    let filled = 0;
    for (let e = 0, at = 0; e < n; e++, at += d) {
      const s = rankOf(squared(q, flat, at, d));
      dist[e] = s;
      if (filled === k && !(s < best[k - 1])) continue;
      let p = filled < k ? filled++ : k - 1;
      while (p > 0 && best[p - 1] > s) {
        best[p] = best[p - 1];
        p--;
      }
      best[p] = s;
    }
    // every example at or below the k-th distance
    const kth = best[k - 1];
    candS.length = 0;
    candId.length = 0;
    for (let e = 0; e < n; e++) {
      if (dist[e] <= kth) {
        candS.push(dist[e]);
        candId.push(ids[e]);
      }
    }
    return neighboursOf(candS, candId, candS.length, k, kth);
  };
}

function kdTree(rows: readonly (readonly number[])[], ids: readonly number[], k: number, d: number): Index['nearest'] {
  const knn = new KNN(
    rows.map((r) => [...r]),
    [...ids],
    { k, distance: euclideanOver(d) },
  );
  const n = rows.length;
  return (point) => {
    for (let m = Math.min(n, k + 1); ; m = Math.min(n, 2 * m)) {
      const hits = knn.kdTree.nearest(Array.from(point), m).sort((x, y) => x[1] - y[1]);
      // any example left out is at least as far as the last hit: ask for more while it ties with the k-th
      if (m === n || hits[m - 1][1] > hits[k - 1][1]) {
        return neighboursOf(
          hits.map((h) => rankOf(squared(point, h[0], 0, d))),
          hits.map((h) => h[0][d]),
          hits.length,
          k,
        );
      }
    }
  };
}

/** The run-up vote of a query's neighbours: whole votes for the nearer ones, the tied ones' share for the rest. */
export function voteOf(nb: Neighbours, isRunUp: (id: number) => boolean): number {
  let whole = 0;
  let tied = 0;
  nb.ids.forEach((id, i) => {
    if (isRunUp(id)) {
      if (i < nb.inner) whole++;
      else tied++;
    }
  });
  return whole + Math.round(tied * nb.share * VOTE_GRID) / VOTE_GRID;
}

/**
 * The group carrying the most weight among a query's neighbours (a whole place each for the nearer
 * ones, the tied ones' share for the rest), by `groupOf` (< 0: in no group); ties go to the group
 * holding the nearest; −1 when no neighbour is in a group.
 */
export function pluralityOf(nb: Neighbours, groupOf: (id: number) => number): number {
  const weight = new Map<number, number>();
  let best = -1;
  nb.ids.forEach((id, i) => {
    const g = groupOf(id);
    if (g < 0) return;
    weight.set(g, (weight.get(g) ?? 0) + (i < nb.inner ? 1 : nb.share));
    if (best < 0) best = g;
  });
  for (const [g, w] of weight) if (w > weight.get(best)!) best = g;
  return best;
}

/** A row on the compared dimensions, as a plain array. */
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
