/**
 * KNN pre-failure matcher: "does the recent past look like the run-up to a failure we have seen?"
 * A pattern is k consecutive windows flattened into one vector (oldest first). fit keeps, for each
 * labeled failure start s in the training span, the pattern X[s−k..s−1] that ends right before it;
 * score compares the pattern ending at each window t, X[t−k+1..t], to those with ml-knn (Euclidean).
 *
 * Similarity = exp(−d / scale) in (0, 1], d the mean distance to the `neighbours` nearest
 * pre-failure patterns. `scale` is fitted: the median distance from every training pattern to its
 * nearest pre-failure pattern, so a typical training window scores e^−1 ≈ 0.37 and the default
 * warning at 0.8 needs d ≤ 0.22 × that median. Distances are raw Euclidean: pass scaled features.
 */
import KNN from 'ml-knn';
import { checkMatrix, positiveInt, type Matrix } from './types';

export type KnnPrefailureOptions = {
  /** Pattern length k, in windows; default 5. */
  k: number;
  /** Pre-failure patterns averaged into the distance (capped at how many there are); default 1. */
  neighbours: number;
  /** Similarity in (0, 1] at or above which a window is a warning; default 0.8. */
  warnAt: number;
};

export const defaults: KnnPrefailureOptions = { k: 5, neighbours: 1, warnAt: 0.8 };

/**
 * What fit needs besides the features: labels. X is the training span in time order; failureStarts
 * are the indices into X of the windows where a labeled failure begins. Starts with fewer than k
 * windows before them have no complete pattern and are skipped.
 */
export type KnnPrefailureTrain = { X: Matrix; failureStarts: readonly number[] };

export type KnnPrefailureModel = {
  kind: 'knn-prefailure';
  version: 1;
  k: number;
  neighbours: number;
  warnAt: number;
  features: number;
  /** Distance unit of the similarity: median nearest distance over the training patterns. */
  scale: number;
  /** One flattened k × features pattern per usable failure start, in the order of `incidents`. */
  patterns: number[][];
  /** The failure start (index into the training X) each pattern precedes. */
  incidents: number[];
};

/** The pattern ending at window t (inclusive), as a plain array: ml-knn's metric reads `.length`. */
function patternAt(data: Float64Array, d: number, k: number, t: number): number[] {
  return Array.from(data.subarray((t - k + 1) * d, (t + 1) * d));
}

function flat(X: Matrix, d: number): Float64Array {
  const out = new Float64Array(X.length * d);
  for (let i = 0; i < X.length; i++) out.set(X[i], i * d);
  return out;
}

/** Per pattern end t ≥ k−1: mean distance to the nearest pre-failure patterns and the closest one's slot. */
function search(model: KnnPrefailureModel, X: Matrix): { dist: Float64Array; slot: Int32Array } {
  const { k, features: d } = model;
  const n = X.length;
  const data = flat(X, d);
  const dist = new Float64Array(n).fill(Infinity);
  const slot = new Int32Array(n).fill(-1);
  if (n < k) return { dist, slot };
  // Label = slot index into `patterns`, so a hit names the incident it came from.
  const knn = new KNN(model.patterns, model.patterns.map((_, i) => i), { k: 1 });
  const m = Math.min(model.neighbours, model.patterns.length);
  const last = k * d; // the label ml-knn appends to each stored point
  for (let t = k - 1; t < n; t++) {
    const hits = knn.kdTree.nearest(patternAt(data, d, k, t), m);
    let sum = 0;
    let best = Infinity;
    for (const [point, distance] of hits) {
      sum += distance;
      if (distance < best) {
        best = distance;
        slot[t] = point[last];
      }
    }
    dist[t] = sum / hits.length;
  }
  return { dist, slot };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export function fit(train: KnnPrefailureTrain, options: KnnPrefailureOptions = defaults): KnnPrefailureModel {
  const k = positiveInt('k', options.k);
  const neighbours = positiveInt('neighbours', options.neighbours);
  if (!(options.warnAt > 0 && options.warnAt <= 1)) throw new Error(`invalid warnAt: ${options.warnAt} (expected 0 < warnAt ≤ 1)`);
  if (train == null || !Array.isArray(train.failureStarts)) throw new Error('knn fit: expected { X, failureStarts }');
  const d = checkMatrix(train.X, 'knn fit');
  if (d < 1) throw new Error('knn fit: needs at least 1 feature, got 0');
  const n = train.X.length;
  const data = flat(train.X, d);
  const patterns: number[][] = [];
  const incidents: number[] = [];
  for (const s of [...new Set(train.failureStarts)].sort((a, b) => a - b)) {
    if (!Number.isInteger(s) || s < 0 || s >= n) throw new Error(`knn fit: failure start ${s} is not a window index in 0..${n - 1}`);
    if (s < k) continue;
    patterns.push(patternAt(data, d, k, s - 1));
    incidents.push(s);
  }
  if (patterns.length === 0) {
    throw new Error(
      `knn fit: no pre-failure pattern in the training span (${train.failureStarts.length} failure starts, none with ${k} windows before it)`,
    );
  }
  const model: KnnPrefailureModel = {
    kind: 'knn-prefailure', version: 1, k, neighbours, warnAt: options.warnAt, features: d, scale: 1, patterns, incidents,
  };
  const { dist } = search({ ...model, neighbours: 1 }, train.X);
  const positive = Array.from(dist.subarray(k - 1)).filter((v) => v > 0 && Number.isFinite(v));
  // Every training pattern equal to a pre-failure one leaves no unit to measure in; 1 keeps scores defined.
  model.scale = positive.length > 0 ? median(positive) : 1;
  return model;
}

function checkModel(model: KnnPrefailureModel, X: Matrix): void {
  if (model?.kind !== 'knn-prefailure' || model.version !== 1) {
    throw new Error(`not a knn pre-failure model (v1): kind ${model?.kind}, version ${model?.version}`);
  }
  checkMatrix(X, 'knn score', model.features);
}

/** Similarity in [0, 1] of the pattern ending at each window to the pre-failure patterns; 0 for the first k−1. */
export function score(model: KnnPrefailureModel, X: Matrix): Float64Array {
  checkModel(model, X);
  const { dist } = search(model, X);
  return Float64Array.from(dist, (v) => (Number.isFinite(v) ? Math.exp(-v / model.scale) : 0));
}

/**
 * For each window, the training failure start (index into the fit X) whose run-up it resembles most,
 * or −1 for the first k−1 windows: "which past incident does this look like".
 */
export function nearest(model: KnnPrefailureModel, X: Matrix): Int32Array {
  checkModel(model, X);
  const { slot } = search(model, X);
  return Int32Array.from(slot, (s) => (s >= 0 ? model.incidents[s] : -1));
}

/** 1 where the similarity reaches the model's warnAt. */
export function warnings(model: KnnPrefailureModel, scores: Float64Array): Uint8Array {
  return Uint8Array.from(scores, (s) => (s >= model.warnAt ? 1 : 0));
}
