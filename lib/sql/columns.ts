/**
 * What kind of values a result column holds, from DuckDB's type (DESCRIBE) and, where that is not
 * enough, from the column's name and values. The engine hands TIMESTAMPs over as epoch ms and
 * DATEs as 'YYYY-MM-DD' text (lib/db/values.ts), so the type is what tells them from numbers.
 */
import type { Cell, Row } from '../db/db';

/**
 * - `timestamp`: a TIMESTAMP column, epoch ms
 * - `epoch`: integer epoch ms in a column named like a time (ts, start, end, time, …), e.g. a BIGINT
 * - `date`: a DATE column, 'YYYY-MM-DD'
 * - `number`, `boolean`, `text`: everything else
 */
export type ColumnKind = 'timestamp' | 'epoch' | 'date' | 'number' | 'boolean' | 'text';

export interface ResultColumn {
  name: string;
  /** DuckDB's type name, e.g. 'BIGINT', 'TIMESTAMP WITH TIME ZONE'; null when unknown */
  type: string | null;
  kind: ColumnKind;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|NUMERIC)$/;

/** Column names that usually hold a time. */
const TIME_NAME = /(^|_)(ts|time|timestamp|start|end|begin|stop|at|date|datetime|minute|hour|day|bucket|window)(_ms)?$|^(t|ts_ms|time_ms|epoch_ms|start_ms|end_ms)$/i;

/** 2000-01-01 and 2100-01-01 in epoch ms: integers named like a time and in this span are read as epoch ms. */
const EPOCH_MIN = 946_684_800_000;
const EPOCH_MAX = 4_102_444_800_000;

function isTimeName(name: string): boolean {
  return TIME_NAME.test(name);
}

/** Kind of one column from its DuckDB type, name and values. */
export function columnKind(name: string, type: string | null, values: readonly Cell[]): ColumnKind {
  const t = type?.toUpperCase().trim() ?? null;
  if (t !== null) {
    if (t.startsWith('TIMESTAMP')) return 'timestamp';
    if (t === 'DATE') return 'date';
    if (t === 'BOOLEAN') return 'boolean';
    if (NUMERIC.test(t)) return isTimeName(name) && looksLikeEpochMs(values) ? 'epoch' : 'number';
    return 'text';
  }
  // no type: judge by the values
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return 'text';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => typeof v === 'number')) return isTimeName(name) && looksLikeEpochMs(present) ? 'epoch' : 'number';
  if (present.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'date';
  return 'text';
}

function looksLikeEpochMs(values: readonly Cell[]): boolean {
  let seen = false;
  for (const v of values) {
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < EPOCH_MIN || v > EPOCH_MAX) return false;
    seen = true;
  }
  return seen;
}

/** Values of one column, for kind checks (at most `limit` of them, spread over the rows). */
export function sampleColumn(rows: readonly Row[], name: string, limit = 1000): Cell[] {
  const step = Math.max(1, Math.floor(rows.length / limit));
  const out: Cell[] = [];
  for (let i = 0; i < rows.length && out.length < limit; i += step) out.push(rows[i]![name] ?? null);
  return out;
}

/**
 * The result's columns in DuckDB's order. `described` comes from DESCRIBE (null if that failed);
 * without it, the names come from the first row (JS objects put integer-like keys first, so the
 * order may then differ from the query's).
 */
export function resultColumns(rows: readonly Row[], described: readonly { name: string; type: string }[] | null): ResultColumn[] {
  const base = described ?? Object.keys(rows[0] ?? {}).map((name) => ({ name, type: null as string | null }));
  return base.map(({ name, type }) => ({ name, type, kind: columnKind(name, type, sampleColumn(rows, name)) }));
}

export function isTimeKind(kind: ColumnKind): boolean {
  return kind === 'timestamp' || kind === 'epoch' || kind === 'date';
}
