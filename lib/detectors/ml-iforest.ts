/**
 * The npm package ml-isolation-forest 0.1.0 behind our contract, kept as the package computes it so
 * the comparison with ./isolation-forest shows its quirks (see STACK-NOTES): every tree is grown on
 * all training rows (no ψ subsample), the height limit is ⌈log2 n⌉ + 1, x < split goes left, leaves
 * add the package's c(size) (Euler's constant once) and scores are normalised by its c(n_train).
 *
 * Determinism: the package draws from Math.random. fit swaps Math.random for the seeded rng while
 * the package trains and restores it in `finally`; fit is synchronous, so no other code runs
 * meanwhile in this thread. The package's trees keep every leaf's rows (the whole training set),
 * so fit flattens them into split/size arrays; score replays those trees with the package's own
 * formulas (a test checks equality with the package's predict).
 */
import type { Rng } from '../util/rng';
import { IsolationForest, type PackageTreeNode } from 'ml-isolation-forest';
import { checkMatrix, positiveInt, type Detector, type Matrix } from './types';

export type MlIforestOptions = {
  /** Number of trees; default 100. Each tree sees all training rows, so fit is O(trees · n log n). */
  trees: number;
};

export const defaults: MlIforestOptions = { trees: 100 };

/**
 * Trees in flat node arrays, node k a leaf when feature[k] = −1 with value[k] = its row count;
 * otherwise value[k] is the split and its children are left[k] (x < split) and left[k] + 1.
 */
export type MlIforestModel = {
  kind: 'ml-iforest';
  version: 1;
  features: number;
  /** Training rows: the package normalises path lengths by its c(n_train). */
  trainRows: number;
  roots: number[];
  feature: number[];
  value: number[];
  left: number[];
};

/** The package's average path length (Utils.js), Euler's constant truncated as it writes it. */
export function packageC(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * Math.log(n - 1) + 0.57721 - (2 * (n - 1)) / n;
}

function isLeaf(node: PackageTreeNode): boolean {
  return node.left === undefined && node.right === undefined;
}

export function fit(train: Matrix, options: MlIforestOptions, rng: Rng): MlIforestModel {
  const trees = positiveInt('trees', options.trees);
  const d = checkMatrix(train, 'ml-isolation-forest training data');
  if (train.length < 2) throw new Error(`ml-isolation-forest needs at least 2 training rows, got ${train.length}`);
  if (d < 1) throw new Error('ml-isolation-forest needs at least 1 feature, got 0');
  const rows = train.map((r) => Array.from(r));
  const forest = new IsolationForest({ nEstimators: trees });
  const saved = Math.random;
  Math.random = rng;
  try {
    forest.train(rows);
  } finally {
    Math.random = saved;
  }

  const feature: number[] = [];
  const value: number[] = [];
  const left: number[] = [];
  const roots: number[] = [];
  for (const root of forest.forest) {
    const r = feature.length;
    roots.push(r);
    feature.push(0);
    value.push(0);
    left.push(0);
    const stack: [PackageTreeNode, number][] = [[root, r]];
    while (stack.length > 0) {
      const [node, k] = stack.pop()!;
      if (isLeaf(node)) {
        feature[k] = -1;
        value[k] = node.trainingSet?.length ?? 0;
        continue;
      }
      const l = feature.length;
      feature.push(0, 0);
      value.push(0, 0);
      left.push(0, 0);
      feature[k] = node.splitColumn!;
      value[k] = node.splitValue!;
      left[k] = l;
      stack.push([node.left!, l], [node.right!, l + 1]);
    }
  }
  return { kind: 'ml-iforest', version: 1, features: d, trainRows: rows.length, roots, feature, value, left };
}

/** The package's score 2^(−E[h] / c(n_train)) per row, in (0, 1]. */
export function score(model: MlIforestModel, X: Matrix): Float64Array {
  if (model?.kind !== 'ml-iforest' || model.version !== 1) {
    throw new Error(`not an ml-isolation-forest model (v1): kind ${model?.kind}, version ${model?.version}`);
  }
  checkMatrix(X, 'ml-isolation-forest scoring data', model.features);
  const { feature, value, left, roots } = model;
  // Leaf path lengths once per node, not per row.
  const leafC = value.map((v, k) => (feature[k] < 0 ? packageC(v) : 0));
  const out = new Float64Array(X.length);
  const norm = packageC(model.trainRows);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    let total = 0;
    for (const root of roots) {
      let k = root;
      let depth = 0;
      while (feature[k] >= 0) {
        k = row[feature[k]] < value[k] ? left[k] : left[k] + 1;
        depth++;
      }
      total += depth + leafC[k];
    }
    out[i] = 2 ** (-(total / roots.length) / norm);
  }
  return out;
}

export const detector: Detector<MlIforestOptions, MlIforestModel> = { defaults, fit: (t, o, rng) => fit(t, o, rng), score };
