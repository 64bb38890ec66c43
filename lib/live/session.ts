/**
 * One replay as the live worker runs it: the featurer, scorer and record source a setup names, a
 * driver over them, and the runner on the worker's clock. What crosses to the page is trimmed to
 * what the cell draws (window starts, scores, events), coalesced into one message per tick.
 */
import { assertNever } from '../util/assert-never';
import type { EvalRun, FeatureFrame } from '../eval/evaluate';
import { explainAlarm } from '../eval/explain';
import type { LiveEvent } from './contract';
import { batchScorer, frameFeaturer, type BatchDetector } from './batch-path';
import { noRecords, ReplayDriver, type Advance, type ReplaySpeed } from './replay';
import { startReplay, type ReplayRunner, type ReplayStatus, type RunnerHooks } from './runner';

/** Features that drove an event's score, at most this many. */
const TOP_FEATURES = 5;

/**
 * How the live worker gets its windows and scores. `batch`: the trained run's feature frame and
 * scores, handed over as windows close (the stand-in while the stream scorer is not merged).
 */
export type LiveSetup = {
  kind: 'batch';
  run: EvalRun;
  frame: FeatureFrame;
  /** the detectors to replay, with the thresholds in force (hand-set ones included) */
  detectors: readonly BatchDetector[];
};

/** One closed window as the cell draws it. */
export interface LiveWindow {
  start: number;
  /** score per detector, in the setup's detector order */
  scores: number[];
  firing: boolean[];
}

/** What one tick sends the page. */
export interface LiveUpdate {
  status: ReplayStatus;
  /** windows closed since the last update, in time order */
  windows: LiveWindow[];
  /** how many of `windows` (from the front) are warm-up: before the replay's start */
  warmup: number;
  /** events of the shown windows (warm-up events are history, not alerts), in time order */
  events: LiveEvent[];
}

export interface LiveStart {
  setup: LiveSetup;
  /** epoch ms the replay is shown from */
  fromMs: number;
  speed: ReplaySpeed;
  paused?: boolean;
}

/** The span a setup covers: its first window's start to its last window's end. */
function spanOf(setup: LiveSetup): { start: number; end: number; windowMs: number } {
  switch (setup.kind) {
    case 'batch': {
      const windowMs = setup.run.context.config.windowSec * 1000;
      const s = setup.frame.starts;
      if (s.length === 0) throw new Error('the trained run has no windows to replay');
      return { start: s[0], end: s[s.length - 1] + windowMs, windowMs };
    }
    default:
      return assertNever(setup.kind);
  }
}

function driverOf(setup: LiveSetup, fromMs: number): ReplayDriver {
  const { start, end, windowMs } = spanOf(setup);
  switch (setup.kind) {
    case 'batch': {
      const { run, frame } = setup;
      const explain = (detector: string, i: number) => {
        // the drill-down's account of the window: the detector's own, or robust z against training
        const e = explainAlarm(run, frame, detector, i, i);
        return e.contributions.slice(0, TOP_FEATURES).map((c) => ({ feature: c.feature, value: c.value, contribution: c.contribution }));
      };
      return new ReplayDriver({
        featurer: frameFeaturer(frame, windowMs),
        scorer: batchScorer(frame.starts, frame.features, windowMs, setup.detectors, explain),
        source: noRecords,
        dataStartMs: start,
        dataEndMs: end,
        fromMs: Math.min(Math.max(fromMs, start), end - 1),
      });
    }
    default:
      return assertNever(setup.kind);
  }
}

/** Starts a replay; `send` gets one update per tick (and per control). */
export function startSession(o: LiveStart, clock: Pick<RunnerHooks, 'now' | 'schedule'>, send: (u: LiveUpdate) => void): ReplayRunner {
  const driver = driverOf(o.setup, o.fromMs);
  let windows: LiveWindow[] = [];
  let warmup = 0;
  let events: LiveEvent[] = [];
  const onAdvance = (a: Advance) => {
    // warm-up windows only ever come before shown ones, so they stay at the front
    if (a.warmup > 0 && windows.length > warmup) throw new Error('warm-up windows after shown ones');
    warmup += a.warmup;
    a.steps.forEach((s, i) => {
      windows.push({ start: s.row.start, scores: s.detectors.map((d) => d.score), firing: s.detectors.map((d) => d.firing) });
      if (i >= a.warmup) events.push(...s.events);
    });
  };
  const onStatus = (status: ReplayStatus) => {
    send({ status, windows, warmup, events });
    windows = [];
    warmup = 0;
    events = [];
  };
  return startReplay(driver, o.speed, { ...clock, onAdvance, onStatus }, o.paused ?? false);
}
