// The page's own queries (Explore panels, Report insights, incident bands) go through the engine
// worker's `query` job too: they must pass the read-only path and give the same answers through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { createSchema, insertRejects } from '../db/schema';
import { lockDown } from '../db/security';
import { openWasmNode } from '../db/wasm-node';
import { exploreBatches } from '../../test/fixtures/explore/dataset';
import { authPanels } from '../explore/auth.suite';
import type { Query } from '../explore/explore.suite';
import { incidentBands } from '../explore/labels';
import { metricAndRawPanels } from '../explore/metrics.suite';
import { requestPanels } from '../explore/requests.suite';
import { datasetSql, errorRoutesSql, hourProfileSql, sampleAuthSql, sampleLinesSql } from '../report/queries';
import { runReadOnly } from './readonly';

describe('the page’s own queries through the read-only path (duckdb-wasm)', () => {
  let db: Db | null = null;
  beforeAll(async () => {
    db = await openWasmNode();
    await createSchema(db);
    for (const batch of exploreBatches()) await db.insert(batch);
    await insertRejects(db, [{ source: 'b.log', line: 3, reason: 'bad request line', text: 'garbage' }]);
    await lockDown(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  const query: Query = (sql) => {
    if (db === null) throw new Error('database not open');
    return runReadOnly(db, sql);
  };
  requestPanels(query);
  authPanels(query);
  metricAndRawPanels(query);

  it('Report insights and incident bands give the same rows as run directly', async () => {
    for (const sql of [errorRoutesSql(3), hourProfileSql(), datasetSql(), sampleLinesSql(0, 4e12, 20), sampleAuthSql(0, 4e12, 20), incidentBands({ range: null })]) {
      expect(await query(sql), sql).toEqual(await db!.query(sql));
    }
  });
});
