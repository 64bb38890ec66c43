/** Result cells as text for the SQL table. All times are UTC, as stored. */
import type { Cell } from '../db/db';
import type { ColumnKind } from './columns';

/** Shown for SQL NULL (styled apart from the text 'NULL'). */
const NULL_TEXT = 'NULL';

/**
 * Epoch ms as ISO 8601 UTC, keeping microseconds when the value has them
 * ('2024-03-01T12:00:00.123456Z'); values a JS Date cannot hold are returned as the number.
 */
export function isoUtc(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(ms);
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString();
  const micros = Math.round((ms - whole) * 1000);
  if (micros === 0) return iso;
  if (micros === 1000) return new Date(whole + 1).toISOString();
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** A number as text: integers exact, others to 12 significant digits (no float noise such as 0.30000000000000004). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n)) return Math.abs(n) >= 1e21 ? n.toExponential() : n.toFixed(0);
  return String(Number(n.toPrecision(12)));
}

/** One cell as text, by the column's kind. Strings come back unchanged (the table renders text nodes, never HTML). */
export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null) return NULL_TEXT;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return kind === 'timestamp' ? isoUtc(value) : formatNumber(value);
  return value;
}

/** Numbers (not times) are right-aligned. */
export function alignRight(kind: ColumnKind): boolean {
  return kind === 'number';
}
