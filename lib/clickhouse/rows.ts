/**
 * Parsed batches (lib/ingest/types.ts) as ClickHouse insert bodies, in CH_COLUMNS order: NaN and
 * null become NULL, times become integer epoch ms. TabSeparated is what `load` sends (measured in
 * bench/clickhouse.ts: it encodes and parses faster than JSONEachRow for the same rows);
 * JSONEachRow is kept for that measurement.
 */
import { assertNever } from '../util/assert-never';
import type { Batch } from '../ingest/types';

export type InsertFormat = 'TabSeparated' | 'JSONEachRow';

type Cells = (k: number) => (string | number | null)[];

function cellsOf(b: Batch): Cells {
  const num = (a: Float64Array | Int32Array, k: number) => (Number.isFinite(a[k]) ? a[k] : null);
  const int = (a: Float64Array, k: number) => (Number.isFinite(a[k]) ? Math.trunc(a[k]) : null);
  const ms = (k: number) => Math.floor(b.ts[k]);
  switch (b.table) {
    case 'requests':
      return (k) => [ms(k), b.source[k], b.ip[k], b.method[k], b.path[k], b.route[k], num(b.status, k), int(b.bytes, k), num(b.latency_ms, k), b.referrer[k], b.user_agent[k]];
    case 'auth_events':
      return (k) => [ms(k), b.source[k], b.host[k], int(b.pid, k), b.process[k], b.kind[k], b.user[k], b.ip[k], int(b.port, k), b.message[k]];
    case 'metrics':
      return (k) => [ms(k), b.source[k], b.name[k], num(b.value, k)];
    default:
      return assertNever(b);
  }
}

const TSV_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0', '\b': '\\b', '\f': '\\f' };

function tsvCell(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r\0\b\f]/.test(v) ? v.replace(/[\\\t\n\r\0\b\f]/g, (c) => TSV_ESCAPE[c]) : v;
}

/** The batch's rows as an insert body; columns are `names`. */
export function encodeBatch(b: Batch, names: readonly string[], format: InsertFormat): string {
  const cells = cellsOf(b);
  const out: string[] = new Array(b.length);
  switch (format) {
    case 'TabSeparated':
      for (let k = 0; k < b.length; k++) out[k] = cells(k).map(tsvCell).join('\t');
      return out.join('\n') + '\n';
    case 'JSONEachRow':
      for (let k = 0; k < b.length; k++) {
        const c = cells(k);
        out[k] = JSON.stringify(Object.fromEntries(names.map((n, j) => [n, c[j]])));
      }
      return out.join('\n') + '\n';
    default:
      return assertNever(format);
  }
}
