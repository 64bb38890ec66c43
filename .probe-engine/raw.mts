import { createRequire } from 'node:module';
const require = createRequire('/work/main/lib/engine/x.js');
const ddb = require('@duckdb/node-bindings');
import { DuckDBInstance, DuckDBDataChunk, TIMESTAMP, VARCHAR, INTEGER, BIGINT, DOUBLE } from '@duckdb/node-api';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { createSchema } from '/work/main/lib/engine/schema';
import { NativeDb } from '/work/main/lib/engine/native';
// view or copy?
{
  const ch = DuckDBDataChunk.create([DOUBLE], 4);
  const v = ddb.data_chunk_get_vector(ch.chunk, 0);
  const a = ddb.vector_get_data(v, 32); a[0] = 42;
  const b2 = ddb.vector_get_data(v, 32);
  console.log('vector_get_data is a', b2[0] === 42 ? 'VIEW' : 'COPY');
}
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await inst.connect();
const db = new NativeDb(inst, conn);
await createSchema(db);
const batches = Array.from({ length: 20 }, (_, b) => syntheticRequests(50_000, b * 50_000));
const TWO32 = 2 ** 32;
const types = [TIMESTAMP, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, INTEGER, BIGINT, DOUBLE, VARCHAR, VARCHAR];
const names = ['ts', 'source', 'ip', 'method', 'path', 'route', 'status', 'bytes', 'latency_ms', 'referrer', 'user_agent'];
function validityWords(n: number, isNull: (i: number) => boolean): Uint32Array | null {
  let words: Uint32Array | null = null;
  for (let i = 0; i < n; i++) if (isNull(i)) { words ??= new Uint32Array(Math.ceil(n / 64) * 2).fill(0xffffffff); words[i >> 5]! &= ~(1 << (i & 31)); }
  return words;
}
function putValidity(vec: any, words: Uint32Array | null) {
  if (!words) return;
  ddb.vector_ensure_validity_writable(vec);
  ddb.copy_data_to_vector_validity(vec, 0, words.buffer, words.byteOffset, words.byteLength);
}
function strings(vec: any, vals: (string | null)[], start: number, n: number) {
  const first = new Map<string, number>();
  const repeatOf = new Int32Array(n).fill(-1);
  const slots = new Uint8Array(16 * n);
  const dv = new DataView(slots.buffer);
  let assigned = 0;
  const words = validityWords(n, (i) => vals[start + i] == null);
  for (let i = 0; i < n; i++) {
    const s = vals[start + i];
    if (s == null) continue;
    const len = s.length;
    if (len <= 12) {
      let j = 0; const o = 16 * i + 4;
      for (; j < len; j++) { const c = s.charCodeAt(j); if (c >= 0x80) break; slots[o + j] = c; }
      if (j === len) { dv.setUint32(16 * i, len, true); continue; }
    }
    const f = first.get(s);
    if (f !== undefined) { repeatOf[i] = f; continue; }
    first.set(s, i);
    ddb.vector_assign_string_element(vec, i, s);
    assigned++;
  }
  if (assigned > 0) {
    const cur = ddb.vector_get_data(vec, 16 * n) as Uint8Array;
    for (const i of first.values()) slots.set(cur.subarray(16 * i, 16 * i + 16), 16 * i);
    for (let i = 0; i < n; i++) { const f = repeatOf[i]!; if (f >= 0) slots.copyWithin(16 * i, 16 * f, 16 * f + 16); }
  }
  ddb.copy_data_to_vector(vec, 0, slots.buffer, 0, slots.byteLength);
  putValidity(vec, words);
}
const t0 = performance.now(); const c0 = process.cpuUsage();
let app = await conn.createAppender('requests');
let appended = 0; let tAppend = 0;
for (const b of batches) {
  if (process.env.PER === 'batch') app = await conn.createAppender('requests');
  for (let s = 0; s < b.length; s += 2048) {
    const n = Math.min(2048, b.length - s);
    const chunk = DuckDBDataChunk.create(types, n);
    for (let c = 0; c < names.length; c++) {
      const vec = ddb.data_chunk_get_vector(chunk.chunk, c);
      const col = (b as any)[names[c]!];
      const ty = types[c];
      if (ty === VARCHAR) { strings(vec, col, s, n); continue; }
      if (ty === DOUBLE) { const sub = (col as Float64Array).subarray(s, s + n); ddb.copy_data_to_vector(vec, 0, sub.buffer, sub.byteOffset, sub.byteLength); putValidity(vec, validityWords(n, (i) => sub[i] !== sub[i])); continue; }
      if (ty === INTEGER) { const sub = (col as Int32Array).subarray(s, s + n); ddb.copy_data_to_vector(vec, 0, sub.buffer, sub.byteOffset, sub.byteLength); continue; }
      const w = new Int32Array(2 * n); const scale = ty === TIMESTAMP ? 1000 : 1;
      for (let i = 0; i < n; i++) { const x = (col as Float64Array)[s + i]!; if (x !== x) continue; const v = Math.round(x * scale); const hi = Math.floor(v / TWO32); w[2 * i] = (v - hi * TWO32) | 0; w[2 * i + 1] = hi; }
      ddb.copy_data_to_vector(vec, 0, w.buffer, 0, w.byteLength);
      putValidity(vec, validityWords(n, (i) => { const x = (col as Float64Array)[s + i]!; return x !== x; }));
    }
    const ta = performance.now(); app.appendDataChunk(chunk); tAppend += performance.now() - ta;
    appended += n;
    if (process.env.PER === 'rg' && appended % 122880 === 0) app.flushSync();
  }
  if (process.env.PER === 'batch') app.closeSync();
}
const tc = performance.now(); if (process.env.PER !== 'batch') app.closeSync(); console.log('append', tAppend.toFixed(0), 'close', (performance.now() - tc).toFixed(0));
const ms = performance.now() - t0; const cpu = process.cpuUsage(c0);
console.log('raw native 1M', ms.toFixed(0), 'ms', (1000 / ms).toFixed(2), 'M rows/s; cpu', ((cpu.user + cpu.system) / 1000).toFixed(0));
console.log(await db.query('select count(*) n, count(distinct path) p, count(bytes) b, count(referrer) r, min(ts) lo, max(ts) hi, sum(bytes) sb, sum(latency_ms) sl from requests'));
const exp = syntheticRequests(1_000_000);
let sb = 0, sl = 0, nb = 0, nr = 0; for (let i = 0; i < 1e6; i++) { if (exp.bytes[i] === exp.bytes[i]) { sb += exp.bytes[i]!; nb++; } if (exp.latency_ms[i] === exp.latency_ms[i]) sl += exp.latency_ms[i]!; if (exp.referrer[i] != null) nr++; }
console.log({ nb, nr, sb, sl });
const rows = await db.query('select * from requests order by ts limit 3 offset 777777');
console.log(rows);
for (const k of [777777, 777778]) console.log(Object.fromEntries(names.map((n) => [n, (exp as any)[n][k]])));
for (const sql of ['CREATE TABLE r2 AS SELECT * FROM requests', 'INSERT INTO r2 SELECT * FROM requests', 'CREATE TABLE r3 AS SELECT * FROM requests ORDER BY ts']) {
  const t = performance.now(); await conn.run(sql); console.log(sql, (performance.now() - t).toFixed(0));
}
{
  const t = performance.now(); await conn.run("SET preserve_insertion_order=false"); await conn.run('CREATE TABLE r4 AS SELECT * FROM requests'); console.log('ctas no order', (performance.now() - t).toFixed(0));
}
