/**
 * A run's detectors at a threshold: the threshold each rule chooses from the training span (or a
 * hand-set one), and the metrics, events and alarms on the test span at it. The slider, the report
 * and the exports re-assess here without retraining.
 */
import { assertNever } from '../util/assert-never';
import { sliceRange } from '../metrics/split';
import { windowMetrics } from '../metrics/windows';
import { eventMetrics, type EventMetrics } from '../metrics/events';
import { averagePrecision, vusPr } from '../metrics/curves';
import { rangeScores } from '../metrics/range';
import { alarmBudgetThreshold, oracleThreshold, quantileThreshold, trainBestF1Threshold, type ThresholdChoice } from '../metrics/thresholds';
import type { DetectorResult, EvalConfig, EvalContext, EvalRun } from './evaluate';

export function fixedChoice(threshold: number): ThresholdChoice & { label: string } {
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
