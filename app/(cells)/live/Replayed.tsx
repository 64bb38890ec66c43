'use client';
import { useCallback, useMemo } from 'react';
import { PlotFigure } from '@/app/components/PlotFigure';
import { plotOptions } from '@/app/components/chart';
import type { LiveHistory } from '@/app/hooks/useLive';
import { liveChart } from '@/lib/charts/live';
import type { BandRow } from '@/lib/charts/bands';
import { AlertFeed } from './AlertFeed';

const HOUR = 3_600_000;
/** windows shown in the table of the latest scores */
const TABLE_ROWS = 30;
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3)) : '–');

interface ReplayedProps {
  history: LiveHistory;
  version: number;
  clockMs: number;
  spanMs: number;
  windowMs: number;
  bands: readonly BandRow[];
  selected: number | null;
  onPick: (start: number | null) => void;
  /** data-testid prefix: the replay's and the followed file's views are told apart */
  testId?: string;
}

/** The replay's charts, alert feed and latest windows (redrawn on `version`). */
export function Replayed({ history, version, clockMs, spanMs, windowMs, bands, selected, onPick, testId = 'live' }: ReplayedProps) {
  const detectors = history.detectors ?? [];
  // a window picked in the feed that scrolled out of view is shown centred; "Back to live" follows the clock again
  const viewEnd = selected !== null && selected < clockMs - spanMs ? Math.min(clockMs, selected + spanMs / 2) : clockMs;
  const charts = useMemo(
    () =>
      detectors.map((d, i) =>
        plotOptions(
          liveChart({ detector: d.name, kind: d.kind, starts: history.starts, scores: history.scores[i], threshold: d.threshold, windowMs, clockMs: viewEnd, spanMs, fired: history.fired[i], bands, selected }),
        ),
      ),
    // `version` stands for the mutable history's contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history, detectors, version, viewEnd, spanMs, windowMs, bands, selected],
  );
  const pick = useCallback((start: number) => onPick(start), [onPick]);
  const n = history.starts.length;
  const from = Math.max(history.warmup, n - TABLE_ROWS);
  return (
    <>
      {selected !== null ? (
        <p className="small">
          Showing the window of {utc(selected)}.{' '}
          <button type="button" onClick={() => onPick(null)}>
            Back to live
          </button>
        </p>
      ) : null}
      <div className="grid2" style={{ marginTop: 12 }}>
        <div className="panel">
          <h3>Scores, last {spanMs / HOUR} h</h3>
          {detectors.map((d, i) => (
            <div key={d.name} data-testid={`${testId}-chart-${d.name}`}>
              <PlotFigure options={charts[i]} label={`${d.name}: live score and threshold`} />
            </div>
          ))}
        </div>
        <div className="panel">
          <h3>Alerts</h3>
          <AlertFeed feed={history.feed} dropped={history.dropped} selected={selected} onPick={pick} />
        </div>
      </div>
      <div className="panel" style={{ marginTop: 12, overflowX: 'auto' }}>
        <h3>Latest windows</h3>
        <table className="data" data-testid={`${testId}-windows`}>
          <thead>
            <tr>
              <th>window (UTC)</th>
              {detectors.map((d) => (
                <th key={d.name}>{d.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: n - from }, (_, k) => n - 1 - k).map((i) => (
              <tr key={history.starts[i]} data-start={history.starts[i]}>
                <td>{utc(history.starts[i])}</td>
                {detectors.map((d, j) => (
                  <td key={d.name} className="num" data-detector={d.name} data-score={String(history.scores[j][i])}>
                    {fmt(history.scores[j][i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
