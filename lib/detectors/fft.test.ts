import { describe, expect, it } from 'vitest';
import { Fft } from './fft';
import { detectorRng } from './rng';

describe('FFT', () => {
  it('matches a direct DFT and inverts itself', () => {
    const rng = detectorRng(2, 'fft');
    for (const n of [2, 8, 64, 256]) {
      const x = Float64Array.from({ length: n }, () => rng() - 0.5);
      const y = Float64Array.from({ length: n }, () => rng() - 0.5);
      const re = Float64Array.from(x);
      const im = Float64Array.from(y);
      const fft = new Fft(n);
      fft.forward(re, im);
      for (const f of [0, 1, n / 2, n - 1]) {
        let a = 0;
        let b = 0;
        for (let t = 0; t < n; t++) {
          const w = (-2 * Math.PI * f * t) / n;
          a += x[t] * Math.cos(w) - y[t] * Math.sin(w);
          b += x[t] * Math.sin(w) + y[t] * Math.cos(w);
        }
        expect(re[f]).toBeCloseTo(a, 12);
        expect(im[f]).toBeCloseTo(b, 12);
      }
      fft.inverse(re, im);
      re.forEach((v, i) => expect(v).toBeCloseTo(x[i], 14));
      im.forEach((v, i) => expect(v).toBeCloseTo(y[i], 14));
    }
    expect(() => new Fft(12)).toThrow('invalid FFT size: 12');
    expect(() => new Fft(8).forward(new Float64Array(4), new Float64Array(8))).toThrow('FFT of size 8 given arrays of 4 and 8');
  });
});
