import { checkStarts, type IndexRange } from './input';

/** Result of a time-based split: train windows come first, test windows after, never interleaved. */
export interface TimeSplit {
  train: IndexRange;
  test: IndexRange;
  /** epoch ms where the test span begins (start of the first test window) */
  splitTime: number;
}

/**
 * Splits windows by time: the first `trainFraction` of the covered time span
 * [starts[0], starts[last] + windowMs) is training, the rest is test. A window belongs to the side
 * its start falls on. Splitting by time rather than by count keeps the split honest when windows
 * are missing; with gap-free windows both agree. No shuffling: shuffling across the split leaks
 * the future into training.
 * @throws when fewer than 2 windows, or either side would be empty.
 */
export function timeSplit(starts: readonly number[], windowMs: number, trainFraction: number): TimeSplit {
  checkStarts(starts, windowMs);
  if (!(trainFraction > 0 && trainFraction < 1)) throw new Error(`invalid trainFraction: ${trainFraction} (expected 0 < f < 1)`);
  const n = starts.length;
  if (n < 2) throw new Error(`cannot split ${n} window(s): need at least 2`);
  const t0 = starts[0];
  const cut = t0 + trainFraction * (starts[n - 1] + windowMs - t0);
  let k = 0;
  while (k < n && starts[k] < cut) k++;
  if (k === 0 || k === n) throw new Error(`trainFraction ${trainFraction} leaves an empty ${k === 0 ? 'train' : 'test'} side`);
  return { train: { start: 0, end: k }, test: { start: k, end: n }, splitTime: starts[k] };
}

/**
 * Splits windows at a point in time: windows starting before `splitTime` are training, the rest
 * test. For a split set by date (`--split-at`), which does not move when data is appended.
 * @throws when either side would be empty.
 */
export function timeSplitAt(starts: readonly number[], windowMs: number, splitTime: number): TimeSplit {
  checkStarts(starts, windowMs);
  if (!Number.isFinite(splitTime)) throw new Error(`invalid split time: ${splitTime}`);
  const n = starts.length;
  if (n < 2) throw new Error(`cannot split ${n} window(s): need at least 2`);
  let k = 0;
  while (k < n && starts[k] < splitTime) k++;
  const at = new Date(splitTime).toISOString();
  if (k === 0) throw new Error(`split at ${at} leaves an empty train side (the data starts at ${new Date(starts[0]).toISOString()})`);
  if (k === n) throw new Error(`split at ${at} leaves an empty test side (the last window starts at ${new Date(starts[n - 1]).toISOString()})`);
  return { train: { start: 0, end: k }, test: { start: k, end: n }, splitTime: starts[k] };
}

/** The entries of `values` inside an index range, e.g. the test scores of a split. */
export function sliceRange<T>(values: readonly T[], range: IndexRange): T[] {
  return values.slice(range.start, range.end);
}

/** An ISO 8601 time with a date and an explicit zone (Z or ±hh:mm), or a date alone (UTC midnight), as epoch ms; NaN otherwise. */
export function parseIsoTime(text: string): number {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(t)) return NaN;
  return Date.parse(t.replace(' ', 'T'));
}
