import { describe, expect, it } from 'vitest';
import type { LabelRow } from '../labels/types';
import { bandMarks, bandRows } from './bands';
import { alarmChart, heavyTailed, predictionChart, scoreChart } from './score';

const T0 = Date.UTC(2024, 2, 4);
const MIN = 60_000;
const starts = Float64Array.from({ length: 6 }, (_, i) => T0 + i * MIN);
const scores = Float64Array.from([0.1, 0.2, 0.9, 0.3, 0.8, 0.1]);
const labels: LabelRow[] = [
  { incidentId: 'inc-1', kind: 'error-burst', phase: 'precursor', start: T0 + MIN, end: T0 + 2 * MIN, target: null },
  { incidentId: 'inc-1', kind: 'error-burst', phase: 'failure', start: T0 + 2 * MIN, end: T0 + 3 * MIN, target: '/api' },
];
const timeline = { starts, scores, splitTime: T0 + 3 * MIN, threshold: 0.5, bands: bandRows(labels) };

describe('incident bands', () => {
  it('map a run’s labels to the labels table’s rows', () => {
    expect(bandRows(labels)[1]).toEqual({ incident_id: 'inc-1', kind: 'error-burst', phase: 'failure', start: T0 + 2 * MIN, end: T0 + 3 * MIN, target: '/api' });
  });

  it('colour precursor amber, failure red, anything else grey, and name the incident', () => {
    expect(bandMarks(null)).toEqual([]);
    expect(bandMarks([])).toEqual([]);
    const [mark] = bandMarks([...bandRows(labels), { incident_id: 'x', kind: 'k', phase: 'other', start: '0', end: '60000', target: '' }]);
    expect(mark.data.map((d) => (d as { fill: string }).fill)).toEqual(['#e6a817', '#c0392b', '#8a8f98']);
    expect(mark.data.map((d) => (d as { title: string }).title)).toEqual(['error-burst · precursor (inc-1)', 'error-burst · failure · /api (inc-1)', 'k · other (x)']);
    // SQL may hand times back as text or BigInt-like values: they are read as numbers
    expect((mark.data[2] as { x2: Date }).x2).toEqual(new Date(60_000));
  });
});

