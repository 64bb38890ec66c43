import { describe, expect, it } from 'vitest';
import { CHART_CAP, barWidth, planChart, suggestChart, type ChartSpec } from './chart';
import type { ResultColumn } from './columns';

const MS = Date.UTC(2024, 0, 1);
const cols: ResultColumn[] = [
  { name: 'ts', type: 'TIMESTAMP', kind: 'timestamp' },
  { name: 'status', type: 'VARCHAR', kind: 'text' },
  { name: 'n', type: 'BIGINT', kind: 'number' },
  { name: 'd', type: 'DATE', kind: 'date' },
];
const spec = (p: Partial<ChartSpec>): ChartSpec => ({ mark: 'line', x: null, y: null, color: null, ...p });

describe('planChart', () => {
  it('draws nothing for mark none', () => {
    expect(planChart([], cols, spec({ mark: 'none', x: 'ts', y: 'n' }))).toBeNull();
  });

  it('uses a time x for timestamps and sorts a line by x', () => {
    const rows = [
      { ts: MS + 60_000, status: '200', n: 2, d: null },
      { ts: MS, status: '200', n: 1, d: null },
    ];
    const p = planChart(rows, cols, spec({ x: 'ts', y: 'n', color: 'status' }));
    expect(p).toMatchObject({ ok: true, data: { xScale: 'time', yScale: 'linear', colorScale: 'ordinal', colorCount: 1, missing: 0, capped: 0 } });
    if (!p?.ok) throw new Error('expected a plan');
    expect(p.data.points.map((q) => q.x)).toEqual([new Date(MS), new Date(MS + 60_000)]);
    expect(p.data.points[0]!.c).toBe('200');
  });

  it('reads DATE text as UTC midnight', () => {
    const p = planChart([{ ts: null, status: 'a', n: 1, d: '2024-01-02' }], cols, spec({ mark: 'dot', x: 'd', y: 'n' }));
    if (!p?.ok) throw new Error('expected a plan');
    expect(p.data.points[0]!.x).toEqual(new Date(Date.UTC(2024, 0, 2)));
  });

  it('counts rows it cannot draw instead of dropping them silently', () => {
    const rows = [
      { ts: MS, status: 'a', n: null, d: null },
      { ts: null, status: 'b', n: 1, d: null },
      { ts: MS, status: 'c', n: 3, d: null },
    ];
    const p = planChart(rows, cols, spec({ x: 'ts', y: 'n' }));
    expect(p).toMatchObject({ ok: true, data: { missing: 2, capped: 0 } });
  });

  it('caps the points per mark and says how many were left out', () => {
    const rows = Array.from({ length: CHART_CAP.bar + 7 }, (_, i) => ({ ts: MS + i * 1000, status: 's', n: i, d: null }));
    const p = planChart(rows, cols, spec({ mark: 'bar', x: 'status', y: 'n' }));
    expect(p).toMatchObject({ ok: true, data: { capped: 7 } });
    if (!p?.ok) throw new Error('expected a plan');
    expect(p.data.points.length).toBe(CHART_CAP.bar);
  });

  it('gives bars on a time x the width of the smallest step', () => {
    const rows = [0, 60_000, 180_000].map((o) => ({ ts: MS + o, status: 's', n: 1, d: null }));
    const p = planChart(rows, cols, spec({ mark: 'bar', x: 'ts', y: 'n' }));
    if (!p?.ok) throw new Error('expected a plan');
    expect(p.data.points.map((q) => +(q.x2 as Date) - +(q.x as Date))).toEqual([60_000, 60_000, 60_000]);
  });

  it('explains missing or unusable choices', () => {
    expect(planChart([], cols, spec({ x: 'ts' }))).toEqual({ ok: false, message: 'Pick an x and a y column to draw a line.' });
    expect(planChart([], cols, spec({ mark: 'dot' }))).toEqual({ ok: false, message: 'Pick an x or a y column to draw dots.' });
    expect(planChart([], cols, spec({ x: 'ts', y: 'gone' }))).toEqual({ ok: false, message: 'The y column “gone” is not in this result.' });
    expect(planChart([], cols, spec({ mark: 'bar', x: 'ts', y: 'status' }))).toMatchObject({ ok: false, message: expect.stringContaining('not numeric') });
    // dots may use a text y
    expect(planChart([], cols, spec({ mark: 'dot', x: 'n', y: 'status' }))).toMatchObject({ ok: true, data: { yScale: 'band' } });
  });
});

describe('bars over few numbers', () => {
  it('get one band each, in the query’s order', () => {
    const rows = [404, 200, 500].map((status, i) => ({ status, n: 10 - i }));
    const numCols: ResultColumn[] = [
      { name: 'status', type: 'INTEGER', kind: 'number' },
      { name: 'n', type: 'BIGINT', kind: 'number' },
    ];
    const p = planChart(rows, numCols, spec({ mark: 'bar', x: 'status', y: 'n' }));
    expect(p).toMatchObject({ ok: true, data: { xScale: 'band', xDomain: [404, 200, 500] } });
    if (!p?.ok) throw new Error('expected a plan');
    expect(p.data.points[0]!.x2).toBeUndefined();
  });

  it('keep a numeric axis when there are many', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ status: i * 2, n: 1 }));
    const numCols: ResultColumn[] = [
      { name: 'status', type: 'INTEGER', kind: 'number' },
      { name: 'n', type: 'BIGINT', kind: 'number' },
    ];
    const p = planChart(rows, numCols, spec({ mark: 'bar', x: 'status', y: 'n' }));
    expect(p).toMatchObject({ ok: true, data: { xScale: 'linear', xDomain: null } });
    if (!p?.ok) throw new Error('expected a plan');
    expect(p.data.points[0]!.x2).toBe(2);
  });
});

describe('barWidth', () => {
  it('is the smallest positive gap, 1 without one', () => {
    expect(barWidth([5, 1, 3, 3, 10])).toBe(2);
    expect(barWidth([4])).toBe(1);
    expect(barWidth([])).toBe(1);
  });
});

describe('suggestChart', () => {
  it('prefers a time x and a numeric y', () => {
    expect(suggestChart(cols)).toEqual({ x: 'ts', y: 'n' });
    expect(suggestChart(cols.slice(1, 3))).toEqual({ x: 'status', y: 'n' });
    expect(suggestChart([{ name: 'a', type: 'BIGINT', kind: 'number' }, { name: 'b', type: 'BIGINT', kind: 'number' }])).toEqual({ x: 'a', y: 'b' });
    expect(suggestChart([])).toEqual({ x: null, y: null });
    // hour, status class, count: the count is what to plot
    expect(suggestChart([cols[0]!, { name: 'class', type: 'INTEGER', kind: 'number' }, cols[2]!])).toEqual({ x: 'ts', y: 'n' });
  });
});
