/**
 * `--clickhouse URL --table T [--from ISO] [--to ISO]`: the options by which `evaluate` and
 * `features` read a dataset loaded into ClickHouse (`harbinger load`) instead of log files.
 */
import { clickhouse, type ClickHouse } from '../clickhouse/client';
import { chLogTables } from '../clickhouse/schema';
import { chFeatures } from '../clickhouse/features';
import type { LogTables } from '../features/families';
import { defaultFeatures } from '../features/catalogue';
import type { FeatureFrame, FitSpan } from '../eval/frame';
import { parseIsoTime } from '../metrics/split';
import { errLine } from './terminal';

export const CLICKHOUSE_OPTIONS = {
  clickhouse: { type: 'string' },
  table: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export interface ChSource {
  ch: ClickHouse;
  tables: LogTables;
}

/** The source the options name, or an error message; null when --clickhouse is absent. */
export function chSourceOf(v: { clickhouse?: string; table?: string; from?: string; to?: string }): ChSource | { error: string } | null {
  if (v.clickhouse === undefined) {
    const stray = (['table', 'from', 'to'] as const).find((k) => v[k] !== undefined);
    return stray ? { error: `--${stray} goes with --clickhouse URL` } : null;
  }
  if (!v.table) return { error: '--table T is required with --clickhouse (the name given to `harbinger load`)' };
  const time = (k: 'from' | 'to') => (v[k] === undefined ? undefined : parseIsoTime(v[k]));
  const fromMs = time('from');
  const toMs = time('to');
  for (const [k, t] of [['from', fromMs], ['to', toMs]] as const) if (Number.isNaN(t)) return { error: `invalid --${k} "${v[k]}" (an ISO 8601 time such as 2026-01-05T00:00:00Z)` };
  if (fromMs !== undefined && toMs !== undefined && !(fromMs < toMs)) return { error: `--from ${v.from} is not before --to ${v.to}` };
  try {
    return { ch: clickhouse(v.clickhouse), tables: chLogTables(v.table, { fromMs, toMs }) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The default features for the dataset in ClickHouse: the catalogue's defaults for its metric names. */
export async function chDefaultFeatures(src: ChSource): Promise<string[]> {
  const w = src.tables.where ? ` WHERE ${src.tables.where}` : '';
  const names = (await src.ch.query(`SELECT DISTINCT name FROM ${src.tables.metrics}${w} ORDER BY name`)).map((r) => String(r.name));
  return defaultFeatures(names);
}

/** The window table from ClickHouse, with each family's query time on stderr. */
export async function chFrame(src: ChSource, windowSec: number, features: readonly string[], fit: FitSpan, command: string): Promise<FeatureFrame> {
  const frame = await chFeatures(src.ch, src.tables, {
    windowSec,
    features,
    fit,
    onFamily: (f, ms, rows) => errLine(command, `ClickHouse family ${f}: ${rows} rows in ${Math.round(ms)} ms`),
  });
  if (frame.X.length === 0) throw new Error(`no rows in ${src.tables.requests}, ${src.tables.auth_events} or ${src.tables.metrics}${src.tables.where ? ` where ${src.tables.where}` : ''}`);
  return frame;
}
