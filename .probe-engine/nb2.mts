import { createRequire } from 'node:module';
const require = createRequire('/work/main/lib/engine/x.js');
const ddb = require('@duckdb/node-bindings');
import { DuckDBInstance, VARCHAR, DuckDBDataChunk } from '@duckdb/node-api';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await inst.connect();
const b = syntheticRequests(1_000_000);
for (const col of (process.env.COLS ?? 'referrer,user_agent').split(',')) {
  const strs = (b as any)[col] as (string | null)[];
  await conn.run(`create or replace table t (a varchar)`);
  let t = performance.now();
  let app = await conn.createAppender('t');
  for (let s = 0; s < 1_000_000; s += 2048) {
    const n = Math.min(2048, 1_000_000 - s);
    const chunk = DuckDBDataChunk.create([VARCHAR], n);
    const vec = chunk.getColumnVector(0);
    for (let i = 0; i < n; i++) vec.setItem(i, strs[s + i] ?? null);
    vec.flush();
    app.appendDataChunk(chunk);
  }
  app.closeSync();
  const api = performance.now() - t;
  await conn.run(`create or replace table t (a varchar)`);
  t = performance.now();
  app = await conn.createAppender('t');
  for (let s = 0; s < 1_000_000; s += 2048) {
    const n = Math.min(2048, 1_000_000 - s);
    const chunk = DuckDBDataChunk.create([VARCHAR], n);
    const vec = ddb.data_chunk_get_vector(chunk.chunk, 0);
    for (let i = 0; i < n; i++) { const v = strs[s + i]; if (v != null) ddb.vector_assign_string_element(vec, i, v); }
    app.appendDataChunk(chunk);
  }
  app.closeSync();
  console.log(col, "node-api", api.toFixed(0)); if (process.env.NORAW) continue;
}
