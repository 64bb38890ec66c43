import { describe, expect, it } from 'vitest';
import { Alias, LogNormalTable, normalQuantile, poisson, stream } from './rng';
import { quantile } from './testing';

describe('rng', () => {
  it('streams are reproducible and independent by name', () => {
    const a = stream(1, 'x');
    const b = stream(1, 'x');
    const c = stream(1, 'y');
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect([c(), c(), c()]).not.toEqual(xs);
  });

  it('normalQuantile matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016, 5);
  });

  it('Alias picks in proportion to the weights', () => {
    const t = new Alias([1, 0, 3, 6]);
    const r = stream(3, 'alias');
    const n = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) n[t.pick(r())]++;
    expect(n[1]).toBe(0);
    expect(n[0] / 100_000).toBeCloseTo(0.1, 2);
    expect(n[3] / 100_000).toBeCloseTo(0.6, 2);
    expect(t.pick(1)).toBeLessThan(4);
    expect(() => new Alias([0, 0])).toThrow('alias table needs a positive total weight, got 0 over 2');
  });

  it('poisson has the asked mean, small and large', () => {
    const r = stream(4, 'poisson');
    for (const lambda of [0.3, 4, 250]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += poisson(r, lambda);
      expect(sum / 20_000 / lambda).toBeCloseTo(1, 1);
    }
    expect(poisson(r, 0)).toBe(0);
  });

  it('LogNormalTable follows exp(sigma Z), tails included when asked', () => {
    const sigma = 0.6;
    const r = stream(5, 'lognormal');
    const exact = new LogNormalTable(sigma, 4096, true);
    const xs = Array.from({ length: 200_000 }, () => exact.sample(r()));
    for (const q of [0.1, 0.5, 0.9, 0.99, 0.999]) {
      expect(quantile(xs, q) / Math.exp(sigma * normalQuantile(q))).toBeCloseTo(1, 1);
    }
    const sizes = new LogNormalTable(0.3);
    expect(sizes.sample(0.5)).toBeCloseTo(1, 2);
    // no exact tails: a one-in-a-million draw stays near the outer quantile (z ≈ 3.1), not z ≈ 4.75
    expect(sizes.sample(0.999_999)).toBeLessThan(Math.exp(0.3 * 3.2));
  });
});
