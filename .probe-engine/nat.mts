import { DuckDBInstance, DuckDBDataChunk, INTEGER, BIGINT, DOUBLE, TIMESTAMP, VARCHAR, LIST, listValue, DuckDBTimestampValue } from '@duckdb/node-api';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
import { createSchema } from '/work/main/lib/engine/schema';
import { NativeDb } from '/work/main/lib/engine/native';
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await inst.connect();
const db = new NativeDb(inst, conn);
await createSchema(db);
const batches = Array.from({ length: 20 }, (_, b) => syntheticRequests(50_000, b * 50_000));
await conn.run(`CREATE TEMP TABLE stage (ts TIMESTAMP, source INTEGER, ip INTEGER, method INTEGER, path INTEGER, route INTEGER, status INTEGER, bytes BIGINT, latency_ms DOUBLE, referrer INTEGER, user_agent INTEGER)`);
const strCols = ['source', 'ip', 'method', 'path', 'route', 'referrer', 'user_agent'];
const types = [TIMESTAMP, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, BIGINT, DOUBLE, INTEGER, INTEGER];
const sql = `INSERT INTO requests SELECT ts, $1[source], $2[ip], $3[method], $4[path], $5[route], status, bytes, latency_ms, $6[referrer], $7[user_agent] FROM temp.stage`;
const prepared = await conn.prepare(sql);
let tDict = 0, tChunk = 0, tSql = 0, tBind = 0;
await conn.run('CREATE TEMP TABLE dict (col INTEGER, code INTEGER, value VARCHAR)');
const t0 = performance.now();
for (const b of batches) {
  let t = performance.now();
  const n = b.length;
  const dicts: string[][] = []; const codes: Int32Array[] = [];
  for (const c of strCols) {
    const vals = (b as any)[c] as (string | null)[];
    const map = new Map<string, number>(); const list: string[] = []; const code = new Int32Array(n);
    for (let i = 0; i < n; i++) { const s = vals[i]; if (s == null) { code[i] = 0; continue; } let k = map.get(s); if (k === undefined) { list.push(s); k = list.length; map.set(s, k); } code[i] = k; }
    dicts.push(list); codes.push(code);
  }
  tDict += performance.now() - t; t = performance.now();
  await conn.run('DELETE FROM temp.stage');
  const app = await conn.createAppender('stage', 'main', 'temp');
  for (let s = 0; s < n; s += 2048) {
    const m = Math.min(2048, n - s);
    const chunk = DuckDBDataChunk.create(types, m);
    const cols: ((i: number) => any)[] = [
      (i) => new DuckDBTimestampValue(BigInt(b.ts[i]! * 1000)),
      (i) => codes[0]![i] || null, (i) => codes[1]![i] || null, (i) => codes[2]![i] || null, (i) => codes[3]![i] || null, (i) => codes[4]![i] || null,
      (i) => b.status[i], (i) => { const v = b.bytes[i]!; return v === v ? BigInt(v) : null; }, (i) => { const v = b.latency_ms[i]!; return v === v ? v : null; },
      (i) => codes[5]![i] || null, (i) => codes[6]![i] || null,
    ];
    for (let c = 0; c < cols.length; c++) { const v = chunk.getColumnVector(c); const f = cols[c]!; for (let i = 0; i < m; i++) v.setItem(i, f(s + i)); v.flush(); }
    app.appendDataChunk(chunk);
  }
  app.closeSync();
  tChunk += performance.now() - t; t = performance.now();
  if (process.env.MODE === 'join') {
    await conn.run('DELETE FROM temp.dict');
    const total = dicts.reduce((a, d) => a + d.length, 0);
    const dapp = await conn.createAppender('dict', 'main', 'temp');
    const all: [number, number, string][] = [];
    dicts.forEach((d, k) => d.forEach((v, j) => all.push([k, j + 1, v])));
    for (let s = 0; s < total; s += 2048) {
      const m = Math.min(2048, total - s);
      const chunk = DuckDBDataChunk.create([INTEGER, INTEGER, VARCHAR], m);
      for (let c = 0; c < 3; c++) { const v = chunk.getColumnVector(c); for (let i = 0; i < m; i++) v.setItem(i, all[s + i]![c] as any); v.flush(); }
      dapp.appendDataChunk(chunk);
    }
    dapp.closeSync();
    tBind += performance.now() - t; t = performance.now();
    const j = strCols.map((c, k) => `LEFT JOIN temp.dict d${k} ON d${k}.col = ${k} AND d${k}.code = s.${c}`).join(' ');
    const v = (c: string) => strCols.includes(c) ? `d${strCols.indexOf(c)}.value` : `s.${c}`;
    await conn.run(`INSERT INTO requests SELECT ${['ts','source','ip','method','path','route','status','bytes','latency_ms','referrer','user_agent'].map(v).join(', ')} FROM temp.stage s ${j} ORDER BY s.rowid`);
    tSql += performance.now() - t;
  } else {
  dicts.forEach((d, k) => prepared.bindList(k + 1, listValue(d), LIST(VARCHAR)));
  tBind += performance.now() - t; t = performance.now();
  await prepared.run();
  tSql += performance.now() - t;
  }
}
const total = performance.now() - t0;
console.log({ total: total.toFixed(0), tDict: tDict.toFixed(0), tChunk: tChunk.toFixed(0), tSql: tSql.toFixed(0), tBind: tBind.toFixed(0) });
console.log(await db.query('select count(*) n, count(distinct path) p, count(bytes) b, min(ts) lo, max(ts) hi from requests'));
console.log(await db.query('select * from requests order by ts limit 2'));
