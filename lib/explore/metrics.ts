/**
 * SQL for the metric panels: the list of series, and each series downsampled for line charts.
 * A series is a (source, name) pair; values that are NULL, NaN or infinite are left out.
 */
import type { ExploreFilter } from './filter';
import { intOption, sqlString, whereSql } from './filter';

const FINITE = 'isfinite(value)';

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface MetricSeriesRow {
  source: string;
  name: string;
  /** finite samples in the filter */
  points: number;
  min: number;
  max: number;
  avg: number;
  first_ts: number;
  last_ts: number;
}

/** Every series with at least one finite sample, by source then name. */
export function metricSeries(filter: ExploreFilter): string {
  return `SELECT source, name, count(*) AS points, min(value) AS min, max(value) AS max, avg(value) AS avg,
  epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
FROM metrics ${whereSql(filter, FINITE)}
GROUP BY source, name ORDER BY source, name`;
}

export interface MetricSeriesKey {
  source: string;
  name: string;
}

export interface MetricPointsOptions {
  /** most points returned per series; default 1000 */
  maxPoints?: number;
  /** series to return; default: all */
  series?: readonly MetricSeriesKey[];
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface MetricPointRow {
  source: string;
  name: string;
  /** mean sample time of the bucket, epoch ms (the sample's own time when the bucket holds one) */
  ts: number;
  avg: number;
  min: number;
  max: number;
  /** samples in the bucket */
  n: number;
}

/**
 * Each series cut into at most `maxPoints` equal-width time buckets over its own first..last
 * sample (avg / min / max per bucket). A series with no more than `maxPoints` samples comes back
 * unbucketed (only samples in the same millisecond are merged). Ordered by source, name, ts.
 */
export function metricPoints(filter: ExploreFilter, options: MetricPointsOptions = {}): string {
  const maxPoints = intOption(options.maxPoints ?? 1000, 'maxPoints', 1);
  const conditions = [FINITE];
  if (options.series !== undefined) {
    const keys = options.series.map((k) => `(source = ${sqlString(k.source)} AND name = ${sqlString(k.name)})`);
    conditions.push(keys.length > 0 ? keys.join(' OR ') : 'false');
  }
  return `WITH base AS (SELECT source, name, epoch_ms(ts) AS t, value FROM metrics ${whereSql(filter, ...conditions)}),
spans AS (
  SELECT source, name, min(t) AS lo,
    CASE WHEN count(*) <= ${maxPoints} THEN 1 ELSE (max(t) - min(t)) // ${maxPoints} + 1 END AS w
  FROM base GROUP BY source, name),
buckets AS (SELECT base.source, base.name, (t - lo) // w AS i, t, value FROM base JOIN spans USING (source, name))
SELECT source, name, round(avg(t)) AS ts, avg(value) AS avg, min(value) AS min, max(value) AS max, count(*) AS n
FROM buckets GROUP BY source, name, i ORDER BY source, name, ts`;
}
