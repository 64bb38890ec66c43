import { describe, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import { createSchema } from '../db/schema';
import { loadFeatures } from '../eval/frame';
import { clickhouse, type ClickHouse } from '../clickhouse/client';
import { createTables, chLogTables, CH_COLUMNS, chTable } from '../clickhouse/schema';
import { encodeBatch } from '../clickhouse/rows';
import { chFeatures } from '../clickhouse/features';
import { CLICKHOUSE_MISSING, testCluster } from '../../test/support/clickhouse';
import { defineWindowSuite, type WindowEngine } from './windows.suite';

function duck(open: () => Promise<Db>): () => Promise<WindowEngine> {
  return async () => {
    const db = await open();
    await createSchema(db);
    return {
      load: async (batches) => {
        for (const b of batches) await db.insert(b);
      },
      features: (windowSec, features, fitUntilMs) => loadFeatures(db, windowSec, features, { fitUntilMs }),
      close: () => db.close(),
    };
  };
}

defineWindowSuite('duckdb-wasm (Node blocking build)', duck(openWasmNode));
defineWindowSuite('native @duckdb/node-api', duck(() => openNative(':memory:', { threads: 2 })));

if (CLICKHOUSE_MISSING) {
  describe.skip(`window features: ClickHouse (${CLICKHOUSE_MISSING})`, () => it('needs ClickHouse', () => undefined));
} else {
  defineWindowSuite('ClickHouse, two shards behind a Distributed table', async () => {
    const cluster = await testCluster(19500);
    const ch: ClickHouse = clickhouse(cluster.http[0]);
    await createTables(ch, 'w', { cluster: cluster.cluster, shards: cluster.http.map(clickhouse) });
    return {
      load: async (batches) => {
        for (const b of batches) {
          const names = CH_COLUMNS[b.table].map(([c]) => c);
          await ch.insert(chTable('w', b.table), names, 'TabSeparated', encodeBatch(b, names, 'TabSeparated'));
        }
      },
      features: (windowSec, features, fitUntilMs) => chFeatures(ch, chLogTables('w'), { windowSec, features, fit: { fitUntilMs } }),
      close: () => cluster.stop(),
    };
  });
}
