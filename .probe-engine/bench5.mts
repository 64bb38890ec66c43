import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { batchToArrowIPC } from '/work/main/lib/engine/arrow-batch';
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const sizes = process.argv.slice(2).map(Number);
const db = await openWasmNode();
for (const size of sizes) {
  const N = Math.floor(1e6 / size) * size;
  const ipcs = Array.from({ length: N / size }, (_, b) => batchToArrowIPC(syntheticRequests(size, b * size)));
  for (let rep = 0; rep < 2; rep++) {
    await db.exec('DROP TABLE IF EXISTS requests');
    await createSchema(db);
    const anyDb = db as any;
    const t = performance.now(), c = cpu();
    for (const ipc of ipcs) anyDb.bindings.insertArrowFromIPCStream(anyDb.connId, ipc, { name: 'requests', create: false });
    const w = performance.now() - t;
    console.log('batch', size, 'wall', w.toFixed(0), 'cpu', (cpu() - c).toFixed(0), 'Mrows/s', (N / w / 1000).toFixed(2));
  }
}
