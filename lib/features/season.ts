/**
 * Seasonal difference for a metric series: x_t − x_{t−P}, where P is a daily or weekly period
 * that shows in the training span (autocorrelation at that lag ≥ `minAcf`). Level detectors see a
 * Monday-morning peak as an anomaly and a holiday that stays inside the weekly range as normal; the
 * difference from the same time a period ago sees the opposite. Causal: the period is chosen on the
 * training span only, and the value at t reads x_t and x_{t−P}.
 */

export interface SeasonOptions {
  /** candidate periods, ms; default one day and one week */
  periodsMs: readonly number[];
  /** smallest lag-P autocorrelation on the training span that makes P the period; default 0.3 */
  minAcf: number;
  /** the training span must hold at least this many periods (the autocorrelation needs pairs); default 1.5 */
  minPeriods: number;
}

const seasonDefaults: SeasonOptions = { periodsMs: [86_400_000, 7 * 86_400_000], minAcf: 0.3, minPeriods: 1.5 };

/**
 * Sample autocorrelation of `v` at `lag`, with each sum averaged over its own number of terms
 * (the lag-`lag` products over n − lag pairs, the variance over n), so a long lag on a short span
 * is not shrunk towards 0; NaN when undefined.
 */
export function autocorrelation(v: ArrayLike<number>, lag: number): number {
  const n = v.length;
  if (!Number.isInteger(lag) || lag < 1 || lag >= n) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  let den = 0;
  for (let i = 0; i < n; i++) den += (v[i] - mean) ** 2;
  if (den === 0) return NaN;
  let num = 0;
  for (let i = 0; i + lag < n; i++) num += (v[i] - mean) * (v[i + lag] - mean);
  return num / (n - lag) / (den / n);
}

/** The typical spacing of the timestamps (median difference), ms. */
export function medianStep(timestamps: readonly number[]): number {
  const d = timestamps.slice(1).map((t, i) => t - timestamps[i]).sort((a, b) => a - b);
  return d.length === 0 ? NaN : d[d.length >> 1];
}

/**
 * The season's period in rows, chosen on the first `trainEnd` rows: the candidate with the highest
 * autocorrelation, if it reaches `minAcf`; 0 when the training span shows none.
 */
export function seasonalPeriod(values: readonly number[], timestamps: readonly number[], trainEnd: number, options: SeasonOptions = seasonDefaults): number {
  const step = medianStep(timestamps.slice(0, Math.max(2, trainEnd)));
  if (!(step > 0)) return 0;
  const train = values.slice(0, trainEnd);
  let best = 0;
  let bestAcf = options.minAcf;
  for (const ms of options.periodsMs) {
    const lag = Math.round(ms / step);
    if (lag < 2 || lag * options.minPeriods > train.length) continue;
    const a = autocorrelation(train, lag);
    if (a >= bestAcf) {
      bestAcf = a;
      best = lag;
    }
  }
  return best;
}

/** x_t − x_{t−period}, 0 for the first `period` rows and when there is no period. */
export function seasonalDifference(values: readonly number[], period: number): number[] {
  return values.map((v, i) => (period > 0 && i >= period ? v - values[i - period] : 0));
}
