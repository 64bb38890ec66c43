/**
 * The stand-in path of the Live cell while the incremental featurer and the stream scorer are not
 * merged: the batch feature frame's rows handed over as their windows close on the replay clock
 * (the batch features are causal: a row uses only records at or before its window), and the batch
 * run's score of each window with the threshold in force. Both keep the contract's interfaces, so
 * the real featurer and scorer take their place without the driver, the worker or the cell
 * changing. Scores on this path equal the batch evaluation by construction: it proves the replay
 * plumbing, not the stream scorer.
 */
import type { Json } from '../util/json';
import type { Batch } from '../ingest/types';
import type { DetectorStep, LiveEvent, LiveStep, StreamScorer, WindowFeaturer, WindowRow } from './contract';

/** The rows of a batch feature frame, closed on the clock. Records pushed are counted, not used. */
export function frameFeaturer(frame: { starts: Float64Array; X: readonly Float64Array[] }, windowMs: number, graceMs = 0): WindowFeaturer {
  let next = 0;
  const pushed: Record<string, number> = {};
  return {
    push(batch: Batch) {
      pushed[batch.table] = (pushed[batch.table] ?? 0) + batch.length;
    },
    closeUntil(clockMs: number): WindowRow[] {
      const rows: WindowRow[] = [];
      while (next < frame.starts.length && frame.starts[next] + windowMs + graceMs <= clockMs) {
        rows.push({ start: frame.starts[next], values: frame.X[next] });
        next++;
      }
      return rows;
    },
    late: () => ({}),
    snapshot: (): Json => ({ next }),
  };
}

/** One detector of the batch run as the stand-in scorer reads it. */
export interface BatchDetector {
  name: string;
  /** score per frame window */
  scores: Float64Array;
  threshold: number;
  /** a failure predictor's crossing is a warning, an anomaly detector's an alarm */
  kind: 'alarm' | 'warning';
}

/** Per-window explanation of a detector's score, largest first (the drill-down's account). */
export type Explainer = (detector: string, index: number) => LiveEvent['top_features'];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The batch run's scores, window by window. An event is a crossing: `alarm`/`warning` when a
 * detector's score reaches its threshold after a window below it, `recovery` when it falls back
 * (one incident, one alert; the real scorer adds alert rules and cool-down).
 */
export function batchScorer(starts: Float64Array, features: readonly string[], windowMs: number, detectors: readonly BatchDetector[], explain?: Explainer): StreamScorer {
  const index = new Map<number, number>();
  starts.forEach((s, i) => index.set(s, i));
  const firing = new Map<string, boolean>();
  let stepped = 0;
  return {
    features,
    windowMs,
    step(row: WindowRow): LiveStep {
      const i = index.get(row.start);
      if (i === undefined) throw new Error(`the batch run has no window starting ${iso(row.start)}`);
      stepped++;
      const steps: DetectorStep[] = [];
      const events: LiveEvent[] = [];
      for (const d of detectors) {
        const score = d.scores[i];
        const fires = score >= d.threshold;
        steps.push({ detector: d.name, score, threshold: d.threshold, firing: fires });
        const was = firing.get(d.name) ?? false;
        firing.set(d.name, fires);
        if (fires === was) continue;
        events.push({
          ts: iso(row.start + windowMs),
          kind: fires ? d.kind : 'recovery',
          detector: d.name,
          score,
          threshold: d.threshold,
          top_features: fires && explain ? explain(d.name, i) : [],
          window_start: iso(row.start),
          window_end: iso(row.start + windowMs),
        });
      }
      return { row, detectors: steps, events };
    },
    snapshot: (): Json => ({ stepped, firing: Object.fromEntries(firing) }),
  };
}
