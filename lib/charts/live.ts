/**
 * The Live cell's rolling chart: one detector's score over the last hours of the replay clock,
 * its threshold, the alarms (or a predictor's warnings) as they fired, the labeled incident bands
 * that overlap the view, and the window picked in the alert feed.
 */
import { bandMarks, type BandRow } from './bands';
import type { ChartSpec, MarkSpec } from './spec';

const SCORE_STROKE = '#2f5bd3';
const PREDICTOR_STROKE = '#7b3fb5';
const THRESHOLD_STROKE = '#c0392b';
const SELECTED_FILL = '#2f5bd3';

export interface LiveChartInput {
  /** detector name, shown as the axis label */
  detector: string;
  /** 'warning' for a failure predictor (its marks read "warning"), else 'alarm' */
  kind: 'alarm' | 'warning';
  /** epoch ms of each scored window's start, in time order */
  starts: readonly number[];
  scores: readonly number[];
  threshold: number;
  windowMs: number;
  /** the replay clock, epoch ms: the view's right edge */
  clockMs: number;
  /** how much history the view shows, ms */
  spanMs: number;
  /** window starts (epoch ms) where this detector's score reached its threshold after a window below it */
  fired: readonly number[];
  bands: readonly BandRow[];
  /** window start (epoch ms) picked in the alert feed, drawn as a band; null for none */
  selected: number | null;
}

/** The rolling chart: the view ends at the clock, so the time axis moves as windows close. */
export function liveChart(c: LiveChartInput): ChartSpec {
  const left = c.clockMs - c.spanMs;
  const points: { t: Date; s: number }[] = [];
  for (let i = 0; i < c.starts.length; i++) if (c.starts[i] >= left) points.push({ t: new Date(c.starts[i]), s: c.scores[i] });
  const bands = c.bands.filter((b) => Number(b.end) > left && Number(b.start) < c.clockMs);
  const fired = c.fired.filter((t) => t >= left).map((t) => ({ t: new Date(t), title: `${c.kind} ${new Date(t).toISOString().slice(11, 16)} UTC` }));
  const marks: MarkSpec[] = [
    ...bandMarks(bands),
    ...(c.selected !== null && c.selected >= left
      ? [{ mark: 'rectX' as const, data: [{ x1: new Date(c.selected), x2: new Date(c.selected + c.windowMs), title: 'window picked in the alert feed' }], options: { x1: 'x1', x2: 'x2', fill: SELECTED_FILL, fillOpacity: 0.3, title: 'title' } }]
      : []),
    { mark: 'line', data: points, options: { x: 't', y: 's', stroke: c.kind === 'warning' ? PREDICTOR_STROKE : SCORE_STROKE, strokeWidth: 1 } },
    { mark: 'ruleY', data: [c.threshold], options: { stroke: THRESHOLD_STROKE, strokeDasharray: '3,2' } },
    { mark: 'dot', data: fired, options: { x: 't', y: c.threshold, fill: THRESHOLD_STROKE, r: 4, symbol: c.kind === 'warning' ? 'triangle' : 'circle', title: 'title' } },
  ];
  return {
    height: 150,
    marginLeft: 56,
    x: { type: 'utc', label: null, domain: [left, c.clockMs] },
    y: { label: c.detector, grid: true, nice: true },
    marks,
  };
}
