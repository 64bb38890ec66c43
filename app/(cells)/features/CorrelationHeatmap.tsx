'use client';
import { memo, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '@/app/components/PlotFigure';

interface Pair {
  a: string;
  b: string;
  r: number;
}

const fmtR = (r: number) => (Number.isFinite(r) ? r.toFixed(2) : '–');

/** Pearson r between every two selected features; '–' where a feature is constant (r undefined). */
export const CorrelationHeatmap = memo(function CorrelationHeatmap({ features, corr }: { features: readonly string[]; corr: Float64Array[] }) {
  const constant = useMemo(() => features.filter((_, i) => !Number.isFinite(corr[i][i])), [features, corr]);
  const options = useMemo<Plot.PlotOptions>(() => {
    const k = features.length;
    const pairs: Pair[] = features.flatMap((a, i) => features.map((b, j) => ({ a, b, r: corr[i][j] })));
    const defined = pairs.filter((p) => Number.isFinite(p.r));
    const missing = pairs.filter((p) => !Number.isFinite(p.r));
    const cell = k <= 12 ? 40 : k <= 24 ? 26 : 14;
    const longest = Math.max(0, ...features.map((f) => f.length));
    const margin = Math.min(220, 12 + longest * 6.5);
    const domain = [...features];
    return {
      width: margin + k * cell + 20,
      height: 20 + k * cell + margin,
      marginLeft: margin,
      marginBottom: margin,
      marginTop: 20,
      marginRight: 20,
      padding: 0.04,
      x: { domain, tickRotate: -45, label: null },
      y: { domain, label: null },
      color: { type: 'linear', scheme: 'rdbu', domain: [-1, 1], legend: true, label: 'Pearson r' },
      marks: [
        Plot.cell(defined, { x: 'a', y: 'b', fill: 'r', title: (p: Pair) => `${p.a} × ${p.b}: r = ${fmtR(p.r)}` }),
        Plot.cell(missing, { x: 'a', y: 'b', fill: '#e4e4e4', title: (p: Pair) => `${p.a} × ${p.b}: undefined (a constant feature)` }),
        ...(cell >= 26
          ? [Plot.text(pairs, { x: 'a', y: 'b', text: (p: Pair) => fmtR(p.r), fontSize: cell >= 40 ? 10 : 8, fill: (p: Pair) => (Math.abs(p.r) > 0.6 ? 'white' : 'black') })]
          : []),
      ],
    };
  }, [features, corr]);
  return (
    <div className="panel" style={{ marginTop: 12 }} data-testid="correlation-heatmap" data-constant={constant.join(' ')}>
      <h3>Correlation between features (Pearson r over all windows)</h3>
      {constant.length > 0 ? (
        <p className="small muted">
          Constant on this data, so r is undefined (–): {constant.join(', ')}. A constant feature tells a detector nothing.
        </p>
      ) : null}
      <div style={{ overflowX: 'auto' }}>
        <PlotFigure options={options} label="Heatmap of Pearson correlation between the selected features" />
      </div>
    </div>
  );
});
