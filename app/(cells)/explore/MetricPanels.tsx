'use client';
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Engine } from '@/app/clients/engine';
import { useQuery } from '@/app/hooks/useQuery';
import { PlotFigure } from '@/app/components/PlotFigure';
import { metricPoints } from '@/lib/explore/metrics';
import type { ExploreFilter } from '@/lib/explore/filter';
import type { Row } from '@/lib/db/db';
import { num, str } from '@/app/components/format';
import { Panel } from './Panel';
import { plotMarks } from '@/app/components/chart';
import { bandMarks } from '@/lib/charts/bands';
import { TimeBrush, type Range } from './TimeBrush';

/** One line chart per metric name, one line per source (host), ≤ 1,000 points per series; drag any to filter. */
export function MetricPanels({ engine, version, filter, onRange, bands }: { engine: Engine; version: number; filter: ExploreFilter; onRange: (r: Range) => void; bands: Row[] | null }) {
  const points = useQuery(engine, useMemo(() => metricPoints(filter, { maxPoints: 1000 }), [filter]), version);
  const byName = useMemo(() => {
    const m = new Map<string, Row[]>();
    for (const r of points.rows ?? []) {
      const k = str(r.name);
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(r);
    }
    return [...m.entries()];
  }, [points.rows]);
  return (
    <div className="grid2" style={{ marginTop: 16 }}>
      <Panel title="Metrics (drag a chart to filter)" q={points} testId="panel-metrics" wide>
        <div className="grid2">
          {byName.map(([name, rows]) => (
            <MetricChart key={name} name={name} rows={rows} onRange={onRange} bands={bands} />
          ))}
        </div>
      </Panel>
    </div>
  );
}

function MetricChart({ name, rows, onRange, bands }: { name: string; rows: Row[]; onRange: (r: Range) => void; bands: Row[] | null }) {
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 200,
      marginLeft: 50,
      x: { type: 'utc', label: null },
      y: { label: name, grid: true },
      color: { legend: true },
      marks: [...plotMarks(bandMarks(bands)), Plot.lineY(rows, { x: (r: Row) => new Date(num(r.ts) ?? 0), y: 'avg', stroke: 'source', tip: true })],
    }),
    [name, rows, bands],
  );
  return (
    <div data-testid="metric-chart">
      <h3>{name}</h3>
      <TimeBrush onBrush={onRange}>{(onPlot) => <PlotFigure options={options} onPlot={onPlot} label={`Metric ${name} over time`} />}</TimeBrush>
    </div>
  );
}
