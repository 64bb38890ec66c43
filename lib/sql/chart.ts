/**
 * Data for an SQL cell's quick chart: which columns can go where, the points to draw and what was
 * left out (rows without x or y, rows past the mark's cap), so the cell can say so.
 */
import type { Cell, Row } from '../db/db';
import type { SqlCellSpec } from '../spec/schema';
import { isTimeKind, type ColumnKind, type ResultColumn } from './columns';

export type ChartSpec = SqlCellSpec['chart'];
export type Mark = ChartSpec['mark'];
export const MARKS = ['none', 'line', 'bar', 'dot'] as const satisfies readonly Mark[];

/** Rows a mark draws at most, so a chart never blocks the page for long (SVG: one node per dot or bar). */
export const CHART_CAP: Record<Exclude<Mark, 'none'>, number> = { line: 50_000, bar: 5_000, dot: 10_000 };

/** How an axis or colour is scaled. */
export type Scale = 'time' | 'linear' | 'band';

export interface ChartPoint {
  x: Date | number | string | null;
  y: number | string | null;
  c: number | string | null;
  /** end of the bar on a time or linear x (bar marks on a continuous x only) */
  x2?: Date | number;
}

export interface ChartData {
  mark: Exclude<Mark, 'none'>;
  points: ChartPoint[];
  xScale: Scale | null;
  yScale: Scale | null;
  colorScale: 'ordinal' | 'linear' | null;
  /** category order for a band x (first appearance, so an ORDER BY in the query carries over) */
  xDomain: (number | string)[] | null;
  /** category order for a band y */
  yDomain: (number | string)[] | null;
  /** distinct colour values drawn */
  colorCount: number;
  /** rows left out because x or y (when chosen) is NULL or not drawable */
  missing: number;
  /** rows past CHART_CAP[mark] */
  capped: number;
}

export type ChartPlan = { ok: true; data: ChartData } | { ok: false; message: string };

function scaleOf(kind: ColumnKind): Scale {
  if (isTimeKind(kind)) return 'time';
  return kind === 'number' ? 'linear' : 'band';
}

/** A cell as a chart value for its column's kind; null when it cannot be drawn. */
function chartValue(v: Cell, kind: ColumnKind): Date | number | string | null {
  if (v === null) return null;
  switch (kind) {
    case 'timestamp':
    case 'epoch':
      return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15 ? new Date(v) : null;
    case 'date': {
      if (typeof v !== 'string' || !/^-?\d{4,}-\d{2}-\d{2}$/.test(v)) return null;
      const d = new Date(`${v}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? null : d;
    }
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    case 'boolean':
    case 'text':
      return String(v);
  }
}

/** Bars over at most this many distinct numbers (status codes, hours) get one band each instead of a numeric axis. */
const MAX_NUMERIC_BANDS = 50;

function firstSeen(values: readonly unknown[]): (number | string)[] {
  return [...new Set(values)] as (number | string)[];
}

/** Smallest positive gap between distinct sorted values: the width of a bar on a continuous x. */
export function barWidth(xs: readonly number[]): number {
  const sorted = [...new Set(xs)].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return Number.isFinite(gap) ? gap : 1;
}

/** Plans the chart for `chart` over the result; `ok: false` says which choice is missing or unknown. */
export function planChart(rows: readonly Row[], columns: readonly ResultColumn[], chart: ChartSpec): ChartPlan | null {
  if (chart.mark === 'none') return null;
  const mark = chart.mark;
  const col = (name: string | null, role: string): ResultColumn | null | string => {
    if (name === null) return null;
    return columns.find((c) => c.name === name) ?? `The ${role} column “${name}” is not in this result.`;
  };
  const x = col(chart.x, 'x');
  const y = col(chart.y, 'y');
  const c = col(chart.color, 'colour');
  for (const v of [x, y, c]) if (typeof v === 'string') return { ok: false, message: v };
  const xc = x as ResultColumn | null;
  const yc = y as ResultColumn | null;
  const cc = c as ResultColumn | null;
  if (mark !== 'dot' && (xc === null || yc === null)) return { ok: false, message: `Pick an x and a y column to draw ${mark === 'line' ? 'a line' : 'bars'}.` };
  if (xc === null && yc === null) return { ok: false, message: 'Pick an x or a y column to draw dots.' };
  if (mark !== 'dot' && yc !== null && yc.kind !== 'number') {
    return { ok: false, message: `The y column “${yc.name}” is not numeric; ${mark === 'line' ? 'lines' : 'bars'} need a numeric y.` };
  }

  let xScale = xc ? scaleOf(xc.kind) : null;
  const yScale = yc ? scaleOf(yc.kind) : null;
  const colorScale = cc ? (cc.kind === 'number' ? 'linear' : 'ordinal') : null;
  const cap = CHART_CAP[mark];
  const points: ChartPoint[] = [];
  let missing = 0;
  let capped = 0;
  for (const r of rows) {
    const px = xc ? chartValue(r[xc.name] ?? null, xc.kind) : null;
    const py = yc ? chartValue(r[yc.name] ?? null, yc.kind) : null;
    if ((xc && px === null) || (yc && py === null)) {
      missing++;
      continue;
    }
    if (points.length >= cap) {
      capped++;
      continue;
    }
    const pc = cc ? chartValue(r[cc.name] ?? null, cc.kind) : null;
    points.push({ x: px, y: py as number | string | null, c: pc instanceof Date ? pc.toISOString() : pc });
  }
  if (mark === 'bar' && xScale === 'linear' && new Set(points.map((p) => p.x)).size <= MAX_NUMERIC_BANDS) xScale = 'band';
  // a line joins points in x order
  if (mark === 'line' && xScale !== 'band') points.sort((a, b) => +(a.x as Date | number) - +(b.x as Date | number));
  if (mark === 'bar' && xScale !== 'band') {
    const xs = points.map((p) => +(p.x as Date | number));
    const w = barWidth(xs);
    for (const p of points) p.x2 = xScale === 'time' ? new Date(+(p.x as Date) + w) : (p.x as number) + w;
  }
  const xDomain = xScale === 'band' ? firstSeen(points.map((p) => p.x)) : null;
  const yDomain = yScale === 'band' ? firstSeen(points.map((p) => p.y)) : null;
  const colorCount = cc ? new Set(points.map((p) => p.c)).size : 0;
  return { ok: true, data: { mark, points, xScale, yScale, colorScale, xDomain, yDomain, colorCount, missing, capped } };
}

/** Sensible first choices for a new result: a time or text column for x, the last other numeric column for y (aggregates usually come last). */
export function suggestChart(columns: readonly ResultColumn[]): Pick<ChartSpec, 'x' | 'y'> {
  const time = columns.find((c) => isTimeKind(c.kind));
  const text = columns.find((c) => c.kind === 'text' || c.kind === 'boolean');
  const x = time ?? text ?? columns[0] ?? null;
  const y = columns.findLast((c) => c.kind === 'number' && c !== x) ?? null;
  return { x: x?.name ?? null, y: y?.name ?? null };
}
