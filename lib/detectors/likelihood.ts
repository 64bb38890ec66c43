/**
 * Anomaly likelihood: a post-processor that turns any detector's raw score stream into "how
 * unusual is the recent level of this score, given its own recent history", after Ahmad, Lavin,
 * Purdy & Agha, "Unsupervised real-time anomaly detection for streaming data", Neurocomputing 262
 * (2017), section 4.3:
 *
 *   μ̃_t  = mean of the last W′ raw scores (short-term average, W′ ≪ W)
 *   μ, σ = mean and sd of the W raw scores before t (a rolling Gaussian of the score's history)
 *   L_t  = 1 − Q((μ̃_t − μ) / σ),  Q the Gaussian tail probability
 *
 * and, because the interesting part of L lives in the last few nines, the output is the tail
 * probability on a log scale: log(Q) / log(ε), clipped to [0, 1] (ε = 1e-10 → 1; Q = 1e-5 → 0.5).
 * Using Q directly (not 1 − L) keeps precision where L rounds to 1.
 *
 * Causal by construction: the value at t reads raw scores at or before t only. A short history
 * (fewer than `warmup` scores) gives 0: nothing is unusual before there is a history to compare to.
 * The sd has a floor tied to the score's own scale (a share of the history's mean absolute value),
 * so a score that was constant in its history cannot produce an infinite z. Raw scores are clamped
 * to ±1e150 so their squares cannot overflow; `compress` (off by default) first maps them through
 * sign(x)·ln(1 + |x|), which tames heavy-tailed scores but measured worse on NAB (BENCHMARKS.md).
 */

export interface LikelihoodOptions {
  /** raw scores in the short-term average (W′); default 10 */
  shortWindow: number;
  /** raw scores in the rolling Gaussian (W); default 1000 */
  longWindow: number;
  /** scores seen before any likelihood is output (0 until then); default 100 */
  warmup: number;
  /** smallest σ as a share of max(mean |score| of the history, 1e-6); default 0.01 */
  minSigma: number;
  /** compress raw scores with sign(x)·ln(1 + |x|) first; default false */
  compress: boolean;
  /**
   * keep only sharp rises: a value in the red zone (tail ≤ 1e-5, log score ≥ 0.5) right after
   * another one is lowered to the yellow level (tail 1e-4, 0.4), so a long excursion is one
   * alarm, not one per window; default true
   */
  damping: boolean;
}

export const likelihoodDefaults: LikelihoodOptions = { shortWindow: 10, longWindow: 1000, warmup: 100, minSigma: 0.01, compress: false, damping: true };

/** Tail probabilities below this map to a log score of 1. */
const EPSILON = 1e-10;
const LOG_EPSILON = Math.log(EPSILON);
/** Largest raw score magnitude the Gaussian takes: squares and sums stay finite. */
const MAX_RAW = 1e150;
/** Log scores of the red zone (tail probability 1e-5) and the yellow level (1e-4). */
export const RED = Math.log(1e-5) / LOG_EPSILON;
export const YELLOW = Math.log(1e-4) / LOG_EPSILON;

export function checkLikelihoodOptions(o: LikelihoodOptions): void {
  for (const [k, v] of [['shortWindow', o.shortWindow], ['longWindow', o.longWindow], ['warmup', o.warmup]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`invalid likelihood ${k}: ${v} (expected a positive integer)`);
  }
  if (o.shortWindow > o.longWindow) throw new Error(`invalid likelihood shortWindow: ${o.shortWindow} exceeds longWindow ${o.longWindow}`);
  if (!(o.minSigma > 0 && Number.isFinite(o.minSigma))) throw new Error(`invalid likelihood minSigma: ${o.minSigma}`);
}

/** A running post-processor: feed raw scores in time order, get log-likelihood scores back. */
export interface ScoreStream {
  next(raw: number): number;
  /** everything the stream has learned, as plain JSON: `likelihoodStream(options, state)` resumes exactly */
  state(): LikelihoodState;
}

/** A stream's memory (live mode persists it): the rings, their running sums and the last output. */
export interface LikelihoodState {
  [key: string]: number | number[];
  seen: number;
  hist: number[];
  short: number[];
  sum: number;
  sumSq: number;
  sumAbs: number;
  shortSum: number;
  prev: number;
}

