'use client';
import { memo, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '@/app/components/PlotFigure';
import { plotMarks } from '@/app/components/chart';
import { bandMarks } from '@/lib/charts/bands';
import type { Row } from '@/lib/db/db';
import type { FeatureDef } from '@/lib/features/catalogue';
import type { Series } from '@/lib/features/series';
import { MAX_POINTS, type FeatureView } from './useFeatureView';
import { fmtFeature, unitLabel } from './format';

interface Props {
  view: FeatureView;
  defs: readonly FeatureDef[];
  bands: Row[] | null;
  windowMs: number;
}

/** One small line chart per feature on a shared time axis, with the labeled incidents behind. */
export const FeatureCharts = memo(function FeatureCharts({ view, defs, bands, windowMs }: Props) {
  const { starts } = view.frame;
  const domain = useMemo<[Date, Date] | null>(
    () => (starts.length === 0 ? null : [new Date(starts[0]), new Date(starts[starts.length - 1] + windowMs)]),
    [starts, windowMs],
  );
  const thinned = starts.length > MAX_POINTS;
  return (
    <div className="panel" style={{ marginTop: 12 }}>
      <h3>Features over time</h3>
      <p className="small muted">
        {thinned ? `Each chart keeps the highest and lowest value of every ${Math.ceil(starts.length / Math.floor(MAX_POINTS / 2))} windows, so peaks and drops stay visible. ` : ''}
        Bands: labeled precursors (amber) and failures (red).
      </p>
      <div className="grid2">
        {defs.map((d, j) => (
          <FeatureChart key={d.id} def={d} series={view.series[j]} bands={bands} domain={domain} />
        ))}
      </div>
    </div>
  );
});

const FeatureChart = memo(function FeatureChart({ def, series, bands, domain }: { def: FeatureDef; series: Series; bands: Row[] | null; domain: [Date, Date] | null }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const x = Array.from(series.t, (t) => new Date(t));
    return {
      height: 130,
      marginLeft: 64,
      marginTop: 10,
      // a band reaching past the data stays inside the chart
      clip: true,
      x: { type: 'utc', label: null, domain: domain ?? undefined },
      y: { label: null, grid: true, nice: true, tickFormat: (v: number) => fmtFeature(v, def.unit) },
      marks: [
        ...plotMarks(bandMarks(bands)),
        ...(def.id.startsWith('d:') ? [Plot.ruleY([0], { stroke: '#aaa' })] : []),
        Plot.lineY(series.v, { x, y: (v: number) => v, stroke: '#1f5fa8', strokeWidth: 1, tip: { format: { y: (v: number) => fmtFeature(v, def.unit) } } }),
      ],
    };
  }, [def, series, bands, domain]);
  return (
    <div data-testid="feature-chart" data-feature={def.id} data-points={series.v.length} title={def.description}>
      <h3 className="small">
        <code>{def.id}</code> <span className="muted">({unitLabel(def.unit)})</span>
      </h3>
      <PlotFigure options={options} label={`${def.id} over time`} />
    </div>
  );
});
