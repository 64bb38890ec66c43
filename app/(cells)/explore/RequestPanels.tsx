'use client';
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { Engine } from '@/app/clients/engine';
import { useQuery } from '@/app/hooks/useQuery';
import { PlotFigure } from '@/app/components/PlotFigure';
import { fmtInt, fmtMs, fmtPct, fmtSpan, fmtTs, num, str } from '@/app/components/format';
import { requestSummary, requestsOverTime, statusMix, endpoints, slowestEndpoints, errorHeatmap, topIps } from '@/lib/explore/requests';
import type { ExploreFilter } from '@/lib/explore/filter';
import type { Row } from '@/lib/db/db';
import { Panel } from './Panel';
import { plotMarks } from '@/app/components/chart';
import { bandMarks } from '@/lib/charts/bands';
import { TimeBrush, type Range } from './TimeBrush';
import { RawLogTable } from './RawLogTable';

const CLASS_COLORS = { '2xx': '#3b7d4f', '3xx': '#4a6fa5', '4xx': '#c58a00', '5xx': '#c0392b', other: '#8a8f98' };

interface Props { engine: Engine; version: number; filter: ExploreFilter; topN: number; onRange: (r: Range) => void; bands: Row[] | null }

/** The request panels: summary, traffic over time (with the brush), status mix, endpoints, IPs, raw lines. */
export function RequestPanels({ engine, version, filter, topN, onRange, bands }: Props) {
  const summary = useQuery(engine, useMemo(() => requestSummary(filter), [filter]), version);
  const overTime = useQuery(engine, useMemo(() => requestsOverTime(filter), [filter]), version);
  const mix = useQuery(engine, useMemo(() => statusMix(filter), [filter]), version);
  const eps = useQuery(engine, useMemo(() => endpoints(filter, { limit: topN }), [filter, topN]), version);
  const slow = useQuery(engine, useMemo(() => slowestEndpoints(filter, { limit: topN }), [filter, topN]), version);
  const heat = useQuery(engine, useMemo(() => errorHeatmap(filter, { limit: topN }), [filter, topN]), version);
  const ips = useQuery(engine, useMemo(() => topIps(filter, { limit: topN }), [filter, topN]), version);
  const s = summary.rows?.[0];

  const timeOptions = useMemo(() => (overTime.rows ? timeChart(overTime.rows, bands) : null), [overTime.rows, bands]);
  const mixOptions = useMemo(() => (mix.rows ? mixChart(mix.rows) : null), [mix.rows]);
  const slowOptions = useMemo(() => (slow.rows ? slowChart(slow.rows) : null), [slow.rows]);
  const heatOptions = useMemo(() => (heat.rows ? heatChart(heat.rows) : null), [heat.rows]);

  return (
    <>
      <div className="cards" data-testid="summary-cards">
        <Card label="Requests" value={fmtInt(num(s?.requests))} testId="card-requests" />
        <Card label="Unique IPs" value={fmtInt(num(s?.unique_ips))} />
        <Card label="Error rate (5xx)" value={fmtPct(num(s?.error_rate))} />
        <Card label="4xx rate" value={fmtPct(num(s?.client_error_rate))} />
        <Card label="p50 latency" value={fmtMs(num(s?.p50_ms))} />
        <Card label="p90 latency" value={fmtMs(num(s?.p90_ms))} />
        <Card label="p99 latency" value={fmtMs(num(s?.p99_ms))} />
        <Card label="Time span" value={fmtSpan(num(s?.span_ms))} title={s ? `${fmtTs(num(s.first_ts))} → ${fmtTs(num(s.last_ts))}` : undefined} />
      </div>
      <div className="grid2">
        <Panel title="Requests over time (drag to filter)" q={overTime} testId="panel-requests-over-time" wide>
          {timeOptions ? <TimeBrush onBrush={onRange}>{(onPlot) => <PlotFigure options={timeOptions} onPlot={onPlot} label="Requests over time by status class" />}</TimeBrush> : null}
        </Panel>
        <Panel title="Status classes" q={mix} testId="panel-status-mix">
          {mixOptions ? <PlotFigure options={mixOptions} label="Requests per status class" /> : null}
        </Panel>
        <Panel title="Slowest endpoints (p90)" q={slow} testId="panel-slowest">
          {slowOptions ? <PlotFigure options={slowOptions} label="Slowest endpoints by p90 latency" /> : null}
        </Panel>
        <Panel title="Endpoints" q={eps} testId="panel-endpoints" wide>
          <EndpointTable rows={eps.rows ?? []} />
        </Panel>
        <Panel title="Errors by hour (UTC) × endpoint" q={heat} testId="panel-heatmap" wide>
          {heatOptions ? <PlotFigure options={heatOptions} label="Errors by hour of day and endpoint" /> : null}
        </Panel>
        <Panel title="Top IPs" q={ips} testId="panel-top-ips" wide>
          <IpTable rows={ips.rows ?? []} />
        </Panel>
        <div className="panel" style={{ gridColumn: '1 / -1' }}>
          <h3>Raw log</h3>
          <RawLogTable engine={engine} version={version} filter={filter} />
        </div>
      </div>
    </>
  );
}

