import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { batchToArrowIPC } from '/work/main/lib/engine/arrow-batch';
const batches = Array.from({ length: 20 }, (_, b) => syntheticRequests(50_000, b * 50_000));
const db = await openWasmNode();
await createSchema(db);
const ipcs = batches.map(batchToArrowIPC);
console.log('ipc MB', ipcs.reduce((a, b) => a + b.length, 0) / 1e6);
const anyDb = db as any;
for (let rep = 0; rep < 3; rep++) {
  await db.exec('DELETE FROM requests; CHECKPOINT;');
  let t = performance.now();
  for (const ipc of ipcs) anyDb.bindings.insertArrowFromIPCStream(anyDb.connId, ipc, { name: 'requests', create: false });
  console.log('insert from prebuilt ipc ms', (performance.now() - t).toFixed(0));
}
let t = performance.now();
await db.exec(`CREATE TABLE r2 AS SELECT * FROM requests`);
console.log('CTAS copy 1M ms', (performance.now() - t).toFixed(0));
t = performance.now();
await db.exec(`INSERT INTO requests SELECT * FROM r2`);
console.log('insert-select 1M ms', (performance.now() - t).toFixed(0));
t = performance.now();
for (const ipc of ipcs) anyDb.bindings.insertArrowFromIPCStream(anyDb.connId, ipc, { name: 'stage', create: true });
console.log('insert ipc create new table ms', (performance.now() - t).toFixed(0));
t = performance.now();
await db.query('select count(*) from stage');
console.log(await db.query("select database_size, memory_usage from pragma_database_size()"));
