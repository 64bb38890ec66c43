/**
 * Replay equals batch: a bundle built from a batch run, fed the same frame's test-span windows one
 * at a time, gives every detector's batch score for every window — every registered detector, the
 * ensemble, and each post-processing kind — and a snapshot/restore in the middle changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTOR_NAMES } from '../eval/registry';
import { evaluateFrame, evalDefaults, type EvalConfig, type EvalRun } from '../eval/evaluate';
import { POST_KINDS, postDefaults, type PostKind } from '../detectors/postprocess';
import { defaultSpec } from '../spec/defaults';
import { buildBundle, bundleText, parseBundle, type ModelBundle } from './bundle';
import { createScorer, warmState } from './scorer';
import type { LiveStep } from './contract';
import { liveFrame, liveLabels, MINUTE, T0 } from './fixture.test-support';

const frame = liveFrame();
const TRAIN = 250;

function config(kind: PostKind): EvalConfig {
  return {
    ...evalDefaults,
    features: frame.features,
    detectors: [...DETECTOR_NAMES, 'ensemble'],
    splitAt: T0 + TRAIN * MINUTE,
    threshold: { rule: 'alarm-budget', perDay: 1 },
    params: { autoencoder: { epochs: 3, hidden: [3, 2] } },
    // a short rolling window so the likelihood's ring laps (and re-sums) inside the test span
    post: { ...postDefaults, kind, likelihood: { ...postDefaults.likelihood, warmup: 20, longWindow: 60 } },
  };
}

function bundleOf(run: EvalRun): ModelBundle {
  const b = buildBundle({ run, frame, parse: { format: 'auto', latencyUnit: 'auto', year: null }, alerts: defaultSpec().alerts, featureState: { fitted: 'elsewhere' }, data: { kind: 'sample', id: 'access' } }, warmState);
  return parseBundle(bundleText(b), 'replay test');
}

const row = (i: number) => ({ start: frame.starts[i], values: frame.X[i] });

describe.each(POST_KINDS.map((k) => [k]))('replay equals batch, post-processing %s', (kind) => {
  let run: EvalRun;
  let bundle: ModelBundle;
  beforeAll(async () => {
    run = await evaluateFrame(frame, config(kind), liveLabels);
    for (const d of run.detectors) expect(d.error, `${d.name}: ${d.error}`).toBeNull();
    bundle = bundleOf(run);
  });

  it('every detector and the ensemble score each test window as the batch did', () => {
    const scorer = createScorer(bundle);
    const names = Object.keys(run.scores);
    expect(names).toHaveLength(DETECTOR_NAMES.length + 1);
    for (let i = TRAIN; i < frame.X.length; i++) {
      const step = scorer.step(row(i));
      expect(step.detectors.map((d) => d.detector).sort()).toEqual([...names].sort());
      for (const d of step.detectors) {
        // bit for bit, the AutoEncoder included (tfjs cpu backend in Node: one row at a time rounds as the whole frame does)
        expect(d.score, `${d.detector} window ${i}`).toBe(run.scores[d.detector][i]);
        const row = run.detectors.find((r) => r.name === d.detector)!;
        expect(d.threshold).toBe(row.threshold);
        expect(d.firing).toBe(d.score >= row.threshold);
      }
    }
  });

  it('a snapshot taken mid-stream, saved as JSON and restored, changes nothing', () => {
    const straight = createScorer(bundle);
    const a: LiveStep[] = [];
    for (let i = TRAIN; i < frame.X.length; i++) a.push(straight.step(row(i)));
    let s = createScorer(bundle);
    const b: LiveStep[] = [];
    for (let i = TRAIN; i < frame.X.length; i++) {
      if (i === 470) s = createScorer(bundle, JSON.parse(JSON.stringify(s.snapshot())));
      b.push(s.step(row(i)));
    }
    expect(b.map((x) => [x.detectors, x.events])).toEqual(a.map((x) => [x.detectors, x.events]));
    // the stream raised alerts and recoveries to compare
    const kinds = new Set(a.flatMap((x) => x.events.map((e) => e.kind)));
    expect(kinds.has('alarm') && kinds.has('recovery')).toBe(true);
  });
});

describe('warm-up', () => {
  it('a bundle without its warm state, fed the training windows first, scores every window as the batch did', async () => {
    const run = await evaluateFrame(frame, config('likelihood+extreme'), liveLabels);
    const scorer = createScorer({ ...bundleOf(run), warm: null });
    for (let i = 0; i < frame.X.length; i++) {
      for (const d of scorer.step(row(i)).detectors) {
        expect(d.score, `${d.detector} window ${i}`).toBe(run.scores[d.detector][i]);
      }
    }
  });

  it('refuses windows out of order and rows of the wrong width, naming the window', async () => {
    const run = await evaluateFrame(frame, { ...config('none'), detectors: ['robust-z', 'ewma'] }, liveLabels);
    const scorer = createScorer(bundleOf(run));
    scorer.step(row(300));
    expect(() => scorer.step(row(300))).toThrow(/does not come after the last scored window/);
    expect(() => scorer.step({ start: frame.starts[301], values: new Float64Array(2) })).toThrow(/2 feature values, the bundle has 4/);
    expect(() => scorer.step({ start: frame.starts[301], values: Float64Array.of(1, NaN, 1, 1) })).toThrow(/feature rate_5xx is NaN/);
  });
});
