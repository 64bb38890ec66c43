/**
 * Radix-2 FFT of a fixed power-of-two length, in place on split real/imaginary arrays. Written here
 * rather than taken from a package (fft.js was tried) because its twiddle factors come from
 * Math.cos/sin, whose last bits differ between the Node and Chromium builds of V8; these come from
 * unitRoots (+ − × ÷ √ only), so a transform gives the same bits in the CLI and in the browser.
 */
import { unitRoots } from './portable-math';

export class Fft {
  readonly size: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly negSin: Float64Array;
  private readonly reversed: Uint32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) throw new Error(`invalid FFT size: ${size} (expected a power of two ≥ 2)`);
    this.size = size;
    const roots = unitRoots(size);
    this.cos = roots.cos;
    this.sin = roots.sin;
    this.negSin = roots.sin.map((v) => -v);
    const levels = Math.log2(size) | 0;
    this.reversed = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < levels; b++) r |= ((i >> b) & 1) << (levels - 1 - b);
      this.reversed[i] = r;
    }
  }

  /** X_f = Σ_t x_t e^{−2πi f t / n}, in place. */
  forward(re: Float64Array, im: Float64Array): void {
    this.run(re, im, -1);
  }

  /** x_t = (1/n) Σ_f X_f e^{+2πi f t / n}, in place. */
  inverse(re: Float64Array, im: Float64Array): void {
    this.run(re, im, 1);
    const n = this.size;
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }

  private run(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
    const n = this.size;
    if (re.length !== n || im.length !== n) throw new Error(`FFT of size ${n} given arrays of ${re.length} and ${im.length}`);
    const rev = this.reversed;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j <= i) continue;
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
    // Length-2 butterflies have the twiddle 1: no multiplications.
    for (let a = 0; a < n; a += 2) {
      const tr = re[a + 1];
      const ti = im[a + 1];
      re[a + 1] = re[a] - tr;
      im[a + 1] = im[a] - ti;
      re[a] += tr;
      im[a] += ti;
    }
    const cos = this.cos;
    const sin = sign === 1 ? this.sin : this.negSin;
    for (let len = 4; len <= n; len <<= 1) {
      const half = len >> 1;
      const stride = n / len;
      for (let start = 0; start < n; start += len) {
        for (let k = 0, w = 0; k < half; k++, w += stride) {
          const wr = cos[w];
          const wi = sin[w];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}
