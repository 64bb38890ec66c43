/**
 * The Explore SQL suite as a function of the engine, run against every adapter (explore.test.ts):
 * the same hand-computed answers must come back from duckdb-wasm and from native DuckDB.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { Db, Row } from '../db/db';
import { createSchema, insertRejects } from '../db/schema';
import { exploreBatches } from '../../test/fixtures/explore/dataset';
import { authPanels } from './auth.suite';
import { metricAndRawPanels } from './metrics.suite';
import { requestPanels } from './requests.suite';

export type Query = (sql: string) => Promise<Row[]>;

export function defineExploreSuite(label: string, open: () => Promise<Db>): void {
  describe(`explore SQL (${label})`, () => {
    let db: Db | null = null;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
      for (const batch of exploreBatches()) await db.insert(batch);
      await insertRejects(db, [{ source: 'b.log', line: 3, reason: 'bad request line', text: 'garbage' }]);
    });
    afterAll(async () => {
      await db?.close();
    });
    const query: Query = (sql) => {
      if (db === null) throw new Error('database not open');
      return db.query(sql);
    };
    requestPanels(query);
    authPanels(query);
    metricAndRawPanels(query);
  });
}
