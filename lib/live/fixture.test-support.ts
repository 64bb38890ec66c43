/** A small seeded feature frame with a labeled failure in training, shared by the live tests. */
import seedrandom from 'seedrandom';
import type { FeatureFrame } from '../eval/frame';
import type { LabelRow } from '../labels/types';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2026, 0, 5);
const FEATURES = ['requests', 'rate_5xx', 'p90_ms', 'auth_top_ip_failures'];

/** A daily-ish cycle with noise, a level shift at 300, a 5xx burst at 420 and a spike at 520. */
export function liveFrame(n = 700, trainEnd = 250): FeatureFrame {
  const r = seedrandom.alea('live');
  const X = Array.from({ length: n }, (_, i) =>
    Float64Array.from(FEATURES, (_, j) => {
      const base = Math.sin((i + 17 * j) / 40) + 0.3 * (r() - 0.5) + (i >= 300 && i < 330 && j === 2 ? 3 : 0) + (i === 520 ? 8 : 0);
      if (j === 1) return Math.max(0, 0.01 + 0.005 * base + (i >= 420 && i < 430 ? 0.2 : 0));
      if (j === 3) return Math.max(0, Math.round(2 + base + (i >= 600 && i < 606 ? 10 : 0)));
      return 100 + 10 * base;
    }),
  );
  return { starts: Float64Array.from(X, (_, i) => T0 + i * MINUTE), features: FEATURES, X, fitUntilMs: T0 + trainEnd * MINUTE };
}

/** One labeled failure in training (window 200, after a run-up), so the KNN predictor can fit. */
export const liveLabels: LabelRow[] = [
  { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'precursor', start: T0 + 170 * MINUTE, end: T0 + 200 * MINUTE, target: null },
  { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'failure', start: T0 + 200 * MINUTE, end: T0 + 215 * MINUTE, target: null },
];
