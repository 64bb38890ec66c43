/**
 * One SQL suite, run against every Db adapter (wasm.test.ts, native.test.ts): both must give the
 * same rows for the same SQL. Later suites (lib/explore) reuse `open` the same way.
 */
import type { LabelRow } from '../labels/types';
import { incidentBands } from '../explore/labels';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthBatch, MetricBatch, Reject, RequestBatch } from '../ingest/types';
import type { Db } from './db';
import { createSchema, insertLabels, insertRejects, readLabels, replaceLabels, resetData } from './schema';
import { writeResults } from '../jobs/results';
import { lockDown } from './security';
import { syntheticRequests } from './synthetic';

const T0 = Date.UTC(2024, 2, 10, 12, 0, 0);

function requestFixture(): RequestBatch {
  return {
    table: 'requests',
    length: 3,
    ts: new Float64Array([T0, T0 + 1500, T0 + 0.25]),
    source: ['a.log', 'a.log', 'b.log'],
    ip: ['10.0.0.1', '2001:db8::1', '10.0.0.3'],
    method: ['GET', 'POST', null],
    path: ['/x?q=1', "/<script>alert('x')</script>", null],
    route: ['/x', '/:id', null],
    status: new Int32Array([200, 500, 400]),
    bytes: new Float64Array([1234, NaN, 2 ** 40]),
    latency_ms: new Float64Array([NaN, 12.5, 0]),
    referrer: [null, 'https://example.com/é', '-'],
    user_agent: ['Mozilla/5.0 😀', 'naïve "quoted" \\ agent', ''],
  };
}

