import { parseArgs } from 'node:util';
import { openNative } from '../db/native';
import { sqlString } from '../db/schema';
import { loadFeaturesChecked, fitSpanOf, type FeatureFrame } from '../eval/frame';
import { defaultFeatures, featureDef } from '../features/catalogue';
import { ident } from '../features/sql';
import { parseWindow } from '../spec/schema';
import { parseIsoTime } from '../metrics/split';
import { messageOf } from '../jobs/result';
import { loadLogFiles } from './files';
import { errLine, out } from './terminal';
import { CLICKHOUSE_OPTIONS, chDefaultFeatures, chFrame, chSourceOf } from './clickhouse-source';
import type { Db } from '../db/db';

/**
 * `harbinger features (LOG… | --clickhouse URL --table T [--from ISO] [--to ISO]) --out FILE.parquet|FILE.csv
 * [--window 1m] [--features a,b] [--train-fraction 0.5 | --split-at ISO]`: writes the window table,
 * one row per window: `ts` (the window's start, UTC) and one DOUBLE column per feature, named by
 * its id. The browser's Source cell opens such a file without the logs.
 */
export async function featuresCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        window: { type: 'string', default: '1m' },
        features: { type: 'string' },
        'train-fraction': { type: 'string' },
        'split-at': { type: 'string' },
        ...CLICKHOUSE_OPTIONS,
      },
    });
  } catch (e) {
    errLine('harbinger features', messageOf(e));
    return 2;
  }
  const v = args.values;
  const logs = args.positionals;
  const fail = (msg: string) => (errLine('harbinger features', msg), 2);
  const src = chSourceOf(v);
  if (src && 'error' in src) return fail(src.error);
  if (src && logs.length > 0) return fail('give log files or --clickhouse, not both');
  if (!src && logs.length === 0) return fail('no log files (or --clickhouse URL --table T)');
  if (!v.out || !/\.(parquet|csv)$/i.test(v.out)) return fail('--out FILE.parquet or FILE.csv is required');
  let windowSec: number;
  try {
    windowSec = parseWindow(v.window);
  } catch (e) {
    return fail(messageOf(e));
  }
  if (v['train-fraction'] !== undefined && v['split-at'] !== undefined) return fail('give --train-fraction or --split-at, not both');
  const trainFraction = Number(v['train-fraction'] ?? 0.5);
  if (!(trainFraction > 0 && trainFraction < 1)) return fail(`invalid --train-fraction "${v['train-fraction']}" (0 < f < 1)`);
  const splitAt = v['split-at'] === undefined ? null : parseIsoTime(v['split-at']);
  if (Number.isNaN(splitAt)) return fail(`invalid --split-at "${v['split-at']}"`);
  let chosen: string[] | null = null;
  if (v.features !== undefined) {
    chosen = v.features.split(',').map((f) => f.trim()).filter(Boolean);
    try {
      chosen.forEach(featureDef);
    } catch (e) {
      return fail(messageOf(e));
    }
  }
  const fit = fitSpanOf({ splitAt, trainFraction }, windowSec);

  const db = await openNative();
  try {
    let frame: FeatureFrame;
    if (src) {
      const features = chosen ?? (await chDefaultFeatures(src));
      frame = await chFrame(src, windowSec, features, fit, 'harbinger features');
    } else {
      const names = await loadLogFiles(db, logs);
      frame = await loadFeaturesChecked(db, windowSec, chosen ?? defaultFeatures(names), fit);
    }
    await writeWindowTable(db, frame, v.out);
    out(`${v.out}: ${frame.X.length} windows of ${windowSec} s × ${frame.features.length} features\n`);
    return 0;
  } catch (e) {
    errLine('harbinger features', messageOf(e));
    return 1;
  } finally {
    await db.close();
  }
}

/** The frame as a Parquet or CSV file (by extension), through a DuckDB table. */
async function writeWindowTable(db: Db, frame: FeatureFrame, path: string): Promise<void> {
  await db.exec(`CREATE OR REPLACE TABLE window_table (ts TIMESTAMP, ${frame.features.map((f) => `${ident(f)} DOUBLE`).join(', ')})`);
  await db.insertColumns(
    'window_table',
    [
      { name: 'ts', type: 'TIMESTAMP', values: frame.starts },
      ...frame.features.map((f, j) => ({ name: f, type: 'DOUBLE' as const, values: Float64Array.from(frame.X, (r) => r[j]) })),
    ],
    frame.X.length,
  );
  const format = /\.parquet$/i.test(path) ? 'FORMAT PARQUET' : 'FORMAT CSV, HEADER';
  await db.exec(`COPY (SELECT * FROM window_table ORDER BY ts) TO ${sqlString(path)} (${format})`);
}
