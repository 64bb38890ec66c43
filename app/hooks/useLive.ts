'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { startLive, type LiveClient } from '@/app/clients/live';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import type { LiveEvent } from '@/lib/live/contract';
import type { LiveSetup, LiveUpdate } from '@/lib/live/session';
import type { ReplaySpeed } from '@/lib/live/replay';
import type { ReplayStatus } from '@/lib/live/runner';
import type { BatchDetector } from '@/lib/live/batch-path';

/** Alerts kept in the feed; older ones are counted, not shown. */
const FEED_CAP = 500;
/** The page redraws the replay at most this often, ms (the worker may tick faster). */
const DRAW_MS = 250;

/** The replay's history as the cell draws it (mutable arrays, redrawn on `version`). */
export interface LiveHistory {
  detectors: readonly BatchDetector[];
  starts: number[];
  /** scores[d][i]: detector d at window i */
  scores: number[][];
  /** window starts where detector d's alarm or warning fired */
  fired: number[][];
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
  start(fromMs: number, speed: ReplaySpeed, paused?: boolean): void;
  pause(): void;
  resume(): void;
  step(): void;
  setSpeed(s: ReplaySpeed): void;
  cancel(): void;
}

/** The detectors of a trained run a replay scores, with the thresholds in force. */
export function replayDetectors(result: NonNullable<Evaluation['result']>): BatchDetector[] {
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
export function useLive(result: Evaluation['result'], onEvents: (events: LiveEvent[]) => void): Live {
  const client = useRef<LiveClient | null>(null);
  const [status, setStatus] = useState<ReplayStatus | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
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
    (fromMs: number, speed: ReplaySpeed, paused = false) => {
      if (!result) return;
      const id = ++session.current;
      const detectors = replayDetectors(result);
      const h: LiveHistory = { detectors, starts: [], scores: detectors.map(() => []), fired: detectors.map(() => []), warmup: 0, feed: [], dropped: 0 };
      setHistory(h);
      setError(null);
      setStatus(null);
      setVersion((v) => v + 1);
      const c = (client.current ??= startLive());
      const setup: LiveSetup = { kind: 'batch', run: result.run, frame: result.frame, detectors };
      const onUpdate = (u: LiveUpdate) => {
        if (session.current !== id) return;
        for (const w of u.windows) {
          h.starts.push(w.start);
          w.scores.forEach((s, d) => h.scores[d].push(s));
        }
        h.warmup += u.warmup;
        const index = new Map(detectors.map((d, i) => [d.name, i]));
        for (const e of u.events) {
          if (e.kind !== 'recovery') h.fired[index.get(e.detector) ?? 0].push(Date.parse(e.window_start));
          h.feed.unshift(e);
        }
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
      void c.start({ setup, fromMs, speed, paused }, onUpdate).then((r) => {
        if (!r.ok && session.current === id) setError(r.error.message);
      });
    },
    [result, draw],
  );

  return {
    status,
    history,
    version,
    error,
    start,
    pause: useCallback(() => client.current?.pause(), []),
    resume: useCallback(() => client.current?.resume(), []),
    step: useCallback(() => void client.current?.step(), []),
    setSpeed: useCallback((s: ReplaySpeed) => client.current?.setSpeed(s), []),
    cancel,
  };
}
