/**
 * Threshold rules. Deployable rules see training data only: a quantile of the training scores, or
 * the best F1 on the labeled training span. The oracle (best F1 on the test labels) is kept apart
 * and flagged `upperBound`, because a threshold tuned on test labels is not a result one can ship.
 */
import { checkSameLength, checkScores, prf } from './input';

export type ThresholdRule = 'quantile' | 'train-best-f1';

export interface ThresholdChoice {
  /** alarm when score ≥ threshold */
  threshold: number;
  rule: ThresholdRule;
  /** the quantile level for 'quantile', null otherwise */
  q: number | null;
  /** F1 on the training windows at this threshold for 'train-best-f1', null otherwise */
  trainF1: number | null;
}

export interface BestF1 {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface OracleThreshold extends BestF1 {
  /** tuned on the test labels: an upper bound, not a deployable result */
  upperBound: true;
}

/** Quantile with linear interpolation between order statistics (numpy's default 'linear' method). */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`invalid quantile: ${q} (expected 0..1)`);
  if (values.length === 0) throw new Error('quantile of an empty list');
  checkScores(values, 'values');
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** Threshold at the q-quantile of the training scores (default 0.99): about 1 − q of training windows alarm. */
export function quantileThreshold(trainScores: readonly number[], q = 0.99): ThresholdChoice {
  return { threshold: quantile(trainScores, q), rule: 'quantile', q, trainF1: null };
}

/**
 * The threshold among the distinct scores that maximises window F1 (`exclude` windows, e.g.
 * precursor, skipped). Ties go to the highest threshold, i.e. the fewest alarms.
 * @throws when there is no positive window: F1 is then 0 everywhere and no threshold is better.
 */
export function bestF1(scores: readonly number[], positive: readonly boolean[], exclude?: readonly boolean[]): BestF1 {
  checkSameLength(scores, positive, 'scores/positive');
  if (exclude) checkSameLength(scores, exclude, 'scores/exclude');
  checkScores(scores);
  const idx = scores.map((_, i) => i).filter((i) => !exclude?.[i]);
  const totalPos = idx.filter((i) => positive[i]).length;
  if (totalPos === 0) throw new Error('best-F1 threshold needs at least one positive window');
  idx.sort((a, b) => scores[b] - scores[a]);
  let best: BestF1 = { threshold: Number.POSITIVE_INFINITY, precision: 0, recall: 0, f1: -1 };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (positive[idx[k]]) tp++;
    else fp++;
    const t = scores[idx[k]];
    if (k + 1 < idx.length && scores[idx[k + 1]] === t) continue;
    const m = prf(tp, fp, totalPos - tp);
    if (m.f1 > best.f1) best = { threshold: t, ...m };
  }
  return best;
}

/** Best F1 on the labeled training span: deployable, since it never looks at test labels. */
export function trainBestF1Threshold(trainScores: readonly number[], trainPositive: readonly boolean[], exclude?: readonly boolean[]): ThresholdChoice {
  const b = bestF1(trainScores, trainPositive, exclude);
  return { threshold: b.threshold, rule: 'train-best-f1', q: null, trainF1: b.f1 };
}

/** Best F1 on the test span: reported separately as an upper bound, never used as the threshold. */
export function oracleThreshold(testScores: readonly number[], testPositive: readonly boolean[], exclude?: readonly boolean[]): OracleThreshold {
  return { ...bestF1(testScores, testPositive, exclude), upperBound: true };
}
