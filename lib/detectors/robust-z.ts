/**
 * Robust z-score baseline: per feature, the distance from the training median in units of the
 * training spread (1.4826 · MAD, or 1.2533 · mean absolute deviation when the MAD is 0, see
 * robustSpread); the window's score is the largest over features. Only a feature that never moved
 * in training falls back to the `minScale` floor, so a column that is mostly still cannot turn a
 * small change into an astronomic score.
 */
import { checkMatrix, type Detector, type Matrix } from './types';
import { robustSpread } from '../features/scale';

export interface RobustZOptions {
  /** scale of a feature that never moved in training, relative to max(1, |median|); keeps it from dividing by 0; default 0.001 */
  minScale: number;
}

export const defaults: RobustZOptions = { minScale: 0.001 };

export interface RobustZModel {
  [key: string]: number[];
  median: number[];
  scale: number[];
}

export function fit(train: Matrix, options: RobustZOptions = defaults): RobustZModel {
  const d = checkMatrix(train, 'robust-z fit');
  if (train.length === 0) throw new Error('robust-z fit: empty training span');
  if (!(options.minScale > 0)) throw new Error(`invalid minScale: ${options.minScale}`);
  const med: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < d; j++) {
    const { median: m, spread } = robustSpread(Float64Array.from(train, (r) => r[j]));
    med.push(m);
    scale.push(spread > 0 ? spread : options.minScale * Math.max(1, Math.abs(m)));
  }
  return { median: med, scale };
}

export function score(model: RobustZModel, X: Matrix): Float64Array {
  const d = checkMatrix(X, 'robust-z score', model.median.length);
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    let best = 0;
    for (let j = 0; j < d; j++) best = Math.max(best, Math.abs(X[i][j] - model.median[j]) / model.scale[j]);
    out[i] = best;
  }
  return out;
}

/** |z| per feature, rows × features: which features drove a window's score. */
export function featureScores(model: RobustZModel, X: Matrix): Float64Array[] {
  const d = checkMatrix(X, 'robust-z score', model.median.length);
  return X.map((row) => Float64Array.from({ length: d }, (_, j) => Math.abs(row[j] - model.median[j]) / model.scale[j]));
}

export const detector: Detector<RobustZOptions, RobustZModel> = { defaults, fit: (t, o) => fit(t, o), score, explain: featureScores };
