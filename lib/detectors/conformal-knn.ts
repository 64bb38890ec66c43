/**
 * Conformal k-NN anomaly detector, from Burnaev & Ishimtsev 2016 ("Conformalized density- and
 * distance-based anomaly detection in time-series data", arXiv:1608.04585) in its streaming form:
 *
 * - a pattern is the lag embedding of the last `pattern` rows (rows standardised per feature with
 *   the training median and MAD, so no feature dominates the distance by its unit);
 * - its nonconformity α is the mean Euclidean distance to its `k` nearest neighbours among the
 *   `reference` patterns that end in the rows just before it;
 * - its conformal p-value ranks α among the last `calibration` nonconformity scores:
 *   p = (#{α_j ≥ α} + 1) / (n + 1), and the anomaly score is 1 − p, in [0, 1) on any series.
 *
 * Both sets are trailing windows that slide with the stream (fit streams the training rows to fill
 * them, and score carries them on through X), so the detector adapts: after a level shift the new level gains
 * neighbours in the reference set within `pattern + k` rows and stops alarming. A stationary
 * series gets uniform p-values: a share ε of its rows scores ≥ 1 − ε, which is the calibration
 * guarantee, not a fault.
 *
 * Ties count against the new pattern (α_j ≥ α), so a constant or exactly repeating series scores 0.
 *
 * Defaults were tuned on NAB's realAWSCloudwatch files only (features value and change, so a
 * pattern of 1 row already holds one lag; longer patterns scored lower there). Cost per row is
 * reference · (features + pattern); the model keeps reference + pattern − 1 rows and the
 * calibration scores.
 */
import { checkMatrix, positiveInt, type Detector, type Matrix } from './types';

export interface ConformalKnnOptions {
  /** rows per pattern (lag embedding length L); default 1 */
  pattern: number;
  /** nearest reference patterns averaged into the nonconformity score; default 5 */
  k: number;
  /** reference set: how many of the latest patterns a new one is compared with (bounds the cost); default 1200 */
  reference: number;
  /** calibration set: how many of the latest nonconformity scores a new one is ranked among; default 3000 */
  calibration: number;
}

export const defaults: ConformalKnnOptions = { pattern: 1, k: 5, reference: 1200, calibration: 3000 };

export interface ConformalKnnModel {
  [key: string]: string | number | number[] | number[][];
  kind: 'conformal-knn';
  version: 1;
  pattern: number;
  k: number;
  reference: number;
  calibration: number;
  /** per-feature training median and scale (1.4826 · MAD, or the sd when the MAD is 0) */
  center: number[];
  scale: number[];
  /** standardised training rows that later patterns still reach (the last reference + pattern − 1) */
  history: number[][];
  /** nonconformity scores of the last training patterns, oldest first (the calibration set so far) */
  alphas: number[];
}

/**
 * Standardised values are clamped here: beyond a million scales every value is equally extreme,
 * and squared distances of clamped rows cannot overflow to Infinity.
 */
const CLAMP = 1e6;

function checkOptions(o: ConformalKnnOptions): void {
  positiveInt('pattern', o.pattern);
  positiveInt('k', o.k);
  positiveInt('reference', o.reference);
  positiveInt('calibration', o.calibration);
  if (o.k > o.reference) throw new Error(`invalid k: ${o.k} (must not exceed reference = ${o.reference})`);
}

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Median and a scale that is never 0: MAD, else sd (a mostly-constant feature), else 1e-9 · max(1, |median|). */
function standardiser(train: Matrix, d: number): { center: number[]; scale: number[] } {
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < d; j++) {
    const col = Float64Array.from(train, (r) => r[j]);
    const m = median(col);
    let s = 1.4826 * median(col.map((v) => Math.abs(v - m)));
    if (!(s > 0)) {
      let mean = 0;
      for (const v of col) mean += v;
      mean /= col.length;
      let ss = 0;
      for (const v of col) ss += (v - mean) ** 2;
      s = Math.sqrt(ss / col.length);
    }
    center.push(m);
    scale.push(s > 0 ? s : 1e-9 * Math.max(1, Math.abs(m)));
  }
  return { center, scale };
}

