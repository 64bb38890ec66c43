import { openWasmNode } from '/work/main/lib/engine/wasm-node';
import { createSchema } from '/work/main/lib/engine/schema';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const db = await openWasmNode();
await createSchema(db);
const RG = 122880;
await db.insert(syntheticRequests(RG * 8, 0));
await db.exec('CREATE TABLE src AS SELECT *, row_number() OVER () AS k FROM requests');
await db.exec('DROP TABLE requests'); await createSchema(db);
const cols = 'ts, source, ip, method, path, route, status, bytes, latency_ms, referrer, user_agent';
async function run(label: string, pieces: number[]) {
  let off = 0; const t = performance.now();
  for (const p of pieces) { await db.exec(`INSERT INTO requests SELECT ${cols} FROM src WHERE k > ${off} AND k <= ${off + p}`); off += p; }
  console.log(label, (performance.now() - t).toFixed(0), 'ms for', off, 'rows');
}
await run('1000', [1000]); await db.exec('DELETE FROM requests');
await run('after 1000+DELETE, 8 x RG', Array(8).fill(RG));
await db.exec('DROP TABLE requests'); await createSchema(db);
await run('1000', [1000]); await db.exec('DELETE FROM requests');
await run('after 1000+DELETE, fill + 7 x RG', [RG - 1000, ...Array(7).fill(RG)]);
await db.exec('DROP TABLE requests'); await createSchema(db);
await run('1000', [1000]); await db.exec('DELETE FROM requests; CHECKPOINT');
await run('after 1000+DELETE+CHECKPOINT, 8 x RG', Array(8).fill(RG));
await db.exec('DROP TABLE requests'); await createSchema(db);
await run('1000', [1000]); await db.exec('TRUNCATE requests');
await run('after 1000+TRUNCATE, 8 x RG', Array(8).fill(RG));
