/**
 * Cell normalisation rules shared by both adapters, so the same SQL gives the same rows
 * whether DuckDB answers in Arrow (wasm) or in native values (node-api).
 *
 * BIGINT / HUGEINT / UBIGINT → number (nearest double); DECIMAL → number;
 * TIMESTAMP[_S|_MS|_NS|TZ] → epoch ms (fractional below a millisecond);
 * DATE → 'YYYY-MM-DD' ('infinity' / '-infinity' kept);
 * LIST / ARRAY / STRUCT → JSON text of the normalised elements.
 * Types with no faithful scalar form (TIME, INTERVAL, BLOB, MAP, ...) throw with a hint to cast
 * in SQL. Known gap: UHUGEINT reaches the wasm adapter as 16 raw bytes and throws there.
 */
import type { Cell } from './db';

const MS_PER_DAY = 86_400_000;

export function decimalToNumber(unscaled: bigint, scale: number): number {
  return scale === 0 ? Number(unscaled) : Number(unscaled) / 10 ** scale;
}

export function microsToMs(micros: bigint): number {
  return Number(micros) / 1000;
}

export function nanosToMs(nanos: bigint): number {
  return Number(nanos) / 1e6;
}

/** DuckDB's DATE 'infinity' / '-infinity' sentinels (int32 max / -max). */
const DATE_INFINITY = 2_147_483_647;
/** Largest day count a JS Date can show (±100,000,000 days from 1970). */
const JS_DATE_MAX_DAYS = 100_000_000;

export function daysToIsoDate(days: number): string {
  if (Math.abs(days) === DATE_INFINITY) return days > 0 ? 'infinity' : '-infinity';
  if (Math.abs(days) > JS_DATE_MAX_DAYS) throw new Error(`DATE out of the displayable range: ${days} days from 1970-01-01`);
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Value inside a LIST/STRUCT before it is turned into JSON text. */
export type Nested = Cell | Nested[] | { [key: string]: Nested };

export function nestedToCell(value: Nested): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

export function unsupportedType(typeName: string, column: string): Error {
  return new Error(
    `unsupported result type ${typeName} in column "${column}": cast it in SQL, e.g. "${column}"::VARCHAR or epoch_ms(...)`,
  );
}
