/**
 * EWMA control chart per feature: z_t = λ·x_t + (1 − λ)·z_{t−1}, started at the training centre μ;
 * the window's score is the largest |z_t − μ| over features in units of the chart's asymptotic
 * sd σ·√(λ / (2 − λ)), so a score above `limit` (the classic L = 3) is out of control.
 *
 * The centre is the training median by default, not the mean: incidents in the training span
 * (a brute-force burst of 150 failed logins a minute among minutes of 0–2) pull the mean far from
 * the usual value, and a chart centred there scores every quiet window as off-centre (on the
 * simulated SSH attacks that alone raised alarm events hours long with no failed login at all).
 * σ stays the sd: it puts features with heavy tails on a scale where their usual swings are small;
 * a robust spread there let the heaviest-tailed feature drown the rest (measured, BENCHMARKS.md).
 */
import { checkMatrix, type Detector, type Matrix } from './types';
import { robustSpread } from '../features/scale';

export interface EwmaOptions {
  /** smoothing weight of the newest window, 0 < λ ≤ 1; default 0.2 */
  lambda: number;
  /** control limit in chart sds, informative for thresholds; default 3 */
  limit: number;
  /** sd of a feature that never moved in training, relative to max(1, |mean|); default 0.001 */
  minScale: number;
  /** the chart's centre μ: the training 'median' or 'mean'; default 'median' */
  center: EwmaCenter;
}

export const EWMA_CENTERS = ['median', 'mean'] as const;
export type EwmaCenter = (typeof EWMA_CENTERS)[number];

export const defaults: EwmaOptions = { lambda: 0.2, limit: 3, minScale: 0.001, center: 'median' };

export interface EwmaModel {
  [key: string]: number | number[];
  lambda: number;
  /** the chart's centre per feature (training median or mean) */
  center: number[];
  sd: number[];
}

export function fit(train: Matrix, options: EwmaOptions = defaults): EwmaModel {
  const d = checkMatrix(train, 'ewma fit');
  if (train.length === 0) throw new Error('ewma fit: empty training span');
  if (!(options.lambda > 0 && options.lambda <= 1)) throw new Error(`invalid lambda: ${options.lambda}`);
  if (!(EWMA_CENTERS as readonly string[]).includes(options.center)) throw new Error(`invalid ewma center: ${String(options.center)} (known: ${EWMA_CENTERS.join(', ')})`);
  const center: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (const r of train) m += r[j];
    m /= train.length;
    let v = 0;
    for (const r of train) v += (r[j] - m) ** 2;
    const s = Math.sqrt(v / train.length);
    center.push(options.center === 'median' ? robustSpread(Float64Array.from(train, (r) => r[j])).median : m);
    // only a constant training column gets the floor: any spread it had is its unit
    sd.push(s > 0 ? s : options.minScale * Math.max(1, Math.abs(m)));
  }
  return { lambda: options.lambda, center, sd };
}

/** Scores consecutive windows; the chart restarts at the training centre for each call. */
export function score(model: EwmaModel, X: Matrix): Float64Array {
  return scoreFrom(model, X, [...model.center]);
}

/** Scores consecutive windows continuing the chart from `z` (updated in place): live mode keeps z between windows. */
export function scoreFrom(model: EwmaModel, X: Matrix, z: number[]): Float64Array {
  const d = checkMatrix(X, 'ewma score', model.center.length);
  if (z.length !== d) throw new Error(`ewma score: chart state has ${z.length} features, expected ${d}`);
  const l = model.lambda;
  const k = Math.sqrt(l / (2 - l));
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    let best = 0;
    for (let j = 0; j < d; j++) {
      z[j] = l * X[i][j] + (1 - l) * z[j];
      best = Math.max(best, Math.abs(z[j] - model.center[j]) / (model.sd[j] * k));
    }
    out[i] = best;
  }
  return out;
}

export const detector: Detector<EwmaOptions, EwmaModel> = { defaults, fit: (t, o) => fit(t, o), score };
