import { describe, expect, it } from 'vitest';
import { defineEngineSuite } from './db.suite';
import { defineLoadSuite } from '../jobs/load.suite';
import { defineResultsSuite } from '../jobs/results.suite';
import { openNative } from './native';
import { lockDown } from './security';

defineEngineSuite('native @duckdb/node-api', () => openNative(':memory:', { threads: 2 }));
defineLoadSuite('native @duckdb/node-api', () => openNative(':memory:', { threads: 2 }));
defineResultsSuite('native @duckdb/node-api', () => openNative(':memory:', { threads: 2 }));

describe('native specifics', () => {
  it('refuses INSTALL itself after lockDown', async () => {
    const db = await openNative();
    try {
      await lockDown(db);
      await expect(db.exec('INSTALL httpfs')).rejects.toThrow(/disabled by configuration/);
    } finally {
      await db.close();
    }
  });

  it('validates the thread count', async () => {
    await expect(openNative(':memory:', { threads: 0 })).rejects.toThrow(/invalid threads: 0/);
  });
});
