/**
 * The feature frame computed from parsed batches in JavaScript, equal cell for cell to the one the
 * engine's SQL gives on the same rows (loadFeaturesChecked; batch-frame.test.ts): the span and
 * training split as windowCount and splitTimeOf find them, the feature state fitted from the rows
 * (feature-state-rows.ts) and every window closed by the incremental featurer. It lets the page
 * train on simulated data while duckdb-wasm is still starting; uploads keep the SQL path.
 */
import { defaultFeatures } from '../features/catalogue';
import type { Batch } from '../ingest/types';
import { checkedFitEnd, MAX_WINDOWS, type FeatureFrame, type FitSpan } from '../eval/frame';
import { createFeaturer } from './featurer';
import { byteOrder, fitFeatureStateOfBatches } from './feature-state-rows';

/** First and last timestamp over every table, and the metric names (as `metricNames` orders them). */
function survey(batches: readonly Batch[]): { from: number | null; to: number | null; names: string[] } {
  let from = Infinity;
  let to = -Infinity;
  const names = new Set<string>();
  for (const b of batches) {
    for (let k = 0; k < b.length; k++) {
      const t = b.ts[k];
      // DuckDB keeps microseconds: a fraction of a ms could round across a window edge there, not here
      if (!Number.isInteger(t)) throw new Error(`${b.table} row ${k}: timestamp ${t} is not a whole ms; the feature frame must come from the engine`);
      if (t < from) from = t;
      if (t > to) to = t;
    }
    if (b.table === 'metrics') for (const n of b.name) names.add(n);
  }
  return from === Infinity ? { from: null, to: null, names: [] } : { from, to, names: [...names].sort(byteOrder) };
}

/**
 * The frame of `features` (null: the defaults for these rows) at `windowSec`, its baselines fitted
 * on the span `fit` names; throws what loadFeaturesChecked throws for an unusable span.
 */
export function frameOfBatches(batches: readonly Batch[], windowSec: number, features: readonly string[] | null, fit: FitSpan, maxWindows = MAX_WINDOWS): FeatureFrame {
  const w = windowSec * 1000;
  const s = survey(batches);
  const windows = s.from === null || s.to === null ? 0 : Math.floor(s.to / w) - Math.floor(s.from / w) + 1;
  const fitUntilMs = checkedFitEnd({ windows, from: s.from, to: s.to }, windowSec, fit, maxWindows);
  const list = features ? [...features] : defaultFeatures(s.names);
  const featureState = fitFeatureStateOfBatches(batches, { windowSec, features: list, fitUntilMs });
  const featurer = createFeaturer({ windowSec, features: list, featureState, graceMs: 0 });
  for (const b of batches) featurer.push(b);
  const rows = featurer.closeUntil((Math.floor(s.to! / w) + 1) * w);
  return { starts: Float64Array.from(rows, (r) => r.start), features: list, X: rows.map((r) => r.values), fitUntilMs };
}
