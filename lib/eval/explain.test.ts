import { describe, expect, it } from 'vitest';
import { evaluateFrame, evalDefaults, type FeatureFrame } from './evaluate';
import { explainAlarm } from './explain';

// 200 one-minute windows, two features; window 150 has a spike in the second feature only.
const starts = Float64Array.from({ length: 200 }, (_, i) => Date.UTC(2026, 0, 1) + i * 60_000);
const X = Array.from({ length: 200 }, (_, i) => Float64Array.from([10 + (i % 3), i === 150 ? 50 : 5 + (i % 2)]));
const frame: FeatureFrame = { starts, features: ['requests', 'rate_5xx'], X, fitUntilMs: starts[100] };

describe('explainAlarm', () => {
  it('names the feature that drove the peak window, for a detector without its own account', async () => {
    const run = await evaluateFrame(frame, { ...evalDefaults, features: frame.features, detectors: ['ewma'] }, []);
    const e = explainAlarm(run, frame, 'ewma', 148, 152);
    expect(e.peakIndex).toBe(150);
    expect(e.measure).toBe('robust z vs training');
    expect(e.contributions[0]).toMatchObject({ feature: 'rate_5xx', value: 50 });
    expect(e.contributions[0].contribution).toBeGreaterThan(10 * e.contributions[1].contribution);
  });

  it('uses the detector’s own per-feature account when it has one', async () => {
    const run = await evaluateFrame(frame, { ...evalDefaults, features: frame.features, detectors: ['robust-z'] }, []);
    const e = explainAlarm(run, frame, 'robust-z', 150, 150);
    expect(e.measure).toBe('robust z');
    expect(e.contributions[0].feature).toBe('rate_5xx');
    // the detector's score is the largest per-feature |z|
    expect(e.contributions[0].contribution).toBeCloseTo(e.peakScore, 9);
  });

  it('refuses windows outside the run', async () => {
    const run = await evaluateFrame(frame, { ...evalDefaults, features: frame.features, detectors: ['robust-z'] }, []);
    expect(() => explainAlarm(run, frame, 'robust-z', 10, 400)).toThrow('outside');
    expect(() => explainAlarm(run, frame, 'nope', 1, 2)).toThrow('no scores for nope');
  });
});
