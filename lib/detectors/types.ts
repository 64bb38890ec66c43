/**
 * The detector contract. Every file in lib/detectors exports an options type, a `defaults` const and
 * pure `fit`/`score` functions with these shapes, so workers, the CLI and the ensemble can treat
 * detectors alike. Models are plain JSON values: they cross postMessage and land in saved reports.
 */

import type { Json } from '../util/json';
import type { Rng } from '../util/rng';

/** Rows × features. Rows may be typed or plain arrays; every row has the same length. */
export type Matrix = readonly (Float64Array | readonly number[])[];

export type FitFn<Options, Model> = (train: Matrix, options: Options, rng: Rng) => Model;

/** One number per row of X, higher = more anomalous. */
export type ScoreFn<Model> = (model: Model, X: Matrix) => Float64Array;

/** The module shape of a detector file, for code that picks detectors by name. */
export interface Detector<Options, Model extends Json> {
  readonly defaults: Options;
  readonly fit: FitFn<Options, Model>;
  readonly score: ScoreFn<Model>;
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
