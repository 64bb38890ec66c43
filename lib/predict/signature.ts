/**
 * A window's signature for the failure predictor: how far the recent past deviates from normal and
 * where it is heading. Input rows are features already scaled on the training span (robust z), so
 * "normal" is the origin. Per feature the signature holds
 *   level  = mean z over the last `smooth` windows (noise shrinks with √smooth, a ramp stays), and
 *   trend  = level now − level `trend` windows ago (a slow climb shows before the level is extreme),
 * then one dimension that does not depend on which feature moves, the ramp: the largest steady
 * climb of any feature, i.e. the smaller of its moves over the two halves of the trend look-back
 * when both go the same way (a step or a spike moves in one half only, a run-up in both).
 * The ramp is what lets a run-up of one kind (RAM creeping up before a leak) resemble a learned
 * run-up of another kind (requests from a few addresses creeping up before a flood). Measured on
 * the simulator presets (seeds 1–5), it is how the predictor warns before kinds it never saw; the
 * largest |level| and the count of deviating features were tried too and raised false warnings on
 * every noisy night, so they are not part of it.
 * Every value goes through a signed log, sign(v)·ln(1 + |v|): a 5xx storm at z = 300 must not sit
 * 300× farther from normal than a RAM climb at z = 5, or one loud feature decides every distance.
 * Causal by construction: window t reads windows ≤ t only (at the series start, what exists).
 */
import { checkMatrix, positiveInt, type Matrix } from '../detectors/types';

export interface SignatureOptions {
  /** windows averaged into the level (1 = the window alone) */
  smooth: number;
  /** windows between the two levels whose difference is the trend; 0 = no trend part */
  trend: number;
}

const slog = (v: number) => (v < 0 ? -Math.log1p(-v) : Math.log1p(v));
/** the kind-agnostic dimensions appended after the per-feature parts (the ramp) */
export const SHAPE_DIMS = 1;

/** Signature width for `features` input features. */
export function signatureWidth(features: number, options: SignatureOptions): number {
  return (options.trend > 0 ? 2 * features : features) + SHAPE_DIMS;
}

/** One signature row per input row (levels, then trends, then the ramp), oldest first. */
export function signatures(X: Matrix, options: SignatureOptions): Float64Array[] {
  const smooth = positiveInt('smooth', options.smooth);
  const trend = options.trend;
  if (!(Number.isInteger(trend) && trend >= 0)) throw new Error(`invalid trend: ${trend} (expected an integer ≥ 0)`);
  const d = checkMatrix(X, 'signature');
  const n = X.length;
  // trailing means with a running sum: level[t] = mean of X[max(0, t − smooth + 1) .. t]
  const level = new Float64Array(n * d);
  const sum = new Float64Array(d);
  for (let t = 0; t < n; t++) {
    const row = X[t];
    for (let j = 0; j < d; j++) sum[j] += row[j];
    if (t >= smooth) {
      const old = X[t - smooth];
      for (let j = 0; j < d; j++) sum[j] -= old[j];
    }
    const m = Math.min(t + 1, smooth);
    for (let j = 0; j < d; j++) level[t * d + j] = sum[j] / m;
  }
  const width = signatureWidth(d, options);
  const half = Math.max(1, Math.ceil(trend / 2));
  const out: Float64Array[] = new Array(n);
  for (let t = 0; t < n; t++) {
    const row = new Float64Array(width);
    const back = Math.max(0, t - trend);
    const mid = Math.max(0, t - half);
    const early = Math.max(0, t - 2 * half);
    let ramp = 0;
    for (let j = 0; j < d; j++) {
      const now = level[t * d + j];
      row[j] = slog(now);
      if (trend > 0) row[d + j] = slog(now - level[back * d + j]);
      const late = now - level[mid * d + j];
      const first = level[mid * d + j] - level[early * d + j];
      if (late * first > 0) ramp = Math.max(ramp, Math.min(Math.abs(slog(late)), Math.abs(slog(first))));
    }
    row[width - 1] = ramp;
    out[t] = row;
  }
  return out;
}
