/**
 * Spectral residual (Ren et al., KDD 2019, "Time-Series Anomaly Detection Service at Microsoft",
 * after Hou & Zhang's visual saliency), scored as a stream: each row is scored from the window of
 * rows that ends at it, so the score is causal.
 *
 * Per feature, on the `window − estimated` newest values:
 * 1. the paper's extrapolation: slope ḡ = mean over i = 1..m of (x_n − x_{n−i}) / i, estimate
 *    x_{n−m+1} + ḡ·m, appended `estimated` times, so the newest row is not at the window's edge
 *    (where the saliency map is weakest);
 * 2. the window mean is removed (why: otherwise the level lives in the DC bin, whose residual is
 *    large, and adds a constant to the saliency map that dilutes every relative deviation);
 * 3. A(f), P(f) = amplitude and phase of the FFT; R(f) = log A(f) − (h_q * log A)(f), the log
 *    amplitude minus its circular moving average over q bins; saliency S = |IFFT(exp(R + iP))|;
 * 4. score = (S_n − S̄) / S̄, S̄ the mean saliency of the `local` values before the newest.
 * The row's score is the largest over features (an anomaly in any one feature is one), floored at
 * 0. The saliency map does not depend on a feature's unit, so features compare without scaling.
 *
 * Rows before the first full window are scored on a window padded with the oldest row available
 * (the training tail the model keeps, then the scored rows).
 */
import FFT from 'fft.js';
import { checkMatrix, positiveInt, type Detector, type Matrix } from './types';

export interface SpectralResidualOptions {
  /** transform length in rows, a power of two: the newest window − estimated rows plus the estimated points; default 64 */
  window: number;
  /** points extrapolated past the newest row (κ); default 5 */
  estimated: number;
  /** preceding rows whose slopes to the newest give the extrapolation (m); default 5 */
  gradient: number;
  /** width of the moving average over the log amplitude spectrum (q), odd; default 3 */
  average: number;
  /** preceding saliency values the newest is compared with (z); default 21 */
  local: number;
}

export const defaults: SpectralResidualOptions = { window: 64, estimated: 5, gradient: 5, average: 3, local: 21 };

export interface SpectralResidualModel {
  [key: string]: string | number | number[][];
  kind: 'spectral-residual';
  version: 1;
  window: number;
  estimated: number;
  gradient: number;
  average: number;
  local: number;
  features: number;
  /** the last window − estimated − 1 training rows: the first scored rows' windows reach into them */
  history: number[][];
}

export function checkOptions(o: SpectralResidualOptions): void {
  positiveInt('window', o.window);
  if (o.window < 8 || o.window > 4096 || (o.window & (o.window - 1)) !== 0) throw new Error(`invalid window: ${o.window} (expected a power of two from 8 to 4096)`);
  positiveInt('estimated', o.estimated);
  positiveInt('gradient', o.gradient);
  positiveInt('average', o.average);
  if (o.average % 2 === 0) throw new Error(`invalid average: ${o.average} (expected an odd positive integer)`);
  positiveInt('local', o.local);
  const real = o.window - o.estimated;
  if (o.local >= real) throw new Error(`invalid local: ${o.local} (must be below window − estimated = ${real})`);
  if (o.gradient >= real) throw new Error(`invalid gradient: ${o.gradient} (must be below window − estimated = ${real})`);
  if (o.average > o.window) throw new Error(`invalid average: ${o.average} (must not exceed window = ${o.window})`);
}

/** Buffers for one window length, reused across rows and features. */
class Saliency {
  private readonly fft: FFT;
  private readonly x: Float64Array;
  private readonly spec: Float64Array;
  private readonly back: Float64Array;
  private readonly logA: Float64Array;
  private readonly gain: Float64Array;

  constructor(private readonly o: SpectralResidualOptions) {
    const n = o.window;
    this.fft = new FFT(n);
    this.x = new Float64Array(n);
    this.spec = new Float64Array(2 * n);
    this.back = new Float64Array(2 * n);
    this.logA = new Float64Array(n);
    this.gain = new Float64Array(n);
  }

