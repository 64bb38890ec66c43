import { describe, expect, it } from 'vitest';
import { liveChart, type LiveChartInput } from './live';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
const base: LiveChartInput = {
  detector: 'ewma',
  kind: 'alarm',
  starts: [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN],
  scores: [0.1, 0.9, 0.2, 0.3],
  threshold: 0.5,
  windowMs: MIN,
  clockMs: T0 + 4 * MIN,
  spanMs: 3 * MIN,
  fired: [T0 + MIN],
  bands: [
    { incident_id: 'old', kind: 'cpu-spike', phase: 'failure', start: T0 - 10 * MIN, end: T0 - 5 * MIN, target: null },
    { incident_id: 'inc-1', kind: 'error-burst', phase: 'failure', start: T0 + MIN, end: T0 + 2 * MIN, target: null },
  ],
  selected: T0 + MIN,
};

describe('live chart', () => {
  it('shows the last span up to the clock: bands in view, the picked window, score, threshold, alarms (golden)', () => {
    expect(liveChart(base)).toMatchInlineSnapshot(`
      {
        "height": 150,
        "marginLeft": 56,
        "marks": [
          {
            "data": [
              {
                "fill": "#c0392b",
                "title": "error-burst · failure (inc-1)",
                "x1": 2026-01-05T00:01:00.000Z,
                "x2": 2026-01-05T00:02:00.000Z,
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
                "title": "window picked in the alert feed",
                "x1": 2026-01-05T00:01:00.000Z,
                "x2": 2026-01-05T00:02:00.000Z,
              },
            ],
            "mark": "rectX",
            "options": {
              "fill": "#2f5bd3",
              "fillOpacity": 0.3,
              "title": "title",
              "x1": "x1",
              "x2": "x2",
            },
          },
          {
            "data": [
              {
                "s": 0.9,
                "t": 2026-01-05T00:01:00.000Z,
              },
              {
                "s": 0.2,
                "t": 2026-01-05T00:02:00.000Z,
              },
              {
                "s": 0.3,
                "t": 2026-01-05T00:03:00.000Z,
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
          {
            "data": [
              {
                "t": 2026-01-05T00:01:00.000Z,
                "title": "alarm 00:01 UTC",
              },
            ],
            "mark": "dot",
            "options": {
              "fill": "#c0392b",
              "r": 4,
              "symbol": "circle",
              "title": "title",
              "x": "t",
              "y": 0.5,
            },
          },
        ],
        "x": {
          "domain": [
            1767571260000,
            1767571440000,
          ],
          "label": null,
          "type": "utc",
        },
        "y": {
          "grid": true,
          "label": "ewma",
          "nice": true,
        },
      }
    `);
  });

  it('drops what scrolled out of view and marks a predictor’s warnings as triangles', () => {
    const c = liveChart({ ...base, kind: 'warning', clockMs: T0 + 5 * MIN, selected: T0 });
    expect(c.x.domain).toEqual([T0 + 2 * MIN, T0 + 5 * MIN]);
    expect(c.marks.map((m) => m.mark)).toEqual(['line', 'ruleY', 'dot']);
    expect(c.marks[0].data).toHaveLength(2);
    expect(c.marks[0].options.stroke).toBe('#7b3fb5');
    expect(c.marks[2].data).toEqual([]);
    expect(c.marks[2].options.symbol).toBe('triangle');
  });
});
