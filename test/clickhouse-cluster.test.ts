/**
 * A real two-shard ClickHouse cluster (scripts/clickhouse-cluster.ts, two clickhouse-server
 * processes on loopback ports): a simulated week is loaded through the Distributed tables with our
 * parsers, and the window table and the evaluation computed from it must equal the DuckDB path's
 * on the same files. Skipped, saying so, where ClickHouse is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLICKHOUSE_MISSING, testCluster } from './support/clickhouse';
import type { Cluster } from '../scripts/clickhouse-cluster';
import { clickhouse, type ClickHouse } from '../lib/clickhouse/client';
import { chLogTables, createTables } from '../lib/clickhouse/schema';
import { loadIntoClickHouse } from '../lib/clickhouse/load';
import { chFeatures } from '../lib/clickhouse/features';
import { fileInput } from '../lib/cli/files';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import type { Db } from '../lib/db/db';
import { loadSources } from '../lib/jobs/load';
import { loadFeatures } from '../lib/eval/frame';
import { evaluate, evaluateFrame, evalDefaults, type EvalConfig } from '../lib/eval/evaluate';
import { catalogue, defaultFeatures } from '../lib/features/catalogue';
import { parseLabelsCsv } from '../lib/labels/parse';
import { splitTimeOf } from '../lib/metrics/split';

const root = path.resolve(import.meta.dirname, '..');
const harbinger = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const FILES = ['access.log', 'auth.log', 'metrics.csv'];

if (CLICKHOUSE_MISSING) {
  describe.skip(`two-shard ClickHouse (${CLICKHOUSE_MISSING})`, () => it('needs ClickHouse', () => undefined));
} else {
  describe('two-shard ClickHouse: a simulated week, features and metrics equal to the DuckDB path', () => {
    let cluster: Cluster;
    let ch: ClickHouse;
    let db: Db;
    let dir: string;
    const files = () => FILES.map((f) => path.join(dir, f));

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-chweek-'));
      const sim = harbinger('simulate', '--preset', 'web-shop', '--seed', '3', '--days', '7', '--rps', '0.1', '--out', dir);
      expect(sim.code, sim.stderr).toBe(0);
      cluster = await testCluster(19600);
      ch = clickhouse(cluster.http[0]);
      await createTables(ch, 'wk', { cluster: cluster.cluster, shards: cluster.http.map(clickhouse) });
      const inputs = await Promise.all(files().map(fileInput));
      const { rows } = await loadIntoClickHouse(ch, 'wk', inputs, { format: 'auto', batchSize: 20_000 });
      expect(rows).toBeGreaterThan(50_000);
      db = await openNative(':memory:', { threads: 2 });
      await createSchema(db);
      await loadSources(db, await Promise.all(files().map(fileInput)), { format: 'auto', latencyUnit: 'auto' });
    }, 240_000);

    afterAll(async () => {
      await db?.close();
      await cluster?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('spreads the rows over both shards and loses none', async () => {
      const [duck] = await db.query('SELECT (SELECT count(*) FROM requests) AS r, (SELECT count(*) FROM auth_events) AS a, (SELECT count(*) FROM metrics) AS m');
      const count = async (t: string) => Number((await ch.query(`SELECT count() AS n FROM ${t}`))[0].n);
      expect([await count('wk_requests'), await count('wk_auth_events'), await count('wk_metrics')]).toEqual([duck.r, duck.a, duck.m]);
      for (const url of cluster.http) {
        const local = Number((await clickhouse(url).query('SELECT count() AS n FROM wk_requests_local'))[0].n);
        expect(local).toBeGreaterThan(Number(duck.r) / 4);
      }
    });

    it('computes every catalogue feature as DuckDB does, window by window', async () => {
      const names = (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
      const ids = catalogue(names).map((f) => f.id);
      const features = [...ids, 'd:requests', 'd:p90_ms'];
      const [b] = await db.query('SELECT epoch_ms(min(ts)) AS lo, epoch_ms(max(ts)) AS hi FROM requests');
      const fitUntilMs = splitTimeOf(Number(b.lo), Number(b.hi), 60_000, 0.5);
      const duck = await loadFeatures(db, 60, features, { fitUntilMs });
      const house = await chFeatures(ch, chLogTables('wk'), { windowSec: 60, features, fit: { fitUntilMs } });
      expect(house.starts).toEqual(duck.starts);
      expect(duck.X.length).toBeGreaterThan(10_000 - 100);
      for (const [j, f] of features.entries()) {
        for (let k = 0; k < duck.X.length; k++) {
          const a = duck.X[k][j];
          const c = house.X[k][j];
          // means are summed in (time, value) order on both engines: every feature equal to the bit
          if (a !== c) expect(c, `${f} @${k}`).toBe(a);
        }
      }
    });

    it('refuses a span of more windows than a model can train on, before any feature query', async () => {
      const queried: string[] = [];
      await expect(
        chFeatures(ch, chLogTables('wk'), { windowSec: 60, features: ['requests'], maxWindows: 1000, onFamily: (f) => queried.push(f) }),
      ).rejects.toThrow(/spans 10,0\d\d windows of 60 s .* more than the 1,000 a model can train on here: pick a shorter span \(--from\/--to\)/);
      expect(queried).toEqual([]);
      // --from/--to narrow it
      const day = await chFeatures(ch, chLogTables('wk', { fromMs: Date.UTC(2024, 2, 5), toMs: Date.UTC(2024, 2, 5, 12) }), { windowSec: 60, features: ['requests'], maxWindows: 1000 });
      expect(day.X.length).toBe(720);
      expect(day.starts[0]).toBe(Date.UTC(2024, 2, 5));
    });

    it('gives the same detector results as the DuckDB path on the same data', async () => {
      const names = (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
      const features = defaultFeatures(names);
      const labels = parseLabelsCsv(readFileSync(path.join(dir, 'labels.csv'), 'utf8'), 'labels.csv');
      const config: EvalConfig = { ...evalDefaults, windowSec: 60, features, detectors: ['robust-z', 'ewma', 'isolation-forest'] };
      const fromFile = await evaluate(db, config, labels);
      const [b] = await db.query('SELECT epoch_ms(min(ts)) AS lo FROM requests');
      expect(Number(b.lo)).toBeGreaterThan(0);
      const frame = await chFeatures(ch, chLogTables('wk'), { windowSec: 60, features, fit: { trainFraction: config.trainFraction } });
      const fromCluster = await evaluateFrame(frame, config, labels);
      expect(fromCluster.windows).toBe(fromFile.windows);
      // the window tables are equal to the bit (above), so every result but the timings is too
      const untimed = (ds: typeof fromFile.detectors) => ds.map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.endsWith('_ms'))));
      expect(untimed(fromCluster.detectors)).toEqual(untimed(fromFile.detectors));
      expect(fromFile.detectors.some((d) => d.error === null && d.events_detected > 0)).toBe(true);
    });

    it('CLI: `load` prints the same report and rejects as `parse`; `evaluate --clickhouse` and `features --out` read the cluster', () => {
      const hostile = path.join(root, 'test/fixtures/e2e/access-hostile.log');
      const parsed = harbinger('parse', hostile);
      const loaded = harbinger('load', '--clickhouse', cluster.http[0], '--table', 'hostile', '--create', hostile);
      expect(loaded.code, loaded.stderr).toBe(0);
      const report = (s: string) => s.split('\n').filter((l) => !/ ms \(|^status:|^inserted /.test(l) && l !== '');
      expect(report(loaded.stdout)).toEqual(report(parsed.stdout));
      expect(loaded.stdout).toMatch(/rejected line 21: missing timestamp/);

      const ev = harbinger('evaluate', '--clickhouse', cluster.http[0], '--table', 'wk', '--labels', path.join(dir, 'labels.csv'), '--detectors', 'robust-z', '--json');
      expect(ev.code, ev.stderr).toBe(0);
      expect(ev.stderr).not.toMatch(/left out/);
      const j = JSON.parse(ev.stdout);
      expect(j.windows).toBeGreaterThan(10_000 - 100);
      expect(j.detectors[0].name).toBe('robust-z');

      const out = path.join(dir, 'windows.csv');
      const fe = harbinger('features', '--clickhouse', cluster.http[0], '--table', 'wk', '--features', 'requests,p90_ms', '--out', out);
      expect(fe.code, fe.stderr).toBe(0);
      const csv = readFileSync(out, 'utf8').trim().split('\n');
      expect(csv[0]).toBe('ts,requests,p90_ms');
      expect(csv.length - 1).toBe(j.windows);
    });
  });
}
