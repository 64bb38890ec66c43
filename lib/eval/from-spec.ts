/** The evaluation's configuration, derived from the experiment spec (the spec is the only input). */
import { assertNever } from '../util/assert-never';
import { rowsOfSpans } from '../labels/file';
import { nabLabelRows } from './nab-source';
import type { LabelRow } from '../labels/types';
import type { ExperimentSpec } from '../spec/schema';
import { parseWindow } from '../spec/schema';
import type { EvalConfig } from './evaluate';
import type { AssessRules } from './assess';
import { postDefaults, type PostOptions } from '../detectors/postprocess';

export function evalConfigOf(spec: ExperimentSpec, features: readonly string[]): EvalConfig {
  const m = spec.models;
  return {
    windowSec: parseWindow(spec.window),
    features,
    detectors: m.detectors,
    trainFraction: m.trainFraction,
    splitAt: m.splitAt,
    post: postOf(m.post),
    scale: 'robust',
    threshold: thresholdOf(m.threshold),
    earlyMarginMin: m.earlyMarginMin,
    matchPrecursor: m.matchPrecursor,
    seed: spec.seed,
    params: m.params,
  };
}

/** The spec's post-processing as the detectors' options (the rest at their defaults). */
export function postOf(p: ExperimentSpec['models']['post']): PostOptions {
  return {
    kind: p.kind,
    likelihood: { ...postDefaults.likelihood, shortWindow: p.shortWindow, longWindow: p.longWindow, warmup: p.warmup },
    extreme: { ...postDefaults.extreme, margin: p.margin },
  };
}

function thresholdOf(t: ExperimentSpec['models']['threshold']): EvalConfig['threshold'] {
  switch (t.kind) {
    case 'quantile':
      return { rule: 'quantile', q: t.q };
    case 'train-best-f1':
      return { rule: 'train-best-f1' };
    case 'alarm-budget':
      return { rule: 'alarm-budget', perDay: t.perDay };
    default:
      return assertNever(t);
  }
}

/**
 * What a trained result depends on: a change here means retraining. Threshold rules, hand-set
 * thresholds and event matching are left out (metrics follow them without retraining), and so is
 * the explore cell's state.
 */
export function trainingKey(spec: ExperimentSpec): string {
  const { thresholds: _t, threshold: _r, earlyMarginMin: _e, matchPrecursor: _m, ...models } = spec.models;
  // the user's labels for uploaded logs: the alarm budget leaves labeled windows out and the KNN predictor learns from them
  const labels = spec.source.kind === 'upload' || spec.source.kind === 'windows' ? spec.source.labels : undefined;
  return JSON.stringify({ window: spec.window, seed: spec.seed, models, ...(labels ? { labels } : {}) });
}

/** The labels the spec itself carries (a user's labels file for uploaded logs, a NAB series' windows), or null: the engine's labels count. */
export function specLabels(spec: ExperimentSpec): LabelRow[] | null {
  if (spec.source.kind === 'nab') return nabLabelRows(spec.source.windows);
  return (spec.source.kind === 'upload' || spec.source.kind === 'windows') && spec.source.labels ? rowsOfSpans(spec.source.labels) : null;
}

/** The spec's rules for thresholds and event matching: applied to a trained run without retraining. */
export function assessRulesOf(spec: ExperimentSpec): AssessRules {
  const c = evalConfigOf(spec, []);
  return { threshold: c.threshold, earlyMarginMin: c.earlyMarginMin, matchPrecursor: c.matchPrecursor };
}
