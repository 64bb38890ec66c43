'use client';
import { memo } from 'react';
import type { FeatureFrame } from '@/lib/eval/frame';
import type { FeatureDef } from '@/lib/features/catalogue';
import { fmtInt, fmtTs } from '@/app/components/format';
import { fmtFeature, unitLabel } from './format';

const ROWS = 20;

/** The first windows of the frame, values with their units. */
export const FeaturePreview = memo(function FeaturePreview({ frame, defs }: { frame: FeatureFrame; defs: readonly FeatureDef[] }) {
  const n = Math.min(ROWS, frame.starts.length);
  return (
    <div className="panel" style={{ marginTop: 12 }}>
      <h3>
        First {n} of {fmtInt(frame.starts.length)} windows
      </h3>
      <div style={{ overflowX: 'auto' }}>
        <table className="data" data-testid="features-preview">
          <thead>
            <tr>
              <th>Window start (UTC)</th>
              {defs.map((d) => (
                <th key={d.id} className="num" title={d.description}>
                  {d.id}
                  <br />
                  <span className="muted small">{unitLabel(d.unit)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: n }, (_, i) => (
              <tr key={frame.starts[i]} data-start={frame.starts[i]}>
                <td>{fmtTs(frame.starts[i])}</td>
                {defs.map((d, j) => (
                  <td key={d.id} className="num">
                    {fmtFeature(frame.X[i][j], d.unit)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
});
