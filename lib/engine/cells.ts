/**
 * Cell normalisation rules shared by both adapters, so the same SQL gives the same rows
 * whether DuckDB answers in Arrow (wasm) or in native values (node-api).
 *
 * BIGINT / HUGEINT / UBIGINT → number (nearest double), DECIMAL → number, TIMESTAMP[_S|_MS|_NS|TZ]
 * → epoch ms (fractional below a millisecond), DATE → 'YYYY-MM-DD', LIST / ARRAY / STRUCT → JSON text
 * of the normalised elements. Types with no faithful scalar form (TIME, INTERVAL, BLOB, MAP, ...)
 * throw with a hint to cast in SQL.
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

export function daysToIsoDate(days: number): string {
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
