/**
 * Time-bucket widths for the over-time charts. One list drives both the TypeScript chooser (tests,
 * axis labels) and the CASE expression the SQL uses, so the two can never disagree.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Widths a person reads without arithmetic; each divides a UTC day, so buckets start on midnight. */
export const NICE_BUCKETS_MS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
] as const;

/**
 * Most buckets a chart gets from the chooser (plus at most one when the span straddles a bucket
 * edge). The widths grow by at most 5×, so a span fills at least 240 / 5 = 48 buckets unless it
 * is shorter than 48 s or longer than 240 days (then 1 d buckets, more than 240 of them).
 */
export const MAX_BUCKETS = 240;

/** Smallest nice width giving at most MAX_BUCKETS buckets over `spanMs`; 1 d when none does. */
export function chooseBucketMs(spanMs: number): number {
  if (!Number.isFinite(spanMs) || spanMs < 0) throw new Error(`invalid span: ${spanMs}`);
  for (const width of NICE_BUCKETS_MS) if (spanMs <= MAX_BUCKETS * width) return width;
  return DAY;
}

/** The same choice as `chooseBucketMs`, as SQL over a span expression in ms. */
export function bucketWidthSql(spanMsExpr: string): string {
  const arms = NICE_BUCKETS_MS.map((w) => `WHEN ${spanMsExpr} <= ${MAX_BUCKETS * w} THEN ${w}`).join(' ');
  return `CAST(CASE ${arms} ELSE ${DAY} END AS BIGINT)`;
}

/** Short label for a width, e.g. 300000 → "5m". */
export function bucketLabel(widthMs: number): string {
  if (widthMs % DAY === 0) return `${widthMs / DAY}d`;
  if (widthMs % HOUR === 0) return `${widthMs / HOUR}h`;
  if (widthMs % MINUTE === 0) return `${widthMs / MINUTE}m`;
  if (widthMs % SECOND === 0) return `${widthMs / SECOND}s`;
  return `${widthMs}ms`;
}
