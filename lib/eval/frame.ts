/**
 * The feature frame: windowed features in time order, as the detectors see them. Kept apart from
 * the evaluation so the engine worker can build frames without loading any detector.
 */
import type { Db } from '../db/db';
import { featureSql } from '../features/sql';
import { splitTimeOf } from '../metrics/split';

/** Windowed features in time order: what the detectors see. Crosses to the model worker as is. */
export interface FeatureFrame {
  /** epoch ms of each window's start */
  starts: Float64Array;
  features: string[];
  /** one row per window, raw (unscaled) values in `features` order */
  X: Float64Array[];
  /** end of the span the features' baselines were fitted on, epoch ms, exclusive; null when no rows are loaded */
  fitUntilMs: number | null;
}

/** Train share assumed when the caller names neither a fit end nor a fraction (the evaluation's default). */
const DEFAULT_TRAIN_FRACTION = 0.5;

/** Where the features' training span ends. */
export interface FitSpan {
  /** epoch ms, exclusive; wins over trainFraction */
  fitUntilMs?: number;
  /** the evaluation's train share: the fit ends where its time split will cut the window grid; default 0.5 */
  trainFraction?: number;
}

/**
 * The training span an evaluation will use, as the features need it: a split set by time ends the
 * fit at the first window starting at or after it (where `timeSplitAt` cuts), else the train share.
 */
export function fitSpanOf(split: { splitAt?: number | null; trainFraction: number }, windowSec: number): FitSpan {
  const w = windowSec * 1000;
  return split.splitAt != null ? { fitUntilMs: Math.ceil(split.splitAt / w) * w } : { trainFraction: split.trainFraction };
}

/**
 * The features of every window, from the engine (same SQL in the browser and the CLI). Baselines
 * are fitted on rows before `fit.fitUntilMs`, else before the split the evaluation will make at
 * `fit.trainFraction` of the data span (never on the whole data).
 */
export async function loadFeatures(db: Db, windowSec: number, features: readonly string[], fit: FitSpan = {}): Promise<FeatureFrame> {
  let fitUntilMs = fit.fitUntilMs ?? null;
  if (fitUntilMs === null) {
    const span = await windowCount(db, windowSec);
    if (span.from === null || span.to === null) return { starts: new Float64Array(0), features: [...features], X: [], fitUntilMs: null };
    fitUntilMs = splitTimeOf(span.from, span.to, windowSec * 1000, fit.trainFraction ?? DEFAULT_TRAIN_FRACTION);
  }
  const rows = await db.query(featureSql({ windowSec, features, fitUntilMs }));
  return {
    starts: Float64Array.from(rows, (r) => Number(r.ts)),
    features: [...features],
    X: rows.map((r) => Float64Array.from(features, (f) => Number(r[f]))),
    fitUntilMs,
  };
}


/** More windows than this is a mistake of scale (years of data at 1 min), not an experiment a tab can train. */
export const MAX_WINDOWS = 200_000;

/** Windows the data spans at this window size (empty windows count: they are filled). */
export async function windowCount(db: Db, windowSec: number): Promise<{ windows: number; from: number | null; to: number | null }> {
  const [r] = await db.query(`SELECT epoch_ms(min(lo)) AS lo, epoch_ms(max(hi)) AS hi FROM (
  SELECT min(ts) AS lo, max(ts) AS hi FROM requests UNION ALL SELECT min(ts), max(ts) FROM auth_events
  UNION ALL SELECT min(ts), max(ts) FROM metrics)`);
  if (r.lo === null || r.hi === null) return { windows: 0, from: null, to: null };
  const ms = windowSec * 1000;
  const from = Number(r.lo);
  const to = Number(r.hi);
  return { windows: Math.floor(to / ms) - Math.floor(from / ms) + 1, from, to };
}

/**
 * The feature frame, refusing spans that would make an unusable number of windows, with a message
 * that says how to get a usable one.
 */
export async function loadFeaturesChecked(db: Db, windowSec: number, features: readonly string[], fit: FitSpan = {}, maxWindows = MAX_WINDOWS): Promise<FeatureFrame> {
  const fitUntilMs = checkedFitEnd(await windowCount(db, windowSec), windowSec, fit, maxWindows);
  return loadFeatures(db, windowSec, features, { fitUntilMs });
}

/**
 * Where the features' fit ends for data spanning `span`, refusing spans that would make an
 * unusable number of windows, with a message that says how to get a usable one.
 */
export function checkedFitEnd(span: { windows: number; from: number | null; to: number | null }, windowSec: number, fit: FitSpan, maxWindows = MAX_WINDOWS): number {
  if (span.windows === 0) throw new Error('no timestamped rows are loaded: nothing to window');
  if (span.windows > maxWindows) {
    const days = ((span.to! - span.from!) / 86_400_000).toFixed(1);
    const fits = Math.ceil(((span.to! - span.from!) / 1000 / maxWindows) / 60);
    throw new Error(
      `the data spans ${days} days (${new Date(span.from!).toISOString().slice(0, 10)} → ${new Date(span.to!).toISOString().slice(0, 10)}): ` +
        `${span.windows.toLocaleString('en-US')} windows of ${windowSec} s, more than the ${maxWindows.toLocaleString('en-US')} a model can train on here. ` +
        `Pick a window of at least ${fits} min, or load a shorter span.`,
    );
  }
  return fit.fitUntilMs ?? splitTimeOf(span.from!, span.to!, windowSec * 1000, fit.trainFraction ?? DEFAULT_TRAIN_FRACTION);
}
