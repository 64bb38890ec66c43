'use client';
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Engine } from '@/app/clients/engine';
import { useQuery } from '@/app/hooks/useQuery';
import { PlotFigure } from '@/app/components/PlotFigure';
import { fmtInt, fmtTs, num, str } from '@/app/components/format';
import { authOverTime, bruteForceIps, failedLoginsByIp } from '@/lib/explore/auth';
import { authDaily } from '@/lib/explore/daily';
import type { ExploreFilter } from '@/lib/explore/filter';
import type { Row } from '@/lib/db/db';
import { Panel } from './Panel';
import { plotMarks } from '@/app/components/chart';
import { bandMarks } from '@/lib/charts/bands';
import { DailyTable } from './DailyTable';
import { TimeBrush, type Range } from './TimeBrush';

const KIND_COLORS: Record<string, string> = {
  failed_password: '#c0392b',
  invalid_user: '#e67e22',
  break_in_attempt: '#8e44ad',
  accepted: '#3b7d4f',
  disconnect: '#4a6fa5',
  other: '#8a8f98',
};

interface Props { engine: Engine; version: number; filter: ExploreFilter; topN: number; bruteForce: { threshold: number; windowMinutes: number }; onRange: (r: Range) => void; bands: Row[] | null }

/** auth.log panels: failed logins per IP, brute-force sources (N failures within W minutes), per-day table. */
export function AuthPanels({ engine, version, filter, topN, bruteForce, onRange, bands }: Props) {
  const overTime = useQuery(engine, useMemo(() => authOverTime(filter), [filter]), version);
  const timeChart = useMemo<Plot.PlotOptions | null>(
    () =>
      overTime.rows
        ? {
            height: 200,
            width: 1180,
            marginLeft: 50,
            x: { type: 'utc', label: null },
            y: { label: 'events', grid: true },
            color: { domain: Object.keys(KIND_COLORS), range: Object.values(KIND_COLORS), legend: true },
            marks: [
              ...plotMarks(bandMarks(bands)),
              Plot.rectY(overTime.rows, { x1: (r: Row) => new Date(num(r.ts) ?? 0), x2: (r: Row) => new Date((num(r.ts) ?? 0) + (num(r.bucket_ms) ?? 0)), y: 'events', fill: 'kind', tip: true }),
              Plot.ruleY([0]),
            ],
          }
        : null,
    [overTime.rows, bands],
  );
  const failed = useQuery(engine, useMemo(() => failedLoginsByIp(filter, { limit: topN }), [filter, topN]), version);
  const brute = useQuery(engine, useMemo(() => bruteForceIps(filter, bruteForce), [filter, bruteForce]), version);
  const daily = useQuery(engine, useMemo(() => authDaily(filter, bruteForce), [filter, bruteForce]), version);
  const failedChart = useMemo<Plot.PlotOptions | null>(
    () =>
      failed.rows
        ? {
            height: Math.max(120, failed.rows.length * 22 + 40),
            marginLeft: 130,
            x: { label: 'failed logins', grid: true },
            y: { label: null, domain: failed.rows.map((r) => str(r.ip)) },
            marks: [Plot.barX(failed.rows, { y: (r: Row) => str(r.ip), x: 'failures', fill: '#c0392b', tip: true }), Plot.ruleX([0])],
          }
        : null,
    [failed.rows],
  );
  return (
    <div className="grid2" style={{ marginTop: 16 }}>
      <Panel title="Auth events over time (drag to filter)" q={overTime} testId="panel-auth-over-time" wide>
        {timeChart ? <TimeBrush onBrush={onRange}>{(onPlot) => <PlotFigure options={timeChart} onPlot={onPlot} label="Auth events over time by kind" />}</TimeBrush> : null}
      </Panel>
      <Panel title="Failed logins per IP" q={failed} testId="panel-failed-logins">
        {failedChart ? <PlotFigure options={failedChart} label="Failed logins per IP" /> : null}
      </Panel>
      <Panel title={`Brute-force IPs (≥ ${bruteForce.threshold} failures within ${bruteForce.windowMinutes} min)`} q={brute} testId="panel-brute-force">
        <table className="data">
          <thead>
            <tr>
              <th>IP</th>
              <th className="num">Max in window</th>
              <th className="num">Failures</th>
              <th className="num">Users tried</th>
              <th>Detected</th>
            </tr>
          </thead>
          <tbody>
            {(brute.rows ?? []).map((r) => (
              <tr key={str(r.ip)}>
                <td>{str(r.ip)}</td>
                <td className="num">{fmtInt(num(r.max_failures))}</td>
                <td className="num">{fmtInt(num(r.failures))}</td>
                <td className="num">{fmtInt(num(r.users))}</td>
                <td>{fmtTs(num(r.detected_ts))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title="Auth events per day" q={daily} testId="panel-auth-daily" wide>
        <DailyTable rows={daily.rows ?? []} errorsLabel="Failures" bruteForce />
      </Panel>
    </div>
  );
}
