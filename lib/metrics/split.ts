import { checkStarts, checkWindowMs, type IndexRange } from './input';

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

/**
 * Where `timeSplit` will cut the filled window grid of a data span, known before any window
 * exists: the features need it to fit their baselines on the training span only. The grid holds
 * every window from the one containing `fromMs` to the one containing `toMs` (both inclusive, as
 * the feature SQL fills it), so this equals `timeSplit(grid, windowMs, trainFraction).splitTime`
 * whenever that split exists. With a single window there is no test side; the end of that window
 * is returned, so everything is training.
 * @throws on a non-finite or reversed span, a bad window or a bad fraction.
 */
export function splitTimeOf(fromMs: number, toMs: number, windowMs: number, trainFraction: number): number {
  checkWindowMs(windowMs);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) throw new Error(`invalid data span: ${fromMs} → ${toMs}`);
  if (!(trainFraction > 0 && trainFraction < 1)) throw new Error(`invalid trainFraction: ${trainFraction} (expected 0 < f < 1)`);
  const t0 = Math.floor(fromMs / windowMs) * windowMs;
  const n = Math.floor(toMs / windowMs) - Math.floor(fromMs / windowMs) + 1;
  // the same expression as timeSplit, so both round alike
  const cut = t0 + trainFraction * (t0 + (n - 1) * windowMs + windowMs - t0);
  let k = Math.max(0, Math.ceil((cut - t0) / windowMs) - 1);
  while (k < n && t0 + k * windowMs < cut) k++;
  return t0 + Math.min(Math.max(k, 1), n) * windowMs;
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
