'use client';
import { useMemo, useState } from 'react';
import { Cell } from '@/app/components/Cell';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { useLive, type LivePath } from '@/app/hooks/useLive';
import type { Engine } from '@/app/clients/engine';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { useNotifications } from './useNotifications';
import { bandRows } from '@/lib/charts/bands';
import { REPLAY_SPEEDS, type ReplaySpeed } from '@/lib/live/replay';
import type { ReplayStatus } from '@/lib/live/runner';
import { Replayed } from './Replayed';
import { FollowFile } from './FollowFile';
import { AlertRules } from './AlertRules';
import type { UseSpec } from '@/app/hooks/useSpec';

const HOUR = 3_600_000;
const VIEW_HOURS = [1, 3, 6, 24] as const;

const speedLabel = (s: ReplaySpeed) => (s === 'max' ? 'as fast as possible' : `${s}×`);
const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const utc = (ms: number) => `${isoMinute(ms).replace('T', ' ')} UTC`;

function phaseOf(s: ReplayStatus | null): 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed' {
  if (!s) return 'idle';
  if (s.error) return 'failed';
  if (s.cancelled) return 'cancelled';
  if (s.done) return 'done';
  return s.paused ? 'paused' : 'running';
}

/**
 * Live mode over the loaded data: replays it from a chosen time at a chosen speed in the live
 * worker, windows closing on the replay clock, with rolling score charts, an alert feed and
 * browser notifications; or follows a file that grows on disk.
 */