export function likelihoodStream(options: Partial<LikelihoodOptions> = {}, resume?: LikelihoodState): ScoreStream {
  const o = { ...likelihoodDefaults, ...options };
  checkLikelihoodOptions(o);
  const W = o.longWindow;
  const Ws = o.shortWindow;
  if (resume && (resume.hist.length !== W || resume.short.length !== Ws)) {
    throw new Error(`likelihood: a saved state with windows ${resume.short.length}/${resume.hist.length} does not fit options ${Ws}/${W}`);
  }
  // the last W scores (the Gaussian's history) and the last W′ (the short average), as rings
  const hist = resume ? Float64Array.from(resume.hist) : new Float64Array(W);
  const short = resume ? Float64Array.from(resume.short) : new Float64Array(Ws);
  let seen = resume?.seen ?? 0;
  let sum = resume?.sum ?? 0;
  let sumSq = resume?.sumSq ?? 0;
  let sumAbs = resume?.sumAbs ?? 0;
  let shortSum = resume?.shortSum ?? 0;
  let prev = resume?.prev ?? 0;
  return {
    state: () => ({ seen, hist: Array.from(hist), short: Array.from(short), sum, sumSq, sumAbs, shortSum, prev }),
    next(score: number): number {
      if (!Number.isFinite(score)) throw new Error(`likelihood: non-finite raw score ${score} at step ${seen}`);
      const raw = o.compress ? Math.sign(score) * Math.log1p(Math.abs(score)) : Math.max(-MAX_RAW, Math.min(MAX_RAW, score));
      const s = seen % Ws;
      shortSum += raw - (seen >= Ws ? short[s] : 0);
      short[s] = raw;
      const inShort = Math.min(seen + 1, Ws);
      let out = 0;
      const n = Math.min(seen, W);
      if (seen >= o.warmup && n >= 2) {
        const mean = sum / n;
        const variance = Math.max(0, sumSq / n - mean * mean);
        const floor = o.minSigma * Math.max(sumAbs / n, 1e-6);
        const sigma = Math.max(Math.sqrt(variance), floor);
        out = logTail((shortSum / inShort - mean) / sigma);
      }
      // the current score joins the history only after it was judged against it
      const h = seen % W;
      if (seen >= W) {
        const old = hist[h];
        sum -= old;
        sumSq -= old * old;
        sumAbs -= Math.abs(old);
      }
      hist[h] = raw;
      sum += raw;
      sumSq += raw * raw;
      sumAbs += Math.abs(raw);
      seen++;
      // sums of many adds and removes drift; recompute exactly once per lap of the ring
      if (seen % W === 0) [sum, sumSq, sumAbs] = exactSums(hist);
      const damped = o.damping && out >= RED && prev >= RED ? Math.min(out, YELLOW) : out;
      prev = out;
      return damped;
    },
  };
}

function exactSums(v: Float64Array): [number, number, number] {
  let a = 0;
  let b = 0;
  let c = 0;
  for (const x of v) {
    a += x;
    b += x * x;
    c += Math.abs(x);
  }
  return [a, b, c];
}

/** The whole series through the post-processor (causal: entry t reads raw[0..t] only). */
export function anomalyLikelihood(raw: ArrayLike<number>, options: Partial<LikelihoodOptions> = {}): Float64Array {
  const st = likelihoodStream(options);
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = st.next(raw[i]);
  return out;
}

/** log(Q(z)) / log(ε) clipped to [0, 1]: 0 for z ≤ 0-ish, 0.5 at a tail of 1e-5, 1 from 1e-10 on. */
export function logTail(z: number): number {
  const v = logGaussianTail(z) / LOG_EPSILON;
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
}

/** ln Q(z) = ln P(N(0,1) > z), accurate far into the tail (no underflow for large z). */
export function logGaussianTail(z: number): number {
  if (Number.isNaN(z)) throw new Error('logGaussianTail: NaN');
  if (z === Infinity) return -Infinity;
  if (z === -Infinity) return 0;
  return Math.log(0.5) + logErfc(z / Math.SQRT2);
}

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/**
 * ln erfc(x). For x < 0 through erfc(−x) = 2 − erfc(x). For 0 ≤ x < 2: 1 − erf(x) from erf's Maclaurin series (it converges for every x; below
 * 2 the cancellation costs at most a couple of digits). For x ≥ 2: the classical continued fraction
 * erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated with the modified Lentz
 * method, kept in logs so nothing underflows.
 */
export function logErfc(x: number): number {
  // erfc(−x) = 2 − erfc(x): the series below is only accurate for |x| < 2
  if (x < 0) return Math.log(2 - Math.exp(logErfc(-x)));
  if (x < 2) {
    // erf(x) = 2/√π Σ (−1)^n x^{2n+1} / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.log(1 - (2 / Math.sqrt(Math.PI)) * sum);
  }
  // continued fraction x + a1/(x + a2/(x + …)) with a_k = k/2, by modified Lentz
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? tiny : D;
    C = x + a / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -x * x - LOG_SQRT_PI - Math.log(f);
}
