/**
 * The detector contract. Every file in lib/detectors exports an options type, a `defaults` const,
 * pure `fit`/`score` functions and a `detector` object of this shape, so the registry, workers, the
 * CLI and the ensemble treat detectors alike. Models are plain JSON values: they cross postMessage
 * and land in saved reports.
 */

import type { LabelRow } from '../labels/types';
import type { Json } from '../util/json';
import type { Rng } from '../util/rng';

/** Rows × features. Rows may be typed or plain arrays; every row has the same length. */
export type Matrix = readonly (Float64Array | readonly number[])[];

/** What a training run knows besides the rows; most detectors need none of it. */
export interface FitContext {
  /** indices (into the training rows) of windows where a labeled failure begins */
  failureStarts: readonly number[];
  /** epoch ms start of each training row's window, and the window length (needed by the KNN predictor) */
  trainStarts?: readonly number[];
  windowMs?: number;
  /** the run's labels; a detector learning from them reads only incidents failing in the training span */
  labels?: readonly LabelRow[];
  /** training progress in the detector's own unit (trees, epochs); not every detector reports it */
  onProgress?: (done: number, total: number, unit: string) => void;
  /** aborts training at the next safe point (the AutoEncoder checks it between epochs) */
  signal?: AbortSignal;
}

/**
 * A detector file's shape. `Fitted` is `Promise<Model>` for a detector that trains asynchronously
 * (the tfjs AutoEncoder). Methods, not function properties: a model only ever goes back to the
 * detector that made it, so a `Detector<O, EwmaModel>` may stand where the registry holds models as
 * opaque Json.
 */
export interface Detector<Options, Model extends Json, Fitted extends Model | Promise<Model> = Model> {
  readonly defaults: Options;
  /** `context` carries what some detectors need besides the rows (the KNN predictor: the labels). */
  fit(train: Matrix, options: Options, rng: Rng, context?: FitContext): Fitted;
  /** One number per row of X, higher = more anomalous (the KNN predictor: more likely to fail soon). */
  score(model: Model, X: Matrix): Float64Array;
  /**
   * A threshold the detector learns itself (the KNN predictor's warning level, chosen on the
   * training span), used instead of the evaluation's rule. Such a detector scores something other
   * than anomaly, so it stays out of the rank ensemble.
   */
  ownThreshold?(model: Model): number;
  /**
   * Why each window scored as it did: per-feature contributions (rows × features) for drill-downs,
   * or, for the KNN predictor, the slot in its model's `incidents` of the past incident each window
   * resembles (−1: none).
   */
  explain?(model: Model, X: Matrix): Float64Array[] | Int32Array;
}

/**
 * Checks a matrix at the boundary and returns its width. `expected` pins the width (scoring must
 * match the width seen in fit); non-finite values are rejected with their position.
 */
export function checkMatrix(X: Matrix, what: string, expected?: number): number {
  if (!Array.isArray(X)) throw new Error(`${what}: expected an array of rows, got ${typeof X}`);
  const d = expected ?? (X.length > 0 ? X[0].length : 0);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (row == null || row.length !== d) {
      throw new Error(`${what}: row ${i} has ${row == null ? 'no' : row.length} features, expected ${d}`);
    }
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(row[j])) throw new Error(`${what}: non-finite value ${row[j]} at row ${i}, feature ${j}`);
    }
  }
  return d;
}

/** Row-major copy into one typed array: one allocation, contiguous reads when scoring. */
export function flatten(X: Matrix, d: number): Float64Array {
  const out = new Float64Array(X.length * d);
  for (let i = 0; i < X.length; i++) out.set(X[i], i * d);
  return out;
}

/** A positive integer option, or an error naming the option and the bad value. */
export function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`invalid ${name}: ${v} (expected a positive integer)`);
  return v;
}
