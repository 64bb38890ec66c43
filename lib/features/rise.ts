/**
 * How fast a host's gauge climbs: per host, the window's mean minus the host's mean in the oldest
 * window within the horizon before it (an hour by default), the highest rise over hosts. Meant for
 * levels that accumulate, such as disk usage: their level drifts out of any range the training span
 * saw (a disk grows every day), so a level feature alarms on drift, while the rise over an hour
 * stays near 0 until something fills the disk fast. Reads rows at or before the window only.
 */
import { sqlString } from '../db/schema';

/** Span the rise is measured over, seconds; default 3600 (an hour). */
export const RISE_DEFAULTS = { horizonSec: 3600 } as const;

/** Windows in the rise's horizon: at least one, so a window as long as the horizon compares with the one before. */
export function riseWindows(windowSec: number, horizonSec: number = RISE_DEFAULTS.horizonSec): number {
  if (!(horizonSec >= 1 && Number.isFinite(horizonSec))) throw new Error(`invalid rise horizon: ${horizonSec} s`);
  return Math.max(1, Math.round(horizonSec / windowSec));
}

/**
 * CTEs `rh` (mean per window, host and metric) and `mrise(i, rise_<key>…)`: per window, the
 * highest over hosts of max(0, mean − the host's mean in its oldest window among the last
 * `horizon` windows); a falling host counts as 0, so a cleanup is not read as an anomaly.
 */
export function riseCtes(names: readonly string[], key: (name: string) => string, w: number, horizon: number): string[] {
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`invalid rise horizon: ${horizon} windows`);
  const list = names.map(sqlString).join(', ');
  const cols = names.map((n) => `max(greatest(v - v0, 0)) FILTER (WHERE name = ${sqlString(n)}) AS rise_${key(n)}`);
  // the mean in a fixed order: native DuckDB's threads must not change its last bits (browser = CLI)
  return [
    `rh AS (SELECT CAST(floor(epoch_ms(ts) / ${w}) AS BIGINT) AS i, source AS host, name, avg(value ORDER BY epoch_ms(ts), value) AS v
  FROM metrics WHERE isfinite(value) AND name IN (${list}) GROUP BY 1, 2, 3)`,
    `mrise AS (SELECT i, ${cols.join(', ')} FROM (
  SELECT i, name, v, first_value(v) OVER (PARTITION BY host, name ORDER BY i RANGE BETWEEN ${horizon} PRECEDING AND CURRENT ROW) AS v0 FROM rh
) GROUP BY i)`,
  ];
}
