/**
 * The visitors' request rate: a daily cosine around the local peak hour, a weekend dip and slow
 * multiplicative noise, tabulated per minute. Metrics read the same table, so CPU follows traffic.
 */
import { localTime, spanOf } from './clock';
import { normal, stream } from './rng';
import type { Scenario } from './scenario';

/** Noise memory, minutes (AR(1) correlation time). */
const NOISE_MINUTES = 30;

export class TrafficModel {
  readonly startSec: number;
  readonly endSec: number;
  readonly meanRps: number;
  /** expected requests per second during each minute of the run */
  private readonly perMinute: Float64Array;

  constructor(s: Scenario) {
    const { startSec, endSec } = spanOf(s);
    this.startSec = startSec;
    this.endSec = endSec;
    const t = s.traffic;
    this.meanRps = t.rps;
    const minutes = Math.ceil((endSec - startSec) / 60);
    this.perMinute = new Float64Array(minutes);
    const r = stream(s.seed, 'traffic-noise');
    const phi = Math.exp(-1 / NOISE_MINUTES);
    const innovation = Math.sqrt(1 - phi * phi) * t.noise;
    // the weekly factor averages 1 over a week, the cosine over a day, the noise over time
    const weekNorm = (5 + 2 * (1 - t.weekly)) / 7;
    let x = t.noise * normal(r);
    for (let m = 0; m < minutes; m++) {
      const { dow, secOfDay } = localTime(startSec + m * 60 + 30, s.utcOffsetMin);
      const hour = secOfDay / 3600;
      const daily = 1 + t.diurnal * Math.cos((2 * Math.PI * (hour - t.peakHour)) / 24);
      const weekly = (dow === 0 || dow === 6 ? 1 - t.weekly : 1) / weekNorm;
      const noise = Math.exp(x - (t.noise * t.noise) / 2);
      this.perMinute[m] = t.rps * daily * weekly * noise;
      x = phi * x + innovation * normal(r);
    }
  }

  /** Expected visitor requests per second at epoch second `sec`. */
  rate(sec: number): number {
    const m = Math.floor((sec - this.startSec) / 60);
    return m >= 0 && m < this.perMinute.length ? this.perMinute[m] : 0;
  }

  /** rate relative to the mean (1 = an average minute). */
  load(sec: number): number {
    return this.rate(sec) / this.meanRps;
  }
}
