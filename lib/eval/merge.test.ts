import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { labelRows, simulateInto } from '../jobs/simulate';
import { planIncidents } from '../../simulator/plan';
import { PRESETS, type Scenario } from '../../simulator/scenario';
import type { LabelRow } from '../labels/types';
import { evalDefaults, evaluateFrame, loadFeatures, type EvalConfig, type EvalRun, type FeatureFrame } from './evaluate';
import { mergeRuns, splitConfig } from './merge';
import { postDefaults } from '../detectors/postprocess';

// Four quiet days with incidents in both halves, so the KNN predictor has failures to learn from.
const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
scenario.days = 4;
scenario.traffic.rps = 1;
scenario.outputs = { access: true, auth: false, metrics: false };
const day = 86_400_000;
scenario.incidents.placed = [0.4, 0.9, 1.3, 1.7, 2.5, 3.4].map((d, i) => ({ kind: i % 2 ? 'latency-ramp' : 'error-burst', start: scenario.start + d * day, durationMin: 30 }));

const base: EvalConfig = {
  ...evalDefaults,
  windowSec: 300,
  features: ['requests', 'rate_5xx', 'p90_ms'],
  detectors: ['robust-z', 'knn-prefailure', 'isolation-forest', 'ewma', 'ensemble'],
  params: { 'isolation-forest': { trees: 20 }, 'knn-prefailure': { neighbours: 5 } },
};

/** the run without its timings (wall-clock, never equal between two runs) */
const untimed = (r: EvalRun) => ({ ...r, detectors: r.detectors.map(({ fit_ms: _f, score_ms: _s, ...rest }) => rest) });

/** both part-runs as they reach the page: trained apart and copied through postMessage */
async function inTwo(frame: FeatureFrame, config: EvalConfig, labels: LabelRow[]): Promise<EvalRun> {
  const parts = splitConfig(config);
  if (!parts) throw new Error('expected a split');
  const runs = await Promise.all(parts.map((c) => evaluateFrame(structuredClone(frame), c, labels)));
  return mergeRuns(config, structuredClone(runs));
}

describe('a run trained in two workers and merged', () => {
  let db: Db;
  let labels: LabelRow[];
  let frame: FeatureFrame;
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
    await simulateInto(db, scenario);
    labels = labelRows(planIncidents(scenario));
    frame = await loadFeatures(db, base.windowSec, base.features);
  });
  afterAll(() => db.close());

  it('splits off the KNN predictor only when both sides have work; the ensemble stays with its members', () => {
    const parts = splitConfig(base);
    expect(parts?.map((c) => c.detectors)).toEqual([['robust-z', 'isolation-forest', 'ewma', 'ensemble'], ['knn-prefailure']]);
    expect(parts?.[1]).toMatchObject({ seed: base.seed, params: base.params, threshold: base.threshold });
    expect(splitConfig({ ...base, detectors: ['robust-z', 'ewma', 'ensemble'] })).toBeNull();
    expect(splitConfig({ ...base, detectors: ['knn-prefailure'] })).toBeNull();
  });

  it('equals the run trained in one worker: rows, scores, models, explanations, thresholds, ensemble', async () => {
    const one = await evaluateFrame(frame, base, labels);
    // the KNN predictor really trained here (its own threshold), so both merge paths are exercised
    expect(one.detectors.find((d) => d.name === 'knn-prefailure')?.error).toBeNull();
    expect(Object.keys(one.fixed)).toEqual(['knn-prefailure']);
    const two = await inTwo(frame, base, labels);
    expect(untimed(two)).toEqual(untimed(one));
    expect(two.detectors.map((d) => d.name)).toEqual(['robust-z', 'knn-prefailure', 'isolation-forest', 'ewma', 'ensemble']);
    expect(Object.keys(two.scores)).toEqual(Object.keys(one.scores));
  });

  it('equals it with post-processed scores and a detector that cannot train', async () => {
    const config: EvalConfig = { ...base, post: { ...postDefaults, kind: 'likelihood' } };
    // without failures in the training span the KNN predictor fails: a row with its reason, no scores
    const early = labels.filter((l) => l.start > scenario.start + 2 * day);
    const one = await evaluateFrame(frame, config, early);
    expect(one.detectors.find((d) => d.name === 'knn-prefailure')?.error).toMatch(/failure/i);
    expect(untimed(await inTwo(frame, config, early))).toEqual(untimed(one));
  });

  it('keeps the ensemble the first part scored, and scores it anew when its members were split apart', async () => {
    const [a, b] = splitConfig(base)!;
    const [ra, rb] = await Promise.all([evaluateFrame(frame, a, labels), evaluateFrame(frame, b, labels)]);
    // the first worker's ensemble is used as it came: not recomputed on the page
    expect(mergeRuns(base, [ra, rb]).scores.ensemble).toBe(ra.scores.ensemble);
    // parts split another way: a member (ewma) trained apart from the part that scored an ensemble
    const one = await evaluateFrame(frame, base, labels);
    const p1 = await evaluateFrame(frame, { ...base, detectors: ['robust-z', 'isolation-forest', 'ensemble'] }, labels);
    const p2 = await evaluateFrame(frame, { ...base, detectors: ['knn-prefailure', 'ewma'] }, labels);
    const merged = mergeRuns(base, [p1, p2]);
    expect(merged.scores.ensemble).not.toBe(p1.scores.ensemble);
    expect(untimed(merged)).toEqual(untimed(one));
  });

  it('refuses parts that miss a detector or come from different frames', async () => {
    const [a, b] = splitConfig(base)!;
    const ra = await evaluateFrame(frame, a, labels);
    expect(() => mergeRuns(base, [ra])).toThrow('no part-run trained knn-prefailure');
    const shorter = { ...frame, starts: frame.starts.slice(0, -12), X: frame.X.slice(0, -12), fitUntilMs: null };
    const rb = await evaluateFrame(shorter, b, labels);
    expect(() => mergeRuns(base, [ra, rb])).toThrow(/different frames/);
  });
});
