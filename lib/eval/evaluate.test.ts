import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { labelRows, simulateInto } from '../jobs/simulate';
import { planIncidents } from '../../simulator/plan';
import { PRESETS, type Scenario } from '../../simulator/scenario';
import type { LabelRow } from '../labels/types';
import { alarmEvents } from '../metrics/events';
import { evaluate, evaluateFrame, evalDefaults, loadFeatures, type EvalConfig, type EvalProgress } from './evaluate';
import { assessAt, chooseFor, reassessRun, manualChoice } from './assess';

// Two quiet days, then an error burst on day 2 at 14:00 (test span: the second half).
const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
scenario.days = 2;
scenario.traffic.rps = 1;
scenario.outputs = { access: true, auth: false, metrics: false };
const burst = scenario.start + 86_400_000 + 14 * 3_600_000;
scenario.incidents.placed = [{ kind: 'error-burst', start: burst, durationMin: 20 }];

const config: EvalConfig = { ...evalDefaults, windowSec: 60, features: ['requests', 'rate_5xx', 'p90_ms'], detectors: ['robust-z', 'isolation-forest', 'ewma', 'ensemble'] };

describe('evaluate (native engine, simulated error burst)', () => {
  let db: Db;
  let labels: LabelRow[];
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
    await simulateInto(db, scenario);
    labels = labelRows(planIncidents(scenario));
  });
  afterAll(() => db.close());

  it('splits by time, scores every detector and finds the burst with robust-z', async () => {
    const r = await evaluate(db, config, labels);
    expect(r.windows).toBe(2 * 1440);
    expect(r.trainWindows).toBe(1440);
    expect(r.splitTime).toBe(scenario.start + 86_400_000);
    expect(r.detectors.map((d) => d.name)).toEqual(['robust-z', 'isolation-forest', 'ewma', 'ensemble']);
    const z = r.detectors[0];
    expect(z.events_total).toBe(1);
    expect(z.events_detected).toBe(1);
    expect(z.threshold_rule).toBe('quantile 0.99 of training scores');
    for (const d of r.detectors) {
      // the oracle tunes on the test labels: it can only be as good or better
      expect(d.oracle_f1).toBeGreaterThanOrEqual(d.f1 - 1e-12);
      expect(d.pr_auc).toBeGreaterThan(0);
    }
  });

  it('chooses thresholds without the test labels: moving a test-span label changes metrics, not thresholds', async () => {
    const a = await evaluate(db, config, labels);
    const moved = labels.map((l) => ({ ...l, start: l.start + 3_600_000, end: l.end + 3_600_000 }));
    const b = await evaluate(db, config, moved);
    expect(b.detectors.map((d) => d.threshold)).toEqual(a.detectors.map((d) => d.threshold));
    expect(b.detectors[0].events_detected).toBe(0);
  });

  it('alarm-budget: keeps the training span within budget from training scores only', async () => {
    const r = await evaluate(db, { ...config, threshold: { rule: 'alarm-budget', perDay: 2 } }, labels);
    expect(r.detectors[0].threshold_rule).toBe('at most 2 alarms/day on the training span');
    const ctx = r.context;
    for (const d of r.detectors) {
      const s = r.scores[d.name];
      // wild test-span scores leave the choice unchanged: only the training slice reaches the rule
      const wild = Float64Array.from(s, (x, i) => (i >= ctx.split.test.start ? (i % 2 ? 1e9 : -1e9) : x));
      expect(chooseFor(ctx, wild).threshold).toBe(d.threshold);
      // one training day, no labeled incident in it: at most 2 alarm events there
      const train = Array.from(s.subarray(ctx.split.train.start, ctx.split.train.end));
      const starts = Array.from(ctx.starts.subarray(ctx.split.train.start, ctx.split.train.end));
      expect(alarmEvents(starts, train, 60_000, d.threshold).length).toBeLessThanOrEqual(2);
    }
    expect(chooseFor({ ...ctx, config: { ...ctx.config, threshold: { rule: 'alarm-budget', perDay: 1 } } }, r.scores['robust-z']).label).toBe('at most 1 alarm/day on the training span');
  });

  it('re-assesses a threshold without retraining: same row at the chosen threshold, fewer alarms above it', async () => {
    const r = await evaluate(db, config, labels);
    for (const d of r.detectors) {
      const again = assessAt(r.context, d.name, r.scores[d.name], { ...manualChoice(d.threshold), label: d.threshold_rule });
      const strip = ({ fit_ms: _f, score_ms: _s, ...rest }: typeof d) => rest;
      expect(strip(again)).toEqual(strip(d));
    }
    // reusing the threshold-free metrics gives the same row
    for (const d of r.detectors) {
      const t = d.threshold * 1.5 + 0.1;
      expect(assessAt(r.context, d.name, r.scores[d.name], manualChoice(t), d)).toEqual(assessAt(r.context, d.name, r.scores[d.name], manualChoice(t)));
    }
    const z = r.detectors[0];
    const high = assessAt(r.context, z.name, r.scores[z.name], manualChoice(Math.max(...r.scores[z.name]) + 1));
    expect(high.events_detected).toBe(0);
    expect(high.false_alarms_per_day).toBe(0);
    expect(high.threshold_rule).toBe('set by hand');
    expect(high.by_kind).toEqual({ 'error-burst': { detected: 0, total: 1 } });
  });

  it('reports progress per detector and stops when aborted', async () => {
    const frame = await loadFeatures(db, config.windowSec, config.features);
    const seen: EvalProgress[] = [];
    await evaluateFrame(frame, { ...config, detectors: ['isolation-forest', 'robust-z'] }, labels, { onProgress: (p) => seen.push(p) });
    const trees = seen.filter((p) => p.detector === 'isolation-forest' && p.unit === 'trees');
    expect(trees.length).toBe(100);
    expect(trees.at(-1)).toMatchObject({ done: 100, total: 100 });
    expect(seen.filter((p) => p.stage === 'done').map((p) => p.detector)).toEqual(['isolation-forest', 'robust-z']);
    const ctrl = new AbortController();
    const run = evaluateFrame(frame, { ...config, detectors: ['isolation-forest', 'robust-z'] }, labels, {
      signal: ctrl.signal,
      onProgress: (p) => { if (p.stage === 'done') ctrl.abort(new Error('stopped by the user')); },
    });
    await expect(run).rejects.toThrow('stopped by the user');
  });

  it('trains with the hyperparameters given, the rest at their defaults', async () => {
    const frame = await loadFeatures(db, config.windowSec, config.features);
    const seen: EvalProgress[] = [];
    const r = await evaluateFrame(frame, { ...config, detectors: ['isolation-forest', 'knn-prefailure'], params: { 'isolation-forest': { trees: 10 }, 'knn-prefailure': { neighbours: 10 } } }, labels, { onProgress: (p) => seen.push(p) });
    expect(seen.filter((p) => p.unit === 'trees').at(-1)).toMatchObject({ done: 10, total: 10 });
    expect((r.models['isolation-forest'] as { roots: number[] }).roots).toHaveLength(10);
    // KNN cannot train here (no failure in the training half), which is reported, not thrown
    expect(r.detectors[1].error).toMatch(/failure/i);
  });

  it('re-assesses a trained run under other rules exactly as a fresh evaluation with them', async () => {
    const a = await evaluate(db, config, labels);
    const rules = { threshold: { rule: 'quantile' as const, q: 0.995 }, earlyMarginMin: 30, matchPrecursor: true };
    const b = await evaluate(db, { ...config, ...rules }, labels);
    const strip = (r: typeof a) => r.detectors.map(({ fit_ms: _f, score_ms: _s, ...rest }) => rest);
    const re = reassessRun(a, rules);
    expect(strip(re)).toEqual(strip(b));
    expect(re.context.config.earlyMarginMin).toBe(30);
    expect(reassessRun(a, { threshold: config.threshold, earlyMarginMin: config.earlyMarginMin, matchPrecursor: config.matchPrecursor })).toBe(a);
  });

  it('is deterministic for a seed', async () => {
    const a = await evaluate(db, config, labels);
    const b = await evaluate(db, config, labels);
    const strip = (r: typeof a) => r.detectors.map(({ fit_ms: _f, score_ms: _s, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
  });
});

describe('evaluate: detectors that need more than the features', () => {
  it('trains the AutoEncoder and reports KNN as not run when training holds no labeled failure', async () => {
    const db = await openNative();
    try {
      await createSchema(db);
      await simulateInto(db, scenario);
      const labels = labelRows(planIncidents(scenario));
      const r = await evaluate(db, { ...config, detectors: ['autoencoder', 'knn-prefailure'] }, labels);
      const [ae, knn] = r.detectors;
      expect(ae.error).toBeNull();
      expect(ae.events_total).toBe(1);
      expect(Number.isFinite(ae.threshold)).toBe(true);
      expect(knn.error).toMatch(/failure/i);
      expect(knn.events_detected).toBe(0);
    } finally {
      await db.close();
    }
  });
});
