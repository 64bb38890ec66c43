/**
 * Range-based precision and recall, Tatbul et al., "Precision and Recall for Time Series",
 * NeurIPS 2018. With real ranges R = {R_1..R_Nr} and predicted ranges P = {P_1..P_Np}:
 *
 *   Recall_T(R, P)      = (1/Nr) Σ_i [ α · Existence(R_i, P) + (1 − α) · Overlap(R_i, P) ]
 *   Existence(R_i, P)   = 1 if Σ_j |R_i ∩ P_j| ≥ 1, else 0
 *   Overlap(R_i, P)     = CardinalityFactor(R_i, P) · Σ_j ω(R_i, R_i ∩ P_j, δ)
 *   Precision_T(R, P)   = (1/Np) Σ_j CardinalityFactor(P_j, R) · Σ_i ω(P_j, P_j ∩ R_i, δ)
 *                          (no existence term: α = 0 for precision)
 *   ω(A, I, δ)          = Σ_{k∈I} δ(k, |A|) / Σ_{k∈A} δ(k, |A|)
 *
 * Positional bias δ is flat (δ = 1), so ω(A, I) = |I| / |A|. CardinalityFactor is 1 when the
 * range overlaps at most one range of the other side, else γ: here 1 by default (`'one'`, no
 * fragmentation penalty) or 1/x for x overlapping ranges (`'reciprocal'`, the paper's example).
 * Positions are windows: a range is a maximal run of consecutive true windows.
 */
import { checkSameLength, runs, type IndexRange } from './input';

export interface RangeOptions {
  /** weight of the existence reward in recall, in [0, 1]; default 0 */
  alpha?: number;
  /** γ for a range overlapping several others; default 'one' */
  cardinality?: 'one' | 'reciprocal';
}

const rangeDefaults = { alpha: 0, cardinality: 'one' } as const;

export interface RangeScores {
  precision: number;
  recall: number;
  f1: number;
}

function overlap(a: IndexRange, b: IndexRange): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Σ over `others` of flat ω(a, a ∩ other), times the cardinality factor; also the overlap count. */
function overlapReward(a: IndexRange, others: readonly IndexRange[], cardinality: 'one' | 'reciprocal'): { reward: number; hits: number } {
  let covered = 0;
  let hits = 0;
  for (const o of others) {
    const k = overlap(a, o);
    if (k > 0) {
      covered += k;
      hits++;
    }
  }
  const gamma = hits <= 1 || cardinality === 'one' ? 1 : 1 / hits;
  return { reward: (gamma * covered) / (a.end - a.start), hits };
}

function checkAlpha(alpha: number): void {
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`invalid alpha: ${alpha} (expected 0..1)`);
}

/** Range recall over index ranges; 0 when there are no real ranges. */
export function rangeRecall(real: readonly IndexRange[], predicted: readonly IndexRange[], options: RangeOptions = {}): number {
  const alpha = options.alpha ?? rangeDefaults.alpha;
  checkAlpha(alpha);
  const cardinality = options.cardinality ?? rangeDefaults.cardinality;
  if (real.length === 0) return 0;
  let sum = 0;
  for (const r of real) {
    const { reward, hits } = overlapReward(r, predicted, cardinality);
    sum += alpha * (hits > 0 ? 1 : 0) + (1 - alpha) * reward;
  }
  return sum / real.length;
}

/** Range precision over index ranges; 0 when nothing is predicted. */
export function rangePrecision(real: readonly IndexRange[], predicted: readonly IndexRange[], options: RangeOptions = {}): number {
  const cardinality = options.cardinality ?? rangeDefaults.cardinality;
  if (predicted.length === 0) return 0;
  let sum = 0;
  for (const p of predicted) sum += overlapReward(p, real, cardinality).reward;
  return sum / predicted.length;
}

/** Range precision / recall / F1 from per-window truth and alarm masks. */
export function rangeScores(positive: readonly boolean[], predicted: readonly boolean[], options: RangeOptions = {}): RangeScores {
  checkSameLength(positive, predicted, 'positive/predicted');
  const real = runs(positive);
  const pred = runs(predicted);
  const precision = rangePrecision(real, pred, options);
  const recall = rangeRecall(real, pred, options);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
