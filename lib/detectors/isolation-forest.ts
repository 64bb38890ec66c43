/**
 * Isolation Forest (Liu, Ting & Zhou 2008). Each tree is grown on a subsample of ψ rows without
 * replacement, splitting on a random feature at a uniform point in its [min, max] until a node holds
 * one row or reaches the height limit ⌈log2 ψ⌉; a point's path length is the depth of its leaf plus
 * c(size) for the rows the leaf did not isolate. Score s = 2^(−E[h]/c(ψ)), in (0, 1].
 * Tie-breaking follows scikit-learn (x ≤ split goes left; constant features are never chosen) so
 * the two can be compared row by row.
 */
import type { Rng } from '../util/rng';
import { checkMatrix, flatten, positiveInt, type Detector, type FitContext, type Matrix } from './types';

export type IsolationForestOptions = {
  /** Number of trees t; default 100. */
  trees: number;
  /** Subsample size ψ per tree, in rows (capped at the training size); default 256. */
  sampleSize: number;
};

export const defaults: IsolationForestOptions = { trees: 100, sampleSize: 256 };

/**
 * All trees in flat node arrays. Node k is a leaf when feature[k] = −1, and then value[k] is its
 * path length (depth + c(size)); otherwise value[k] is the split and its children are left[k] and
 * left[k] + 1. Plain arrays, not typed ones, so the model survives JSON unchanged.
 */
export type IsolationForestModel = {
  kind: 'isolation-forest';
  version: 1;
  features: number;
  sampleSize: number;
  /** c(ψ): the normaliser of the mean path length. */
  cPsi: number;
  roots: number[];
  feature: number[];
  value: number[];
  left: number[];
};

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points: the expected depth left over. */
export function c(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Reports progress after each tree (unit `trees`): training runs in a worker, the UI shows it. */
export function fit(train: Matrix, options: IsolationForestOptions, rng: Rng, context?: Pick<FitContext, 'onProgress'>): IsolationForestModel {
  const trees = positiveInt('trees', options.trees);
  const psiOpt = positiveInt('sampleSize', options.sampleSize);
  const d = checkMatrix(train, 'isolation forest training data');
  const n = train.length;
  if (n < 2) throw new Error(`isolation forest needs at least 2 training rows, got ${n}`);
  if (d < 1) throw new Error('isolation forest needs at least 1 feature, got 0');
  const psi = Math.min(psiOpt, n);
  const heightLimit = Math.ceil(Math.log2(psi));
  const data = flatten(train, d);

  const maxNodes = 2 * psi - 1;
  const feature = new Int32Array(trees * maxNodes);
  const value = new Float64Array(trees * maxNodes);
  const left = new Int32Array(trees * maxNodes);
  const roots: number[] = [];

  // Per-tree scratch: the subsample copied column-major so a node's min/max scan reads one column.
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const cols = new Float64Array(psi * d);
  const idx = new Int32Array(psi);
  const order = Int32Array.from({ length: d }, (_, j) => j);
  // Explicit stack of pending nodes: (node, lo, hi, depth).
  const stack = new Int32Array(4 * (heightLimit + 2) * 2);
  let used = 0;

  for (let t = 0; t < trees; t++) {
    // Partial Fisher–Yates: the first ψ entries of `all` become a uniform sample without replacement.
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(rng() * (n - i));
      const tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
      const row = all[i] * d;
      for (let f = 0; f < d; f++) cols[f * psi + i] = data[row + f];
      idx[i] = i;
    }
    const root = used++;
    roots.push(root);
    let sp = 0;
    stack[sp++] = root;
    stack[sp++] = 0;
    stack[sp++] = psi;
    stack[sp++] = 0;
    while (sp > 0) {
      const depth = stack[--sp];
      const hi = stack[--sp];
      const lo = stack[--sp];
      const node = stack[--sp];
      const size = hi - lo;
      let split = NaN;
      let chosen = -1;
      if (size > 1 && depth < heightLimit) {
        // Draw features without replacement until one varies here, as scikit-learn does: the
        // chosen feature is uniform among the non-constant ones; all constant → a leaf.
        for (let k = 0; k < d && chosen < 0; k++) {
          const r = k + Math.floor(rng() * (d - k));
          const f = order[r];
          order[r] = order[k];
          order[k] = f;
          const col = f * psi;
          let min = Infinity;
          let max = -Infinity;
          for (let i = lo; i < hi; i++) {
            const v = cols[col + idx[i]];
            if (v < min) min = v;
            if (v > max) max = v;
          }
          if (max > min) {
            chosen = f;
            split = min + rng() * (max - min);
            // Rounding can land on max, which would leave the right child empty.
            if (split >= max) split = min;
          }
        }
      }
      if (chosen < 0) {
        feature[node] = -1;
        value[node] = depth + c(size);
        continue;
      }
      // Partition idx[lo, hi) in place: x ≤ split to the front.
      const col = chosen * psi;
      let mid = lo;
      for (let i = lo; i < hi; i++) {
        if (cols[col + idx[i]] <= split) {
          const tmp = idx[i];
          idx[i] = idx[mid];
          idx[mid] = tmp;
          mid++;
        }
      }
      const l = used;
      used += 2;
      feature[node] = chosen;
      value[node] = split;
      left[node] = l;
      stack[sp++] = l + 1;
      stack[sp++] = mid;
      stack[sp++] = hi;
      stack[sp++] = depth + 1;
      stack[sp++] = l;
      stack[sp++] = lo;
      stack[sp++] = mid;
      stack[sp++] = depth + 1;
    }
    context?.onProgress?.(t + 1, trees, 'trees');
  }

  return {
    kind: 'isolation-forest',
    version: 1,
    features: d,
    sampleSize: psi,
    cPsi: c(psi),
    roots,
    feature: Array.from(feature.subarray(0, used)),
    value: Array.from(value.subarray(0, used)),
    left: Array.from(left.subarray(0, used)),
  };
}

export function score(model: IsolationForestModel, X: Matrix): Float64Array {
  if (model?.kind !== 'isolation-forest' || model.version !== 1) {
    throw new Error(`not an isolation forest model (v1): kind ${model?.kind}, version ${model?.version}`);
  }
  const d = checkMatrix(X, 'isolation forest scoring data', model.features);
  const n = X.length;
  const data = flatten(X, d);
  const feature = Int32Array.from(model.feature);
  const value = Float64Array.from(model.value);
  const left = Int32Array.from(model.left);
  const roots = model.roots;
  const trees = roots.length;
  const depthSum = new Float64Array(n);
  for (let t = 0; t < trees; t++) {
    const root = roots[t];
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let k = root;
      let f = feature[k];
      while (f >= 0) {
        k = data[row + f] <= value[k] ? left[k] : left[k] + 1;
        f = feature[k];
      }
      depthSum[i] += value[k];
    }
  }
  const out = new Float64Array(n);
  const scale = -1 / (trees * model.cPsi);
  for (let i = 0; i < n; i++) out[i] = Math.pow(2, depthSum[i] * scale);
  return out;
}

export const detector: Detector<IsolationForestOptions, IsolationForestModel> = { defaults, fit, score };
