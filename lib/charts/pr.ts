import { prCurve } from '../metrics/curves';
import type { ChartSpec } from './spec';

/** One detector's scores on the test span, under the name its legend entry shows. */
export interface PrInput {
  label: string;
  scores: readonly number[];
}

/** Points drawn per curve, about: a curve has one point per distinct score, thousands on a week. */
const PR_POINTS = 400;

/**
 * Precision–recall curves of several detectors against the same labels (threshold-free, so they
 * follow the scores, not the chosen thresholds). Each curve keeps every k-th point and its last.
 */
export function prChart(curves: readonly PrInput[], positive: readonly boolean[]): ChartSpec {
  const points = curves.flatMap(({ label, scores }) => {
    const curve = prCurve(scores, positive);
    const step = Math.max(1, Math.ceil(curve.length / PR_POINTS));
    return curve.filter((_, i) => i % step === 0 || i === curve.length - 1).map((p) => ({ detector: label, recall: p.recall, precision: p.precision }));
  });
  return {
    height: 240,
    marginLeft: 48,
    x: { label: 'recall', domain: [0, 1], grid: true },
    y: { label: 'precision', domain: [0, 1], grid: true },
    color: { legend: true },
    marks: [{ mark: 'line', data: points, options: { x: 'recall', y: 'precision', stroke: 'detector', strokeWidth: 1.5 } }],
  };
}
