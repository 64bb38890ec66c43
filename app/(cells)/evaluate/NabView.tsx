'use client';
import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '@/app/components/PlotFigure';
import { fmtInt } from '@/app/components/format';
import type { NabRunState } from '@/app/hooks/useNab';
import { NAB_PROFILE_NAMES, nabProbationLength, type NabProfileName } from '@/lib/metrics/nab';
import type { NabRunPlan } from '@/lib/eval/nab-from-spec';
import { assertNever } from '@/lib/util/assert-never';

const PROFILE_TITLE: Record<NabProfileName, string> = { standard: 'standard', reward_low_FP_rate: 'reward low FP rate', reward_low_FN_rate: 'reward low FN rate' };

/** Rows drawn per detector chart: every row up to this, else the alarms plus an even thinning of the rest. */
const MAX_POINTS = 3000;

/**
 * The NAB view of a NAB series: per detector, the normalised NAB score of each cost profile (0 =
 * the null detector, 100 = perfect), computed by the same runNab as `harbinger nab` on a folder
 * holding just this file, and the series with its windows as bands and each detector's alarms.
 */
export function NabView({ state, skipped }: { state: NabRunState; skipped: NabRunPlan['skipped'] }) {
  return (
    <section aria-label="NAB score" data-testid="nab-view" style={{ marginBottom: 16 }}>
      <h3>NAB score</h3>
      <p className="small muted">
        The Numenta Anomaly Benchmark&apos;s scorer on this series, as <code>harbinger nab</code> runs it: each detector trains on the file&apos;s probationary rows (the first
        15 %, at most 750; never scored), scores every row causally, and takes the threshold NAB&apos;s sweep finds best for each profile. 0 is the null detector, 100 a perfect
        one. The ordinary metrics below score the same windows as incidents on aggregated windows.
      </p>
      {skipped.length > 0 ? (
        <p className="msg info" data-testid="nab-skipped">
          Not run on a NAB series: {skipped.map((s) => `${s.detector} (${s.why})`).join('; ')}.
        </p>
      ) : null}
      <NabBody state={state} />
    </section>
  );
}

function NabBody({ state }: { state: NabRunState }) {
  switch (state.phase) {
    case 'idle':
      return <p className="small muted">Waiting for the series to load…</p>;
    case 'running':
      return (
        <div role="status" data-testid="nab-progress">
          Scoring the series…{' '}
          {Object.values(state.progress).map((p) => (
            <span key={p.detector} className="small muted" style={{ marginRight: 12 }}>
              {p.detector}: {p.stage === 'fit' && p.total > 0 ? `${p.done}/${p.total} ${p.unit}` : p.stage}
            </span>
          ))}
          <progress aria-label="NAB run" value={Object.values(state.progress).filter((p) => p.stage === 'done').length} max={Math.max(1, Object.keys(state.progress).length)} />
        </div>
      );
    case 'failed':
      return (
        <p className="msg error" role="alert" data-testid="nab-failed">
          The NAB run failed: {state.message}
        </p>
      );
    case 'done':
      return <NabResults state={state} />;
    default:
      return assertNever(state);
  }
}

function NabResults({ state }: { state: Extract<NabRunState, { phase: 'done' }> }) {
  const { result, file, detectors } = state;
  const [profile, setProfile] = useState<NabProfileName>('standard');
  return (
    <>
      <table className="data" data-testid="nab-scores">
        <thead>
          <tr>
            <th>detector</th>
            {NAB_PROFILE_NAMES.map((p) => (
              <th key={p}>{PROFILE_TITLE[p]}</th>
            ))}
            <th>threshold (standard)</th>
          </tr>
        </thead>
        <tbody>
          {detectors.map((d) => (
            <tr key={d} data-testid="nab-row" data-detector={d}>
              <td>{d}</td>
              {NAB_PROFILE_NAMES.map((p) => (
                // the exact number rides in data-score, so a test compares it with the CLI's JSON
                <td key={p} data-profile={p} data-score={String(result.profiles[p].ours[d])}>
                  {result.profiles[p].ours[d]!.toFixed(1)}
                </td>
              ))}
              <td title={Number.isFinite(result.profiles.standard.thresholds[d]!) ? undefined : 'the sweep found no threshold that scores better than never alarming'}>
                {Number.isFinite(result.profiles.standard.thresholds[d]!) ? fmtNum(result.profiles.standard.thresholds[d]!) : 'none (never alarms)'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted" data-testid="nab-summary">
        {fmtInt(file.values.length)} rows, {file.windows.length} window{file.windows.length === 1 ? '' : 's'}, key {file.name}; scored in {fmtInt(state.elapsedMs)} ms (tfjs {state.backend}).
      </p>
      <div className="row">
        <span className="small muted">Alarms at the threshold of</span>
        <select aria-label="NAB profile for the alarms" value={profile} onChange={(e) => setProfile(e.target.value as NabProfileName)}>
          {NAB_PROFILE_NAMES.map((p) => (
            <option key={p} value={p}>
              {PROFILE_TITLE[p]}
            </option>
          ))}
        </select>
      </div>
      {detectors.map((d) => (
        <NabChart key={d} detector={d} state={state} profile={profile} />
      ))}
    </>
  );
}

const fmtNum = (x: number) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));

function NabChart({ detector, state, profile }: { detector: string; state: Extract<NabRunState, { phase: 'done' }>; profile: NabProfileName }) {
  const { result, file } = state;
  const threshold = result.profiles[profile].thresholds[detector]!;
  const { points, alarms, probationEnd } = useMemo(() => {
    const scores = result.scores[0]!.get(detector)!;
    const probation = Math.ceil(nabProbationLength(file.values.length));
    const probationEnd = file.timestamps[Math.min(probation, file.timestamps.length - 1)]!;
    const all = file.values.map((v, i) => ({ t: new Date(file.timestamps[i]!), v, alarm: i >= probation && scores[i]! >= threshold }));
    const step = Math.max(1, Math.ceil(all.length / MAX_POINTS));
    return { points: all.filter((_, i) => i % step === 0), alarms: all.filter((p) => p.alarm), probationEnd };
  }, [result, file, detector, threshold]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 180,
      marginLeft: 60,
      x: { type: 'utc', label: null },
      y: { label: 'value', grid: true },
      marks: [
        // NAB's probationary rows: training only, never scored
        Plot.rectX([{ start: file.timestamps[0]!, end: probationEnd }], { x1: (w: { start: number }) => new Date(w.start), x2: (w: { end: number }) => new Date(w.end), fill: '#8a8f98', fillOpacity: 0.12 }),
        Plot.rectX(file.windows, { x1: (w: { start: number }) => new Date(w.start), x2: (w: { end: number }) => new Date(w.end), fill: '#c0392b', fillOpacity: 0.15 }),
        Plot.lineY(points, { x: 't', y: 'v', stroke: '#4a6fa5', strokeWidth: 1 }),
        Plot.dot(alarms, { x: 't', y: 'v', r: 2.5, fill: '#c0392b', tip: true }),
      ],
    }),
    [file.windows, file.timestamps, points, alarms, probationEnd],
  );
  return (
    <div data-testid="nab-chart" data-detector={detector} data-alarms={alarms.length}>
      <h4>
        {detector}: {fmtInt(alarms.length)} alarm row{alarms.length === 1 ? '' : 's'} after probation
      </h4>
      <PlotFigure options={options} label={`${detector}: the series with NAB windows (red), the probationary rows (grey) and alarm rows (dots)`} />
    </div>
  );
}
