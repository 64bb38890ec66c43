/**
 * The honest evaluation: windowed features from the engine → time split (train first) → scaling
 * fitted on train → each detector fitted on train, scored on everything → a threshold chosen
 * without test labels → metrics on the test span only. The oracle threshold (best F1 on test) is
 * reported beside it as an upper bound, never as the result.
 */
import type { Json } from '../util/json';
import type { Db } from '../db/db';
import { fitSpanOf, loadFeatures, type FeatureFrame } from './frame';
import { applyScaler, fitScaler, type ScaleMethod } from '../features/scale';
import type { LabelRow } from '../labels/types';
import { sliceRange, timeSplit, timeSplitAt, type TimeSplit } from '../metrics/split';
import { windowTruth, type Confusion, type WindowTruth } from '../metrics/windows';
import { detectorRng } from '../detectors/rng';
import { detectorByName } from './registry';
import type { ParamsInput } from './params';
import { ensembleOf } from '../detectors/ensemble';
import { postProcess, type PostOptions } from '../detectors/postprocess';

import { ENSEMBLE } from './names';
import { assessAt, chooseFor, fixedChoice } from './assess';
export { ENSEMBLE };

export interface EvalConfig {
  windowSec: number;
  features: readonly string[];
  detectors: readonly string[];
  /** share of the time span used for training; default 0.5 (ignored when splitAt is set) */
  trainFraction: number;
  /** epoch ms where the test span begins (the first window starting at or after it); overrides trainFraction */
  splitAt?: number | null;
  scale: ScaleMethod;
  /** how the deployable threshold is chosen on the training span; alarm-budget: at most `perDay` alarm events a day there */
  threshold: { rule: 'quantile'; q: number } | { rule: 'train-best-f1' } | { rule: 'alarm-budget'; perDay: number };
  /** minutes before a failure in which an alarm still counts as detecting it */
  earlyMarginMin: number;
  /** also count alarms from the incident's precursor start on (lead time on slow ramps); default false */
  matchPrecursor: boolean;
  /** hyperparameters by detector; a detector left out uses its defaults */
  params?: ParamsInput;
  /** what happens to every anomaly detector's raw scores before thresholds (causal); default none */
  post?: PostOptions;
  seed: number;
}

