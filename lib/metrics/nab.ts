/**
 * NAB (Numenta Anomaly Benchmark) scoring of one file, following the scorer that produced NAB's
 * published results (numenta/NAB `nab/scorer.py` before the sweep rewrite, commit d62afec^; the
 * later `nab/sweeper.py` gives the same numbers when no window lies wholly in the probationary
 * period). A row is a detection when `anomalyScore >= threshold`.
 */

/** Weights of one NAB cost profile (config/profiles.json `CostMatrix`). */
export interface NabCostMatrix {
  /** Reward of a detection at the very start of a window; default profile value 1. */
  readonly tpWeight: number;
  /** Penalty of one false-positive row far from any window. */
  readonly fpWeight: number;
  /** Penalty of one missed window. */
  readonly fnWeight: number;
}

export type NabProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const NAB_PROFILE_NAMES: readonly NabProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

/** NAB v1.1 config/profiles.json. */
export const NAB_PROFILES: Readonly<Record<NabProfileName, NabCostMatrix>> = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
};

/** NAB never scores the first min(15 % of rows, 750) rows. */
export const NAB_PROBATION_PERCENT = 0.15;

/** An anomaly window, both ends inclusive, in epoch milliseconds. */
export interface NabWindow {
  readonly start: number;
  readonly end: number;
}

export interface NabFileInput {
  /** Row timestamps in epoch ms; need not be ordered (NAB files repeat hours at DST changes). */
  readonly timestamps: readonly number[];
  /** Detector output per row, higher = more anomalous (NAB's are in [0, 1], ours need not be). */
  readonly anomalyScores: readonly number[];
  /** Labelled windows, sorted and not overlapping. */
  readonly windows: readonly NabWindow[];
}

export interface NabFileScore {
  /** Raw NAB score: window rewards/penalties plus false-positive penalties. */
  readonly score: number;
  /** Row counts over scored (non-probationary) rows, as NAB reports them. */
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** Number of rows in the file (NAB's Total_Count). */
  readonly total: number;
}

/** Where each row sits relative to the windows, plus its would-be score if detected. */
export interface NabRowLayout {
  readonly probationLength: number;
  /** Window index per row, -1 outside every window. */
  readonly windowOf: Int32Array;
  /** Row index range [first, last] of each window. */
  readonly windowRows: readonly (readonly [number, number])[];
  /** Weighted score the row would contribute if it were a detection. */
  readonly rowValue: Float64Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** NAB's scaled sigmoid: +0.987 at the left window edge (-1), 0 at the right edge, -1 beyond 3. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 * sigmoid(-5 * relativePosition) - 1;
}

const MAX_TP = scaledSigmoid(-1);

export function nabProbationLength(rows: number, probationPercent = NAB_PROBATION_PERCENT): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** Parses NAB's `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC, as NAB treats it naively) to epoch ms. */
export function parseNabTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) throw new Error(`invalid NAB timestamp: ${JSON.stringify(text)}`);
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
}

function validateNabProfile(profile: NabCostMatrix): void {
  for (const key of ['tpWeight', 'fpWeight', 'fnWeight'] as const) {
    const v = profile[key];
    if (!Number.isFinite(v) || v < 0) throw new Error(`invalid NAB ${key}: ${v}`);
  }
}

function validateInput(input: NabFileInput): void {
  const { timestamps, anomalyScores, windows } = input;
  if (timestamps.length !== anomalyScores.length) {
    throw new Error(`NAB input: ${timestamps.length} timestamps but ${anomalyScores.length} anomaly scores`);
  }
  for (let i = 0; i < timestamps.length; i++) {
    if (!Number.isFinite(timestamps[i])) throw new Error(`invalid timestamp at row ${i}: ${timestamps[i]}`);
    if (Number.isNaN(anomalyScores[i])) throw new Error(`anomaly score is NaN at row ${i}`);
  }
  windows.forEach((w, k) => {
    if (!(Number.isFinite(w.start) && Number.isFinite(w.end) && w.start <= w.end)) {
      throw new Error(`invalid NAB window ${k}: [${w.start}, ${w.end}]`);
    }
    const prev = windows[k - 1];
    if (prev && w.start <= prev.end) throw new Error(`NAB window ${k} overlaps or precedes window ${k - 1}`);
  });
}