export function LiveCell({ spec, setSpec, engine, evaluation }: { spec: ExperimentSpec; setSpec: UseSpec['setSpec']; engine: Engine; evaluation: Evaluation }) {
  const result = evaluation.result;
  const run = result?.run ?? null;
  const windowMs = (run?.context.config.windowSec ?? 60) * 1000;
  const notifications = useNotifications();
  const live = useLive(spec, engine, result, notifications.show);
  const [speed, setSpeed] = useState<ReplaySpeed>(1000);
  const [chosenPath, setPath] = useState<LivePath>('stream');
  // a window table has no log lines to feed the featurer: only the reference replay can run
  const noLines = spec.source.kind === 'windows';
  const path: LivePath = noLines ? 'batch' : chosenPath;
  const [viewHours, setViewHours] = useState<(typeof VIEW_HOURS)[number]>(6);
  const [selected, setSelected] = useState<number | null>(null);
  // the start typed by the user (UTC minutes), or null: the start of the test span
  const [fromText, setFromText] = useState<string | null>(null);
  // the bundle's scorer continues where training ended: the test span is what a replay can score
  const defaultFrom = run?.splitTime ?? null;
  const starts = result?.frame.starts;
  const dataStart = starts && starts.length ? starts[0] : null;
  const dataEnd = starts && starts.length ? starts[starts.length - 1] + windowMs : null;
  const fromMs = fromText !== null ? Date.parse(`${fromText}:00Z`) : defaultFrom;
  const fromError =
    fromMs === null || dataStart === null || dataEnd === null ? null : !Number.isFinite(fromMs)
        ? 'is not a time'
        : fromMs < (defaultFrom ?? dataStart) || fromMs >= dataEnd
          ? `is outside the test span (${utc(defaultFrom ?? dataStart)} → ${utc(dataEnd)}): the models continue from where their training ended`
          : null;
  // the first labeled failure of the test span: a replay "shortly before" it shows an alert soon
  const firstFailure = useMemo(() => {
    if (!run) return null;
    const f = run.context.labels.filter((l) => l.phase === 'failure' && l.start >= run.splitTime).sort((a, b) => a.start - b.start)[0];
    return f ?? null;
  }, [run]);
  const bands = useMemo(() => (run ? bandRows(run.context.labels) : []), [run]);

  const phase = phaseOf(live.status);
  const active = phase === 'running' || phase === 'paused';
  const start = () => {
    if (fromMs === null || fromError) return;
    setSelected(null);
    live.start(path, fromMs, speed);
  };
  const changeSpeed = (s: ReplaySpeed) => {
    setSpeed(s);
    if (active) live.setSpeed(s);
  };

  if (!result || !run)
    return (
      <Cell title="Live" testId="live-cell">
        <p className="muted">Live replay is available once the models have trained.</p>
      </Cell>
    );

  const status = live.status;
  return (
    <Cell
      title="Live"
      testId="live-cell"
      status={
        <span data-testid="live-status" data-phase={phase} data-clock={status?.clockMs ?? ''} data-windows={status?.windows ?? 0} data-wps={status ? status.windowsPerSec.toFixed(1) : ''}>
          {status ? `${phase} · clock ${utc(status.clockMs)} · ${status.windows.toLocaleString('en-US')} windows · ${status.windowsPerSec.toFixed(0)} windows/s` : 'not started'}
        </span>
      }
    >
      <p className="small muted">
        Replays the loaded data as if it were arriving now: the replay clock runs at the speed chosen, each {windowMs / 60_000}-minute window closes when the clock passes its end,
        and the trained detectors score it then, with the thresholds in force. Windows before the start are replayed first, at full speed, as history.
      </p>
      <div className="row small" data-testid="live-path" data-path={path}>
        <label>
          <input type="radio" name="live-path" checked={path === 'stream'} disabled={noLines} onChange={() => setPath('stream')} /> Live scoring: the records of each clock slice go through the incremental
          featurer and a model bundle&apos;s stream scorer (what <code>harbinger watch</code> runs){noLines ? ' — not for a window table, which has no log lines' : ''}
        </label>
        <label>
          <input type="radio" name="live-path" checked={path === 'batch'} onChange={() => setPath('batch')} /> Reference: the batch evaluation&apos;s features and scores, handed over as each
          window closes
        </label>
      </div>
      <div className="row">
        <label>
          Replay from (UTC){' '}
          <input
            type="datetime-local"
            aria-label="Replay from (UTC)"
            value={fromText ?? (defaultFrom !== null ? isoMinute(defaultFrom) : '')}
            onChange={(e) => setFromText(e.target.value || null)}
            step={60}
          />
        </label>
        <button type="button" onClick={() => setFromText(null)}>
          Start of the test span
        </button>
        {firstFailure ? (
          <button
            type="button"
            data-failure-start={firstFailure.start}
            data-failure-end={firstFailure.end}
            onClick={() => setFromText(isoMinute(firstFailure.start - 30 * 60_000))}
            title={`${firstFailure.kind} (${firstFailure.incidentId}) at ${utc(firstFailure.start)}`}>
            30 min before the first test failure
          </button>
        ) : null}
        <label>
          Speed{' '}
          <select aria-label="Replay speed" value={String(speed)} onChange={(e) => changeSpeed(e.target.value === 'max' ? 'max' : (Number(e.target.value) as ReplaySpeed))}>
            {REPLAY_SPEEDS.map((s) => (
              <option key={String(s)} value={String(s)}>
                {speedLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <AlertRules
        key={JSON.stringify(spec.alerts)}
        alerts={spec.alerts}
        features={run.context.config.features}
        detectors={Object.keys(run.scores)}
        onApply={(alerts) => void setSpec((s) => ({ ...s, alerts }))}
      />
      {fromError ? (
        <p className="msg error small" role="alert">
          The replay start {fromError}.
        </p>
      ) : null}
      <div className="row" style={{ marginTop: 8 }}>
        <button type="button" onClick={start} disabled={fromError !== null}>
          {active ? 'Restart' : 'Replay'}
        </button>
        <button type="button" onClick={phase === 'paused' ? live.resume : live.pause} disabled={!active}>
          {phase === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={live.step} disabled={phase !== 'paused'}>
          Step one window
        </button>
        <button type="button" onClick={live.cancel} disabled={!active}>
          Cancel
        </button>
        <label>
          Show the last{' '}
          <select aria-label="Hours shown" value={viewHours} onChange={(e) => setViewHours(Number(e.target.value) as (typeof VIEW_HOURS)[number])}>
            {VIEW_HOURS.map((h) => (
              <option key={h} value={h}>
                {h} h
              </option>
            ))}
          </select>
        </label>
        {notifications.control}
      </div>
      {live.preparing ? (
        <p className="small muted" role="status">
          {live.preparing}
        </p>
      ) : null}
      {live.error ? (
        <p className="msg error" role="alert">
          The replay stopped: {live.error}
        </p>
      ) : null}
      {live.history?.detectors && status ? (
        <Replayed history={live.history} version={live.version} clockMs={status.clockMs} spanMs={viewHours * HOUR} windowMs={windowMs} bands={bands} selected={selected} onPick={setSelected} />
      ) : null}
      <FollowFile spec={spec} engine={engine} result={result} onEvents={notifications.show} spanMs={viewHours * HOUR} />
    </Cell>
  );
}
