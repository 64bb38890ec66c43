'use client';
import { useId, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '@/app/components/PlotFigure';
import { fmtInt } from '@/app/components/format';
import type { Row } from '@/lib/db/db';
import type { ResultColumn } from '@/lib/sql/columns';
import { CHART_CAP, MARKS, planChart, suggestChart, type ChartData, type ChartSpec, type Mark, type Scale } from '@/lib/sql/chart';

/** An ordinal legend past this many swatches is noise (and thousands of DOM nodes). */
const MAX_LEGEND = 30;

const MARK_LABEL: Record<Mark, string> = { none: 'no chart', line: 'line', bar: 'bar', dot: 'dot' };

/** Mark and x / y / colour pickers over the result's columns, and the chart they describe. */
export function QuickChart({ rows, columns, chart, onChart, title }: { rows: Row[]; columns: ResultColumn[]; chart: ChartSpec; onChart: (c: ChartSpec) => void; title: string }) {
  const id = useId();
  const plan = useMemo(() => planChart(rows, columns, chart), [rows, columns, chart]);
  const options = useMemo(() => (plan?.ok ? plotOptions(plan.data, chart) : null), [plan, chart]);
  const names = columns.map((c) => c.name);

  const pick = (role: 'x' | 'y' | 'color', label: string) => {
    const value = chart[role];
    return (
      <label className="field" htmlFor={`${id}-${role}`}>
        {label}
        <select id={`${id}-${role}`} aria-label={label} value={value ?? ''} onChange={(e) => onChart({ ...chart, [role]: e.target.value === '' ? null : e.target.value })}>
          <option value="">none</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          {value !== null && !names.includes(value) ? <option value={value}>{value} (not in result)</option> : null}
        </select>
      </label>
    );
  };

  return (
    <div style={{ marginTop: 10 }}>
      <div className="form-grid">
        <label className="field" htmlFor={`${id}-mark`}>
          Chart
          <select
            id={`${id}-mark`}
            aria-label="Chart"
            value={chart.mark}
            onChange={(e) => {
              const mark = e.target.value as Mark;
              // first chart on this cell: start from a sensible x and y
              const fill = chart.mark === 'none' && chart.x === null && chart.y === null && mark !== 'none' ? suggestChart(columns) : {};
              onChart({ ...chart, ...fill, mark });
            }}
          >
            {MARKS.map((m) => (
              <option key={m} value={m}>
                {MARK_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        {chart.mark !== 'none' ? (
          <>
            {pick('x', 'x')}
            {pick('y', 'y')}
            {pick('color', 'colour')}
          </>
        ) : null}
      </div>
      {plan && !plan.ok ? <p className="small muted" data-testid="sql-chart-hint">{plan.message}</p> : null}
      {plan?.ok && options ? (
        <div data-testid="sql-chart">
          <PlotFigure options={options} label={`${title} chart: ${chart.mark} of ${chart.y ?? 'rows'} by ${chart.x ?? 'row'}`} />
          {plan.data.colorScale === 'ordinal' && plan.data.colorCount > MAX_LEGEND ? <p className="small muted">{fmtInt(plan.data.colorCount)} colour values; the legend is left out past {MAX_LEGEND}.</p> : null}
          {plan.data.missing > 0 ? <p className="small muted">{fmtInt(plan.data.missing)} rows with an empty x or y are not drawn.</p> : null}
          {plan.data.capped > 0 ? (
            <p className="small muted" data-testid="sql-chart-capped">
              The chart draws the first {fmtInt(CHART_CAP[plan.data.mark])} rows; {fmtInt(plan.data.capped)} more are in the table only.
            </p>
          ) : null}
          {plan.data.points.length === 0 ? <p className="small muted">Nothing to draw.</p> : null}
        </div>
      ) : null}
    </div>
  );
}

function scaleOptions(scale: Scale | null, domain: (number | string)[] | null, label: string | null, pointLike: boolean): Plot.ScaleOptions | undefined {
  if (scale === null) return undefined;
  switch (scale) {
    case 'time':
      return { type: 'utc', label };
    case 'linear':
      return { type: 'linear', label, grid: true };
    case 'band':
      return { type: pointLike ? 'point' : 'band', domain: domain ?? undefined, label };
  }
}

function plotOptions(data: ChartData, chart: ChartSpec): Plot.PlotOptions {
  const color = data.colorScale ? 'c' : undefined;
  const x = data.xScale ? 'x' : undefined;
  const y = data.yScale ? 'y' : undefined;
  const marks: Plot.Markish[] = [];
  switch (data.mark) {
    case 'line':
      marks.push(Plot.line(data.points, { x, y, z: color, stroke: color ?? 'steelblue', tip: true }));
      break;
    case 'bar':
      if (data.xScale === 'band') marks.push(Plot.barY(data.points, { x, y, fill: color ?? 'steelblue', tip: true }));
      else marks.push(Plot.rectY(data.points, { x1: 'x', x2: 'x2', y, fill: color ?? 'steelblue', tip: true }));
      marks.push(Plot.ruleY([0]));
      break;
    case 'dot':
      marks.push(Plot.dot(data.points, { x, y, stroke: color ?? 'steelblue', r: 2.5, tip: true }));
      break;
  }
  return {
    width: 1000,
    height: 280,
    marginLeft: 64,
    marginBottom: 36,
    x: scaleOptions(data.xScale, data.xDomain, chart.x, data.mark !== 'bar'),
    y: scaleOptions(data.yScale, data.yDomain, chart.y, true),
    color: data.colorScale ? { type: data.colorScale, legend: data.colorScale === 'linear' || data.colorCount <= MAX_LEGEND, label: chart.color } : undefined,
    marks,
  };
}
