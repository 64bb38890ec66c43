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
import { noRecords, ReplayDriver, type Advance, type RecordSource, type ReplaySpeed } from './replay';
import { buildBundle, type BundleInput } from './bundle';
import { createScorer, warmState } from './scorer';
import { createFeaturer } from './featurer';
import { prefetching } from './prefetch';
import type { WarmedFeaturer } from './warm';
import { ENSEMBLE } from '../eval/names';
import { startReplay, type ReplayRunner, type ReplayStatus, type RunnerHooks } from './runner';

/** Features that drove an event's score, at most this many. */
const TOP_FEATURES = 5;

/**
 * How the live worker gets its windows and scores. `stream`: the engine's records slice by slice
 * through the incremental featurer, scored by the stream scorer of a model bundle built from the
 * trained run (what `harbinger watch` runs). `batch`: the trained run's feature frame and scores
 * handed over as windows close, the reference a replay is checked against.
 */
export type LiveSetup =
  | {
      kind: 'stream';
      /** what the bundle is built from (the run, its frame, the spec's alert rules and hand-set thresholds, the fitted feature state) */
      bundle: BundleInput;
      /** epoch ms the loaded records span, `to` exclusive */
      span: { from: number; to: number };
    }
  | {
      kind: 'batch';
      run: EvalRun;
      frame: FeatureFrame;
      /** the detectors to replay, with the thresholds in force (hand-set ones included) */
      detectors: readonly BatchDetector[];
    };

/** A detector as the cell draws it. */
export interface LiveDetector {
  name: string;
  kind: 'alarm' | 'warning';
  threshold: number;
}

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

/**
 * Where the stream path's records come from: the engine's slices, and (optionally) the featurer
 * brought to the end of training on the engine's side (lib/live/warm.ts).
 */
export interface SliceSource extends RecordSource {
  /** the featurer at the end of training, fed by the engine (started before this replay asked: it runs while the bundle is built) */
  warm?(): Promise<WarmedFeaturer | null>;
}

/** The driver a setup needs, and the detectors its steps report, in step order. */
async function driverOf(setup: LiveSetup, fromMs: number, source: SliceSource): Promise<{ driver: ReplayDriver; detectors: LiveDetector[] }> {
  switch (setup.kind) {
    case 'stream': {
      const { split } = setup.bundle.run.context;
      const first = setup.bundle.frame.starts[split.train.end];
      if (first === undefined) throw new Error('the trained run has no test span to replay');
      // asked for before the bundle is built: the engine feeds the training records while this thread builds
      const warming = source.warm ? source.warm() : null;
      warming?.catch(() => undefined);
      const bundle = buildBundle(setup.bundle, warmState);
      const windowMs = bundle.windowSec * 1000;
      const detectors: LiveDetector[] = bundle.detectors.map((d) => ({ name: d.name, kind: d.role === 'predictor' ? 'warning' : 'alarm', threshold: d.threshold.inForce }));
      if (bundle.ensemble) detectors.push({ name: ENSEMBLE, kind: 'alarm', threshold: bundle.ensemble.threshold.inForce });
      const warmed = warming ? await warming : null;
      if (warmed && warmed.untilMs !== first) throw new Error(`the engine's featurer was fed until ${new Date(warmed.untilMs).toISOString()}, not to the test span's start (${new Date(first).toISOString()})`);
      if (warmed && warmed.windowSec !== bundle.windowSec) throw new Error(`the engine's featurer has ${warmed.windowSec} s windows, the bundle ${bundle.windowSec} s`);
      const driver = new ReplayDriver({
        // resumed at the end of training when the engine fed it there (its snapshot refuses other features)
        featurer: createFeaturer({ windowSec: bundle.windowSec, features: bundle.features, featureState: bundle.featureState, graceMs: 0, snapshot: warmed?.snapshot }),
        scorer: createScorer(bundle),
        // the engine answers the next slice while this one is featured and scored
        source: prefetching(source),
        dataStartMs: warmed ? warmed.untilMs : setup.span.from,
        dataEndMs: setup.span.to,
        // the bundle's scorer resumes where training ended: the replay is shown from the test span on
        fromMs: Math.min(Math.max(fromMs, first), setup.span.to - 1),
        scoreFromMs: first,
      });
      if (driver.windowMs !== windowMs) throw new Error(`the scorer's windows (${driver.windowMs} ms) are not the bundle's (${windowMs} ms)`);
      return { driver, detectors };
    }
    case 'batch': {
      const { run, frame } = setup;
      const windowMs = run.context.config.windowSec * 1000;
      const s = frame.starts;
      if (s.length === 0) throw new Error('the trained run has no windows to replay');
      const start = s[0];
      const end = s[s.length - 1] + windowMs;
      const explain = (detector: string, i: number) => {
        // the drill-down's account of the window: the detector's own, or robust z against training
        const e = explainAlarm(run, frame, detector, i, i);
        return e.contributions.slice(0, TOP_FEATURES).map((c) => ({ feature: c.feature, value: c.value, contribution: c.contribution }));
      };
      const driver = new ReplayDriver({
        featurer: frameFeaturer(frame, windowMs),
        scorer: batchScorer(frame.starts, frame.features, windowMs, setup.detectors, explain),
        source: noRecords,
        dataStartMs: start,
        dataEndMs: end,
        fromMs: Math.min(Math.max(fromMs, start), end - 1),
      });
      return { driver, detectors: setup.detectors.map((d) => ({ name: d.name, kind: d.kind, threshold: d.threshold })) };
    }
    default:
      return assertNever(setup);
  }
}

/** Starts a replay; `send` gets one update per tick (and per control); `source` feeds the stream path's featurer. */
export async function startSession(
  o: LiveStart,
  clock: Pick<RunnerHooks, 'now' | 'schedule'>,
  send: (u: LiveUpdate) => void,
  source: SliceSource = noRecords,
): Promise<{ runner: ReplayRunner; detectors: LiveDetector[]; fromMs: number }> {
  const { driver, detectors } = await driverOf(o.setup, o.fromMs, source);
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
  return { runner: startReplay(driver, o.speed, { ...clock, onAdvance, onStatus }, o.paused ?? false), detectors, fromMs: driver.fromMs };
}
