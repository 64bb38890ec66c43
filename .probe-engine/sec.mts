import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { openNative } from '/work/main/lib/engine/native';
import { createSchema } from '/work/main/lib/engine/schema';
for (const kind of ['wasm', 'native']) {
  const db = kind === 'native' ? await openNative() : await openWasmNode();
  await createSchema(db);
  await db.exec('SET enable_external_access=false');
  await db.exec('SET lock_configuration=true');
  const tries = ["SELECT * FROM read_csv('http://example.com/x.csv')", "SELECT * FROM read_csv('/etc/passwd')", "ATTACH '/tmp/x.db' AS x", "INSTALL httpfs", "LOAD httpfs", "SET enable_external_access=true", "RESET enable_external_access", "SET lock_configuration=false", "COPY requests TO '/tmp/out.csv'", "SELECT * FROM glob('/etc/*')", "SELECT * FROM read_text('/etc/hostname')", "SELECT getenv('HOME')", "CREATE SECRET s (TYPE s3)", "PRAGMA enable_profiling", "SELECT * FROM duckdb_settings() WHERE name='enable_external_access'", "SET threads=1", "SET memory_limit='1GB'", "DETACH memory", "SELECT current_setting('enable_external_access') v"];
  for (const sql of tries) {
    try { const r = await db.query(sql); console.log(kind, 'OK  ', sql, JSON.stringify(r).slice(0, 120)); }
    catch (e) { console.log(kind, 'FAIL', sql, '→', (e as Error).message.split('\n')[0]); }
  }
  await db.insert({ table: 'metrics', length: 1, ts: new Float64Array([0]), source: ['s'], name: ['n'], value: new Float64Array([1]) });
  console.log(kind, await db.query('select * from metrics'));
  await db.close();
}
