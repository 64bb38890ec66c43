'use client';
import { useMemo } from 'react';
import type { Engine } from '@/app/clients/engine';
import { useQuery } from '@/app/hooks/useQuery';
import { fmtTs, num, str } from '@/app/components/format';
import { explainAlarm } from '@/lib/eval/explain';
import type { EvalRun, FeatureFrame } from '@/lib/eval/evaluate';
import { featureDef } from '@/lib/features/catalogue';
import { rawAuthEvents, rawRequests } from '@/lib/explore/raw';
import { SeriesNote } from '@/app/(cells)/source/SeriesNote';
import { alarmSpan } from '@/lib/labels/review';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { UseSpec } from '@/app/hooks/useSpec';
import { AlarmVerdict } from './AlarmVerdict';

export interface AlarmRef {
  detector: string;
  /** frame indices of the alarm's first and last window */
  first: number;
  last: number;
}

const unitOf = (id: string) => {
  try {
    return featureDef(id).unit;
  } catch {
    return '';
  }
};

const fmtVal = (v: number) => (!Number.isFinite(v) ? '–' : Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

interface Props {
  run: EvalRun;
  frame: FeatureFrame;
  alarm: AlarmRef;
  /** null (and version 0) while the data loads behind a run read from the run cache */
  engine: Engine | null;
  version: number;
  /** the spec's source and setter: alarms on uploaded logs are confirmed or dismissed here */
  source: ExperimentSpec['source'];
  setSpec: UseSpec['setSpec'];
  onClose: () => void;
}

/** One alarm, opened: the features that drove its peak window, the raw log lines of that window, and the user's verdict on it. */
export function DrillDown({ run, frame, alarm, engine, version, source, setSpec, onClose }: Props) {
  const explained = useMemo(() => {
    try {
      return { ok: true as const, e: explainAlarm(run, frame, alarm.detector, alarm.first, alarm.last) };
    } catch (err) {
      return { ok: false as const, message: err instanceof Error ? err.message : String(err) };
    }
  }, [run, frame, alarm]);
  const windowMs = run.context.config.windowSec * 1000;
  const peak = explained.ok ? explained.e.peakStart : frame.starts[alarm.first];
  const filter = useMemo(() => ({ range: { from: peak, to: peak + windowMs } }), [peak, windowMs]);
  const requests = useQuery(engine, useMemo(() => rawRequests({ filter, offset: 0, limit: 100 }), [filter]), version);
  const auth = useQuery(engine, useMemo(() => rawAuthEvents({ filter, offset: 0, limit: 50 }), [filter]), version);
  const span = useMemo(() => alarmSpan(frame.starts, alarm.first, alarm.last, windowMs), [frame, alarm, windowMs]);
  const from = span.start;
  const to = span.end;

  return (
    <div className="panel drilldown" data-testid="drilldown" role="region" aria-label="Alarm drill-down" style={{ marginTop: 12 }}>
      <div className="row">
        <h3 style={{ margin: 0, flex: 1 }}>
          Alarm of {alarm.detector}: {fmtTs(from)} → {fmtTs(to)} ({alarm.last - alarm.first + 1} window{alarm.last > alarm.first ? 's' : ''})
        </h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <AlarmVerdict source={source} setSpec={setSpec} detector={alarm.detector} span={span} />
      {!explained.ok ? (
        <p className="msg error" role="alert">
          {explained.message}
        </p>
      ) : (
        <>
          <p className="small muted">
            Peak window {fmtTs(explained.e.peakStart)}, score {fmtVal(explained.e.peakScore)}. Features ranked by {explained.e.measure}.
          </p>
          <table className="data" data-testid="drilldown-features">
            <thead>
              <tr>
                <th>Feature</th>
                <th className="num">In the window</th>
                <th className="num">Training median</th>
                <th className="num">{explained.e.measure}</th>
              </tr>
            </thead>
            <tbody>
              {explained.e.contributions.slice(0, 8).map((c) => (
                <tr key={c.feature}>
                  <td>{c.feature}</td>
                  <td className="num">
                    {fmtVal(c.value)} <span className="muted small">{unitOf(c.feature)}</span>
                  </td>
                  <td className="num">{fmtVal(c.median)}</td>
                  <td className="num">{fmtVal(c.contribution)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3 style={{ marginTop: 12 }}>Log lines in the peak window</h3>
      {requests.error ? <p className="msg error">{requests.error}</p> : null}
      {source.kind === 'windows' ? <SeriesNote source="windows" cell="drilldown" /> : null}
      {source.kind !== 'windows' && (engine === null || version === 0) ? <p className="muted small">The log lines show once the data is loaded (these results came from this browser&apos;s cache of earlier runs).</p> : null}
      {source.kind !== 'windows' && engine !== null && version > 0 && !requests.loading && (requests.rows?.length ?? 0) === 0 && (auth.rows?.length ?? 0) === 0 ? <p className="muted small">No request or auth lines in this window (silence can be the anomaly).</p> : null}
      {requests.rows && requests.rows.length > 0 ? (
        <div style={{ maxHeight: 260, overflow: 'auto' }}>
          <table className="data" data-testid="drilldown-lines">
            <thead>
              <tr>
                <th>Time</th>
                <th>IP</th>
                <th>Request</th>
                <th className="num">Status</th>
                <th className="num">ms</th>
              </tr>
            </thead>
            <tbody>
              {requests.rows.map((r, i) => (
                <tr key={i}>
                  <td>{fmtTs(num(r.ts))}</td>
                  <td>{str(r.ip)}</td>
                  <td>
                    {str(r.method)} {str(r.path)}
                  </td>
                  <td className={`num st-${String(r.status).charAt(0)}`}>{str(r.status)}</td>
                  <td className="num">{r.latency_ms === null ? '–' : Number(r.latency_ms).toFixed(0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {requests.rows.length === 100 ? <p className="small muted">First 100 requests of the window.</p> : null}
        </div>
      ) : null}
      {auth.rows && auth.rows.length > 0 ? (
        <table className="data" style={{ marginTop: 8 }}>
          <tbody>
            {auth.rows.map((r, i) => (
              <tr key={i}>
                <td>{fmtTs(num(r.ts))}</td>
                <td>{str(r.kind)}</td>
                <td>{str(r.user)}</td>
                <td>{str(r.ip)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
