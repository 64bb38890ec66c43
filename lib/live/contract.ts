/**
 * Live mode's contract: what the model bundle, the incremental window featurer and the stream
 * scorer promise each other. The CLI's `harbinger watch`, the browser's Live cell and the replay
 * tests are written against these types, so each side can change its insides freely.
 *
 * The one rule every implementation keeps: a live step at window t reads only windows at or before
 * t (and what the bundle learned on the training span), so replaying data gives, window for window,
 * the numbers the batch evaluation gives on the same data.
 */
import type { Json } from '../util/json';
import type { Batch } from '../ingest/types';

/** One closed window's raw (unscaled) feature values, in the bundle's feature order. */
export interface WindowRow {
  /** epoch ms of the window's start */
  start: number;
  values: Float64Array;
}

/** What a live step reports for one detector at one closed window. */
export interface DetectorStep {
  detector: string;
  /** the score the batch evaluation gives this window (after post-processing, as in the batch) */
  score: number;
  threshold: number;
  /** score ≥ threshold */
  firing: boolean;
}

/** One alert line: `harbinger watch` prints it as JSON, the Live cell's feed shows it. */
export interface LiveEvent {
  /** ISO 8601 UTC: when the event was decided (the closing window's end) */
  ts: string;
  /** alarm: an anomaly detector or rule fires; warning: the predictor expects a failure; recovery: a firing source went quiet */
  kind: 'alarm' | 'warning' | 'recovery';
  /** detector name, or `rule:<id>` for an alert rule */
  detector: string;
  score: number;
  threshold: number;
  /** the features that drove the score most, largest first (may be empty for detectors without explanations) */
  top_features: { feature: string; value: number; contribution: number }[];
  /** ISO 8601 UTC of the window that decided the event */
  window_start: string;
  window_end: string;
}

/** Everything one closed window produced. */
export interface LiveStep {
  row: WindowRow;
  detectors: DetectorStep[];
  /** events after alert rules, cool-down and de-duplication (one incident is one alert) */
  events: LiveEvent[];
}

/** Scores windows one at a time from a model bundle (lib/live/scorer.ts). */
export interface StreamScorer {
  /** feature names, in the order WindowRow.values must follow */
  readonly features: readonly string[];
  readonly windowMs: number;
  /** the next closed window; windows must come in time order, gaps filled by the featurer */
  step(row: WindowRow): LiveStep;
  /** state to persist (`--state FILE`) and to resume from after a restart */
  snapshot(): Json;
}

/** Turns parsed records into closed windows' feature rows (lib/live/featurer.ts). */
export interface WindowFeaturer {
  /** parsed records in (roughly) arrival order; a record for an already closed window is counted as late, never silently dropped */
  push(batch: Batch): void;
  /**
   * Closes every window whose end + grace ≤ `clockMs` and returns their rows in time order
   * (empty windows included, filled as the batch features fill them).
   */
  closeUntil(clockMs: number): WindowRow[];
  /** records that arrived after their window had closed, by table */
  late(): Record<string, number>;
  snapshot(): Json;
}
