/**
 * ClickHouse vs native DuckDB on the same simulated logs (BENCHMARKS.md, "ClickHouse").
 *
 *   npx tsx bench/clickhouse.ts [MILLIONS…]        default: 1 10
 *
 * Per size: simulates a web-shop week with the request rate that gives about that many lines,
 * loads it into a local two-shard cluster (scripts/clickhouse-cluster.ts) through the Distributed
 * tables, and into native DuckDB; then times the window features (the defaults, 1 min windows) on each, best of two runs. At the first size it also times the insert
 * format (TabSeparated vs JSONEachRow). Prints one JSON line per size; removes its files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../scripts/clickhouse-cluster';
import { clickhouse } from '../lib/clickhouse/client';
import { chLogTables, createTables } from '../lib/clickhouse/schema';
import { loadIntoClickHouse } from '../lib/clickhouse/load';
import { chFeatures } from '../lib/clickhouse/features';
import type { InsertFormat } from '../lib/clickhouse/rows';
import { fileInput } from '../lib/cli/files';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { loadSources } from '../lib/jobs/load';
import { loadFeatures } from '../lib/eval/frame';
import { defaultFeatures } from '../lib/features/catalogue';
import { splitTimeOf } from '../lib/metrics/split';

const root = path.resolve(import.meta.dirname, '..');
const FILES = ['access.log', 'auth.log', 'metrics.csv'];
const WEEK_S = 7 * 86_400;

function simulate(dir: string, millions: number): void {
  // about 1.07 lines per request (auth and metric lines besides); the rate the preset draws around
  const rps = ((millions * 1e6) / 1.07 / WEEK_S).toFixed(3);
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), 'simulate', '--preset', 'web-shop', '--seed', '1', '--days', '7', '--rps', rps, '--out', dir, '--force'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`simulate failed: ${r.stderr}`);
}

async function best<T>(n: number, f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let ms = Infinity;
  let value!: T;
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    value = await f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

const sizes = process.argv.slice(2).map(Number);
const cluster = await startCluster({ shards: 2, basePort: 19700 });
try {
  const ch = clickhouse(cluster.http[0]);
  const shards = cluster.http.map(clickhouse);
  for (const [idx, millions] of (sizes.length ? sizes : [1, 10]).entries()) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-chbench-'));
    try {
      const t0 = performance.now();
      simulate(dir, millions);
      const files = FILES.map((f) => path.join(dir, f));
      const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
      const simMs = performance.now() - t0;
      const formats: InsertFormat[] = idx === 0 ? ['JSONEachRow', 'TabSeparated'] : ['TabSeparated'];
      const load: Record<string, number> = {};
      let rows = 0;
      let prefix = '';
      for (const fmt of formats) {
        prefix = `b${idx}_${fmt === 'TabSeparated' ? 'tsv' : 'json'}`;
        await createTables(ch, prefix, { cluster: cluster.cluster, shards });
        const t1 = performance.now();
        rows = (await loadIntoClickHouse(ch, prefix, await Promise.all(files.map(fileInput)), { format: 'auto', insertFormat: fmt })).rows;
        load[fmt] = performance.now() - t1;
        process.stderr.write(`${millions} M: loaded ${rows} rows as ${fmt} in ${Math.round(load[fmt])} ms\n`);
      }
      const db = await openNative(':memory:', { threads: 2 });
      try {
        await createSchema(db);
        const t2 = performance.now();
        await loadSources(db, await Promise.all(files.map(fileInput)), { format: 'auto', latencyUnit: 'auto' });
        const duckLoadMs = performance.now() - t2;
        const names = (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
        const features = defaultFeatures(names);
        const [b] = await db.query('SELECT epoch_ms(min(ts)) AS lo, epoch_ms(max(ts)) AS hi FROM requests');
        const fitUntilMs = splitTimeOf(Number(b.lo), Number(b.hi), 60_000, 0.5);
        const families: Record<string, number> = {};
        const chRun = await best(2, () => chFeatures(ch, chLogTables(prefix), { windowSec: 60, features, fit: { fitUntilMs }, onFamily: (f, ms) => (families[f] = Math.round(ms)) }));
        const duckRun = await best(2, () => loadFeatures(db, 60, features, { fitUntilMs }));
        const parts = await ch.query(`SELECT count() AS parts, sum(bytes_on_disk) AS bytes FROM system.parts WHERE active AND table LIKE '${prefix}_%'`);
        const line = {
          millions,
          rows,
          file_bytes: bytes,
          simulate_ms: Math.round(simMs),
          ch_load_ms: Object.fromEntries(Object.entries(load).map(([k, v]) => [k, Math.round(v)])),
          ch_load_rows_per_s: Math.round(rows / (load.TabSeparated / 1000)),
          ch_shard1_disk_bytes: Number(parts[0].bytes),
          duckdb_load_ms: Math.round(duckLoadMs),
          windows: chRun.value.X.length,
          features: features.length,
          ch_features_ms: Math.round(chRun.ms),
          ch_family_ms_last_run: families,
          duckdb_features_ms: Math.round(duckRun.ms),
          load_average: os.loadavg().map((x) => x.toFixed(1)).join(' '),
        };
        process.stdout.write(JSON.stringify(line) + '\n');
      } finally {
        await db.close();
      }
      for (const fmt of formats) {
        const p = `b${idx}_${fmt === 'TabSeparated' ? 'tsv' : 'json'}`;
        for (const t of ['requests', 'auth_events', 'metrics']) {
          await ch.exec(`DROP TABLE IF EXISTS ${p}_${t}`);
          for (const s of shards) await s.exec(`DROP TABLE IF EXISTS ${p}_${t}_local`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await cluster.stop();
}