  /** Relative saliency of the last of `values` (its length is window − estimated, oldest first). */
  score(values: Float64Array): number {
    const { window: n, estimated, gradient: m, average: q, local: z } = this.o;
    const real = n - estimated;
    const x = this.x;
    // The map is scale-free, so work in units of the window's largest |value|: huge rows cannot overflow.
    let size = 0;
    for (let i = 0; i < real; i++) size = Math.max(size, Math.abs(values[i]));
    if (!(size > 0)) return 0;
    for (let i = 0; i < real; i++) x[i] = values[i] / size;
    let g = 0;
    for (let i = 1; i <= m; i++) g += (x[real - 1] - x[real - 1 - i]) / i;
    const slope = g / m;
    const estimate = x[real - m] + slope * m;
    for (let i = real; i < n; i++) x[i] = estimate;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i];
    mean /= n;
    for (let i = 0; i < n; i++) x[i] -= mean;

    const spec = this.spec;
    this.fft.realTransform(spec, x);
    this.fft.completeSpectrum(spec);
    let peak = 0;
    for (let f = 1; f < n; f++) peak = Math.max(peak, spec[2 * f] ** 2 + spec[2 * f + 1] ** 2);
    if (!(peak > 0)) return 0; // a constant window: nothing stands out
    // Power floor far below the peak: an empty bin would make log A = −∞ and its neighbours' average too.
    const floor = peak * 1e-30;
    for (let f = 0; f < n; f++) this.logA[f] = 0.5 * Math.log(spec[2 * f] ** 2 + spec[2 * f + 1] ** 2 + floor);
    // exp(R + iP) = A·e^{iP} · exp(−average of log A): the coefficient times a real gain.
    // The DC bin is empty after the mean went: it is left out of every average (its log would drag
    // its neighbours' average down and blow their gain up) and stays 0.
    const h = (q - 1) / 2;
    this.gain[0] = 0;
    for (let f = 1; f < n; f++) {
      let s = 0;
      let count = 0;
      for (let j = -h; j <= h; j++) {
        const b = (f + j + n) % n;
        if (b === 0) continue;
        s += this.logA[b];
        count++;
      }
      this.gain[f] = Math.exp(-s / count);
    }
    for (let f = 0; f < n; f++) {
      spec[2 * f] *= this.gain[f];
      spec[2 * f + 1] *= this.gain[f];
    }
    const back = this.back;
    this.fft.inverseTransform(back, spec);
    const sal = (i: number) => Math.hypot(back[2 * i], back[2 * i + 1]);
    const newest = sal(real - 1);
    let around = 0;
    for (let i = real - 1 - z; i < real - 1; i++) around += sal(i);
    around /= z;
    const denominator = Math.max(around, 1e-9 * newest);
    return denominator > 0 ? (newest - around) / denominator : 0;
  }
}

export function fit(train: Matrix, options: SpectralResidualOptions = defaults): SpectralResidualModel {
  checkOptions(options);
  const d = checkMatrix(train, 'spectral-residual fit');
  if (train.length === 0) throw new Error('spectral-residual fit: empty training span');
  const keep = options.window - options.estimated - 1;
  const history = train.slice(Math.max(0, train.length - keep)).map((r) => Array.from(r));
  const { window, estimated, gradient, average, local } = options;
  return { kind: 'spectral-residual', version: 1, window, estimated, gradient, average, local, features: d, history };
}

/** One score per row of X, from the window of rows ending at it (model history first). */
export function score(model: SpectralResidualModel, X: Matrix): Float64Array {
  checkModel(model);
  const d = checkMatrix(X, 'spectral-residual score', model.features);
  const real = model.window - model.estimated;
  const h = model.history.length;
  const rowAt = (t: number) => (t < h ? model.history[t] : X[t - h]);
  const sr = new Saliency(model);
  const values = new Float64Array(real);
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const end = h + i;
    let best = 0;
    for (let j = 0; j < d; j++) {
      // Window rows end..end−real+1; before row 0 the oldest row stands in.
      for (let p = 0; p < real; p++) values[p] = rowAt(Math.max(0, end - real + 1 + p))[j];
      best = Math.max(best, sr.score(values));
    }
    out[i] = best;
  }
  return out;
}

function checkModel(m: SpectralResidualModel): void {
  if (m?.kind !== 'spectral-residual' || m.version !== 1) throw new Error(`spectral-residual score: not a spectral-residual model (kind ${String(m?.kind)}, version ${String(m?.version)})`);
  checkOptions(m);
  positiveInt('features', m.features);
  if (m.history.length > m.window - m.estimated - 1) throw new Error(`spectral-residual score: model history holds ${m.history.length} rows, at most ${m.window - m.estimated - 1} allowed`);
  checkMatrix(m.history, 'spectral-residual model history', m.features);
}

export const spectralResidual: Detector<SpectralResidualOptions, SpectralResidualModel> = { defaults, fit: (t, o) => fit(t, o), score };