function Card({ label, value, title, testId }: { label: string; value: string; title?: string; testId?: string }) {
  return (
    <div className="card" title={title} data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}

function timeChart(rows: Row[], bands: Row[] | null): Plot.PlotOptions {
  const long = rows.flatMap((r) =>
    (['2xx', '3xx', '4xx', '5xx', 'other'] as const).map((c) => ({ ts: new Date(num(r.ts) ?? 0), cls: c, n: num(r[`status_${c}`]) ?? 0, w: num(r.bucket_ms) ?? 0 })),
  );
  return {
    height: 220,
    width: 1180,
    marginLeft: 50,
    x: { type: 'utc', label: null },
    y: { label: 'requests', grid: true },
    color: { domain: Object.keys(CLASS_COLORS), range: Object.values(CLASS_COLORS), legend: true },
    marks: [...plotMarks(bandMarks(bands)), Plot.rectY(long, { x1: 'ts', x2: (d: { ts: Date; w: number }) => new Date(+d.ts + d.w), y: 'n', fill: 'cls', tip: true }), Plot.ruleY([0])],
  };
}

function mixChart(rows: Row[]): Plot.PlotOptions {
  return {
    height: 180,
    marginLeft: 50,
    x: { label: 'requests', grid: true },
    y: { label: null },
    color: { domain: Object.keys(CLASS_COLORS), range: Object.values(CLASS_COLORS) },
    marks: [Plot.barX(rows, { y: 'status_class', x: 'requests', fill: 'status_class', tip: true }), Plot.ruleX([0])],
  };
}

function slowChart(rows: Row[]): Plot.PlotOptions {
  return {
    height: Math.max(120, rows.length * 22 + 40),
    marginLeft: 200,
    x: { label: 'p90 latency (ms)', grid: true },
    y: { label: null, domain: rows.map((r) => str(r.route)) },
    marks: [Plot.barX(rows, { y: (r: Row) => str(r.route), x: 'p90_ms', fill: '#c58a00', tip: true }), Plot.ruleX([0])],
  };
}

function heatChart(rows: Row[]): Plot.PlotOptions {
  const routes = [...new Set(rows.map((r) => str(r.route)))];
  return {
    height: Math.max(120, routes.length * 22 + 50),
    width: 1180,
    marginLeft: 200,
    x: { label: 'hour of day (UTC)', type: 'band' },
    y: { label: null, domain: routes },
    color: { scheme: 'reds', legend: true, label: 'errors (status ≥ 400)' },
    marks: [Plot.cell(rows, { x: 'hour', y: (r: Row) => str(r.route), fill: 'errors_ge400', tip: true })],
  };
}

function EndpointTable({ rows }: { rows: Row[] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Endpoint</th>
          <th className="num">Requests</th>
          <th className="num">Avg latency</th>
          <th className="num">p90 latency</th>
          <th className="num">5xx rate</th>
          <th className="num">4xx rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={str(r.route)}>
            <td>{str(r.route) || '(unreadable request)'}</td>
            <td className="num">{fmtInt(num(r.requests))}</td>
            <td className="num">{fmtMs(num(r.avg_ms))}</td>
            <td className="num">{fmtMs(num(r.p90_ms))}</td>
            <td className="num">{fmtPct(num(r.error_rate))}</td>
            <td className="num">{fmtPct(num(r.client_error_rate))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IpTable({ rows }: { rows: Row[] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>IP</th>
          <th className="num">Requests</th>
          <th className="num">Share</th>
          <th className="num">5xx</th>
          <th className="num">4xx</th>
          <th className="num">Routes</th>
          <th>First seen</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={str(r.ip)}>
            <td>{str(r.ip)}</td>
            <td className="num">{fmtInt(num(r.requests))}</td>
            <td className="num">{fmtPct(num(r.share))}</td>
            <td className="num">{fmtInt(num(r.errors))}</td>
            <td className="num">{fmtInt(num(r.client_errors))}</td>
            <td className="num">{fmtInt(num(r.routes))}</td>
            <td>{fmtTs(num(r.first_ts))}</td>
            <td>{fmtTs(num(r.last_ts))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
