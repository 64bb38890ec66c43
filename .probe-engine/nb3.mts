import { DuckDBInstance, VARCHAR, DuckDBDataChunk } from '@duckdb/node-api';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await inst.connect();
const N = Number(process.env.N ?? 1_000_000);
const b = syntheticRequests(N);
for (const col of (process.env.COLS ?? 'referrer,user_agent').split(',')) {
  const strs = (b as any)[col] as (string | null)[];
  await conn.run(`create or replace table t (a varchar)`);
  const t = performance.now();
  const app = await conn.createAppender('t');
  for (let s = 0; s < N; s += 2048) {
    const n = Math.min(2048, N - s);
    const chunk = DuckDBDataChunk.create([VARCHAR], n);
    const vec = chunk.getColumnVector(0);
    for (let i = 0; i < n; i++) vec.setItem(i, strs[s + i] ?? null);
    vec.flush();
    app.appendDataChunk(chunk);
  }
  app.closeSync();
  console.log(col, 'node-api', (performance.now() - t).toFixed(0), (await conn.runAndReadAll('select count(*), count(a) from t')).getRows());
}