export const evalDefaults: Omit<EvalConfig, 'features' | 'detectors'> = {
  windowSec: 60,
  trainFraction: 0.5,
  scale: 'robust',
  threshold: { rule: 'quantile', q: 0.99 },
  earlyMarginMin: 10,
  matchPrecursor: false,
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
  /** window counts on the test span (precursor windows left out), null when the detector did not run */
  confusion: Confusion | null;
  /** incidents detected / total per failure kind, on the test span */
  by_kind: Record<string, { detected: number; total: number }>;
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

export { loadFeatures, type FeatureFrame } from './frame';

/** Progress of a run: which detector, which stage, and how far in the detector's own unit. */
export interface EvalProgress {
  detector: string;
  stage: 'fit' | 'score' | 'done' | 'error';
  done: number;
  total: number;
  unit: string;
}

export interface EvalHooks {
  onProgress?: (p: EvalProgress) => void;
  signal?: AbortSignal;
}

/** Everything a threshold needs to be re-assessed without retraining (the UI's slider). */
export interface EvalContext {
  config: EvalConfig;
  starts: Float64Array;
  split: TimeSplit;
  truth: WindowTruth;
  labels: readonly LabelRow[];
}

/** A full run: the result table plus each detector's scores and fitted model, for charts and drill-downs. */
export interface EvalRun extends EvalResult {
  context: EvalContext;
  /** score per window, every window (train and test), by detector name */
  scores: Record<string, Float64Array>;
  models: Record<string, Json>;
  /** per-window explanations where a detector offers them (see RunnableDetector.explain) */
  explain: Record<string, Float64Array[] | Int32Array>;
  /** thresholds detectors learn themselves (the KNN predictor's warning level), by name */
  fixed: Record<string, number>;
}

export async function evaluate(db: Db, config: EvalConfig, labels: readonly LabelRow[], hooks: EvalHooks = {}): Promise<EvalRun> {
  return evaluateFrame(await loadFeatures(db, config.windowSec, config.features, fitSpanOf(config, config.windowSec)), config, labels, hooks);
}

/** Index of the window holding each labeled failure start, within the training span. */
function trainFailureStarts(starts: Float64Array, windowMs: number, labels: readonly LabelRow[], split: TimeSplit): number[] {
  return labels
    .filter((l) => l.phase === 'failure')
    .map((l) => starts.findIndex((s) => s <= l.start && l.start < s + windowMs))
    .filter((i) => i >= split.train.start && i < split.train.end);
}

export async function evaluateFrame(frame: FeatureFrame, config: EvalConfig, labels: readonly LabelRow[], hooks: EvalHooks = {}): Promise<EvalRun> {
  const { starts } = frame;
  const windowMs = config.windowSec * 1000;
  if (frame.features.join('\u0000') !== config.features.join('\u0000')) throw new Error('the feature frame does not hold the configured features');
  if (starts.length < 2) throw new Error(`only ${starts.length} window(s) of ${config.windowSec} s: not enough data to split`);
  const split = config.splitAt != null ? timeSplitAt(Array.from(starts), windowMs, config.splitAt) : timeSplit(Array.from(starts), windowMs, config.trainFraction);
  // the features' baselines (busiest routes, route medians, metric fits) must end where training ends
  if (frame.fitUntilMs !== null && frame.fitUntilMs !== split.splitTime) {
    throw new Error(
      `the features were fitted up to ${new Date(frame.fitUntilMs).toISOString()} but the training span ends at ${new Date(split.splitTime).toISOString()}: reload the features for this split`,
    );
  }
  const scaler = fitScaler(sliceRange(frame.X, split.train), config.scale);
  const Xs = applyScaler(scaler, frame.X);
  const train = sliceRange(Xs, split.train);
  const context: EvalContext = { config, starts, split, truth: windowTruth(Array.from(starts), windowMs, labels), labels };

  const results: DetectorResult[] = [];
  const scores: Record<string, Float64Array> = {};
  const models: Record<string, Json> = {};
  const explain: Record<string, Float64Array[] | Int32Array> = {};
  const fixed: Record<string, number> = {};
  const members: Float64Array[] = [];
  const failureStarts = trainFailureStarts(starts, windowMs, labels, split);
  const report = (detector: string, stage: EvalProgress['stage'], done = 0, total = 0, unit = '') => hooks.onProgress?.({ detector, stage, done, total, unit });
  for (const name of config.detectors) {
    if (name === ENSEMBLE) continue;
    hooks.signal?.throwIfAborted();
    const det = detectorByName(name, config.params);
    report(name, 'fit');
    let t = performance.now();
    let model: Json;
    try {
      model = await det.fit(train, detectorRng(config.seed, name), {
        failureStarts,
        trainStarts: sliceRange(Array.from(starts), split.train),
        windowMs,
        labels,
        signal: hooks.signal,
        onProgress: (done, total, unit) => report(name, 'fit', done, total, unit),
      });
    } catch (e) {
      if (hooks.signal?.aborted) throw e;
      // one detector that cannot train (e.g. KNN without a labeled failure in training) does not sink the others
      const message = e instanceof Error ? e.message : String(e);
      results.push(failedResult(name, message));
      report(name, 'error');
      continue;
    }
    const fitMs = performance.now() - t;
    report(name, 'score');
    t = performance.now();
    const raw = det.score(model, Xs);
    // the ensemble averages anomaly detectors; the KNN predictor scores the probability of a coming
    // failure instead, with its own learned warning level: neither post-processed nor in the ensemble
    const own = det.ownThreshold?.(model);
    const s = own === undefined && config.post ? postProcess(raw, Xs, config.post) : raw;
    const scoreMs = performance.now() - t;
    if (own === undefined) members.push(s);
    scores[name] = s;
    models[name] = model;
    if (det.explain) explain[name] = det.explain(model, Xs);
    if (own !== undefined) fixed[name] = own;
    const choice = own !== undefined ? fixedChoice(own) : chooseFor(context, s);
    results.push({ ...assessAt(context, name, s, choice), fit_ms: fitMs, score_ms: scoreMs });
    report(name, 'done');
  }
  if (config.detectors.includes(ENSEMBLE)) {
    const e = ensembleResult(context, members);
    scores[ENSEMBLE] = e.scores;
    results.push(e.result);
  }
  return {
    windows: starts.length,
    trainWindows: split.train.end - split.train.start,
    testWindows: split.test.end - split.test.start,
    splitTime: split.splitTime,
    detectors: results,
    context,
    scores,
    models,
    explain,
    fixed,
  };
}

/**
 * The ensemble over `members` (the post-processed scores of the anomaly detectors that trained, in
 * the configured order): one place, so a run trained in two workers and merged (merge.ts) scores
 * it exactly as a run trained in one.
 */
export function ensembleResult(context: EvalContext, members: readonly Float64Array[]): { scores: Float64Array; result: DetectorResult } {
  if (members.length < 2) throw new Error('the ensemble needs at least two other detectors');
  const t = performance.now();
  // ranked against the training span only (or averaged on the likelihood scale): appending windows never moves a past ensemble score
  const s = ensembleOf(members, context.split.train.end, (context.config.post?.kind ?? 'none') !== 'none');
  const ms = performance.now() - t;
  return { scores: s, result: { ...assessAt(context, ENSEMBLE, s, chooseFor(context, s)), fit_ms: 0, score_ms: ms } };
}

function failedResult(name: string, error: string): DetectorResult {
  return {
    name, precision: NaN, recall: NaN, f1: NaN, pr_auc: NaN, vus_pr: NaN, range_precision: NaN, range_recall: NaN,
    events_detected: 0, events_total: 0, false_alarms_per_day: NaN, median_lead_s: null, threshold: NaN,
    threshold_rule: 'none', oracle_f1: NaN, fit_ms: NaN, score_ms: NaN, confusion: null, by_kind: {}, error,
  };
}
