import { describe, expect, it } from 'vitest';
import { prChart } from './pr';

type Point = { detector: string; recall: number; precision: number };
const pointsOf = (spec: ReturnType<typeof prChart>) => spec.marks[0]!.data as Point[];

describe('precision–recall chart', () => {
  it('one line per detector, coloured by its label, on fixed unit axes (golden)', () => {
    const positive = [false, true, false, true];
    const spec = prChart(
      [
        { label: 'EWMA', scores: [0.1, 0.9, 0.2, 0.8] },
        { label: 'Robust z', scores: [0.9, 0.1, 0.8, 0.2] },
      ],
      positive,
    );
    expect({ ...spec, marks: spec.marks.map((m) => ({ ...m, data: m.data.length })) }).toMatchInlineSnapshot(`
      {
        "color": {
          "legend": true,
        },
        "height": 240,
        "marginLeft": 48,
        "marks": [
          {
            "data": 8,
            "mark": "line",
            "options": {
              "stroke": "detector",
              "strokeWidth": 1.5,
              "x": "recall",
              "y": "precision",
            },
          },
        ],
        "x": {
          "domain": [
            0,
            1,
          ],
          "grid": true,
          "label": "recall",
        },
        "y": {
          "domain": [
            0,
            1,
          ],
          "grid": true,
          "label": "precision",
        },
      }
    `);
    // a perfect ranking reaches recall 1 at precision 1; the inverted one only at precision 0.5
    const ewma = pointsOf(spec).filter((p) => p.detector === 'EWMA');
    const robust = pointsOf(spec).filter((p) => p.detector === 'Robust z');
    expect(ewma.some((p) => p.recall === 1 && p.precision === 1)).toBe(true);
    expect(Math.max(...robust.filter((p) => p.recall === 1).map((p) => p.precision))).toBe(0.5);
  });

  it('thins a long curve to about 400 points and keeps its last point', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const positive = scores.map((s) => s % 13 === 0);
    const points = pointsOf(prChart([{ label: 'IF', scores }], positive));
    expect(points.length).toBeGreaterThan(300);
    expect(points.length).toBeLessThanOrEqual(401);
    expect(points.at(-1)!.recall).toBe(1);
  });
});
