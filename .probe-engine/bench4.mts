import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { batchToArrowIPC } from '/work/main/lib/engine/arrow-batch';
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
for (const size of [10_000, 50_000, 200_000, 1_000_000]) {
  const batches = Array.from({ length: 1e6 / size }, (_, b) => syntheticRequests(size, b * size));
  const ipcs = batches.map(batchToArrowIPC);
  const db = await openWasmNode();
  await createSchema(db);
  const anyDb = db as any;
  const t = performance.now(), c = cpu();
  for (const ipc of ipcs) anyDb.bindings.insertArrowFromIPCStream(anyDb.connId, ipc, { name: 'requests', create: false });
  console.log('batch', size, 'wall', (performance.now() - t).toFixed(0), 'cpu', (cpu() - c).toFixed(0));
  const t2 = performance.now();
  await db.exec('CREATE TABLE r2 AS SELECT * FROM requests');
  console.log('  ctas wall', (performance.now() - t2).toFixed(0));
  const t3 = performance.now();
  await db.exec('INSERT INTO r2 SELECT * FROM requests');
  console.log('  insert-select wall', (performance.now() - t3).toFixed(0));
  await db.close();
}
