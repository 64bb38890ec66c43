/**
 * The score-over-time charts of the Evaluate, Report and Predict cells: one detector's score per
 * window behind its threshold, the train/test split and the labeled incident bands. They share
 * the timeline layers; each cell adds what it shows on top (alarms, warnings).
 */
import { chartPoints } from '../features/series';
import { bandMarks, type BandRow } from './bands';
import type { ChartSpec, MarkSpec, ScaleSpec } from './spec';

const SPLIT_STROKE = '#8a8f98';
const SCORE_STROKE = '#2f5bd3';
const PREDICTOR_STROKE = '#7b3fb5';
const THRESHOLD_STROKE = '#c0392b';

interface Timeline {
  /** epoch ms start of each window */
  starts: Float64Array;
  /** one score per window */
  scores: Float64Array;
  /** epoch ms where the training span ends */
  splitTime: number;
  threshold: number;
  bands: readonly BandRow[];
  /** the score line's colour; default blue */
  stroke?: string;
  /** hover titles on the split and threshold rules (the Evaluate cell's interactive chart) */
  titles?: { split: string; threshold: string };
}

/** Bands, the split rule, the score line and the threshold rule, bottom to top. */
function timelineMarks(t: Timeline): MarkSpec[] {
  return [
    ...bandMarks(t.bands),
    // a title is a channel: a plain string would be read as a field name, so it rides on the datum
    t.titles
      ? { mark: 'ruleX', data: [{ x: new Date(t.splitTime), title: t.titles.split }], options: { x: 'x', stroke: SPLIT_STROKE, strokeDasharray: '4,3', title: 'title' } }
      : { mark: 'ruleX', data: [new Date(t.splitTime)], options: { stroke: SPLIT_STROKE, strokeDasharray: '4,3' } },
    { mark: 'line', data: chartPoints(t.starts, t.scores), options: { x: 't', y: 's', stroke: t.stroke ?? SCORE_STROKE, strokeWidth: 1 } },
    t.titles
      ? { mark: 'ruleY', data: [{ y: t.threshold, title: t.titles.threshold }], options: { y: 'y', stroke: THRESHOLD_STROKE, strokeDasharray: '3,2', title: 'title' } }
      : { mark: 'ruleY', data: [t.threshold], options: { stroke: THRESHOLD_STROKE, strokeDasharray: '3,2' } },
  ];
}

const TIME_AXIS: ScaleSpec = { type: 'utc', label: null };

/** A score chart for a report: the timeline at a fixed linear scale. */
export function scoreChart(t: Timeline): ChartSpec {
  return { height: 200, marginLeft: 56, x: TIME_AXIS, y: { label: 'score', grid: true, nice: true }, marks: timelineMarks(t) };
}

/** One alarm event, epoch ms; `end` is the start of its last window. */
interface AlarmSpan {
  start: number;
  end: number;
}

/**
 * The Evaluate cell's chart: heavy-tailed scores (z-scores, reconstruction errors) on a symlog axis
 * so the threshold stays visible, and each alarm drawn as a thick stroke on the threshold, at least
 * one window wide.
 */
export function alarmChart(t: Timeline & { alarms: readonly AlarmSpan[]; windowMs: number }): ChartSpec {
  const alarms = t.alarms.map((e) => ({ x1: new Date(e.start), x2: new Date(Math.max(e.end, e.start + t.windowMs)), title: 'alarm' }));
  return {
    height: 170,
    marginLeft: 56,
    x: TIME_AXIS,
    y: { label: 'score', grid: true, nice: true, type: heavyTailed(t.scores) ? 'symlog' : 'linear' },
    marks: [
      ...timelineMarks(t),
      { mark: 'rectX', data: alarms, options: { x1: 'x1', x2: 'x2', y1: t.threshold, y2: t.threshold, stroke: THRESHOLD_STROKE, strokeWidth: 6, title: 'title' } },
    ],
  };
}

/** What became of a warning, as the Predict cell colours it. */
const WARNING_OUTCOMES = ['followed', 'during-incident', 'false'] as const;
const OUTCOME_COLOURS = ['#1e8449', '#8a8f98', '#c0392b'];

/**
 * The failure predictor's probability over time with each warning it raised, coloured by outcome.
 * Probabilities of a rare event are small: the axis runs to what is there, the threshold included.
 */
export function predictionChart(t: Omit<Timeline, 'stroke' | 'titles'> & { warnings: readonly { raisedAt: number; outcome: string }[] }): ChartSpec {
  let top = t.threshold;
  for (const s of t.scores) top = Math.max(top, s);
  const raised = t.warnings.map((w) => ({ t: new Date(w.raisedAt), outcome: w.outcome, title: `warning: ${w.outcome}` }));
  return {
    height: 200,
    marginLeft: 48,
    x: TIME_AXIS,
    y: { label: 'P(failure coming)', domain: [0, Math.min(1, top * 1.1)], grid: true },
    color: { domain: WARNING_OUTCOMES, range: OUTCOME_COLOURS },
    marks: [
      ...timelineMarks({ ...t, stroke: PREDICTOR_STROKE }),
      { mark: 'dot', data: raised, options: { x: 't', y: t.threshold, fill: 'outcome', r: 3, title: 'title' } },
    ],
  };
}

const tails = new WeakMap<Float64Array, boolean>();

/** Scores whose maximum dwarfs their 99th percentile (cached per score array: charts rebuild on every threshold move). */
export function heavyTailed(scores: Float64Array): boolean {
  const known = tails.get(scores);
  if (known !== undefined) return known;
  const sorted = Array.from(scores).filter(Number.isFinite).sort((a, b) => a - b);
  const q99 = sorted[Math.floor(sorted.length * 0.99)];
  const heavy = sorted.length >= 10 && q99 > 0 && sorted[sorted.length - 1] / q99 > 20;
  tails.set(scores, heavy);
  return heavy;
}
