/**
 * The honest evaluation: windowed features from the engine → time split (train first) → scaling
 * fitted on train → each detector fitted on train, scored on everything → a threshold chosen
 * without test labels → metrics on the test span only. The oracle threshold (best F1 on test) is
 * reported beside it as an upper bound, never as the result.
 */
import type { Db } from '../engine/db';
import { featureSql } from '../features/sql';
import { applyScaler, fitScaler, type ScaleMethod } from '../features/scale';
import type { LabelRow } from '../labels/types';
import { sliceRange, timeSplit } from '../metrics/split';
import { windowMetrics, windowTruth } from '../metrics/windows';
import { eventMetrics } from '../metrics/events';
import { averagePrecision, vusPr } from '../metrics/curves';
import { rangeScores } from '../metrics/range';
import { oracleThreshold, quantileThreshold, trainBestF1Threshold, type ThresholdChoice } from '../metrics/thresholds';
import { detectorRng } from '../detectors/rng';
import { detectorByName } from './registry';
import { rankAverage } from '../detectors/ensemble';

/** Rank-average of every other detector in the run (not a fitted model of its own). */
export const ENSEMBLE = 'ensemble';

export interface EvalConfig {
  windowSec: number;
  features: readonly string[];
  detectors: readonly string[];
  /** share of the time span used for training; default 0.5 */
  trainFraction: number;
  scale: ScaleMethod;
  threshold: { rule: 'quantile'; q: number } | { rule: 'train-best-f1' };
  /** minutes before a failure in which an alarm still counts as detecting it */
  earlyMarginMin: number;
  seed: number;
}

export const evalDefaults: Omit<EvalConfig, 'features' | 'detectors'> = {
  windowSec: 60,
  trainFraction: 0.5,
  scale: 'robust',
  threshold: { rule: 'quantile', q: 0.99 },
  earlyMarginMin: 10,
  seed: 42,
};

export interface DetectorResult {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  pr_auc: number;
  vus_pr: number;
  range_precision: number;
  range_recall: number;
  events_detected: number;
  events_total: number;
  false_alarms_per_day: number;
  median_lead_s: number | null;
  threshold: number;
  threshold_rule: string;
  /** best F1 with the threshold tuned on the test labels: an upper bound, not a deployable number */
  oracle_f1: number;
  fit_ms: number;
  score_ms: number;
  /** why the detector could not run (then its metrics are NaN / null), else null */
  error: string | null;
}

export interface EvalResult {
  windows: number;
  trainWindows: number;
  testWindows: number;
  splitTime: number;
  detectors: DetectorResult[];
}

function chooseThreshold(config: EvalConfig, trainScores: number[], trainPositive: boolean[], trainExclude: boolean[]): ThresholdChoice {
  if (config.threshold.rule === 'quantile') return quantileThreshold(trainScores, config.threshold.q);
  // best F1 needs a labeled failure in the training span; without one fall back to the quantile rule
  if (!trainPositive.some((p, i) => p && !trainExclude[i])) return quantileThreshold(trainScores, 0.99);
  return trainBestF1Threshold(trainScores, trainPositive, trainExclude);
}

