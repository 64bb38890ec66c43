import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { openNative } from '/work/main/lib/engine/native';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { batchToArrowIPC } from '/work/main/lib/engine/arrow-batch';
import { nativeChunks } from '/work/main/lib/engine/native-chunks';
const kind = process.argv[2] ?? 'wasm';
const batches = Array.from({ length: 20 }, (_, b) => syntheticRequests(50_000, b * 50_000));
if (kind === 'ipc' || kind === 'chunks') {
  for (let rep = 0; rep < 2; rep++) {
    const t = performance.now(); const c0 = process.cpuUsage();
    for (const b of batches) kind === 'ipc' ? batchToArrowIPC(b) : nativeChunks(b);
    const cpu = process.cpuUsage(c0);
    console.log(kind, 'convert only 1M rows ms', (performance.now() - t).toFixed(0), 'cpu', ((cpu.user + cpu.system) / 1000).toFixed(0));
  }
  process.exit(0);
}
for (let rep = 0; rep < 3; rep++) {
  const db = kind === 'native' ? await openNative(':memory:', { threads: 2 }) : await openWasmNode();
  await createSchema(db);
  const t = performance.now(); const c0 = process.cpuUsage();
  for (const b of batches) await db.insert(b);
  const ms = performance.now() - t; const cpu = process.cpuUsage(c0); const cpuMs = (cpu.user + cpu.system) / 1000;
  const [r] = await db.query('select count(*) n from requests');
  console.log(kind, r, `${ms.toFixed(0)} ms`, `${(1e6 / ms * 1000 / 1e6).toFixed(2)} M rows/s wall`, `cpu ${cpuMs.toFixed(0)} ms`, `${(1e3 / cpuMs).toFixed(2)} M rows/cpu-s`);
  await db.close();
}
