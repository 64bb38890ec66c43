// The hostile SQL corpus (test/fixtures/hostile/sql-queries.json) against both DuckDB adapters, through
// the engine worker's `query` path: every case ends with a clear message or its rows, and nothing in
// the engine changes — every table's rows, the catalogue, every setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Row } from '../lib/db/db';
import { openNative } from '../lib/db/native';
import { openWasmNode } from '../lib/db/wasm-node';
import { runReadOnly } from '../lib/sql/readonly';
import { FETCH_LIMIT, limitRows } from '../lib/sql/statement';
import { engineState, filledEngine, type EngineState } from './support/engine-state';
import { hostileQueries } from './support/hostile';

const corpus = hostileQueries();

function defineHostile(label: string, open: () => Promise<Db>) {
  describe(`hostile SQL on ${label}`, () => {
    let db: Db;
    let before: EngineState;
    beforeAll(async () => {
      db = await filledEngine(open);
      before = await engineState(db);
    });
    afterAll(async () => db?.close());

    it('starts from an engine with rows in every table', () => {
      for (const t of ['requests', 'auth_events', 'metrics', 'labels', 'parse_rejects', 'parse_warnings', 'features', 'scores', 'alarms']) {
        expect(before.tables[`memory.main.${t}`]?.rows, t).toBeGreaterThan(0);
      }
    });

    for (const c of corpus) {
      it(`${c.expect}: ${c.name}`, async () => {
        let rows: Row[] | null = null;
        let message: string | null = null;
        try {
          rows = await runReadOnly(db, c.query, { limit: FETCH_LIMIT });
        } catch (e) {
          message = (e as Error).message;
        }
        switch (c.expect) {
          case 'refused':
            expect(message, `ran: ${JSON.stringify(rows?.slice(0, 3))}`).toMatch(/^(Refused: |The query is empty\.)/);
            if (c.message) expect(message).toContain(c.message);
            break;
          case 'error':
            expect(message, `ran: ${JSON.stringify(rows?.slice(0, 3))}`).toContain(c.message);
            break;
          case 'capped':
            expect(message).toBeNull();
            expect(rows!.length).toBe(FETCH_LIMIT);
            expect(limitRows(rows!).truncated).toBe(true);
            break;
          case 'runs':
            expect(message).toBeNull();
            expect(rows).toEqual(c.rows);
            break;
          default:
            throw new Error(`unknown expectation in the corpus: ${String(c.expect)}`);
        }
        expect(await engineState(db)).toEqual(before);
      });
    }
  });
}

defineHostile('native @duckdb/node-api', () => openNative(':memory:', { threads: 2 }));
defineHostile('duckdb-wasm (Node blocking build)', openWasmNode);