/**
 * The sliding state: the last reference + pattern rows, the squared row distances e_δ(t) =
 * ‖u_t − u_{t−δ}‖² for δ = 1..reference over the last `pattern` rows (a pattern distance is the sum
 * of L of them, so each new row costs reference · (features + L) instead of reference · features · L),
 * and a ring of the latest nonconformity scores.
 */
class Stream {
  private readonly L: number;
  private readonly r: number;
  private readonly H: number;
  private readonly rows: Float64Array;
  private readonly e: Float64Array;
  private readonly dist: Float64Array;
  private readonly best: Float64Array;
  private readonly alphas: Float64Array;
  private alphaStart = 0;
  private alphaCount = 0;
  /** index of the next row; row 0 is the oldest the stream was given */
  private t = 0;

  constructor(
    private readonly o: ConformalKnnOptions,
    private readonly d: number,
  ) {
    this.L = o.pattern;
    this.r = o.reference;
    this.H = o.reference + o.pattern;
    this.rows = new Float64Array(this.H * d);
    this.e = new Float64Array(this.L * this.r);
    this.dist = new Float64Array(this.r);
    this.best = new Float64Array(o.k);
    this.alphas = new Float64Array(o.calibration);
  }

  /** Holds a standardised row and its squared distances to the rows before it. */
  private append(u: ArrayLike<number>): void {
    const { d, L, r, H, t } = this;
    const at = (t % H) * d;
    for (let j = 0; j < d; j++) this.rows[at + j] = u[j];
    const eRow = (t % L) * r;
    const reach = Math.min(r, t);
    const rows = this.rows;
    const e = this.e;
    let back = at;
    for (let delta = 1; delta <= reach; delta++) {
      back = back === 0 ? (H - 1) * d : back - d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = rows[at + j] - rows[back + j];
        s += diff * diff;
      }
      e[eRow + delta - 1] = s;
    }
    this.t = t + 1;
  }

  /** Appends a standardised row; returns its anomaly score (0 while fewer than k patterns precede it). */
  push(u: ArrayLike<number>): number {
    const t = this.t;
    this.append(u);
    // Reference patterns end at t − δ and start at t − δ − L + 1 ≥ 0, the oldest row held.
    const m = Math.min(this.r, t - this.L + 1);
    if (m < this.o.k) return 0;
    const alpha = this.nonconformity(t, m);
    const out = 1 - this.pValue(alpha);
    this.remember(alpha);
    return out;
  }

  /** Mean distance from the pattern ending at t to its k nearest among the m before it. */
  private nonconformity(t: number, m: number): number {
    const { L, r, dist, best } = this;
    const k = this.o.k;
    dist.fill(0, 0, m);
    const e = this.e;
    for (let l = 0; l < L; l++) {
      const row = ((t - l) % L) * r;
      for (let i = 0; i < m; i++) dist[i] += e[row + i];
    }
    // k smallest by insertion into a sorted buffer: most candidates fail the first comparison.
    best.fill(Infinity);
    for (let i = 0; i < m; i++) {
      const v = dist[i];
      if (v >= best[k - 1]) continue;
      let p = k - 1;
      while (p > 0 && best[p - 1] > v) {
        best[p] = best[p - 1];
        p--;
      }
      best[p] = v;
    }
    let sum = 0;
    for (let i = 0; i < k; i++) sum += Math.sqrt(best[i]);
    return sum / k;
  }

  private pValue(alpha: number): number {
    const n = this.alphaCount;
    const c = this.alphas.length;
    let ge = 0;
    for (let i = 0; i < n; i++) if (this.alphas[(this.alphaStart + i) % c] >= alpha) ge++;
    return (ge + 1) / (n + 1);
  }

  private remember(alpha: number): void {
    const c = this.alphas.length;
    if (this.alphaCount < c) {
      this.alphas[(this.alphaStart + this.alphaCount) % c] = alpha;
      this.alphaCount++;
    } else {
      this.alphas[this.alphaStart] = alpha;
      this.alphaStart = (this.alphaStart + 1) % c;
    }
  }

  /** Replays stored rows and scores without scoring them (the model's warm start). */
  restore(history: readonly ArrayLike<number>[], alphas: readonly number[]): void {
    for (const row of history) this.append(row);
    for (const a of alphas) this.remember(a);
  }

  /** The rows and scores a later stream needs, oldest first. */
  snapshot(): { history: number[][]; alphas: number[] } {
    const { d, H } = this;
    const held = Math.min(H - 1, this.t);
    const history: number[][] = [];
    for (let t = this.t - held; t < this.t; t++) history.push(Array.from(this.rows.subarray((t % H) * d, (t % H) * d + d)));
    const c = this.alphas.length;
    const alphas = Array.from({ length: this.alphaCount }, (_, i) => this.alphas[(this.alphaStart + i) % c]);
    return { history, alphas };
  }
}

