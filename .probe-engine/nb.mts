import { createRequire } from 'node:module';
const require = createRequire('/work/main/lib/engine/x.js');
const ddb = require('@duckdb/node-bindings');
import { DuckDBInstance, VARCHAR, DOUBLE, TIMESTAMP, DuckDBDataChunk } from '@duckdb/node-api';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await inst.connect();
await conn.run('create table t (a varchar)');
const b = syntheticRequests(1_000_000);
const strs = b.user_agent as string[];
let t = performance.now();
const app = await conn.createAppender('t');
for (let s = 0; s < 1_000_000; s += 2048) {
  const n = Math.min(2048, 1_000_000 - s);
  const chunk = DuckDBDataChunk.create([VARCHAR], n);
  const vec = ddb.data_chunk_get_vector(chunk.chunk, 0);
  for (let i = 0; i < n; i++) ddb.vector_assign_string_element(vec, i, strs[s + i]);
  app.appendDataChunk(chunk);
}
app.closeSync();
console.log('1M strings via assign_string_element ms', (performance.now() - t).toFixed(0));
await conn.run('create table d (a double, ts timestamp)');
t = performance.now();
const app2 = await conn.createAppender('d');
for (let s = 0; s < 1_000_000; s += 2048) {
  const n = Math.min(2048, 1_000_000 - s);
  const chunk = DuckDBDataChunk.create([DOUBLE, TIMESTAMP], n);
  const v0 = ddb.data_chunk_get_vector(chunk.chunk, 0);
  const f = b.latency_ms.subarray(s, s + n);
  ddb.copy_data_to_vector(v0, 0, f.buffer, f.byteOffset, f.byteLength);
  const v1 = ddb.data_chunk_get_vector(chunk.chunk, 1);
  const ts = new BigInt64Array(n); for (let i = 0; i < n; i++) ts[i] = BigInt(b.ts[s + i] * 1000);
  ddb.copy_data_to_vector(v1, 0, ts.buffer, ts.byteOffset, ts.byteLength);
  app2.appendDataChunk(chunk);
}
app2.closeSync();
console.log('1M rows double+ts via copy ms', (performance.now() - t).toFixed(0));
// string_split approach
await conn.run('create table u (a varchar)');
t = performance.now();
for (let s = 0; s < 1_000_000; s += 50_000) {
  const joined = strs.slice(s, s + 50_000).join('\u0001');
  await conn.run("insert into u select unnest(string_split($1, chr(1)))", [joined]);
}
console.log('1M strings via string_split ms', (performance.now() - t).toFixed(0));
console.log((await conn.runAndReadAll('select count(*) from u')).getRows());
