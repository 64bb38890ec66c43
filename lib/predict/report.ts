/**
 * The prediction section of a run: the KNN predictor's test-span warnings measured as predictions
 * (lib/metrics/prediction.ts), each with the past incident it resembles, beside the trivial
 * baseline "an EWMA alarm is a warning" at the EWMA chart's deployable threshold from the same run.
 * Computed from the rows in force (thresholds re-chosen or set by hand), so it is a pure function
 * of the run and follows the threshold slider without retraining.
 */
import type { EvalRun } from '../eval/evaluate';
import type { KnnPrefailureModel, PastIncident } from '../detectors/knn-prefailure';
import { predictionMetrics, type PredictionMetrics } from '../metrics/prediction';

export const PREDICTOR = 'knn-prefailure';
export const BASELINE = 'ewma';
/**
 * A warning raised again within this many minutes of being lifted is the same warning: an
 * operator is not paged twice for one flickering condition (alert managers group the same way).
 * Applied to the predictor and the baseline alike.
 */
export const REARM_MIN = 30;

export interface PredictionReport {
  threshold: number;
  /** a warning is followed when a failure starts within this many ms (the longest learned run-up, capped) */
  horizonMs: number;
  rearmMs: number;
  model: Pick<
    KnnPrefailureModel,
    'incidents' | 'faint' | 'learnableKinds' | 'faintKinds' | 'suddenKinds' | 'calibration' | 'platt' | 'warningsPerDay' | 'trainFalseWarnings'
  >;
  predictor: PredictionMetrics;
  /** per predictor warning (same order): the learned incident its windows resemble most often, null when none */
  resembles: (PastIncident | null)[];
  /** the EWMA chart's alarms as warnings; null when EWMA did not run */
  baseline: { name: string; threshold: number; metrics: PredictionMetrics } | null;
}

/**
 * The incident named most often over windows [from, to] (the warning's windows, and the ones its
 * first score averaged over); ties go to the earliest named. Null when none names one.
 */
function commonest(slots: Int32Array, from: number, to: number, model: KnnPrefailureModel): PastIncident | null {
  const count = new Map<number, number>();
  let best = -1;
  for (let i = Math.max(0, from); i <= to; i++) {
    const s = slots[i];
    if (s < 0) continue;
    const c = (count.get(s) ?? 0) + 1;
    count.set(s, c);
    if (best < 0 || c > count.get(best)!) best = s;
  }
  return best < 0 ? null : (model.incidents[best] ?? null);
}

type RunView = Pick<EvalRun, 'detectors' | 'scores' | 'models' | 'explain' | 'context'>;

/** The run's prediction section, or null when the predictor did not run (or could not train). */
export function predictionOf(run: RunView): PredictionReport | null {
  const row = run.detectors.find((d) => d.name === PREDICTOR);
  const scores = run.scores[PREDICTOR];
  const model = run.models[PREDICTOR] as KnnPrefailureModel | undefined;
  if (!row || row.error !== null || !scores || !model) return null;
  const { split, config, labels } = run.context;
  const starts = Array.from(run.context.starts.subarray(split.test.start, split.test.end));
  const windowMs = config.windowSec * 1000;
  const options = { horizonMs: model.horizonMs, learnableKinds: model.learnableKinds, faintKinds: model.faintKinds, rearmMs: REARM_MIN * 60_000 };
  const test = (s: ArrayLike<number>) => Array.prototype.slice.call(s, split.test.start, split.test.end) as number[];
  const predictor = predictionMetrics(starts, test(scores), windowMs, labels, row.threshold, options);
  const slots = run.explain[PREDICTOR];
  const resembles = predictor.warnings.map((w) => (slots instanceof Int32Array ? commonest(slots, split.test.start + w.firstIndex - model.persist + 1, split.test.start + w.lastIndex, model) : null));
  const base = run.detectors.find((d) => d.name === BASELINE);
  const baseScores = run.scores[BASELINE];
  const baseline =
    base && base.error === null && baseScores
      ? { name: BASELINE, threshold: base.threshold, metrics: predictionMetrics(starts, test(baseScores), windowMs, labels, base.threshold, options) }
      : null;
  const { incidents, faint, learnableKinds, faintKinds, suddenKinds, calibration, platt, warningsPerDay, trainFalseWarnings } = model;
  return {
    threshold: row.threshold,
    horizonMs: model.horizonMs,
    rearmMs: options.rearmMs,
    model: { incidents, faint, learnableKinds, faintKinds, suddenKinds, calibration, platt, warningsPerDay, trainFalseWarnings },
    predictor,
    resembles,
    baseline,
  };
}
