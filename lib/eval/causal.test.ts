/**
 * No number uses the future: for every registered detector, every post-processing and the
 * ensemble, appending windows after the data must leave every earlier window's score unchanged,
 * bit for bit. New detectors are covered as soon as they are registered.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { DETECTOR_NAMES, detectorByName } from './registry';
import { evaluateFrame, evalDefaults, type EvalConfig, type FeatureFrame } from './evaluate';
import { fitSpanOf } from './frame';
import { detectorRng } from '../detectors/rng';
import { POST_KINDS, postDefaults, postProcess } from '../detectors/postprocess';
import type { LabelRow } from '../labels/types';

const D = 4;
const N = 700;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** A daily-ish cycle with noise, a level shift at 300 and a spike at 520. */
function rows(n: number, seed: string): number[][] {
  const r = seedrandom.alea(seed);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: D }, (_, j) => Math.sin((i + 17 * j) / 40) + 0.3 * (r() - 0.5) + (i >= 300 && i < 330 && j === 1 ? 3 : 0) + (i === 520 ? 8 : 0)),
  );
}

/** Futures chosen to upset a non-causal score: more of the same, huge values, a constant. */
const futures: Record<string, number[][]> = {
  more: rows(N + 300, 'future').slice(N),
  huge: Array.from({ length: 200 }, (_, i) => Array.from({ length: D }, (_, j) => 1e9 * (i % 2 ? -1 : 1) + j)),
  constant: Array.from({ length: 200 }, () => Array(D).fill(0.25)),
};

const past = rows(N, 'past');
const train = past.slice(0, 250);
// one labeled failure in training (window 200, preceded by a run-up) so label-driven detectors can fit
const labels: LabelRow[] = [
  { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'precursor', start: T0 + 170 * MINUTE, end: T0 + 200 * MINUTE, target: null },
  { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'failure', start: T0 + 200 * MINUTE, end: T0 + 215 * MINUTE, target: null },
];

const fast = { autoencoder: { epochs: 3, hidden: [3, 2] } };

describe('every detector scores causally', () => {
  it.each(DETECTOR_NAMES.map((n) => [n]))('%s: appending windows never changes an earlier score', async (name) => {
    const det = detectorByName(name, fast);
    const trainStarts = train.map((_, i) => T0 + i * MINUTE);
    const model = await det.fit(train, detectorRng(7, name), { failureStarts: [200], trainStarts, windowMs: MINUTE, labels });
    const base = det.score(model, past);
    expect(base.length).toBe(N);
    for (const [what, tail] of Object.entries(futures)) {
      const longer = det.score(model, [...past, ...tail]);
      expect(Array.from(longer.subarray(0, N)), `${name} with ${what} appended`).toEqual(Array.from(base));
    }
  });
});

describe('post-processing is causal', () => {
  it.each(POST_KINDS.map((k) => [k]))('%s', (kind) => {
    const raw = Float64Array.from(past, (r) => Math.abs(r[0]) + Math.abs(r[1]));
    const o = { ...postDefaults, kind };
    const base = postProcess(raw, past, o);
    for (const tail of Object.values(futures)) {
      const X = [...past, ...tail];
      const more = Float64Array.from(X, (r) => Math.abs(r[0]) + Math.abs(r[1]));
      expect(Array.from(postProcess(more, X, o).subarray(0, N))).toEqual(Array.from(base));
    }
  });
});

describe('the whole evaluation is causal with a split set by time', () => {
  const frame = (X: number[][]): FeatureFrame => ({
    starts: Float64Array.from(X, (_, i) => T0 + i * MINUTE),
    features: ['a', 'b', 'c', 'd'],
    X: X.map((r) => Float64Array.from(r)),
    fitUntilMs: T0 + 250 * MINUTE,
  });
  const config: EvalConfig = {
    ...evalDefaults,
    features: ['a', 'b', 'c', 'd'],
    detectors: [...DETECTOR_NAMES, 'ensemble'],
    splitAt: T0 + 250 * MINUTE,
    threshold: { rule: 'alarm-budget', perDay: 1 },
    params: fast,
    post: { ...postDefaults, kind: 'likelihood+extreme', likelihood: { ...postDefaults.likelihood, warmup: 20, longWindow: 200 } },
  };

  it('scores and thresholds of the first windows do not move when windows are appended', async () => {
    const a = await evaluateFrame(frame(past), config, labels);
    for (const [what, tail] of Object.entries(futures)) {
      const b = await evaluateFrame(frame([...past, ...tail]), config, labels);
      for (const d of a.detectors) {
        expect(d.error, `${d.name} failed: ${d.error}`).toBeNull();
        expect(Array.from(b.scores[d.name].subarray(0, N)), `${d.name} with ${what} appended`).toEqual(Array.from(a.scores[d.name]));
        expect(b.detectors.find((x) => x.name === d.name)!.threshold, `${d.name} threshold with ${what} appended`).toBe(d.threshold);
      }
    }
  });
});

describe('features and training end at the same time', () => {
  it('refuses a frame whose baselines were fitted past the training span', async () => {
    const X = past.map((r) => Float64Array.from(r));
    const frame: FeatureFrame = { starts: Float64Array.from(X, (_, i) => T0 + i * MINUTE), features: ['a', 'b', 'c', 'd'], X, fitUntilMs: T0 + 400 * MINUTE };
    const config: EvalConfig = { ...evalDefaults, features: frame.features, detectors: ['robust-z'], splitAt: T0 + 250 * MINUTE };
    await expect(evaluateFrame(frame, config, labels)).rejects.toThrow(/fitted up to .* but the training span ends at/);
  });
  it('a split set by time fits features up to the first window at or after it', () => {
    expect(fitSpanOf({ splitAt: T0 + 90_000, trainFraction: 0.5 }, 60)).toEqual({ fitUntilMs: T0 + 2 * MINUTE });
    expect(fitSpanOf({ splitAt: T0 + 2 * MINUTE, trainFraction: 0.5 }, 60)).toEqual({ fitUntilMs: T0 + 2 * MINUTE });
    expect(fitSpanOf({ splitAt: null, trainFraction: 0.3 }, 60)).toEqual({ trainFraction: 0.3 });
  });
});