describe('score charts', () => {
  it('report: bands, split, score line and threshold, in that order (golden)', () => {
    expect(scoreChart(timeline)).toMatchInlineSnapshot(`
      {
        "height": 200,
        "marginLeft": 56,
        "marks": [
          {
            "data": [
              {
                "fill": "#e6a817",
                "title": "error-burst · precursor (inc-1)",
                "x1": 2024-03-04T00:01:00.000Z,
                "x2": 2024-03-04T00:02:00.000Z,
              },
              {
                "fill": "#c0392b",
                "title": "error-burst · failure · /api (inc-1)",
                "x1": 2024-03-04T00:02:00.000Z,
                "x2": 2024-03-04T00:03:00.000Z,
              },
            ],
            "mark": "rectX",
            "options": {
              "fill": "fill",
              "fillOpacity": 0.15,
              "title": "title",
              "x1": "x1",
              "x2": "x2",
            },
          },
          {
            "data": [
              2024-03-04T00:03:00.000Z,
            ],
            "mark": "ruleX",
            "options": {
              "stroke": "#8a8f98",
              "strokeDasharray": "4,3",
            },
          },
          {
            "data": [
              {
                "s": 0.1,
                "t": 2024-03-04T00:00:00.000Z,
              },
              {
                "s": 0.2,
                "t": 2024-03-04T00:01:00.000Z,
              },
              {
                "s": 0.9,
                "t": 2024-03-04T00:02:00.000Z,
              },
              {
                "s": 0.3,
                "t": 2024-03-04T00:03:00.000Z,
              },
              {
                "s": 0.8,
                "t": 2024-03-04T00:04:00.000Z,
              },
              {
                "s": 0.1,
                "t": 2024-03-04T00:05:00.000Z,
              },
            ],
            "mark": "line",
            "options": {
              "stroke": "#2f5bd3",
              "strokeWidth": 1,
              "x": "t",
              "y": "s",
            },
          },
          {
            "data": [
              0.5,
            ],
            "mark": "ruleY",
            "options": {
              "stroke": "#c0392b",
              "strokeDasharray": "3,2",
            },
          },
        ],
        "x": {
          "label": null,
          "type": "utc",
        },
        "y": {
          "grid": true,
          "label": "score",
          "nice": true,
        },
      }
    `);
  });

  it('evaluate: alarms on the threshold, at least a window wide, with hover titles (golden)', () => {
    const spec = alarmChart({ ...timeline, alarms: [{ start: T0 + 2 * MIN, end: T0 + 2 * MIN }, { start: T0 + 4 * MIN, end: T0 + 5 * MIN }], windowMs: MIN, titles: { split: 'train | test', threshold: 'threshold 0.500' } });
    expect(spec).toMatchInlineSnapshot(`
      {
        "height": 170,
        "marginLeft": 56,
        "marks": [
          {
            "data": [
              {
                "fill": "#e6a817",
                "title": "error-burst · precursor (inc-1)",
                "x1": 2024-03-04T00:01:00.000Z,
                "x2": 2024-03-04T00:02:00.000Z,
              },
              {
                "fill": "#c0392b",
                "title": "error-burst · failure · /api (inc-1)",
                "x1": 2024-03-04T00:02:00.000Z,
                "x2": 2024-03-04T00:03:00.000Z,
              },
            ],
            "mark": "rectX",
            "options": {
              "fill": "fill",
              "fillOpacity": 0.15,
              "title": "title",
              "x1": "x1",
              "x2": "x2",
            },
          },
          {
            "data": [
              {
                "title": "train | test",
                "x": 2024-03-04T00:03:00.000Z,
              },
            ],
            "mark": "ruleX",
            "options": {
              "stroke": "#8a8f98",
              "strokeDasharray": "4,3",
              "title": "title",
              "x": "x",
            },
          },
          {
            "data": [
              {
                "s": 0.1,
                "t": 2024-03-04T00:00:00.000Z,
              },
              {
                "s": 0.2,
                "t": 2024-03-04T00:01:00.000Z,
              },
              {
                "s": 0.9,
                "t": 2024-03-04T00:02:00.000Z,
              },
              {
                "s": 0.3,
                "t": 2024-03-04T00:03:00.000Z,
              },
              {
                "s": 0.8,
                "t": 2024-03-04T00:04:00.000Z,
              },
              {
                "s": 0.1,
                "t": 2024-03-04T00:05:00.000Z,
              },
            ],
            "mark": "line",
            "options": {
              "stroke": "#2f5bd3",
              "strokeWidth": 1,
              "x": "t",
              "y": "s",
            },
          },
          {
            "data": [
              {
                "title": "threshold 0.500",
                "y": 0.5,
              },
            ],
            "mark": "ruleY",
            "options": {
              "stroke": "#c0392b",
              "strokeDasharray": "3,2",
              "title": "title",
              "y": "y",
            },
          },
          {
            "data": [
              {
                "title": "alarm",
                "x1": 2024-03-04T00:02:00.000Z,
                "x2": 2024-03-04T00:03:00.000Z,
              },
              {
                "title": "alarm",
                "x1": 2024-03-04T00:04:00.000Z,
                "x2": 2024-03-04T00:05:00.000Z,
              },
            ],
            "mark": "rectX",
            "options": {
              "stroke": "#c0392b",
              "strokeWidth": 6,
              "title": "title",
              "x1": "x1",
              "x2": "x2",
              "y1": 0.5,
              "y2": 0.5,
            },
          },
        ],
        "x": {
          "label": null,
          "type": "utc",
        },
        "y": {
          "grid": true,
          "label": "score",
          "nice": true,
          "type": "linear",
        },
      }
    `);
    expect(spec.marks.map((m) => m.mark)).toEqual(['rectX', 'ruleX', 'line', 'ruleY', 'rectX']);
  });

  it('evaluate: heavy-tailed scores get a symlog axis', () => {
    const spiky = Float64Array.from({ length: 200 }, (_, i) => (i === 100 ? 1000 : 1 + (i % 7)));
    expect(heavyTailed(spiky)).toBe(true);
    expect(heavyTailed(scores)).toBe(false); // fewer than 10 scores: never
    expect(alarmChart({ ...timeline, starts: Float64Array.from(spiky, (_, i) => T0 + i * MIN), scores: spiky, alarms: [], windowMs: MIN }).y.type).toBe('symlog');
  });

  it('predict: probability axis up to the highest score or the threshold, warnings coloured by outcome (golden)', () => {
    const spec = predictionChart({ ...timeline, warnings: [{ raisedAt: T0 + 2 * MIN, outcome: 'followed' }] });
    expect(spec).toMatchInlineSnapshot(`
      {
        "color": {
          "domain": [
            "followed",
            "during-incident",
            "false",
          ],
          "range": [
            "#1e8449",
            "#8a8f98",
            "#c0392b",
          ],
        },
        "height": 200,
        "marginLeft": 48,
        "marks": [
          {
            "data": [
              {
                "fill": "#e6a817",
                "title": "error-burst · precursor (inc-1)",
                "x1": 2024-03-04T00:01:00.000Z,
                "x2": 2024-03-04T00:02:00.000Z,
              },
              {
                "fill": "#c0392b",
                "title": "error-burst · failure · /api (inc-1)",
                "x1": 2024-03-04T00:02:00.000Z,
                "x2": 2024-03-04T00:03:00.000Z,
              },
            ],
            "mark": "rectX",
            "options": {
              "fill": "fill",
              "fillOpacity": 0.15,
              "title": "title",
              "x1": "x1",
              "x2": "x2",
            },
          },
          {
            "data": [
              2024-03-04T00:03:00.000Z,
            ],
            "mark": "ruleX",
            "options": {
              "stroke": "#8a8f98",
              "strokeDasharray": "4,3",
            },
          },
          {
            "data": [
              {
                "s": 0.1,
                "t": 2024-03-04T00:00:00.000Z,
              },
              {
                "s": 0.2,
                "t": 2024-03-04T00:01:00.000Z,
              },
              {
                "s": 0.9,
                "t": 2024-03-04T00:02:00.000Z,
              },
              {
                "s": 0.3,
                "t": 2024-03-04T00:03:00.000Z,
              },
              {
                "s": 0.8,
                "t": 2024-03-04T00:04:00.000Z,
              },
              {
                "s": 0.1,
                "t": 2024-03-04T00:05:00.000Z,
              },
            ],
            "mark": "line",
            "options": {
              "stroke": "#7b3fb5",
              "strokeWidth": 1,
              "x": "t",
              "y": "s",
            },
          },
          {
            "data": [
              0.5,
            ],
            "mark": "ruleY",
            "options": {
              "stroke": "#c0392b",
              "strokeDasharray": "3,2",
            },
          },
          {
            "data": [
              {
                "outcome": "followed",
                "t": 2024-03-04T00:02:00.000Z,
                "title": "warning: followed",
              },
            ],
            "mark": "dot",
            "options": {
              "fill": "outcome",
              "r": 3,
              "title": "title",
              "x": "t",
              "y": 0.5,
            },
          },
        ],
        "x": {
          "label": null,
          "type": "utc",
        },
        "y": {
          "domain": [
            0,
            0.9900000000000001,
          ],
          "grid": true,
          "label": "P(failure coming)",
        },
      }
    `);
    expect(spec.y.domain).toEqual([0, Math.min(1, 0.9 * 1.1)]);
    expect(predictionChart({ ...timeline, threshold: 2, warnings: [] }).y.domain).toEqual([0, 1]);
  });
});
