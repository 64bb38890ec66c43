import type { Cell, Row } from '../db/db';

/**
 * CSV text (RFC 4180 quoting). Cells that a spreadsheet would run as a formula (starting with
 * =, +, -, @, tab or CR) get a leading apostrophe, so opening an export never executes log content.
 */
export function toCsv(rows: Row[], columns: string[]): string {
  const out = [columns.map(csvCell).join(',')];
  for (const r of rows) out.push(columns.map((c) => csvCell(r[c] ?? null)).join(','));
  return out.join('\r\n') + '\r\n';
}

export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
