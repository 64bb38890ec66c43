/**
 * The honest evaluation: windowed features from the engine → time split (train first) → scaling
 * fitted on train → each detector fitted on train, scored on everything → a threshold chosen
 * without test labels → metrics on the test span only. The oracle threshold (best F1 on test) is
 * reported beside it as an upper bound, never as the result.
 */
import type { Json } from '../util/json';
import { assertNever } from '../util/assert-never';
import type { Db } from '../db/db';
import { fitSpanOf, loadFeatures, type FeatureFrame } from './frame';
import { applyScaler, fitScaler, type ScaleMethod } from '../features/scale';
import type { LabelRow } from '../labels/types';
import { sliceRange, timeSplit, timeSplitAt, type TimeSplit } from '../metrics/split';
import { windowMetrics, windowTruth, type Confusion, type WindowTruth } from '../metrics/windows';
import { eventMetrics, type EventMetrics } from '../metrics/events';
import { averagePrecision, vusPr } from '../metrics/curves';
import { rangeScores } from '../metrics/range';
import { alarmBudgetThreshold, oracleThreshold, quantileThreshold, trainBestF1Threshold, type ThresholdChoice } from '../metrics/thresholds';
import { detectorRng } from '../detectors/rng';
import { detectorByName } from './registry';
import type { ParamsInput } from './params';
import { ensembleOf } from '../detectors/ensemble';
import { postProcess, type PostOptions } from '../detectors/postprocess';

import { ENSEMBLE } from './names';
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

function fixedChoice(threshold: number): ThresholdChoice & { label: string } {
  return { threshold, rule: 'quantile', q: null, trainF1: null, perDay: null, trainAlarms: null, label: `the detector's own warning level (${+threshold.toPrecision(3)}, learned on the training span)` };
}

/** The deployable threshold for these scores: chosen on the training span only. */
export function chooseFor(ctx: EvalContext, scores: ArrayLike<number>): ThresholdChoice & { label: string } {
  const { split, truth, config } = ctx;
  const c = chooseThreshold(
    config,
    sliceRange(Array.from(ctx.starts), split.train),
    sliceRange(Array.from(scores), split.train),
    sliceRange(truth.positive, split.train),
    sliceRange(truth.precursor, split.train),
  );
  return { ...c, label: ruleLabel(c) };
}

function ruleLabel(c: ThresholdChoice): string {
  switch (c.rule) {
    case 'quantile':
      return `quantile ${c.q} of training scores`;
    case 'train-best-f1':
      return 'best F1 on the labeled training span';
    case 'alarm-budget':
      return `at most ${c.perDay} alarm${c.perDay === 1 ? '' : 's'}/day on the training span`;
    default:
      return assertNever(c.rule);
  }
}

/** A user-chosen threshold (the slider), labeled as such. */
export function manualChoice(threshold: number): ThresholdChoice & { label: string } {
  return { threshold, rule: 'quantile', q: null, trainF1: null, perDay: null, trainAlarms: null, label: 'set by hand' };
}

/** Test-span event metrics at a threshold: alarms, incidents matched, leads. */
const testStartsCache = new WeakMap<Float64Array, number[]>();

/**
 * The last few answers per (run, scores): a threshold move asks for the same events from the
 * metrics row, the score chart, its alarm list, the findings and the result tables.
 */
const eventsCache = new WeakMap<EvalContext, WeakMap<object, Map<number, EventMetrics>>>();
const EVENTS_KEPT = 8;

export function testEvents(ctx: EvalContext, scores: ArrayLike<number>, threshold: number): EventMetrics {
  let perRun = eventsCache.get(ctx);
  if (!perRun) eventsCache.set(ctx, (perRun = new WeakMap()));
  let known = perRun.get(scores);
  if (!known) perRun.set(scores, (known = new Map()));
  const hit = known.get(threshold);
  if (hit) return hit;
  const ev = computeTestEvents(ctx, scores, threshold);
  known.set(threshold, ev);
  if (known.size > EVENTS_KEPT) known.delete(known.keys().next().value!);
  return ev;
}

function computeTestEvents(ctx: EvalContext, scores: ArrayLike<number>, threshold: number): EventMetrics {
  const { split, config } = ctx;
  // the test span's window starts, made once per run (the slider calls this on every move)
  let starts = testStartsCache.get(ctx.starts);
  if (!starts) testStartsCache.set(ctx.starts, (starts = Array.from(ctx.starts.subarray(split.test.start, split.test.end))));
  const testScores = Array.prototype.slice.call(scores, split.test.start, split.test.end) as number[];
  return eventMetrics(starts, testScores, config.windowSec * 1000, ctx.labels, threshold, {
    earlyMarginMs: config.earlyMarginMin * 60_000,
    matchPrecursor: config.matchPrecursor,
  });
}

/** One alarm event of the test span, for people matching alarms to their own incident list. */
export interface AlarmRecord {
  /** ISO 8601 UTC: start of the first window of the event */
  start: string;
  /** ISO 8601 UTC, exclusive: end of the last window */
  end: string;
  /** ISO 8601 UTC: start of the window with the highest score */
  peak_at: string;
  /** the highest score in the event */
  peak: number;
}

/** The test span's alarm events of a detector at its threshold in force (merged consecutive windows). */
export function testAlarms(ctx: EvalContext, scores: ArrayLike<number>, threshold: number): AlarmRecord[] {
  const offset = ctx.split.test.start;
  return testEvents(ctx, scores, threshold).events.map((e) => {
    let peak = e.firstIndex + offset;
    for (let i = e.firstIndex + offset; i <= e.lastIndex + offset; i++) if (scores[i] > scores[peak]) peak = i;
    const iso = (ms: number) => new Date(ms).toISOString();
    return { start: iso(e.start), end: iso(e.end), peak_at: iso(ctx.starts[peak]), peak: scores[peak] };
  });
}

