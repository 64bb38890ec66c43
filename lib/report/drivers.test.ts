import { describe, expect, it } from 'vitest';
import type { EvalRun } from '../eval/evaluate';
import type { FeatureFrame } from '../eval/frame';
import { driversFor } from './drivers';

const starts = Float64Array.from({ length: 6 }, (_, i) => i * 60_000);
// training rows 0–2: medians 2 and 10, MADs 1 and 1 (scale 1.4826)
const frame: FeatureFrame = { starts, features: ['a', 'b'], X: [[1, 9], [2, 10], [3, 11], [2, 10], [2, 40], [5, 10]].map((r) => Float64Array.from(r)), fitUntilMs: starts[3] };
function run(explain: EvalRun['explain']): Pick<EvalRun, 'context' | 'explain'> {
  return {
    explain,
    context: { config: { features: ['a', 'b'] }, split: { train: { start: 0, end: 3 }, test: { start: 3, end: 6 }, splitTime: starts[3] }, starts } as unknown as EvalRun['context'],
  };
}

describe('driversFor', () => {
  it('uses the AutoEncoder’s per-feature errors when the run has them', () => {
    const errors = Array.from({ length: 6 }, (_, i) => Float64Array.from([i, 2 * i]));
    const d = driversFor(run({ autoencoder: errors, 'robust-z': errors }), frame);
    expect(d.method).toBe('autoencoder');
    expect(Array.from(d.at(4))).toEqual([4, 8]);
  });

  it('else the robust-z detector’s |z|, else |z| recomputed from the raw features on the training span', () => {
    const z = Array.from({ length: 6 }, () => Float64Array.from([7, 7]));
    expect(driversFor(run({ 'robust-z': z }), frame).at(0)).toBe(z[0]);
    const d = driversFor(run({ 'knn-prefailure': new Int32Array(6) }), frame);
    expect(d.method).toBe('robust-z');
    const [za, zb] = Array.from(d.at(4));
    expect(za).toBe(0);
    expect(zb).toBeCloseTo(30 / 1.4826, 10);
  });

  it('ignores explanations of the wrong shape and refuses a frame that is not the run’s', () => {
    expect(driversFor(run({ autoencoder: [Float64Array.from([1])] }), frame).method).toBe('robust-z');
    expect(() => driversFor(run({}), { ...frame, features: ['a', 'c'] })).toThrow('does not hold the run’s features');
    expect(() => driversFor(run({}), { ...frame, starts: starts.subarray(1) })).toThrow('(5 windows) is not the run’s (6 windows)');
  });
});
