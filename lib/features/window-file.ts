/**
 * A window table read without DuckDB: the engine's DuckDB is locked away from files once it starts
 * (lib/db/security.ts), so the page reads the `harbinger features --out` file itself — CSV by its
 * papaparse, Parquet by hyparquet — and hands the columns to the same checks as the CLI
 * (./window-rows.ts). Timestamps without a zone are UTC, as DuckDB writes them.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import Papa from 'papaparse';
import type { FeatureFrame } from '../eval/frame';
import { windowFrame } from './window-rows';

export type WindowTable = { frame: FeatureFrame; windowSec: number };

/** Whether a file name is a window table this reader takes. */
export const isWindowTableName = (name: string) => /\.(csv|parquet)$/i.test(name);

/** The window table in `bytes` (the file `name`: .csv or .parquet), or an error naming the file, row and reason. */
export async function readWindowTableFile(name: string, bytes: ArrayBuffer): Promise<WindowTable> {
  if (/\.parquet$/i.test(name)) return readParquet(name, bytes);
  if (/\.csv$/i.test(name)) return readCsv(name, new TextDecoder().decode(bytes));
  throw new Error(`${name}: a window table is a .csv or .parquet file (as \`harbinger features --out\` writes)`);
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|\+00(?::?00)?)?$/;

/** Epoch ms of a DuckDB-style timestamp (UTC), or NaN. */
export function parseStamp(text: string): number {
  const m = STAMP.exec(text);
  if (!m) return NaN;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
}

function readCsv(name: string, text: string): WindowTable {
  // RFC 4180 (quoted fields, doubled quotes, CRLF) by papaparse; every cell stays a string here
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, dynamicTyping: false });
  const bad = parsed.errors[0];
  // a record's number in the file, the header being 1 (its line when no field holds a line break)
  if (bad) throw new Error(`${name}: row ${(bad.row ?? 0) + 1}: ${bad.message}`);
  const [header, ...rows] = parsed.data;
  if (header === undefined) throw new Error(`${name}: empty file`);
  const tsAt = header.indexOf('ts');
  if (tsAt < 0) throw new Error(`${name}: no column "ts" (each window's start); columns: ${header.join(', ')}`);
  const featureAt = header.map((_, i) => i).filter((i) => i !== tsAt);
  const features = featureAt.map((i) => header[i]!);
  rows.forEach((cells, k) => {
    if (cells.length !== header.length) throw new Error(`${name}: row ${k + 2}: ${cells.length} fields, the header has ${header.length}`);
  });
  const starts = rows.map((r, k) => {
    const s = r[tsAt]!;
    if (s === '') return null;
    const t = parseStamp(s);
    if (Number.isNaN(t)) throw new Error(`${name}: row ${k + 2}: ts is ${JSON.stringify(s)}, not a timestamp (YYYY-MM-DD HH:MM:SS, UTC)`);
    return t;
  });
  return windowFrame(name, features, starts, (k, j) => {
    const s = rows[k]![featureAt[j]!]!.trim();
    // Number('') is 0: an empty cell must stay empty
    return s === '' ? null : Number.isFinite(Number(s)) ? Number(s) : s;
  });
}

const NUMERIC_PARQUET = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);

async function readParquet(name: string, bytes: ArrayBuffer): Promise<WindowTable> {
  let meta;
  try {
    meta = parquetMetadata(bytes);
  } catch (e) {
    throw new Error(`${name}: not a Parquet file (${(e as Error).message})`, { cause: e });
  }
  // the root element holds the columns; nested columns are not features
  const cols = meta.schema.slice(1);
  const names = cols.map((c) => c.name);
  const ts = cols.find((c) => c.name === 'ts');
  if (!ts) throw new Error(`${name}: no column "ts" (each window's start); columns: ${names.join(', ')}`);
  const isTime = ts.logical_type?.type === 'TIMESTAMP' || (ts.converted_type ?? '').startsWith('TIMESTAMP');
  if (!isTime) throw new Error(`${name}: column "ts" is ${ts.type ?? 'a group'}, not a timestamp`);
  for (const c of cols) {
    if (c.name === 'ts') continue;
    if (c.num_children || !c.type || !NUMERIC_PARQUET.has(c.type) || c.logical_type?.type === 'DECIMAL' || c.converted_type === 'DECIMAL') {
      throw new Error(`${name}: column "${c.name}" is ${c.logical_type?.type ?? c.converted_type ?? c.type ?? 'a group'}, not a number`);
    }
  }
  const features = names.filter((n) => n !== 'ts');
  const rows = (await parquetReadObjects({ file: bytes })) as Record<string, unknown>[];
  const starts = rows.map((r) => {
    const t = r.ts;
    return t instanceof Date ? t.getTime() : t === null || t === undefined ? null : NaN;
  });
  return windowFrame(name, features, starts, (k, j) => rows[k]![features[j]!]);
}
