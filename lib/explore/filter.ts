/**
 * The filter every Explore panel shares, and the only way values from outside reach the SQL:
 * numbers pass `Number.isFinite` / integer checks here, strings go through the engine's `sqlString`.
 */
import { sqlString } from '../db/schema';

export { sqlString };

/** Half-open time range [from, to) in epoch milliseconds (UTC), e.g. from the time brush. */
export interface TimeRange {
  from: number;
  to: number;
}

export interface ExploreFilter {
  /** null: all rows */
  range: TimeRange | null;
}

export const NO_FILTER: ExploreFilter = { range: null };

/** Checks a brush range and returns it unchanged; names the bad value otherwise. */
export function checkRange(range: TimeRange | null): TimeRange | null {
  if (range === null) return null;
  const { from, to } = range;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    throw new Error(`invalid range: ${JSON.stringify({ from: String(from), to: String(to) })}`);
  }
  return range;
}

/**
 * A TIMESTAMP literal for an epoch-ms value. Microseconds keep a fractional brush edge exact;
 * for whole milliseconds it equals `epoch_ms(ms)`.
 */
export function tsLiteral(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error(`invalid time: ${ms}`);
  return `make_timestamp(${Math.round(ms * 1000)}::BIGINT)`;
}

/** `ts >= from AND ts < to`, or `true` when there is no range. */
export function rangeSql(filter: ExploreFilter, column = 'ts'): string {
  const range = checkRange(filter.range);
  if (range === null) return 'true';
  return `${column} >= ${tsLiteral(range.from)} AND ${column} < ${tsLiteral(range.to)}`;
}

/** WHERE clause with the range plus extra conditions (each already safe SQL). */
export function whereSql(filter: ExploreFilter, ...conditions: string[]): string {
  return `WHERE ${[rangeSql(filter), ...conditions].map((c) => `(${c})`).join(' AND ')}`;
}

/** An integer option in [min, max]; throws `invalid <what>: <value>` otherwise. */
export function intOption(value: number, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`invalid ${what}: ${value}`);
  return value;
}

/** A finite number option > 0; throws `invalid <what>: <value>` otherwise. */
export function positiveOption(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`invalid ${what}: ${value}`);
  return value;
}

/** `x / y`, NULL when y is 0 (DuckDB 1.4 gives NULL, 1.5 gives Infinity: pin one answer). */
export function ratioSql(numerator: string, denominator: string): string {
  return `CAST(${numerator} AS DOUBLE) / nullif(${denominator}, 0)`;
}

/** Latency with NULL/NaN/Inf removed, so quantiles and averages never see a non-number. */
export const LATENCY = 'CASE WHEN isfinite(latency_ms) THEN latency_ms END';
