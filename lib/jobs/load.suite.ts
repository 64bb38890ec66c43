/**
 * Atomic loads, run against every Db adapter (lib/db/wasm.test.ts, native.test.ts): a load that fails or
 * is cancelled leaves the tables exactly as they were (row counts and a checksum of every row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksOf } from '../ingest/testing';
import { sha256Hex } from '../ingest/hash';
import type { Batch } from '../ingest/types';
import { smallScenario } from '../../simulator/testing';
import type { Db } from '../db/db';
import { loadSources, type SourceInput } from './load';
import { createSchema, DATA_TABLES, readLabels } from '../db/schema';
import { lockDown } from '../db/security';
import { simulateInto } from './simulate';
import { staged } from './staging';

/** `n` nginx combined lines, each one a valid request (line k has `k` response bytes). */
function accessLog(n: number, bad: (k: number) => string | null = () => null): Uint8Array {
  const lines: string[] = [];
  for (let k = 1; k <= n; k++) {
    const sec = String(k % 60).padStart(2, '0');
    lines.push(bad(k) ?? `10.0.${k % 200}.${k % 250} - - [10/Mar/2024:12:${String(Math.floor(k / 60) % 60).padStart(2, '0')}:${sec} +0000] "GET /item/${k} HTTP/1.1" 200 ${k} "-" "agent ${k % 7}"`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** One valid request row for a staging table. */
function syntheticBatch(): Batch {
  return {
    table: 'requests', length: 1, ts: new Float64Array([Date.UTC(2024, 2, 10)]), source: ['s'], ip: ['10.0.0.1'], method: ['GET'],
    path: ['/'], route: ['/'], status: new Int32Array([200]), bytes: new Float64Array([1]), latency_ms: new Float64Array([1]),
    referrer: [null], user_agent: [null],
  };
}

function fileInput(name: string, bytes: Uint8Array): SourceInput {
  return { name, size: bytes.length, lastModified: Date.UTC(2024, 5, 1), chunks: chunksOf(bytes, 64 * 1024) };
}

/** Row count and an order-independent checksum of every row, per data table. */
async function fingerprint(db: Db): Promise<Record<string, { n: number; sum: string }>> {
  const out: Record<string, { n: number; sum: string }> = {};
  for (const t of DATA_TABLES) {
    const [row] = await db.query(`SELECT count(*) AS n, CAST(coalesce(sum(hash(t)), 0) AS VARCHAR) AS sum FROM ${t} t`);
    out[t] = { n: Number(row!.n), sum: String(row!.sum) };
  }
  return out;
}

async function tableNames(db: Db): Promise<string[]> {
  return (await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name")).map((r) => String(r.table_name));
}

/**
 * A Db that hands the adapter a value it must refuse on one line of a file: what a parser that let
 * an out-of-range value through (bytes 1e20) would send. The adapter's own check then throws.
 */
function refusingLine(db: Db, line: number): Db {
  return {
    query: (sql) => db.query(sql),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    insertColumns: (into, columns, length) => db.insertColumns(into, columns, length),
    insert: (batch: Batch, into?: string) => {
      const row = batch.line ? batch.line.indexOf(line) : -1;
      if (row >= 0 && batch.table === 'requests') {
        const bytes = batch.bytes.slice();
        bytes[row] = 1e20;
        return db.insert({ ...batch, bytes }, into);
      }
      return db.insert(batch, into);
    },
  };
}

export function defineLoadSuite(label: string, open: () => Promise<Db>): void {
  describe(`atomic loads: ${label}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
      await lockDown(db);
    });
    afterAll(async () => db?.close());

    it('hash: each report carries its file\'s SHA-256, computed from the same read as the parse', async () => {
      const files = [accessLog(300), accessLog(2_000, (k) => (k === 7 ? 'not a request' : null))];
      const reports = await loadSources(db, files.map((b, i) => fileInput(`h${i}.log`, b)), { format: 'auto', hash: true });
      const expected = await Promise.all(files.map((b) => sha256Hex(chunksOf(b, 1 << 20))));
      expect(reports.map((r) => r.sha256)).toEqual(expected);
      expect(reports[1]).toMatchObject({ lines: 2_000, parsed: 1_999, rejected: 1 });
      // without the option nothing is hashed
      const [plain] = await loadSources(db, [fileInput('p.log', files[0])], { format: 'auto' });
      expect(plain.sha256).toBeUndefined();
    });

    it('a file whose line 20,001 the insert refuses leaves the previous dataset exactly as it was, and the error names file and line', async () => {
      // the previous dataset: a simulation (requests, auth, metrics and labels)
      await simulateInto(db, smallScenario(2, 0.5, [{ kind: 'error-burst', start: smallScenario().start + 3_600_000, durationMin: 10 }]));
      const before = await fingerprint(db);
      expect(before.requests.n).toBeGreaterThan(1000);
      expect(before.labels.n).toBe(1);
      const tables = await tableNames(db);

      const bad = refusingLine(db, 20_001);
      await expect(loadSources(bad, [fileInput('ok.log', accessLog(500)), fileInput('big.log', accessLog(30_000))], { format: 'auto' })).rejects.toThrow(
        'big.log: line 20001: invalid requests.bytes: 100000000000000000000 is not a BIGINT',
      );
      expect(await fingerprint(db)).toEqual(before);
      // no staging table is left behind
      expect(await tableNames(db)).toEqual(tables);

      // and the same files without the refused value load in full, replacing the simulation
      const reports = await loadSources(db, [fileInput('ok.log', accessLog(500)), fileInput('big.log', accessLog(30_000))], { format: 'auto' });
      expect(reports.map((r) => r.parsed)).toEqual([500, 30_000]);
      const after = await fingerprint(db);
      expect(after.requests.n).toBe(30_500);
      expect(after.labels.n).toBe(0);
      expect(after.auth_events.n).toBe(0);
      expect(await tableNames(db)).toEqual(tables);
    });

    it('a cancelled upload and a cancelled simulation leave the previous dataset as it was', async () => {
      // previous dataset: an upload with rejected lines
      await loadSources(db, [fileInput('prev.log', accessLog(3000, (k) => (k % 1000 === 0 ? `garbage ${k}` : null)))], { format: 'combined' });
      const before = await fingerprint(db);
      expect(before.requests.n).toBe(2997);
      expect(before.parse_rejects.n).toBe(3);

      const upload = new AbortController();
      const big = accessLog(60_000);
      // cancelled after 40,000 lines went in: 4 batches sit in the adapter when the cancel comes
      const cut = big.indexOf(10, big.length * (2 / 3));
      const next: SourceInput = {
        name: 'next.log',
        size: big.length,
        lastModified: Date.UTC(2024, 5, 1),
        chunks: (async function* () {
          yield big.subarray(0, cut + 1);
          upload.abort();
          yield big.subarray(cut + 1);
        })(),
      };
      const load = loadSources(db, [next], { format: 'combined', signal: upload.signal });
      await expect(load).rejects.toMatchObject({ name: 'AbortError' });
      expect(await fingerprint(db)).toEqual(before);

      const sim = new AbortController();
      let progress = 0;
      const run = simulateInto(db, smallScenario(24, 2), {
        signal: sim.signal,
        onProgress: () => {
          progress++;
          sim.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(progress).toBeGreaterThan(0);
      expect(await fingerprint(db)).toEqual(before);
    });

    it('queries during a load see no half-loaded data, and overlapping loads end with the last one', async () => {
      await loadSources(db, [fileInput('first.log', accessLog(300))], { format: 'combined' });
      const before = await fingerprint(db);
      const tables = await tableNames(db);
      // a query sent while a load runs sees empty tables (answers for the data being replaced cost nothing)
      let during: number | null = null;
      await expect(
        staged(db, async (stage) => {
          await stage.insert({ ...syntheticBatch(), source: ['x'] });
          during = Number((await db.query('SELECT count(*) AS n FROM requests'))[0]!.n);
          throw new Error('broken on purpose');
        }),
      ).rejects.toThrow('broken on purpose');
      expect(during).toBe(0);
      expect(await fingerprint(db)).toEqual(before);

      // a second load starting while the first is still running (as when the page cancels one and
      // starts the next) waits for the first to put its tables back, then replaces them
      let releaseFirst!: () => void;
      const held = new Promise<void>((r) => {
        releaseFirst = r;
      });
      const a = staged(db, async (stage) => {
        await stage.insert(syntheticBatch());
        await held;
        throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
      });
      await new Promise((r) => setTimeout(r, 20));
      const b = loadSources(db, [fileInput('second.log', accessLog(700))], { format: 'combined' });
      await new Promise((r) => setTimeout(r, 50));
      releaseFirst();
      await expect(a).rejects.toMatchObject({ name: 'AbortError' });
      expect((await b).map((r) => r.parsed)).toEqual([700]);
      expect(await db.query('SELECT source, count(*) AS n FROM requests GROUP BY source')).toEqual([{ source: 'second.log', n: 700 }]);
      expect(await tableNames(db)).toEqual(tables);
    });

    it('a file that breaks after its first rows reached the adapter leaves nothing half loaded', async () => {
      await loadSources(db, [fileInput('prev.log', accessLog(100))], { format: 'combined' });
      const before = await fingerprint(db);
      const tables = await tableNames(db);
      // a file that fails after its rows reached the adapter: the parser's error comes after two batches
      const failing: SourceInput = {
        name: 'broken.log',
        size: null,
        lastModified: Date.UTC(2024, 5, 1),
        chunks: (async function* () {
          yield accessLog(25_000);
          throw new Error('unexpected end of data');
        })(),
      };
      await expect(loadSources(db, [failing], { format: 'combined' })).rejects.toThrow('broken.log: unexpected end of data');
      expect(await fingerprint(db)).toEqual(before);
      expect(await tableNames(db)).toEqual(tables);
    });

    it("loads the user's labels with the files, in the same swap", async () => {
      const labels = [{ incidentId: 'inc-01', kind: 'outage', phase: 'failure' as const, start: Date.UTC(2024, 2, 10, 12, 5), end: Date.UTC(2024, 2, 10, 12, 10), target: null }];
      await loadSources(db, [fileInput('with-labels.log', accessLog(200))], { format: 'combined', labels });
      expect(await readLabels(db)).toEqual(labels);
      // the next load without labels clears them: they belonged to the files it replaced
      await loadSources(db, [fileInput('plain.log', accessLog(50))], { format: 'combined' });
      expect(await readLabels(db)).toEqual([]);
      // a failed load with labels leaves the previous data and labels as they were
      await loadSources(db, [fileInput('with-labels.log', accessLog(200))], { format: 'combined', labels });
      const before = await fingerprint(db);
      const failing: SourceInput = {
        name: 'broken.log',
        size: null,
        chunks: (async function* () {
          yield accessLog(100);
          throw new Error('unexpected end of data');
        })(),
      };
      await expect(loadSources(db, [failing], { format: 'combined', labels: [{ ...labels[0], kind: 'other' }] })).rejects.toThrow('broken.log');
      expect(await fingerprint(db)).toEqual(before);
      expect(await readLabels(db)).toEqual(labels);
    });

    it('refuses labels it cannot hold before it touches the tables', async () => {
      const before = await fingerprint(db);
      const bad = [{ incidentId: 'inc-01', kind: 'x', phase: 'failure' as const, start: 10, end: Number.NaN, target: null }];
      await expect(loadSources(db, [fileInput('x.log', accessLog(10))], { format: 'combined', labels: bad })).rejects.toThrow('invalid label time span: 10..NaN');
      await expect(loadSources(db, [fileInput('x.log', accessLog(10))], { format: 'combined', append: true, labels: [{ ...bad[0], end: 20 }] })).rejects.toThrow('cannot be appended');
      expect(await fingerprint(db)).toEqual(before);
    });
  });
}
