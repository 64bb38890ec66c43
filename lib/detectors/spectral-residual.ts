/**
 * Spectral residual (Ren et al., KDD 2019, "Time-Series Anomaly Detection Service at Microsoft",
 * after Hou & Zhang's visual saliency), scored as a stream: each row is scored from the window of
 * rows that ends at it, so the score is causal.
 *
 * Per feature, on the `window − estimated` newest values:
 * 1. the paper's extrapolation, appended `estimated` times so the newest row is not at the
 *    window's edge (where the circular transform joins the window's ends): an estimate from the
 *    mean slope ḡ over the last m rows, here taken from the rows before the newest (see below);
 * 2. A(f), P(f) = amplitude and phase of the FFT; R(f) = log A(f) − (h_q * log A)(f), the log
 *    amplitude minus its circular moving average over q bins; saliency S = |IFFT(exp(R + iP))|,
 *    with the DC bin dropped (see below);
 * 3. score = (S_n − S̄) / S̄, S̄ the mean saliency of the `local` values before the newest.
 * The row's score is the largest over features (an anomaly in any one feature is one), floored at
 * 0. The saliency map does not depend on a feature's unit, so features compare without scaling.
 *
 * Rows before the first full window are scored on a window padded with the oldest row available
 * (the training tail the model keeps, then the scored rows).
 */
import { Fft } from './fft';
import { exp, log } from './portable-math';
import { checkMatrix, positiveInt, type Detector, type Matrix } from './types';

export interface SpectralResidualOptions {
  /** transform length in rows, a power of two: the newest window − estimated rows plus the estimated points; default 64 */
  window: number;
  /** points extrapolated past the newest row (κ); default 5 */
  estimated: number;
  /** rows whose mean slope to the row before the newest gives the extrapolation (m); default 5 */
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

function checkOptions(o: SpectralResidualOptions): void {
  positiveInt('window', o.window);
  if (o.window < 8 || o.window > 4096 || (o.window & (o.window - 1)) !== 0) throw new Error(`invalid window: ${o.window} (expected a power of two from 8 to 4096)`);
  positiveInt('estimated', o.estimated);
  positiveInt('gradient', o.gradient);
  positiveInt('average', o.average);
  if (o.average % 2 === 0) throw new Error(`invalid average: ${o.average} (expected an odd positive integer)`);
  positiveInt('local', o.local);
  const real = o.window - o.estimated;
  if (o.local >= real) throw new Error(`invalid local: ${o.local} (must be below window − estimated = ${real})`);
  if (o.gradient > real - 2) throw new Error(`invalid gradient: ${o.gradient} (at most window − estimated − 2 = ${real - 2})`);
  if (o.average > o.window) throw new Error(`invalid average: ${o.average} (must not exceed window = ${o.window})`);
}

/** Buffers for one window length, reused across rows and features. */
class Saliency {
  private readonly fft: Fft;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  /** log amplitude and gain of bins 1..n/2 (a real window's spectrum mirrors around n/2) */
  private readonly logA: Float64Array;
  private readonly gain: Float64Array;
  /** per bin f in 1..n/2, the bins of its moving average folded into 1..n/2, DC left out */
  private readonly neighbours: Int32Array[];

  constructor(private readonly o: SpectralResidualOptions) {
    const n = o.window;
    const half = n / 2;
    this.fft = new Fft(n);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.logA = new Float64Array(half + 1);
    this.gain = new Float64Array(half + 1);
    const h = (o.average - 1) / 2;
    this.neighbours = [];
    for (let f = 1; f <= half; f++) {
      const bins: number[] = [];
      for (let j = -h; j <= h; j++) {
        let b = (((f + j) % n) + n) % n;
        if (b > half) b = n - b;
        if (b !== 0) bins.push(b);
      }
      this.neighbours[f] = Int32Array.from(bins);
    }
  }

  /** Relative saliency of the last of `values` (its length is window − estimated, oldest first). */
  score(values: Float64Array): number {
    const { window: n, estimated, gradient: m, local: z } = this.o;
    const real = n - estimated;
    const half = n / 2;
    const { re, im } = this;
    // The map is scale-free, so work in units of the window's largest |value|: huge rows cannot overflow.
    let size = 0;
    for (let i = 0; i < real; i++) size = Math.max(size, Math.abs(values[i]));
    if (!(size > 0)) return 0;
    for (let i = 0; i < real; i++) re[i] = values[i] / size;
    // The paper's estimate, x_{n−m} + ḡ·m with ḡ the mean slope from x_{n−1} back to each of the m
    // rows before it, taken from the rows before the newest: estimated through the newest row, a
    // lone spike drags its own estimates up, its two edges cancel in the saliency map, and it is
    // seen only m rows late (measured on hand-made spikes).
    const prev = real - 2;
    let g = 0;
    for (let i = 1; i <= m; i++) g += (re[prev] - re[prev - i]) / i;
    const slope = g / m;
    const estimate = re[real - 1 - m] + slope * m;
    for (let i = real; i < n; i++) re[i] = estimate;
    im.fill(0);
    // The DC bin is dropped (the window's level would otherwise add a constant to the whole map and
    // dilute every relative deviation) and left out of the averages (its empty log would blow up
    // its neighbours' gain).
    this.fft.forward(re, im);
    let peak = 0;
    for (let f = 1; f <= half; f++) peak = Math.max(peak, re[f] * re[f] + im[f] * im[f]);
    if (!(peak > 0)) return 0; // a constant window: nothing stands out
    // A power floor far below the peak: an empty bin would make log A = −∞.
    const floor = peak * 1e-30;
    for (let f = 1; f <= half; f++) this.logA[f] = 0.5 * log(re[f] * re[f] + im[f] * im[f] + floor);
    // exp(R + iP) = A·e^{iP} · exp(−average of log A): each coefficient times a real gain, the
    // same for f and n − f, so the spectrum stays that of a real signal.
    for (let f = 1; f <= half; f++) {
      const bins = this.neighbours[f];
      let sum = 0;
      for (let b = 0; b < bins.length; b++) sum += this.logA[bins[b]];
      this.gain[f] = exp(-sum / bins.length);
    }
    re[0] = 0;
    im[0] = 0;
    for (let f = 1; f <= half; f++) {
      const gain = this.gain[f];
      re[f] *= gain;
      im[f] *= gain;
      if (f < half) {
        re[n - f] *= gain;
        im[n - f] *= gain;
      }
    }
    this.fft.inverse(re, im);
    const sal = (i: number) => Math.sqrt(re[i] * re[i] + im[i] * im[i]);
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
  // Before the first row held, the oldest row held stands in, so every window is full.
  const pad = Math.max(0, real - 1 - h);
  const first = h > 0 ? model.history[0] : X[0];
  const sr = new Saliency(model);
  const out = new Float64Array(X.length);
  if (X.length === 0) return out;
  const column = new Float64Array(pad + h + X.length);
  for (let j = 0; j < d; j++) {
    column.fill(first[j], 0, pad);
    for (let t = 0; t < h; t++) column[pad + t] = model.history[t][j];
    for (let i = 0; i < X.length; i++) column[pad + h + i] = X[i][j];
    // Row i's window ends at column index pad + h + i; the largest score over features wins.
    for (let i = 0; i < X.length; i++) {
      const end = pad + h + i + 1;
      const v = sr.score(column.subarray(end - real, end));
      if (v > out[i]) out[i] = v;
    }
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

export const detector: Detector<SpectralResidualOptions, SpectralResidualModel> = { defaults, fit: (t, o) => fit(t, o), score };