export async function evaluate(db: Db, config: EvalConfig, labels: readonly LabelRow[]): Promise<EvalResult> {
  const windowMs = config.windowSec * 1000;
  const rows = await db.query(featureSql({ windowSec: config.windowSec, features: config.features }));
  if (rows.length < 2) throw new Error(`only ${rows.length} window(s) of ${config.windowSec} s: not enough data to split`);
  const starts = rows.map((r) => Number(r.ts));
  const X = rows.map((r) => config.features.map((f) => Number(r[f])));
  const split = timeSplit(starts, windowMs, config.trainFraction);
  const scaler = fitScaler(sliceRange(X, split.train), config.scale);
  const Xs = applyScaler(scaler, X);
  const train = sliceRange(Xs, split.train);
  const truth = windowTruth(starts, windowMs, labels);
  const testStarts = sliceRange(starts, split.test);
  const testTruth = { positive: sliceRange(truth.positive, split.test), precursor: sliceRange(truth.precursor, split.test) };

  const results: DetectorResult[] = [];
  const members: Float64Array[] = [];
  const failureStarts = labels
    .filter((l) => l.phase === 'failure')
    .map((l) => starts.findIndex((s) => s <= l.start && l.start < s + windowMs))
    .filter((i) => i >= split.train.start && i < split.train.end);
  for (const name of config.detectors) {
    if (name === ENSEMBLE) continue;
    const det = detectorByName(name);
    let t = performance.now();
    let model;
    try {
      model = await det.fit(train, detectorRng(config.seed, name), { failureStarts });
    } catch (e) {
      // one detector that cannot train (e.g. KNN without a labeled failure in training) does not sink the others
      results.push(failed(name, e instanceof Error ? e.message : String(e)));
      continue;
    }
    const fitMs = performance.now() - t;
    t = performance.now();
    const scores = det.score(model, Xs);
    // the ensemble averages anomaly detectors; the KNN matcher scores similarity to past failures instead
    if (det.fixedThreshold === undefined) members.push(scores);
    results.push(assess(name, Array.from(scores), fitMs, performance.now() - t, det.fixedThreshold));
  }
  if (config.detectors.includes(ENSEMBLE)) {
    if (members.length < 2) throw new Error('the ensemble needs at least two other detectors');
    const t = performance.now();
    results.push(assess(ENSEMBLE, Array.from(rankAverage(members)), 0, performance.now() - t));
  }
  return { windows: rows.length, trainWindows: split.train.end - split.train.start, testWindows: split.test.end - split.test.start, splitTime: split.splitTime, detectors: results };

  function failed(name: string, error: string): DetectorResult {
    return {
      name, precision: NaN, recall: NaN, f1: NaN, pr_auc: NaN, vus_pr: NaN, range_precision: NaN, range_recall: NaN,
      events_detected: 0, events_total: 0, false_alarms_per_day: NaN, median_lead_s: null, threshold: NaN,
      threshold_rule: 'none', oracle_f1: NaN, fit_ms: NaN, score_ms: NaN, error,
    };
  }

  function assess(name: string, scores: number[], fitMs: number, scoreMs: number, fixed?: number): DetectorResult {
    const trainScores = sliceRange(scores, split.train);
    const testScores = sliceRange(scores, split.test);
    const choice: ThresholdChoice =
      fixed !== undefined
        ? { threshold: fixed, rule: 'quantile', q: null, trainF1: null }
        : chooseThreshold(config, trainScores, sliceRange(truth.positive, split.train), sliceRange(truth.precursor, split.train));
    const wm = windowMetrics(testScores, testTruth, choice.threshold);
    const ev = eventMetrics(testStarts, testScores, windowMs, labels, choice.threshold, { earlyMarginMs: config.earlyMarginMin * 60_000 });
    const range = rangeScores(
      testTruth.positive,
      testScores.map((s) => s >= choice.threshold),
    );
    const hasPositive = testTruth.positive.some(Boolean);
    return {
      name,
      precision: wm.precision,
      recall: wm.recall,
      f1: wm.f1,
      pr_auc: hasPositive ? averagePrecision(testScores, testTruth.positive) : NaN,
      vus_pr: hasPositive ? vusPr(testScores, testTruth.positive) : NaN,
      range_precision: range.precision,
      range_recall: range.recall,
      events_detected: ev.eventsDetected,
      events_total: ev.eventsTotal,
      false_alarms_per_day: ev.falseAlarmsPerDay,
      median_lead_s: ev.medianLeadMs === null ? null : ev.medianLeadMs / 1000,
      threshold: choice.threshold,
      threshold_rule:
        fixed !== undefined ? `the detector's own warning level (${fixed})` : choice.rule === 'quantile' ? `quantile ${choice.q} of training scores` : 'best F1 on the labeled training span',
      oracle_f1: hasPositive ? oracleThreshold(testScores, testTruth.positive, testTruth.precursor).f1 : NaN,
      fit_ms: fitMs,
      score_ms: scoreMs,
      error: null,
    };
  }
}
