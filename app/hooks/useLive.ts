'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { startLive, type LiveClient } from '@/app/clients/live';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import type { LiveEvent } from '@/lib/live/contract';
import type { LiveDetector, LiveSetup, LiveUpdate, LiveWindow } from '@/lib/live/session';
import type { ReplaySpeed } from '@/lib/live/replay';
import type { ReplayStatus } from '@/lib/live/runner';
import type { BatchDetector } from '@/lib/live/batch-path';
import type { Engine } from '@/app/clients/engine';
import type { EngineResult } from '@/lib/jobs/result';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { bundleInputOf } from '@/lib/live/bundle';

/** Where a replay's scores come from: the stream scorer on records (what `harbinger watch` runs), or the batch run as a reference. */
export type LivePath = 'stream' | 'batch';

/** Alerts kept in the feed; older ones are counted, not shown. */
const FEED_CAP = 500;
/** The page redraws a running replay at most this often, ms (the worker ticks faster; a chart per detector costs main-thread time) */
const DRAW_MS = 1000;

/** The replay's history as the cell draws it (mutable arrays, redrawn on `version`). */
export interface LiveHistory {
  path: LivePath;
  /** null until the worker has built the scorer */
  detectors: readonly LiveDetector[] | null;
  starts: number[];
  /** scores[d][i]: detector d at window i */
  scores: number[][];
  /** window starts where detector d's score reached its threshold after a window below it */
  fired: number[][];
  /** whether detector d's latest window was at or above its threshold */
  firing: boolean[];
  /** how many windows at the front are warm-up (before the replay's start) */
  warmup: number;
  /** newest first */
  feed: LiveEvent[];
  /** alerts that fell off the end of the feed */
  dropped: number;
}

export interface Live {
  status: ReplayStatus | null;
  history: LiveHistory | null;
  /** bumps on every redraw */
  version: number;
  error: string | null;
  /** the stage before windows flow: building the bundle, fitting the feature baselines */
  preparing: string | null;
  start(path: LivePath, fromMs: number, speed: ReplaySpeed, paused?: boolean): void;
  pause(): void;
  resume(): void;
  step(): void;
  setSpeed(s: ReplaySpeed): void;
  cancel(): void;
}

/**
 * Appends a closed window to the history; a detector's mark goes where its score reaches the
 * threshold after a window below it (the feed holds the alerts the rules made of those crossings:
 * one incident, one alert).
 */
export function addWindow(h: LiveHistory, w: LiveWindow): void {
  const n = h.starts.length;
  h.starts.push(w.start);
  w.scores.forEach((s, d) => h.scores[d].push(s));
  w.firing.forEach((f, d) => {
    if (f && (n === 0 || !h.firing[d])) h.fired[d].push(w.start);
    h.firing[d] = f;
  });
}

/** The detectors of a trained run a replay scores, with the thresholds in force. */
function replayDetectors(result: NonNullable<Evaluation['result']>): BatchDetector[] {
  const { run } = result;
  return run.detectors
    .filter((d) => d.error === null && run.scores[d.name] && Number.isFinite(d.threshold))
    .map((d) => ({ name: d.name, scores: run.scores[d.name], threshold: d.threshold, kind: run.fixed[d.name] !== undefined ? ('warning' as const) : ('alarm' as const) }));
}

/**
 * The Live cell's replay: one live worker (started on the first replay), the history of the
 * windows it closed, the alert feed, and `onEvents` for notifications. A new run (new data, a
 * retrain, a threshold move) cancels the replay: its scores no longer match.
 */