function standardise(row: ArrayLike<number>, center: readonly number[], scale: readonly number[], out: Float64Array): Float64Array {
  for (let j = 0; j < out.length; j++) out[j] = Math.max(-CLAMP, Math.min(CLAMP, (row[j] - center[j]) / scale[j]));
  return out;
}

export function fit(train: Matrix, options: ConformalKnnOptions = defaults): ConformalKnnModel {
  checkOptions(options);
  const d = checkMatrix(train, 'conformal-knn fit');
  if (train.length === 0) throw new Error('conformal-knn fit: empty training span');
  const { center, scale } = standardiser(train, d);
  // Only the last `calibration` scores and the rows their reference sets reach are kept, so a long
  // training span streams from there: the same model as streaming it all, in bounded time.
  const n = train.length;
  const scored = Math.max(0, n - options.calibration);
  const start = Math.max(0, scored - options.reference - options.pattern + 1);
  const stream = new Stream(options, d);
  const u = new Float64Array(d);
  for (let i = start; i < n; i++) {
    const row = standardise(train[i], center, scale, u);
    if (i < scored) stream.restore([row], []);
    else stream.push(row);
  }
  const { history, alphas } = stream.snapshot();
  const { pattern, k, reference, calibration } = options;
  return { kind: 'conformal-knn', version: 1, pattern, k, reference, calibration, center, scale, history, alphas };
}

/** One score per row of X, each from the model and the rows before it only; the sets slide through X. */
export function score(model: ConformalKnnModel, X: Matrix): Float64Array {
  const stream = conformalStream(model);
  return Float64Array.from(X, (row) => stream.push(row));
}

/**
 * Row-at-a-time scoring (live mode): `push` scores the next row exactly as `score` would in one
 * call; `state` is what a later stream resumes from (`conformalStream({ ...model, ...state })`).
 */
export function conformalStream(model: ConformalKnnModel): { push(row: ArrayLike<number>): number; state(): { history: number[][]; alphas: number[] } } {
  checkModel(model);
  const d = model.center.length;
  const stream = new Stream(model, d);
  stream.restore(model.history, model.alphas);
  const u = new Float64Array(d);
  return {
    push(row) {
      checkMatrix([row as Float64Array], 'conformal-knn score', d);
      return stream.push(standardise(row, model.center, model.scale, u));
    },
    state: () => stream.snapshot(),
  };
}

/** A model that did not come from fit (a saved report, a hand edit) is refused with the reason. */
function checkModel(m: ConformalKnnModel): void {
  if (m?.kind !== 'conformal-knn' || m.version !== 1) throw new Error(`conformal-knn score: not a conformal-knn model (kind ${String(m?.kind)}, version ${String(m?.version)})`);
  checkOptions(m);
  const d = m.center.length;
  if (m.scale.length !== d || !m.scale.every((s) => s > 0)) throw new Error(`conformal-knn score: model scale must hold ${d} positive numbers`);
  if (m.history.length > m.reference + m.pattern - 1) throw new Error(`conformal-knn score: model history holds ${m.history.length} rows, at most ${m.reference + m.pattern - 1} allowed`);
  checkMatrix(m.history, 'conformal-knn model history', d);
  if (m.alphas.length > m.calibration || !m.alphas.every(Number.isFinite)) throw new Error(`conformal-knn score: model calibration must hold at most ${m.calibration} finite numbers`);
}

export const detector: Detector<ConformalKnnOptions, ConformalKnnModel> = { defaults, fit: (t, o) => fit(t, o), score };
