import { describe, expect, it } from 'vitest';
import { defineEngineSuite } from './db.suite';
import { defineLoadSuite } from '../jobs/load.suite';
import { defineResultsSuite } from '../jobs/results.suite';
import { createSchema } from './schema';
import { lockDown } from './security';
import { openWasmNode } from './wasm-node';

defineEngineSuite('duckdb-wasm (Node blocking build)', openWasmNode);
defineLoadSuite('duckdb-wasm (Node blocking build)', openWasmNode);
defineResultsSuite('duckdb-wasm (Node blocking build)', openWasmNode);

describe('duckdb-wasm specifics', () => {
  it('treats INSTALL as a no-op, so after lockDown it is LOAD that fails', async () => {
    const db = await openWasmNode();
    try {
      await createSchema(db);
      await lockDown(db);
      await db.exec('INSTALL httpfs');
      await expect(db.exec('LOAD httpfs')).rejects.toThrow(/Loading external extensions is disabled/);
    } finally {
      await db.close();
    }
  });

  it('reports a failed Arrow append as a readable error, not JSON', async () => {
    const db = await openWasmNode();
    try {
      // No createSchema: the buffered append fails when the next statement flushes it.
      await db.insert({ table: 'metrics', length: 1, ts: new Float64Array([0]), source: ['s'], name: ['n'], value: new Float64Array([1]) });
      await expect(db.query('SELECT 1')).rejects.toThrow(/^Catalog Error: .*metrics/);
    } finally {
      await db.close().catch(() => undefined);
    }
  });
});
