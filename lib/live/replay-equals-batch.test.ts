/**
 * Replay equals batch, end to end in Node: a small simulated dataset in native DuckDB, the batch
 * evaluation, then the Live cell's replay (the engine's record slices → the incremental featurer →
 * a bundle's stream scorer, driven by the replay runner at "as fast as possible") gives every
 * detector's batch score for every test window, bit for bit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { createSchema, metricNames } from '../db/schema';
import { labelRows, simulateInto } from '../jobs/simulate';
import { recordSpan, sliceRecords } from '../jobs/live-slices';
import { planIncidents } from '../../simulator/plan';
import { PRESETS, type Scenario } from '../../simulator/scenario';
import { defaultFeatures } from '../features/catalogue';
import { evaluateFrame, evalDefaults, loadFeatures, type EvalConfig, type EvalRun, type FeatureFrame } from '../eval/evaluate';
import { fitSpanOf } from '../eval/frame';
import { defaultSpec } from '../spec/defaults';
import { fitFeatureState } from './feature-state';
import { startSession, type LiveUpdate } from './session';
import { warmFeaturer } from './warm';
import type { LiveEvent } from './contract';

// two days of the web shop (requests, auth.log, metrics), an error burst and a latency ramp in the test day
const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
scenario.days = 2;
scenario.traffic.rps = 0.3;
scenario.outputs = { access: true, auth: true, metrics: true };
const DAY = 86_400_000;
scenario.incidents.placed = [
  { kind: 'error-burst', start: scenario.start + DAY + 9 * 3_600_000, durationMin: 20 },
  { kind: 'latency-ramp', start: scenario.start + DAY + 15 * 3_600_000, durationMin: 30 },
];

/** Runs the replay to its end on a fake clock that never waits. */
async function replay(start: Parameters<typeof startSession>[0], source: Parameters<typeof startSession>[3]) {
  const updates: LiveUpdate[] = [];
  const timers: (() => void)[] = [];
  const s = await startSession(start, { now: () => 0, schedule: (fn) => (timers.push(fn), () => undefined) }, (u) => updates.push(u), source);
  for (let guard = 0; guard < 100_000 && !(updates.at(-1)?.status.done || updates.at(-1)?.status.error); guard++) {
    const next = timers.shift();
    if (next) next();
    await new Promise((r) => setTimeout(r, 0));
  }
  const last = updates.at(-1)!.status;
  if (last.error) throw new Error(last.error);
  return { ...s, updates };
}

describe('replay equals batch (native engine, simulated web shop)', () => {
  let db: Db;
  let run: EvalRun;
  let frame: FeatureFrame;
  let config: EvalConfig;
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
    await simulateInto(db, scenario);
    const features = defaultFeatures(await metricNames(db));
    config = { ...evalDefaults, features, detectors: ['robust-z', 'isolation-forest', 'ewma', 'conformal-knn', 'spectral-residual', 'ensemble'], threshold: { rule: 'alarm-budget', perDay: 1 } };
    frame = await loadFeatures(db, config.windowSec, features, fitSpanOf(config, config.windowSec));
    run = await evaluateFrame(frame, config, labelRows(planIncidents(scenario)));
    for (const d of run.detectors) expect(d.error, `${d.name}: ${d.error}`).toBeNull();
  }, 120_000);
  afterAll(() => db.close());

  // with the featurer brought to the end of training by the engine (the browser's path), and fed every record by the replay itself
  it.each([
    ['warmed by the engine', true],
    ['fed from the data\'s start', false],
  ])('the stream path (featurer %s) scores every test window as the batch run did, and alarms on the burst', async (_name, warmed) => {
    const span = (await recordSpan(db))!;
    const asked: number[] = [];
    const slice = (from: number, to: number) => (asked.push(from), sliceRecords(db, from, to));
    const featureState = await fitFeatureState(db, { windowSec: config.windowSec, features: frame.features, fitUntilMs: frame.fitUntilMs! });
    const spec = defaultSpec();
    const { updates, detectors } = await replay(
      {
        setup: { kind: 'stream', bundle: { run, frame, parse: { format: 'auto', latencyUnit: 'auto', year: null }, alerts: spec.alerts, featureState, data: { kind: 'sample', id: 'access' } }, span },
        fromMs: run.splitTime,
        speed: 'max',
      },
      warmed ? { slice, warm: () => warmFeaturer(db, { windowSec: config.windowSec, features: [...frame.features], featureState, untilMs: frame.starts[run.context.split.train.end] }) } : { slice },
    );
    const windows = updates.flatMap((u) => u.windows);
    const first = run.context.split.train.end;
    // warmed: the replay asks for no record before the test span
    expect(Math.min(...asked)).toBe(warmed ? frame.starts[first] : Math.floor(span.from / 60_000) * 60_000);
    // every test window once, in order, none before the split
    expect(windows.map((w) => w.start)).toEqual(Array.from(frame.starts.subarray(first)));
    expect(detectors.map((d) => d.name).sort()).toEqual(config.detectors.slice().sort());
    let compared = 0;
    windows.forEach((w, k) => {
      detectors.forEach((d, j) => {
        expect(w.scores[j], `${d.name} at ${new Date(w.start).toISOString()}`).toBe(run.scores[d.name][first + k]);
        compared++;
      });
    });
    expect(compared).toBe(windows.length * config.detectors.length);
    // thresholds in force are the run's
    for (const d of detectors) expect(d.threshold).toBe(run.detectors.find((r) => r.name === d.name)!.threshold);
    const events: LiveEvent[] = updates.flatMap((u) => u.events);
    const burst = scenario.incidents.placed[0].start;
    expect(events.some((e) => e.kind === 'alarm' && Date.parse(e.window_start) >= burst - 10 * 60_000 && Date.parse(e.window_start) < burst + 20 * 60_000)).toBe(true);
  }, 120_000);

  it('the engine refuses to warm a featurer up to a time that is not a window start, naming it', async () => {
    const featureState = await fitFeatureState(db, { windowSec: config.windowSec, features: frame.features, fitUntilMs: frame.fitUntilMs! });
    const untilMs = run.splitTime + 1;
    await expect(warmFeaturer(db, { windowSec: config.windowSec, features: [...frame.features], featureState, untilMs })).rejects.toThrow(`until must be a window start, got ${untilMs}`);
  });

  it('the reference path hands over the batch scores of the same windows', async () => {
    const detectors = run.detectors.map((d) => ({ name: d.name, scores: run.scores[d.name], threshold: d.threshold, kind: 'alarm' as const }));
    const from = run.splitTime + 3_600_000;
    const { updates } = await replay({ setup: { kind: 'batch', run, frame, detectors }, fromMs: from, speed: 'max' }, undefined);
    const windows = updates.flatMap((u) => u.windows);
    const warm = updates.reduce((n, u) => n + u.warmup, 0);
    expect(windows.length).toBe(frame.starts.length);
    expect(windows[warm].start).toBe(from);
    windows.forEach((w, i) => detectors.forEach((d, j) => expect(w.scores[j]).toBe(d.scores[i])));
  }, 60_000);
});