export function useLive(spec: ExperimentSpec, engine: Engine | null, result: Evaluation['result'], onEvents: (events: LiveEvent[]) => void): Live {
  const client = useRef<LiveClient | null>(null);
  const [status, setStatus] = useState<ReplayStatus | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [preparing, setPreparing] = useState<string | null>(null);
  // mutated as windows arrive (no copy per tick); `version` tells the cell to redraw
  const [history, setHistory] = useState<LiveHistory | null>(null);
  const session = useRef(0);
  const pending = useRef<{ status: ReplayStatus | null; timer: number | null }>({ status: null, timer: null });
  const notify = useRef(onEvents);
  useEffect(() => {
    notify.current = onEvents;
  }, [onEvents]);

  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
    },
    [],
  );

  const cancel = useCallback(() => {
    session.current++;
    client.current?.cancel();
    setPreparing(null);
    setStatus((s) => (s && !s.done ? { ...s, cancelled: true } : s));
  }, []);

  // a new run ends the replay of the old one
  useEffect(() => cancel, [result, cancel]);

  const draw = useCallback(() => {
    const p = pending.current;
    p.timer = null;
    if (p.status) setStatus(p.status);
    setVersion((v) => v + 1);
  }, []);

  const start = useCallback(
    (path: LivePath, fromMs: number, speed: ReplaySpeed, paused = false) => {
      if (!result) return;
      const id = ++session.current;
      const live = () => session.current === id;
      const batchDetectors = replayDetectors(result);
      const h: LiveHistory = { path, detectors: null, starts: [], scores: [], fired: [], firing: [], warmup: 0, feed: [], dropped: 0 };
      setHistory(h);
      setError(null);
      setStatus(null);
      setVersion((v) => v + 1);
      const c = (client.current ??= startLive());
      const onUpdate = (u: LiveUpdate) => {
        if (!live() || !h.detectors) return;
        for (const w of u.windows) addWindow(h, w);
        h.warmup += u.warmup;
        for (const e of u.events) h.feed.unshift(e);
        if (h.feed.length > FEED_CAP) h.dropped += h.feed.splice(FEED_CAP).length;
        if (u.events.length > 0) notify.current(u.events);
        if (u.status.error) setError(u.status.error);
        const p = pending.current;
        p.status = u.status;
        // pause, step and the end are drawn at once; a running replay at most every DRAW_MS
        const now = u.status.paused || u.status.done || u.status.cancelled;
        if (now) {
          if (p.timer !== null) clearTimeout(p.timer);
          draw();
        } else if (p.timer === null) p.timer = window.setTimeout(draw, DRAW_MS);
      };
      // updates that arrive before start() answers wait for the detectors' names
      const early: LiveUpdate[] = [];
      const hold = (u: LiveUpdate) => (h.detectors ? onUpdate(u) : early.push(u));
      const began = (r: EngineResult<{ detectors: LiveDetector[]; fromMs: number }>) => {
        if (!live()) return;
        setPreparing(null);
        if (!r.ok) return setError(r.error.message);
        h.detectors = r.value.detectors;
        h.scores = r.value.detectors.map(() => []);
        h.fired = r.value.detectors.map(() => []);
        h.firing = r.value.detectors.map(() => false);
        early.splice(0).forEach(onUpdate);
        setVersion((v) => v + 1);
      };
      if (path === 'batch') {
        const setup: LiveSetup = { kind: 'batch', run: result.run, frame: result.frame, detectors: batchDetectors };
        void c.start({ setup, fromMs, speed, paused }, hold).then(began);
        return;
      }
      if (!engine) return setError('the data engine is not running');
      void (async () => {
        setPreparing('Fitting the feature baselines on the training span…');
        const { run, frame } = result;
        const [span, featureState] = await Promise.all([
          engine.recordSpan(),
          engine.featureState(run.context.config.windowSec, [...frame.features], frame.fitUntilMs ?? run.splitTime),
        ]);
        if (!live()) return;
        if (!span.ok) return began(span);
        if (!featureState.ok) return began(featureState);
        if (!span.value) return began({ ok: false, error: { kind: 'sql', message: 'no records are loaded' } });
        const channel = new MessageChannel();
        // the engine starts feeding the training span to a featurer now, while the live worker builds the bundle
        const first = frame.starts[run.context.split.train.end];
        const warm = first === undefined ? undefined : { windowSec: run.context.config.windowSec, features: [...run.context.config.features], featureState: featureState.value, untilMs: first };
        const served = await engine.serveSlices(channel.port1, warm);
        if (!live()) return;
        if (!served.ok) return began(served);
        setPreparing('Building the model bundle (the detectors replay the training span)…');
        const setup: LiveSetup = {
          kind: 'stream',
          bundle: bundleInputOf(spec, run, frame, featureState.value),
          span: span.value,
        };
        began(await c.start({ setup, fromMs, speed, paused }, hold, channel.port2));
      })();
    },
    [result, draw, engine, spec],
  );

  return {
    status,
    history,
    version,
    error,
    preparing,
    start,
    pause: useCallback(() => client.current?.pause(), []),
    resume: useCallback(() => client.current?.resume(), []),
    step: useCallback(() => void client.current?.step(), []),
    setSpeed: useCallback((s: ReplaySpeed) => client.current?.setSpeed(s), []),
    cancel,
  };
}
