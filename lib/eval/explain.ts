/**
 * Drill-down for one alarm: the window that scored highest within it and the features that drove
 * that score — the detector's own per-feature account when it has one (AutoEncoder reconstruction
 * error, robust z), otherwise each feature's robust z against the training span.
 */
import type { EvalRun, FeatureFrame } from './evaluate';

export interface Contribution {
  feature: string;
  /** raw feature value in the window */
  value: number;
  /** training median of the feature */
  median: number;
  /** the detector's per-feature share (AE squared error, |z|), or |z| against the training span */
  contribution: number;
}

export interface AlarmExplanation {
  detector: string;
  peakIndex: number;
  peakStart: number;
  peakScore: number;
  /** what `contribution` measures */
  measure: 'reconstruction error' | 'robust z' | 'robust z vs training';
  /** sorted, largest first */
  contributions: Contribution[];
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Explains the alarm covering windows [first, last] (frame indices) of `detector`. */
export function explainAlarm(run: EvalRun, frame: FeatureFrame, detector: string, first: number, last: number): AlarmExplanation {
  const scores = run.scores[detector];
  if (!scores) throw new Error(`no scores for ${detector}`);
  if (!(first >= 0 && last >= first && last < scores.length)) throw new Error(`alarm windows ${first}..${last} outside 0..${scores.length - 1}`);
  let peak = first;
  for (let i = first + 1; i <= last; i++) if (scores[i] > scores[peak]) peak = i;
  const { start, end } = run.context.split.train;
  const medians = frame.features.map((_, j) => median(Float64Array.from(frame.X.slice(start, end), (r) => r[j])));
  const own = run.explain[detector];
  let measure: AlarmExplanation['measure'];
  let contrib: ArrayLike<number>;
  if (Array.isArray(own)) {
    measure = detector === 'autoencoder' ? 'reconstruction error' : 'robust z';
    contrib = own[peak];
  } else {
    measure = 'robust z vs training';
    contrib = frame.features.map((_, j) => {
      const col = Float64Array.from(frame.X.slice(start, end), (r) => r[j]);
      const mad = 1.4826 * median(col.map((v) => Math.abs(v - medians[j])));
      const scale = Math.max(mad, 1e-3 * Math.max(1, Math.abs(medians[j])));
      return Math.abs(frame.X[peak][j] - medians[j]) / scale;
    });
  }
  const contributions = frame.features
    .map((feature, j) => ({ feature, value: frame.X[peak][j], median: medians[j], contribution: contrib[j] }))
    .sort((a, b) => b.contribution - a.contribution);
  return { detector, peakIndex: peak, peakStart: frame.starts[peak], peakScore: scores[peak], measure, contributions };
}
