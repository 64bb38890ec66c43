import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { batchToArrowIPC } from '/work/main/lib/engine/arrow-batch';
import { tableFromIPC, tableToIPC, Table } from 'apache-arrow';
const batches = Array.from({ length: 20 }, (_, b) => syntheticRequests(50_000, b * 50_000));
const db = await openWasmNode();
await createSchema(db);
const anyDb = db as any;
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const full = batches.map(batchToArrowIPC);
const pick = (cols: string[]) => full.map((ipc) => { const t = tableFromIPC(ipc); return tableToIPC(t.select(cols), 'stream'); });
const sets: Record<string, [string, Uint8Array[]]> = {
  numeric: ['ts TIMESTAMP, status INTEGER, bytes BIGINT, latency_ms DOUBLE', pick(['ts', 'status', 'bytes', 'latency_ms'])],
  ua: ['user_agent VARCHAR', pick(['user_agent'])],
  source: ['source VARCHAR', pick(['source'])],
  path: ['path VARCHAR', pick(['path'])],
  ip: ['ip VARCHAR', pick(['ip'])],
  all: ['', full],
};
for (const [name, [ddl, ipcs]] of Object.entries(sets)) {
  const table = ddl ? `t_${name}` : 'requests';
  if (ddl) await db.exec(`CREATE TABLE ${table} (${ddl})`);
  for (let rep = 0; rep < 2; rep++) {
    await db.exec(`DELETE FROM ${table}`);
    const t = performance.now(), c = cpu();
    for (const ipc of ipcs) anyDb.bindings.insertArrowFromIPCStream(anyDb.connId, ipc, { name: table, create: false });
    console.log(name, 'wall', (performance.now() - t).toFixed(0), 'cpu', (cpu() - c).toFixed(0), 'MB', (ipcs.reduce((a, b) => a + b.length, 0) / 1e6).toFixed(1));
  }
}
for (const [name, [ddl]] of Object.entries(sets)) {
  if (!ddl) continue;
  const t = performance.now(), c = cpu();
  await db.exec(`CREATE TABLE c_${name} AS SELECT * FROM t_${name}`);
  console.log('ctas', name, 'wall', (performance.now() - t).toFixed(0), 'cpu', (cpu() - c).toFixed(0));
}
