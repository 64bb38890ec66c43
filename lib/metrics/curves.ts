import { alarms, checkSameLength, checkScores, prf, runs } from './input';

export interface PrPoint {
  /** alarm when score ≥ threshold */
  threshold: number;
  precision: number;
  recall: number;
}

/**
 * Window-level PR curve: one point per distinct score, thresholds descending (recall rising).
 * Ties share one point, as in sklearn's precision_recall_curve.
 */
export function prCurve(scores: readonly number[], positive: readonly boolean[]): PrPoint[] {
  checkSameLength(scores, positive, 'scores/positive');
  checkScores(scores);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const totalPos = positive.filter(Boolean).length;
  const out: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (positive[i]) tp++;
    else fp++;
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) continue;
    out.push({ threshold: scores[i], precision: tp / (tp + fp), recall: totalPos === 0 ? 0 : tp / totalPos });
  }
  return out;
}

/**
 * PR-AUC as average precision, step-wise like sklearn's average_precision_score:
 * AP = Σ_k (R_k − R_{k−1}) · P_k over thresholds descending, R_0 = 0 (no interpolation).
 * NaN when there is no positive window (undefined, not 0: "no incident" is not "bad detector").
 */
export function averagePrecision(scores: readonly number[], positive: readonly boolean[]): number {
  const curve = prCurve(scores, positive);
  if (!positive.some(Boolean)) return Number.NaN;
  let ap = 0;
  let prevRecall = 0;
  for (const p of curve) {
    ap += (p.recall - prevRecall) * p.precision;
    prevRecall = p.recall;
  }
  return ap;
}

/** Number of thresholds sampled per PR curve in VUS, the constant of the reference implementation. */
const VUS_THRESHOLDS = 250;

/**
 * Continuous labels of Paparrizos et al. for one buffer size: each anomaly run gets slopes of
 * ⌊buffer/2⌋ windows on both sides, value sqrt(1 − d/buffer) at distance d, clipped to 1.
 * Returns the labels and the (extended) anomaly ranges used for the existence reward.
 */
export function bufferedLabels(positive: readonly boolean[], buffer: number): { labels: number[]; ranges: { start: number; end: number }[] } {
  const n = positive.length;
  const base = positive.map((p) => (p ? 1 : 0));
  const real = runs(positive);
  if (buffer <= 1) return { labels: base, ranges: real };
  const labels = [...base] as number[];
  const slope = Math.floor(buffer / 2);
  for (const r of real) {
    const e = r.end - 1;
    for (let x = e; x < Math.min(e + slope, n); x++) labels[x] += Math.sqrt(1 - (x - e) / buffer);
    for (let x = Math.max(r.start - slope, 0); x < r.start; x++) labels[x] += Math.sqrt(1 - (r.start - x) / buffer);
  }
  for (let i = 0; i < n; i++) labels[i] = Math.min(1, Math.max(0, labels[i]));
  return { labels, ranges: runs(labels.map((v) => v > 0)) };
}

/**
 * Range-AUC-PR for one buffer size (Paparrizos et al., "Volume Under the Surface", PVLDB 15(11),
 * 2022). Variant: the authors' reference code (TheDatumOrg/VUS `RangeAUC`, as ported to aeon's
 * `range_pr_roc_auc_support`): 250 thresholds sampled uniformly by rank from the sorted scores;
 * TP = Σ label·pred over the continuous labels; P = mean(|binary positives|, Σ continuous labels);
 * recall = min(TP/P, 1) · (fraction of extended ranges with any TP); precision = TP / #pred;
 * area by trapezoids from (recall 0, precision 1), the curve is not closed at recall 1.
 */
export function rangePrAuc(scores: readonly number[], positive: readonly boolean[], buffer: number): number {
  checkSameLength(scores, positive, 'scores/positive');
  checkScores(scores);
  if (!(Number.isInteger(buffer) && buffer >= 0)) throw new Error(`invalid buffer: ${buffer}`);
  const n = scores.length;
  if (!positive.some(Boolean)) return Number.NaN;
  const { labels, ranges } = bufferedLabels(positive, buffer);
  const p = (positive.filter(Boolean).length + labels.reduce((a, b) => a + b, 0)) / 2;
  const sorted = [...scores].sort((a, b) => b - a);
  const step = (n - 1) / (VUS_THRESHOLDS - 1);
  let area = 0;
  let prevRecall = 0;
  let prevPrecision = 1;
  for (let k = 0; k < VUS_THRESHOLDS; k++) {
    const t = sorted[k === VUS_THRESHOLDS - 1 ? n - 1 : Math.floor(k * step)];
    let tp = 0;
    let predicted = 0;
    for (let i = 0; i < n; i++) {
      if (scores[i] < t) continue;
      predicted++;
      tp += labels[i];
    }
    let hit = 0;
    for (const r of ranges) {
      for (let i = r.start; i < r.end; i++) {
        if (scores[i] >= t && labels[i] > 0) {
          hit++;
          break;
        }
      }
    }
    const recall = Math.min(tp / p, 1) * (hit / ranges.length);
    const precision = tp / predicted;
    area += ((recall - prevRecall) * (precision + prevPrecision)) / 2;
    prevRecall = recall;
    prevPrecision = precision;
  }
  return area;
}

/** VUS-PR: mean of rangePrAuc over buffer sizes 0..maxBuffer windows (default 10). NaN without positives. */
export function vusPr(scores: readonly number[], positive: readonly boolean[], maxBuffer = 10): number {
  if (!(Number.isInteger(maxBuffer) && maxBuffer >= 0)) throw new Error(`invalid maxBuffer: ${maxBuffer}`);
  let sum = 0;
  for (let b = 0; b <= maxBuffer; b++) sum += rangePrAuc(scores, positive, b);
  return sum / (maxBuffer + 1);
}

/** Point-adjusted scores: known to inflate results, so always reported beside honest ones. */
export interface PointAdjusted {
  precision: number;
  recall: number;
  f1: number;
  inflated: true;
}

/**
 * Point-adjusted F1 (Xu et al. 2018): if any window of a positive run alarms, every window of
 * that run counts as detected. Kept only for comparison with the literature; a random detector
 * scores well under it. `exclude` windows (e.g. precursor) are left out as in windowMetrics.
 */
export function pointAdjustedF1(scores: readonly number[], positive: readonly boolean[], threshold: number, exclude?: readonly boolean[]): PointAdjusted {
  checkSameLength(scores, positive, 'scores/positive');
  if (exclude) checkSameLength(scores, exclude, 'scores/exclude');
  checkScores(scores);
  const pred = alarms(scores, threshold);
  for (const r of runs(positive)) {
    let any = false;
    for (let i = r.start; i < r.end; i++) any ||= pred[i];
    if (any) for (let i = r.start; i < r.end; i++) pred[i] = true;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < pred.length; i++) {
    if (exclude?.[i]) continue;
    if (positive[i] && pred[i]) tp++;
    else if (positive[i]) fn++;
    else if (pred[i]) fp++;
  }
  return { ...prf(tp, fp, fn), inflated: true };
}
