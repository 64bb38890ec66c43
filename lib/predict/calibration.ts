/**
 * Turning a score into a probability, and checking that it is one. Platt scaling fits
 * p = 1 / (1 + exp(a·x + b)) by maximum likelihood, with Platt's smoothed targets
 * ((N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2)) so a perfectly separated training set still gives finite
 * a, b; solved by Newton's method with a backtracking line search (the approach Lin, Lin & Weng
 * 2007 recommend over Platt's original pseudo-code). The reliability table and the Brier score are
 * the checks: within a bin, the predicted mean should match the observed share.
 */

export type Platt = {
  a: number;
  b: number;
};

// 1 / (1 + e^z) without overflow
const prob = (z: number) => (z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z)));

/** Probability for score x: 1 / (1 + exp(a·x + b)). */
export function plattApply(p: Platt, x: number): number {
  return prob(p.a * x + p.b);
}

/**
 * Fits Platt scaling to scores `x` with 0/1 labels `y`. Needs at least one of each label (else
 * there is nothing to calibrate against) and finite scores; both are checked and named.
 */
export function plattFit(x: readonly number[], y: readonly (0 | 1)[]): Platt {
  if (x.length !== y.length) throw new Error(`platt: ${x.length} scores but ${y.length} labels`);
  let pos = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`platt: score ${i} is ${x[i]}`);
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`platt: label ${i} is ${String(y[i])}, expected 0 or 1`);
    pos += y[i];
  }
  const neg = x.length - pos;
  if (pos === 0 || neg === 0) throw new Error(`platt: needs both labels, got ${pos} positive and ${neg} negative`);
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const t = y.map((v) => (v === 1 ? hi : lo));
  // negative log-likelihood of targets t under p_i = prob(a x_i + b), in a stable form
  const loss = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const z = a * x[i] + b;
      f += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
    }
    return f;
  };
  let a = 0;
  let b = Math.log((neg + 1) / (pos + 1));
  let f = loss(a, b);
  for (let it = 0; it < 100; it++) {
    // gradient and Hessian of the loss (Hessian ridge-stabilised as Lin et al. suggest)
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hbb = 1e-12;
    let hab = 0;
    for (let i = 0; i < x.length; i++) {
      const p = prob(a * x[i] + b);
      const q = 1 - p;
      const d1 = t[i] - p;
      const w = p * q;
      ga += x[i] * d1;
      gb += d1;
      haa += x[i] * x[i] * w;
      hbb += w;
      hab += x[i] * w;
    }
    if (Math.abs(ga) < 1e-9 && Math.abs(gb) < 1e-9) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    const slope = ga * da + gb * db;
    let step = 1;
    let next = f;
    while (step >= 1e-10) {
      next = loss(a + step * da, b + step * db);
      if (next < f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (step < 1e-10) break;
    a += step * da;
    b += step * db;
    const done = Math.abs(f - next) < 1e-12 * Math.max(1, Math.abs(f));
    f = next;
    if (done) break;
  }
  return { a, b };
}

export type ReliabilityBin = {
  /** predicted-probability bin [from, to) (the last bin includes 1) */
  from: number;
  to: number;
  /** windows in the bin */
  n: number;
  /** mean predicted probability in the bin */
  predicted: number;
  /** share of the bin's windows that were positive */
  observed: number;
};

/** Reliability table over `bins` equal-width bins of the predicted probability; empty bins are left out. */
export function reliability(p: readonly number[], y: readonly (0 | 1)[], bins = 10): ReliabilityBin[] {
  if (p.length !== y.length) throw new Error(`reliability: ${p.length} probabilities but ${y.length} labels`);
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`invalid bins: ${bins}`);
  const n = new Array<number>(bins).fill(0);
  const sp = new Array<number>(bins).fill(0);
  const sy = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new Error(`reliability: probability ${i} is ${p[i]}`);
    const k = Math.min(bins - 1, Math.floor(p[i] * bins));
    n[k]++;
    sp[k] += p[i];
    sy[k] += y[i];
  }
  const out: ReliabilityBin[] = [];
  for (let k = 0; k < bins; k++) {
    if (n[k] > 0) out.push({ from: k / bins, to: (k + 1) / bins, n: n[k], predicted: sp[k] / n[k], observed: sy[k] / n[k] });
  }
  return out;
}

/** Mean squared difference between probability and outcome; NaN for no windows. */
export function brier(p: readonly number[], y: readonly (0 | 1)[]): number {
  if (p.length !== y.length) throw new Error(`brier: ${p.length} probabilities but ${y.length} labels`);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return p.length ? s / p.length : NaN;
}

/** Platt scaling when it can be fitted and rises with the score; null (use the score as is) otherwise. */
export function plattIfRising(x: readonly number[], y: readonly (0 | 1)[]): Platt | null {
  if (!y.includes(1) || !y.includes(0)) return null;
  const p = plattFit(x, y);
  // p = 1 / (1 + e^(a·x + b)) rises with x only for a < 0; a flat or falling fit says the scores held no signal
  return p.a < 0 ? p : null;
}

/** Probability of score x: Platt-scaled, or the logistic of x itself without a calibration. */
export function probabilityOf(platt: Platt | null, x: number): number {
  return platt ? plattApply(platt, x) : 1 / (1 + Math.exp(-x));
}

export type CalibrationCheck = {
  /** 'platt': probabilities are Platt-scaled scores; 'none': no rising fit was possible (one label only, or no signal) */
  method: 'platt' | 'none';
  /** folds the check ran over */
  folds: number;
  /** labeled windows checked, and how many of them were positive */
  windows: number;
  positives: number;
  /** Brier score of the checked probabilities, and of always predicting the base rate */
  brier: number;
  brierBaseRate: number;
  reliability: ReliabilityBin[];
};

/**
 * The calibration of out-of-fold scores `x` (labels `y`, folds `fold`), fitted on all of them, and
 * its honest check: each fold's probabilities from a calibration fitted on the other folds only.
 */
export function calibrateChecked(x: readonly number[], y: readonly (0 | 1)[], fold: readonly number[]): { platt: Platt | null; check: CalibrationCheck } {
  if (x.length !== y.length || x.length !== fold.length) throw new Error(`calibration: ${x.length} scores, ${y.length} labels, ${fold.length} folds`);
  const platt = plattIfRising(x, y);
  const folds = [...new Set(fold)];
  const p = new Array<number>(x.length).fill(0);
  for (const f of folds) {
    const rest = x.map((_, k) => k).filter((k) => fold[k] !== f);
    const other = platt ? plattIfRising(rest.map((k) => x[k]), rest.map((k) => y[k])) : null;
    for (let k = 0; k < x.length; k++) if (fold[k] === f) p[k] = probabilityOf(other, x[k]);
  }
  const positives = y.filter((v) => v === 1).length;
  const base = y.length ? positives / y.length : 0;
  return {
    platt,
    check: { method: platt ? 'platt' : 'none', folds: folds.length, windows: y.length, positives, brier: brier(p, y), brierBaseRate: base * (1 - base), reliability: reliability(p, y) },
  };
}
