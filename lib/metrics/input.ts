/**
 * Boundary checks and small helpers shared by the metric families. Every metric takes plain
 * arrays (one entry per window, in time order), so the checks live here once.
 */

/** Half-open index range [start, end) into the window arrays. */
export interface IndexRange {
  start: number;
  end: number;
}

export function checkScores(scores: readonly number[], name = 'scores'): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`invalid ${name}[${i}]: ${scores[i]}`);
  }
}

export function checkSameLength(a: readonly unknown[], b: readonly unknown[], what: string): void {
  if (a.length !== b.length) throw new Error(`length mismatch for ${what}: ${a.length} vs ${b.length}`);
}

export function checkWindowMs(windowMs: number): void {
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new Error(`invalid windowMs: ${windowMs}`);
}

/** Window starts must be finite and strictly increasing: the metrics rely on time order. */
export function checkStarts(starts: readonly number[], windowMs: number): void {
  checkWindowMs(windowMs);
  for (let i = 0; i < starts.length; i++) {
    if (!Number.isFinite(starts[i])) throw new Error(`invalid starts[${i}]: ${starts[i]}`);
    if (i > 0 && starts[i] <= starts[i - 1]) throw new Error(`starts not strictly increasing at ${i}: ${starts[i - 1]} then ${starts[i]}`);
  }
}

function checkThreshold(threshold: number): void {
  if (Number.isNaN(threshold)) throw new Error(`invalid threshold: ${threshold}`);
}

/** Alarm mask: a window alarms when its score is at or above the threshold. */
export function alarms(scores: readonly number[], threshold: number): boolean[] {
  checkThreshold(threshold);
  return scores.map((s) => s >= threshold);
}

/** Maximal runs of consecutive true entries, as half-open index ranges. */
export function runs(mask: readonly boolean[]): IndexRange[] {
  const out: IndexRange[] = [];
  let start = -1;
  for (let i = 0; i <= mask.length; i++) {
    const on = i < mask.length && mask[i];
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      out.push({ start, end: i });
      start = -1;
    }
  }
  return out;
}

/** Median of a non-empty list (mean of the two middle values for even lengths); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Precision, recall and F1 from counts; 0 where the denominator is 0 (sklearn's zero_division=0). */
export function prf(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  // 2tp / (2tp + fp + fn) equals the harmonic mean but avoids its rounding (3/4 stays 0.75)
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { precision, recall, f1 };
}