export function defineEngineSuite(label: string, open: () => Promise<Db>): void {
  describe(`engine: ${label}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
    });
    afterAll(async () => db?.close());
    beforeEach(async () => resetData(db));

    it('creates the schema idempotently with the documented column types', async () => {
      await createSchema(db);
      const cols = await db.query(
        `SELECT table_name AS t, column_name AS c, data_type AS ty FROM information_schema.columns
         WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
      );
      const byTable = (t: string) => cols.filter((r) => r.t === t).map((r) => `${r.c} ${r.ty}`);
      expect(byTable('requests')).toEqual([
        'ts TIMESTAMP', 'source VARCHAR', 'ip VARCHAR', 'method VARCHAR', 'path VARCHAR', 'route VARCHAR',
        'status INTEGER', 'bytes BIGINT', 'latency_ms DOUBLE', 'referrer VARCHAR', 'user_agent VARCHAR',
      ]);
      expect(byTable('auth_events')).toEqual([
        'ts TIMESTAMP', 'source VARCHAR', 'host VARCHAR', 'pid INTEGER', 'process VARCHAR', 'kind VARCHAR',
        'user VARCHAR', 'ip VARCHAR', 'port INTEGER', 'message VARCHAR',
      ]);
      expect(byTable('metrics')).toEqual(['ts TIMESTAMP', 'source VARCHAR', 'name VARCHAR', 'value DOUBLE']);
      expect(byTable('parse_rejects')).toEqual(['source VARCHAR', 'line BIGINT', 'reason VARCHAR', 'text VARCHAR']);
    });

    it('inserts a request batch and reads back exact values (NaN → NULL, UTC ms, unicode)', async () => {
      const batch = requestFixture();
      await db.insert(batch);
      // The caller owns its arrays again once insert() resolves, even if the adapter buffers.
      batch.status.fill(0);
      batch.latency_ms.fill(-1);
      batch.user_agent[0] = 'changed';
      const rows = await db.query('SELECT * FROM requests ORDER BY status');
      expect(rows).toEqual([
        {
          ts: T0, source: 'a.log', ip: '10.0.0.1', method: 'GET', path: '/x?q=1', route: '/x', status: 200,
          bytes: 1234, latency_ms: null, referrer: null, user_agent: 'Mozilla/5.0 😀',
        },
        {
          ts: T0 + 0.25, source: 'b.log', ip: '10.0.0.3', method: null, path: null, route: null, status: 400,
          bytes: 2 ** 40, latency_ms: 0, referrer: '-', user_agent: '',
        },
        {
          ts: T0 + 1500, source: 'a.log', ip: '2001:db8::1', method: 'POST', path: "/<script>alert('x')</script>",
          route: '/:id', status: 500, bytes: null, latency_ms: 12.5, referrer: 'https://example.com/é',
          user_agent: 'naïve "quoted" \\ agent',
        },
      ]);
      const [iso] = await db.query(
        "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS s, typeof(ts) AS t FROM requests WHERE status = 200",
      );
      expect(iso).toEqual({ s: '2024-03-10 12:00:00.000000', t: 'TIMESTAMP' });
    });

    it('inserts auth and metric batches', async () => {
      const auth: AuthBatch = {
        table: 'auth_events', length: 2, ts: new Float64Array([T0, T0 + 1000]), source: ['auth.log', 'auth.log'],
        host: ['web1', 'web1'], pid: new Float64Array([4242, NaN]), process: ['sshd', 'CRON'],
        kind: ['failed_password', 'other'], user: ['root', null], ip: ['203.0.113.9', null],
        port: new Float64Array([52344, NaN]), message: ['Failed password for root from 203.0.113.9 port 52344 ssh2', 'session opened'],
      };
      const metrics: MetricBatch = {
        table: 'metrics', length: 3, ts: new Float64Array([T0, T0, T0 + 60_000]), source: ['m.csv', 'm.csv', 'm.csv'],
        name: ['cpu_pct', 'mem_mb', 'cpu_pct'], value: new Float64Array([12.5, 2048, NaN]),
      };
      await db.insert(auth);
      await db.insert(metrics);
      expect(await db.query('SELECT ts, pid, process, kind, "user", ip, port FROM auth_events ORDER BY ts')).toEqual([
        { ts: T0, pid: 4242, process: 'sshd', kind: 'failed_password', user: 'root', ip: '203.0.113.9', port: 52344 },
        { ts: T0 + 1000, pid: null, process: 'CRON', kind: 'other', user: null, ip: null, port: null },
      ]);
      expect(await db.query('SELECT ts, name, value FROM metrics ORDER BY ts, name')).toEqual([
        { ts: T0, name: 'cpu_pct', value: 12.5 },
        { ts: T0, name: 'mem_mb', value: 2048 },
        { ts: T0 + 60_000, name: 'cpu_pct', value: null },
      ]);
    });

    it('accepts an empty batch', async () => {
      await db.insert(syntheticRequests(0));
      expect(await db.query('SELECT count(*) AS n FROM requests')).toEqual([{ n: 0 }]);
    });

    it('rejects malformed batches without inserting any row', async () => {
      const short = { ...requestFixture(), status: new Int32Array([200]) };
      await expect(db.insert(short)).rejects.toThrow(/requests\.status: 1 values for a batch of length 3/);
      const fractional: AuthBatch = {
        table: 'auth_events', length: 2, ts: new Float64Array([T0, T0]), source: ['a', 'a'], host: ['h', 'h'],
        pid: new Float64Array([1, 1.5]), process: ['p', 'p'], kind: ['other', 'other'], user: [null, null],
        ip: [null, null], port: new Float64Array([NaN, NaN]), message: ['m', 'm'],
      };
      await expect(db.insert(fractional)).rejects.toThrow(/auth_events\.pid at row 1: 1\.5/);
      expect(await db.query('SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM auth_events) AS n')).toEqual([{ n: 0 }]);
    });

    it('stores parse rejects, quotes and all', async () => {
      const rejects: Reject[] = [
        { source: "o'brien.log", line: 7, reason: 'bad request line', text: "GET '; DROP TABLE requests; --" },
        { source: 'x.log', line: 2 ** 40, reason: 'NUL \u0000 byte', text: 'ünïcödé <b>' },
      ];
      await insertRejects(db, rejects);
      await insertRejects(db, []);
      expect(await db.query('SELECT * FROM parse_rejects ORDER BY line')).toEqual([
        rejects[0],
        { source: 'x.log', line: 2 ** 40, reason: 'NUL \uFFFD byte', text: 'ünïcödé <b>' },
      ]);
      expect(await db.query('SELECT count(*) AS n FROM information_schema.tables WHERE table_name = \'requests\'')).toEqual([{ n: 1 }]);
    });

    it('stores labeled incident phases and reads them back as bands', async () => {
      const t = Date.UTC(2026, 0, 5, 6, 0);
      const labels: LabelRow[] = [
        { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'precursor', start: t, end: t + 600_000, target: "/api/o'rders/:id" },
        { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'failure', start: t + 600_000, end: t + 900_000, target: null },
      ];
      await insertLabels(db, labels);
      // read back as the evaluation's labels: the same rows, on both adapters
      expect(await readLabels(db)).toEqual(labels);
      expect(await db.query(incidentBands({ range: null }))).toEqual([
        { incident_id: 'inc-1', kind: 'latency-ramp', phase: 'precursor', start: t, end: t + 600_000, target: "/api/o'rders/:id" },
        { incident_id: 'inc-1', kind: 'latency-ramp', phase: 'failure', start: t + 600_000, end: t + 900_000, target: null },
      ]);
      // a range inside the failure phase sees only the phase that overlaps it
      expect(await db.query(incidentBands({ range: { from: t + 700_000, to: t + 800_000 } }))).toEqual([
        { incident_id: 'inc-1', kind: 'latency-ramp', phase: 'failure', start: t + 700_000, end: t + 800_000, target: null },
      ]);
      await expect(insertLabels(db, [{ ...labels[0], end: t - 1 }])).rejects.toThrow('invalid label time span');
    });

    it("replaces the labels with a user's labels file, and keeps them when a row is bad", async () => {
      const t = Date.UTC(2026, 0, 5, 6, 0);
      await insertLabels(db, [{ incidentId: 'inc-1', kind: 'old', phase: 'failure', start: t, end: t + 60_000, target: null }]);
      const mine: LabelRow[] = [{ incidentId: 'inc-01', kind: 'outage', phase: 'failure', start: t + 120_000, end: t + 180_000, target: null }];
      await replaceLabels(db, mine);
      expect(await readLabels(db)).toEqual(mine);
      await expect(replaceLabels(db, [{ ...mine[0], end: Number.NaN }])).rejects.toThrow('invalid label time span');
      expect(await readLabels(db)).toEqual(mine);
      await replaceLabels(db, []);
      expect(await readLabels(db)).toEqual([]);
    });

    it('writes training results as tables the SQL cell can join with the labels', async () => {
      const t = Date.UTC(2026, 0, 5, 6, 0);
      await insertLabels(db, [{ incidentId: 'inc-9', kind: 'error-burst', phase: 'failure', start: t + 240_000, end: t + 300_000, target: null }]);
      const starts = [0, 1, 2, 3, 4].map((i) => t + i * 60_000);
      await writeResults(db, {
        starts,
        windowMs: 60_000,
        features: ['requests', 'metric_mean:cpu "pct"'],
        X: starts.map((_, i) => [10 * i, i === 2 ? NaN : i / 2]),
        testStart: 2,
        detectors: [{ name: 'ewma', scores: [0.1, 0.2, 0.3, 5, 6], threshold: 4 }],
        alarms: [
          { detector: 'ewma', start: t + 180_000, end: t + 300_000, windows: 2, incidentId: 'inc-9', incidentKind: 'error-burst', incidentPhase: 'failure' },
          { detector: 'ewma', start: t + 3_600_000, end: t + 3_660_000, windows: 1, incidentId: null, incidentKind: null, incidentPhase: null },
        ],
      });
      expect(await db.query(`SELECT epoch_ms(ts) AS ts, requests, "metric_mean:cpu ""pct""" AS cpu FROM features ORDER BY ts`)).toEqual(
        starts.map((ts, i) => ({ ts, requests: 10 * i, cpu: i === 2 ? null : i / 2 })),
      );
      expect(await db.query("SELECT count(*) AS n, count(*) FILTER (WHERE alarm) AS alarms, count(*) FILTER (WHERE span = 'test') AS test FROM scores")).toEqual([{ n: 5, alarms: 2, test: 3 }]);
      expect(await db.query('SELECT epoch_ms(start) AS start, epoch_ms("end") AS "end", windows, incident_id, incident_kind, incident_phase FROM alarms ORDER BY start')).toEqual([
        { start: t + 180_000, end: t + 300_000, windows: 2, incident_id: 'inc-9', incident_kind: 'error-burst', incident_phase: 'failure' },
        { start: t + 3_600_000, end: t + 3_660_000, windows: 1, incident_id: null, incident_kind: null, incident_phase: null },
      ]);
      // the match is the caller's (matchIncidents), written as given: the SQL does not re-derive it from labels
      expect(await db.query("SELECT count(*) AS n FROM alarms a JOIN labels l ON l.incident_id = a.incident_id WHERE l.phase = 'failure'")).toEqual([{ n: 1 }]);
      // rewriting replaces, never appends
      await writeResults(db, { starts: [t], windowMs: 60_000, features: ['requests'], X: [[1]], testStart: 0, detectors: [], alarms: [] });
      expect(await db.query('SELECT (SELECT count(*) FROM features) AS f, (SELECT count(*) FROM scores) AS s, (SELECT count(*) FROM alarms) AS a')).toEqual([{ f: 1, s: 0, a: 0 }]);
    });

    it('normalises result types', async () => {
      const [row] = await db.query(`SELECT
        42::BIGINT AS big, 9007199254740993::BIGINT AS huge_big, (2::HUGEINT ** 70)::HUGEINT AS hugeint,
        count(*) AS cnt, sum(x) AS total, -12.34::DECIMAL(10, 2) AS dec, 1.5::DECIMAL(4, 1) AS dec_small,
        12345678901234567.891::DECIMAL(38, 3) AS dec_wide, DATE '1960-02-29' AS d, DATE 'infinity' AS d_inf,
        TIMESTAMP '1969-12-31 23:59:59.999' AS ts_before, TIMESTAMP '2024-03-10 12:00:00.123456' AS ts_us,
        TIMESTAMPTZ '2024-03-10 12:00:00+02' AS tstz, NULL AS nothing, true AS yes, 1.5::FLOAT AS f,
        7::TINYINT AS tiny, 'txt' AS s, [1, 2, NULL] AS list, {'a': 1, 'b': 'x'} AS struct
        FROM range(3) t(x)`);
      expect(row).toEqual({
        big: 42, huge_big: 9007199254740992, hugeint: 2 ** 70, cnt: 3, total: 3, dec: -12.34, dec_small: 1.5,
        dec_wide: Number(12345678901234567891n) / 1000, d: '1960-02-29', d_inf: 'infinity', ts_before: -1, ts_us: (T0 * 1000 + 123_456) / 1000,
        tstz: Date.UTC(2024, 2, 10, 10), nothing: null, yes: true, f: 1.5, tiny: 7, s: 'txt',
        list: '[1,2,null]', struct: '{"a":1,"b":"x"}',
      });
      expect(Object.keys(row!)).toEqual(['big', 'huge_big', 'hugeint', 'cnt', 'total', 'dec', 'dec_small',
        'dec_wide', 'd', 'd_inf', 'ts_before', 'ts_us', 'tstz', 'nothing', 'yes', 'f', 'tiny', 's', 'list', 'struct']);
      await expect(db.query("SELECT INTERVAL '1 day' AS i")).rejects.toThrow(/unsupported result type .* in column "i"/);
      expect(await db.query('SELECT 1 AS a WHERE false')).toEqual([]);
    });

    it('surfaces SQL errors as rejected promises with DuckDB\'s message', async () => {
      await expect(db.query('SELECT * FROM no_such_table')).rejects.toThrow(/Table with name no_such_table does not exist/);
      await expect(db.exec('SELEC 1')).rejects.toThrow(/syntax error/i);
      await expect(db.query("SELECT 'a'::INTEGER")).rejects.toThrow(/Could not convert string 'a' to INT32/);
      expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    });

    it('inserts 100k rows in several batches', async () => {
      for (let first = 0; first < 100_000; first += 25_000) await db.insert(syntheticRequests(25_000, first));
      const [stats] = await db.query(
        'SELECT count(*) AS n, count(bytes) AS with_bytes, min(ts) AS lo, max(ts) AS hi, count(DISTINCT user_agent) AS agents FROM requests',
      );
      const expected = syntheticRequests(100_000);
      expect(stats).toEqual({
        n: 100_000,
        with_bytes: expected.bytes.filter((b) => !Number.isNaN(b)).length,
        lo: expected.ts[0],
        hi: expected.ts[99_999],
        agents: 4,
      });
    });

    it('keeps every value when batches straddle chunk and row-group boundaries', async () => {
      const sizes = [100_003, 30_001, 7];
      let first = 0;
      for (const n of sizes) {
        await db.insert(syntheticRequests(n, first));
        first += n;
      }
      const rows = await db.query('SELECT * FROM requests ORDER BY ts');
      const all = syntheticRequests(first);
      expect(rows.length).toBe(first);
      for (let i = 0; i < first; i++) {
        const expected = {
          ts: all.ts[i], source: all.source[i], ip: all.ip[i], method: all.method[i], path: all.path[i],
          route: all.route[i], status: all.status[i], bytes: nanToNull(all.bytes[i]!),
          latency_ms: nanToNull(all.latency_ms[i]!), referrer: all.referrer[i], user_agent: all.user_agent[i],
        };
        // One comparison per row would be slow; fall back to a readable diff at the first mismatch.
        if (JSON.stringify(rows[i]) !== JSON.stringify(expected)) expect({ row: i, ...rows[i] }).toEqual({ row: i, ...expected });
      }
    });

    it('round-trips strings around the inline / heap / repeat cases', async () => {
      const names = ['', 'a', 'abcdefghijkl', 'abcdefghijklm', 'é', 'ü12345678901', '😀', 'x'.repeat(5000), 'naïve long repeated value'];
      const n = 5000;
      const pick = (i: number) => names[(i * 7) % names.length]!;
      await db.insert({
        table: 'metrics', length: n, ts: Float64Array.from({ length: n }, (_, i) => T0 + i),
        source: Array.from({ length: n }, () => 'strings'), name: Array.from({ length: n }, (_, i) => pick(i)),
        value: Float64Array.from({ length: n }, (_, i) => i),
      });
      const rows = await db.query('SELECT name, octet_length(encode(name)) AS bytes FROM metrics ORDER BY value');
      expect(rows.map((r) => r.name)).toEqual(Array.from({ length: n }, (_, i) => pick(i)));
      expect(rows.slice(0, names.length).map((r) => r.bytes)).toEqual(
        Array.from({ length: names.length }, (_, i) => new TextEncoder().encode(pick(i)).length),
      );
    });

    describe('lockDown', () => {
      let locked: Db;
      beforeAll(async () => {
        locked = await open();
        await createSchema(locked);
        await lockDown(locked);
        await lockDown(locked);
      });
      afterAll(async () => locked?.close());

      it.each([
        ["SELECT * FROM read_csv('http://example.com/x.csv')", /disabled by configuration/],
        ["SELECT * FROM read_csv('/etc/passwd')", /disabled by configuration/],
        ["ATTACH '/tmp/harbinger-lockdown.db' AS other", /disabled by configuration/],
        ["COPY requests TO '/tmp/harbinger-lockdown.csv'", /disabled by configuration/],
        ['INSTALL httpfs; LOAD httpfs', /disabled/],
        ['SET enable_external_access = true', /configuration has been locked/],
        ['SET lock_configuration = false', /configuration has been locked/],
      ])('refuses %s', async (sql, message) => {
        await expect(locked.exec(sql)).rejects.toThrow(message);
      });

      it('still inserts batches and answers queries', async () => {
        await locked.insert(requestFixture());
        await insertRejects(locked, [{ source: 's', line: 1, reason: 'r', text: 't' }]);
        expect(await locked.query('SELECT count(*) AS n, sum(status) AS s FROM requests')).toEqual([{ n: 3, s: 1100 }]);
        expect(await locked.query('SELECT count(*) AS n FROM parse_rejects')).toEqual([{ n: 1 }]);
      });
    });

    it('refuses work after close', async () => {
      const other = await open();
      await other.close();
      await other.close();
      await expect(other.query('SELECT 1')).rejects.toThrow(/closed/);
    });
  });
}

function nanToNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
