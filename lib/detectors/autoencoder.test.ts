import type { Rng } from '../util/rng';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaults, featureErrors, fitAsync, score, type AutoencoderOptions, type EpochLoss } from './autoencoder';
import { detectorRng } from './rng';
import { selectBackend, tf } from './tf';

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Six features driven by two latent factors plus a little noise: what an AE can compress. */
function correlated(rng: Rng, n: number): Float64Array[] {
  return Array.from({ length: n }, () => {
    const a = gaussian(rng);
    const b = gaussian(rng);
    const mix = [a, b, a + b, a - b, 2 * a, 0.5 * b];
    return Float64Array.from(mix, (v, j) => 10 * j + v + 0.05 * gaussian(rng));
  });
}

const data = correlated(detectorRng(1, 'data'), 800);
const quick: AutoencoderOptions = { ...defaults, hidden: [4, 2], epochs: 8, batchSize: 64, learningRate: 1e-2 };

beforeAll(async () => {
  expect(await selectBackend('cpu')).toBe('cpu');
});

describe('autoencoder', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await fitAsync(data, quick, detectorRng(7, 'autoencoder'));
    const b = await fitAsync(data, quick, detectorRng(7, 'autoencoder'));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(score(a, data)).toEqual(score(b, data));
    const c = await fitAsync(data, quick, detectorRng(8, 'autoencoder'));
    expect(c.layers[0].weights).not.toEqual(a.layers[0].weights);
    expect(score(c, data)).not.toEqual(score(a, data));
  });

  it('builds the mirrored layers and records one loss per epoch', async () => {
    const m = await fitAsync(data, { ...quick, hidden: [5, 3] }, detectorRng(7, 'autoencoder'));
    expect(m.layers.map((l) => l.shape)).toEqual([
      [6, 5],
      [5, 3],
      [3, 5],
      [5, 6],
    ]);
    expect(m.layers[1].weights).toHaveLength(15);
    expect(m.lossCurve.map((e) => e.epoch)).toEqual(Array.from({ length: m.stoppedEpoch }, (_, i) => i + 1));
    expect(m.lossCurve.every((e) => e.valLoss !== null && e.valLoss > 0)).toBe(true);
    // Training makes progress on compressible data.
    expect(m.lossCurve[m.lossCurve.length - 1].loss).toBeLessThan(m.lossCurve[0].loss);
    const none = await fitAsync(data, { ...quick, epochs: 3, validationFraction: 0 }, detectorRng(7, 'autoencoder'));
    expect(none.lossCurve.map((e) => e.valLoss)).toEqual([null, null, null]);
    expect(none.stoppedEpoch).toBe(3);
  });

  it('gives planted outliers a higher error than inliers', async () => {
    const m = await fitAsync(data, { ...quick, epochs: 40 }, detectorRng(7, 'autoencoder'));
    const inliers = correlated(detectorRng(2, 'data'), 200);
    // Each value stays inside its training range, only the correlation with the others breaks.
    const flipped = correlated(detectorRng(3, 'data'), 20).map((r) => {
      const o = Float64Array.from(r);
      o[2] = 20 - (r[2] - 20);
      return o;
    });
    const spiked = correlated(detectorRng(5, 'data'), 20).map((r) => {
      const o = Float64Array.from(r);
      o[4] += 8;
      return o;
    });
    const sIn = Array.from(score(m, inliers)).sort((x, y) => x - y);
    const p99 = sIn[Math.floor(0.99 * sIn.length)];
    // |a + b| is small for some rows, so flipping it changes little there: most, not all, stand out.
    expect(score(m, flipped).filter((s) => s > p99).length).toBeGreaterThanOrEqual(15);
    expect(Math.min(...score(m, spiked))).toBeGreaterThan(p99);
    const errs = featureErrors(m, spiked);
    expect(errs).toHaveLength(20);
    // score is the mean of the per-feature errors
    const sSpiked = score(m, spiked);
    errs.forEach((e, i) => expect(sSpiked[i]).toBeCloseTo(e.reduce((s, v) => s + v, 0) / 6, 12));
  });

  it('stops early when the validation loss plateaus, keeping the best weights', async () => {
    // Independent noise cannot be compressed through one unit: validation loss flattens fast.
    const r = detectorRng(4, 'data');
    const noise = Array.from({ length: 400 }, () => [gaussian(r), gaussian(r), gaussian(r), gaussian(r)]);
    const opts = { ...defaults, hidden: [1], epochs: 300, batchSize: 32, learningRate: 0.05, patience: 3, validationFraction: 0.25 };
    const m = await fitAsync(noise, opts, detectorRng(7, 'autoencoder'));
    expect(m.stoppedEpoch).toBeLessThan(300);
    expect(m.stoppedEpoch - m.bestEpoch).toBe(3);
    const vals = m.lossCurve.map((e) => e.valLoss as number);
    expect(Math.min(...vals)).toBe(vals[m.bestEpoch - 1]);
    // The returned weights are the best epoch's: scoring the validation rows reproduces its loss.
    const valScores = score(m, noise.slice(300));
    const mean = valScores.reduce((s, v) => s + v, 0) / valScores.length;
    expect(mean).toBeCloseTo(vals[m.bestEpoch - 1], 4);
  });

  it('rejects on abort, at the next epoch, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    const seen: EpochLoss[] = [];
    const run = fitAsync(
      data,
      { ...quick, epochs: 50 },
      detectorRng(7, 'autoencoder'),
      (e) => {
        seen.push(e);
        if (e.epoch === 2) ctl.abort(new Error('user cancelled'));
      },
      ctl.signal,
    );
    await expect(run).rejects.toThrow('user cancelled');
    expect(seen.map((e) => e.epoch)).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
    const aborted = new AbortController();
    aborted.abort();
    await expect(fitAsync(data, quick, detectorRng(7, 'x'), undefined, aborted.signal)).rejects.toThrow();
  });

  it('leaks no tensors across fit and score', async () => {
    await fitAsync(data, quick, detectorRng(7, 'autoencoder'));
    const before = tf.memory().numTensors;
    const m = await fitAsync(data, quick, detectorRng(7, 'autoencoder'));
    score(m, data);
    featureErrors(m, data);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores identically after a JSON round trip', async () => {
    const m = await fitAsync(data, quick, detectorRng(7, 'autoencoder'));
    const back = JSON.parse(JSON.stringify(m)) as typeof m;
    expect(score(back, data)).toEqual(score(m, data));
    expect(featureErrors(back, data.slice(0, 10))).toEqual(featureErrors(m, data.slice(0, 10)));
  });

  it('names bad options and bad data', async () => {
    const rng = detectorRng(7, 'autoencoder');
    await expect(fitAsync(data, { ...quick, hidden: [] }, rng)).rejects.toThrow('invalid hidden: []');
    await expect(fitAsync(data, { ...quick, epochs: 0 }, rng)).rejects.toThrow('invalid epochs: 0');
    await expect(fitAsync(data, { ...quick, learningRate: -1 }, rng)).rejects.toThrow('invalid learningRate: -1');
    await expect(fitAsync(data, { ...quick, validationFraction: 0.9 }, rng)).rejects.toThrow('invalid validationFraction: 0.9');
    await expect(fitAsync([[1, NaN]], quick, rng)).rejects.toThrow('non-finite value NaN at row 0, feature 1');
    const m = await fitAsync(data, { ...quick, epochs: 1 }, rng);
    expect(() => score(m, [[1, 2]])).toThrow('row 0 has 2 features, expected 6');
    expect(() => score({ ...m, kind: 'x' } as unknown as typeof m, data)).toThrow('not an autoencoder model');
  });
});