/** Index of the window holding time t (windows sorted, disjoint), -1 if none. */
function windowAt(windows: readonly NabWindow[], t: number): number {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = windows[mid]!;
    if (t < w.start) hi = mid - 1;
    else if (t > w.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Lays the rows out against the windows and computes NAB's per-row weighted value: inside a window
 * the scaled sigmoid of the position (earlier = higher, max tpWeight); outside, a negative value
 * scaled by fpWeight, milder just after the preceding window, -fpWeight when no window precedes.
 * As in NAB, a window is the set of rows whose timestamp lies in it, positions count rows, and the
 * preceding window of a row is the one whose last row comes before it.
 */
export function nabRowLayout(
  input: NabFileInput,
  profile: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
): NabRowLayout {
  validateInput(input);
  validateNabProfile(profile);
  const { timestamps, windows } = input;
  const n = timestamps.length;
  const windowOf = new Int32Array(n);
  const first = new Array<number>(windows.length).fill(-1);
  const last = new Array<number>(windows.length).fill(-1);
  const width = new Array<number>(windows.length).fill(0);
  for (let i = 0; i < n; i++) {
    const k = windowAt(windows, timestamps[i]!);
    windowOf[i] = k;
    if (k < 0) continue;
    if (first[k] === -1) first[k] = i;
    last[k] = i;
    width[k]!++;
  }
  windows.forEach((w, k) => {
    if (width[k] === 0) throw new Error(`NAB window ${k} [${w.start}, ${w.end}] contains no rows`);
  });
  // Windows in order of their last row, to find each row's preceding window in one pass.
  const byLast = windows.map((_, k) => k).sort((x, y) => last[x]! - last[y]!);

  const rowValue = new Float64Array(n);
  let next = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    while (next < byLast.length && last[byLast[next]!]! < i) prev = byLast[next++]!;
    const k = windowOf[i]!;
    if (k >= 0) {
      rowValue[i] = (scaledSigmoid(-(last[k]! - i + 1) / width[k]!) * profile.tpWeight) / MAX_TP;
    } else if (prev < 0) {
      rowValue[i] = -profile.fpWeight;
    } else {
      // A one-row window gives 0/0 in NAB (a crash there); treat any FP after it as far away.
      const position = width[prev] === 1 ? Infinity : (i - last[prev]!) / (width[prev]! - 1);
      rowValue[i] = scaledSigmoid(position) * profile.fpWeight;
    }
  }
  const windowRows = windows.map((_, k): readonly [number, number] => [first[k]!, last[k]!]);
  return { probationLength: nabProbationLength(n, probationPercent), windowOf, windowRows, rowValue };
}

/** Scores one file at one threshold: `anomalyScore >= threshold` is a detection. */
export function nabScoreFile(
  input: NabFileInput,
  threshold: number,
  profile: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
): NabFileScore {
  if (Number.isNaN(threshold)) throw new Error(`invalid NAB threshold: ${threshold}`);
  const layout = nabRowLayout(input, profile, probationPercent);
  const rows = nabRowScores(layout, input.anomalyScores, threshold, profile);
  let score = 0;
  for (const v of rows) score += v;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const n = input.timestamps.length;
  for (let i = layout.probationLength; i < n; i++) {
    const detected = input.anomalyScores[i]! >= threshold;
    const inWindow = layout.windowOf[i]! >= 0;
    if (detected && inWindow) tp++;
    else if (detected) fp++;
    else if (inWindow) fn++;
    else tn++;
  }
  return { score, tp, fp, fn, tn, total: n };
}

/**
 * Per-row contributions in the layout of NAB's published `S(t)_<profile>` column: each window's
 * result (reward of its earliest detection, or -fnWeight) on the window's first row, each false
 * positive's penalty on its own row, 0 elsewhere. Their sum is the file's score. `layout` must come
 * from nabRowLayout with the same profile (its row values are already weighted).
 */
export function nabRowScores(
  layout: NabRowLayout,
  anomalyScores: readonly number[],
  threshold: number,
  profile: NabCostMatrix,
): Float64Array {
  const { probationLength, windowOf, windowRows, rowValue } = layout;
  const out = new Float64Array(rowValue.length);
  windowRows.forEach(([first, last], k) => {
    let result = -profile.fnWeight;
    for (let i = Math.max(first, Math.ceil(probationLength)); i <= last; i++) {
      if (windowOf[i] === k && anomalyScores[i]! >= threshold) {
        result = rowValue[i]!;
        break;
      }
    }
    out[first] = result;
  });
  for (let i = Math.ceil(probationLength); i < rowValue.length; i++) {
    if (windowOf[i]! < 0 && anomalyScores[i]! >= threshold) out[i] = rowValue[i]!;
  }
  return out;
}

/** The score with no detection at all (NAB's null-detector baseline) for the given windows. */
function nabNullScore(windowCount: number, profile: NabCostMatrix): number {
  return -windowCount * profile.fnWeight;
}

/** The best possible score: every window detected at its first row. */
function nabPerfectScore(windowCount: number, profile: NabCostMatrix): number {
  return windowCount * profile.tpWeight;
}

/** NAB's normalised score: 100 × (raw − null) / (perfect − null); 0 = null detector, 100 = perfect. */
export function nabNormalise(raw: number, windowCount: number, profile: NabCostMatrix): number {
  const nullScore = nabNullScore(windowCount, profile);
  const span = nabPerfectScore(windowCount, profile) - nullScore;
  if (!(span > 0)) throw new Error(`cannot normalise a NAB score over ${windowCount} windows`);
  return (100 * (raw - nullScore)) / span;
}
