import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { batchToArrowIPC } from '/work/main/lib/engine/arrow-batch';
const size = Number(process.argv[2]);
const db = await openWasmNode();
await createSchema(db);
if (process.env.SETSQL) await db.exec(process.env.SETSQL);
const anyDb = db as any;
const ipcs = Array.from({ length: Math.ceil(1e6 / size) }, (_, b) => batchToArrowIPC(syntheticRequests(size, b * size)));
let rows = 0; const out: string[] = [];
for (const ipc of ipcs) {
  const t = performance.now();
  anyDb.bindings.insertArrowFromIPCStream(anyDb.connId, ipc, { name: 'requests', create: false });
  rows += size;
  out.push(`${rows}:${(performance.now() - t).toFixed(0)}:${(anyDb.bindings.mod.HEAPU8.length/1e6).toFixed(0)}`);
}
console.log(size, out.join(' '));
