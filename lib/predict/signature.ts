/**
 * A window's signature for the failure predictor: how far the recent past deviates from normal and
 * where it is heading. Input rows are features already scaled on the training span (robust z), so
 * "normal" is the origin. Per feature the signature holds
 *   level  = mean z over the last `smooth` windows (noise shrinks with √smooth, a ramp stays), and
 *   trend  = level now − level `trend` windows ago (a slow climb shows before the level is extreme),
 * then three dimensions that do not depend on which feature moves (its shape):
 *   the largest |level|, the largest |level| whose trend still points away from normal, and how
 *   many features sit beyond 2 robust z.
 * The shape part is what lets a run-up of one kind (say RAM creeping up before a leak) resemble a
 * learned run-up of another kind (one route slowing before it times out): measured, the predictor
 * warns before kinds it has not seen only through it.
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
/** a feature "deviates" beyond 2 robust z */
const DEVIATES = slog(2);
/** the shape dimensions appended after the per-feature parts */
export const SHAPE_DIMS = 3;

/** Signature width for `features` input features. */
export function signatureWidth(features: number, options: SignatureOptions): number {
  return (options.trend > 0 ? 2 * features : features) + SHAPE_DIMS;
}

/** One signature row per input row (levels, then trends, then the shape), oldest first. */
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
  const out: Float64Array[] = new Array(n);
  for (let t = 0; t < n; t++) {
    const row = new Float64Array(width);
    const back = Math.max(0, t - trend);
    let top = 0;
    let growing = 0;
    let deviating = 0;
    for (let j = 0; j < d; j++) {
      const lv = slog(level[t * d + j]);
      row[j] = lv;
      const tr = trend > 0 ? slog(level[t * d + j] - level[back * d + j]) : 0;
      if (trend > 0) row[d + j] = tr;
      top = Math.max(top, Math.abs(lv));
      growing = Math.max(growing, Math.min(Math.abs(lv), Math.max(0, Math.sign(lv) * tr)));
      if (Math.abs(lv) > DEVIATES) deviating++;
    }
    row[width - 3] = top;
    row[width - 2] = growing;
    row[width - 1] = slog(deviating);
    out[t] = row;
  }
  return out;
}