/**
 * Every test-span metric at one threshold. Pure and fast (no retraining): the evaluation calls it
 * once per detector, the threshold slider calls it on every move. Times are left at 0.
 */
export function assessAt(
  ctx: EvalContext,
  name: string,
  scores: ArrayLike<number>,
  choice: ThresholdChoice & { label: string },
  /** metrics that do not depend on the threshold, from an earlier assessment of the same scores (VUS-PR alone costs ~50 ms on 5k windows) */
  reuse?: Pick<DetectorResult, 'pr_auc' | 'vus_pr' | 'oracle_f1'>,
): DetectorResult {
  const { split, truth } = ctx;
  const testScores = sliceRange(Array.from(scores), split.test);
  const testTruth = { positive: sliceRange(truth.positive, split.test), precursor: sliceRange(truth.precursor, split.test) };
  const wm = windowMetrics(testScores, testTruth, choice.threshold);
  const ev = testEvents(ctx, scores, choice.threshold);
  const range = rangeScores(
    testTruth.positive,
    testScores.map((s) => s >= choice.threshold),
  );
  const hasPositive = testTruth.positive.some(Boolean);
  const byKind: Record<string, { detected: number; total: number }> = {};
  for (const inc of ev.incidents) {
    const k = (byKind[inc.kind] ??= { detected: 0, total: 0 });
    k.total++;
    if (inc.detected) k.detected++;
  }
  return {
    name,
    precision: wm.precision,
    recall: wm.recall,
    f1: wm.f1,
    pr_auc: reuse ? reuse.pr_auc : hasPositive ? averagePrecision(testScores, testTruth.positive) : NaN,
    vus_pr: reuse ? reuse.vus_pr : hasPositive ? vusPr(testScores, testTruth.positive) : NaN,
    range_precision: range.precision,
    range_recall: range.recall,
    events_detected: ev.eventsDetected,
    events_total: ev.eventsTotal,
    false_alarms_per_day: ev.falseAlarmsPerDay,
    median_lead_s: ev.medianLeadMs === null ? null : ev.medianLeadMs / 1000,
    threshold: choice.threshold,
    threshold_rule: choice.label,
    oracle_f1: reuse ? reuse.oracle_f1 : hasPositive ? oracleThreshold(testScores, testTruth.positive, testTruth.precursor).f1 : NaN,
    fit_ms: 0,
    score_ms: 0,
    confusion: wm.confusion,
    by_kind: byKind,
    error: null,
  };
}

function chooseThreshold(config: EvalConfig, trainStarts: number[], trainScores: number[], trainPositive: boolean[], trainExclude: boolean[]): ThresholdChoice {
  const t = config.threshold;
  switch (t.rule) {
    case 'quantile':
      return quantileThreshold(trainScores, t.q);
    case 'train-best-f1':
      // best F1 needs a labeled failure in the training span; without one fall back to the quantile rule
      if (!trainPositive.some((p, i) => p && !trainExclude[i])) return quantileThreshold(trainScores, 0.99);
      return trainBestF1Threshold(trainScores, trainPositive, trainExclude);
    case 'alarm-budget':
      // labeled incident and precursor windows of the training span would be true alarms: off the budget
      return alarmBudgetThreshold(trainStarts, trainScores, config.windowSec * 1000, t.perDay, trainPositive.map((p, i) => p || trainExclude[i]));
    default:
      return assertNever(t);
  }
}

/** The run's rows with thresholds set by hand re-assessed (no retraining); other rows as trained. */
export function withManualThresholds(run: EvalRun, manual: Partial<Record<string, number>>): DetectorResult[] {
  return run.detectors.map((d) => {
    const t = manual[d.name];
    if (t === undefined || d.error !== null || !run.scores[d.name]) return d;
    return { ...assessAt(run.context, d.name, run.scores[d.name], manualChoice(t), d), fit_ms: d.fit_ms, score_ms: d.score_ms };
  });
}

/** What can change after training without retraining: how thresholds are chosen and how events are matched. */
export type AssessRules = Pick<EvalConfig, 'threshold' | 'earlyMarginMin' | 'matchPrecursor'>;

/**
 * The run as if it had been evaluated under other rules: thresholds re-chosen on the training span,
 * every metric re-assessed, scores and models untouched (no retraining). Same object when the
 * rules are the run's own.
 */
export function reassessRun(run: EvalRun, rules: AssessRules): EvalRun {
  const c = run.context.config;
  if (JSON.stringify([c.threshold, c.earlyMarginMin, c.matchPrecursor]) === JSON.stringify([rules.threshold, rules.earlyMarginMin, rules.matchPrecursor])) return run;
  const context: EvalContext = { ...run.context, config: { ...c, threshold: rules.threshold, earlyMarginMin: rules.earlyMarginMin, matchPrecursor: rules.matchPrecursor } };
  const detectors = run.detectors.map((d) => {
    const scores = run.scores[d.name];
    if (d.error !== null || !scores) return d;
    const choice = run.fixed[d.name] !== undefined ? fixedChoice(run.fixed[d.name]) : chooseFor(context, scores);
    return { ...assessAt(context, d.name, scores, choice, d), fit_ms: d.fit_ms, score_ms: d.score_ms };
  });
  return { ...run, context, detectors };
}
