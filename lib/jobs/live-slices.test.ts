import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import { createSchema } from '../db/schema';
import { simulateInto } from './simulate';
import { PRESETS, type Scenario } from '../../simulator/scenario';
import { recordSpan, sliceBuffers, sliceRecords } from './live-slices';

// six hours of a small web shop with auth.log and metrics: every table has rows
const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
scenario.days = 0.25;
scenario.traffic.rps = 0.5;
scenario.outputs = { access: true, auth: true, metrics: true };

// the same suite against each engine: native DuckDB builds batches from rows, duckdb-wasm from Arrow columns
const engines: [string, () => Promise<Db>][] = [
  ['native', openNative],
  ['wasm', openWasmNode],
];

describe.each(engines)('sliceRecords (%s engine)', (_name, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
    await createSchema(db);
    await simulateInto(db, scenario);
  });
  afterAll(() => db.close());

  it('hands every row over exactly once across contiguous slices, each table in time order', async () => {
    const span = (await recordSpan(db))!;
    expect(span.to).toBeGreaterThan(span.from);
    const counts: Record<string, number> = {};
    let last: Record<string, number> = {};
    // uneven slices, some empty, one cutting mid-second
    const cuts = [span.from, span.from + 1, span.from + 7 * 60_000 + 333, span.from + 3_600_000, span.to - 1, span.to];
    for (let i = 1; i < cuts.length; i++) {
      for (const b of await sliceRecords(db, cuts[i - 1], cuts[i])) {
        counts[b.table] = (counts[b.table] ?? 0) + b.length;
        for (const t of b.ts) {
          expect(t).toBeGreaterThanOrEqual(cuts[i - 1]);
          expect(t).toBeLessThan(cuts[i]);
          expect(t).toBeGreaterThanOrEqual(last[b.table] ?? -Infinity);
          last = { ...last, [b.table]: t };
        }
      }
    }
    const [n] = await db.query('SELECT (SELECT count(*) FROM requests) AS r, (SELECT count(*) FROM auth_events) AS a, (SELECT count(*) FROM metrics) AS m');
    expect(counts).toEqual({ requests: Number(n.r), auth_events: Number(n.a), metrics: Number(n.m) });
    expect(Number(n.r) * Number(n.a) * Number(n.m)).toBeGreaterThan(0);
  });

  it('names every typed column\'s buffer once, so a slice moves to the live worker without a copy', async () => {
    const span = (await recordSpan(db))!;
    const batches = await sliceRecords(db, span.from, span.from + 3_600_000);
    expect(batches.map((b) => b.table)).toEqual(['requests', 'auth_events', 'metrics']);
    const expected = structuredClone(batches);
    const buffers = sliceBuffers(batches);
    const typed = batches.flatMap((b) => Object.values(b).filter((v) => ArrayBuffer.isView(v)));
    expect(buffers.length).toBe(typed.length);
    const moved = structuredClone(batches, { transfer: buffers });
    expect(moved).toEqual(expected);
    // transferred, not copied: the engine's side is left empty
    expect(batches[0].ts.length).toBe(0);
  });

  it('refuses bounds that are not integer epoch ms, naming them', async () => {
    await expect(sliceRecords(db, 1.5, 10)).rejects.toThrow('live slice: from must be an integer epoch ms, got 1.5');
  });
});

describe('sliceRecords on both engines', () => {
  let native: Db;
  let wasm: Db;
  beforeAll(async () => {
    [native, wasm] = await Promise.all([openNative(), openWasmNode()]);
    for (const db of [native, wasm]) {
      await createSchema(db);
      await simulateInto(db, scenario);
    }
  });
  afterAll(async () => {
    await native.close();
    await wasm.close();
  });

  it('gives equal batches from rows (native) and from Arrow columns (wasm), NULLs included', async () => {
    // rows whose nullable columns are NULL, as a parser leaves them for a line without them
    for (const db of [native, wasm]) {
      await db.exec(`INSERT INTO requests (ts, source, ip, status, bytes, latency_ms) SELECT ts + INTERVAL 1 MICROSECOND, source, ip, status, NULL, NULL FROM requests ORDER BY ts LIMIT 5`);
      await db.exec(`INSERT INTO auth_events (ts, source, host, process, kind, message) SELECT ts + INTERVAL 1 MICROSECOND, source, host, process, kind, message FROM auth_events ORDER BY ts LIMIT 5`);
    }
    const span = (await recordSpan(native))!;
    expect(await recordSpan(wasm)).toEqual(span);
    for (const [from, to] of [[span.from, span.from + 3_600_000], [span.from + 3_600_000, span.to]]) {
      const [a, b] = await Promise.all([sliceRecords(native, from, to), sliceRecords(wasm, from, to)]);
      expect(b.map((x) => x.length)).toEqual(a.map((x) => x.length));
      expect(b).toEqual(a);
    }
    const [req] = await sliceRecords(wasm, span.from, span.to);
    expect(req.table === 'requests' && req.route.some((r) => r === null) && req.bytes.some(Number.isNaN)).toBe(true);
  });
});
