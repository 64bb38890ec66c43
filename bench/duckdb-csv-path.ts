// What DuckDB's own CSV reader would cost as the CLI's fast path (issue 13 asked to choose by
// measurement): native DuckDB, 2 threads, the same file (1) split on spaces only, (2) split and
// shaped into the requests table's columns in SQL (timestamp with its offset, request line split,
// an approximation of route templating, rejects kept with store_rejects). (2) is not a Harbinger
// code path and does not reproduce its rules exactly (route ids, warnings); it prices the approach.
//   npx tsx bench/duckdb-csv-path.ts FILE
import { DuckDBInstance } from '@duckdb/node-api';

const COLUMNS = `{'ip':'VARCHAR','l':'VARCHAR','u':'VARCHAR','t':'VARCHAR','tz':'VARCHAR','req':'VARCHAR','status':'INTEGER','bytes':'BIGINT','ref':'VARCHAR','ua':'VARCHAR','rt':'DOUBLE'}`;

async function main(file: string): Promise<void> {
  const esc = file.replaceAll("'", "''");
  const csv = `read_csv('${esc}', delim=' ', quote='"', escape='"', header=false, auto_detect=false, null_padding=true, store_rejects=true, columns=${COLUMNS})`;
  for (const [label, sql] of [
    ['split only', `CREATE TABLE t AS SELECT * FROM ${csv}`],
    [
      'split + requests columns in SQL',
      `CREATE TABLE t AS SELECT
         strptime(t || tz, '[%d/%b/%Y:%H:%M:%S%z]')::TIMESTAMP AS ts, ip,
         split_part(req, ' ', 1) AS method, split_part(req, ' ', 2) AS path,
         regexp_replace(split_part(split_part(req, ' ', 2), '?', 1), '/[0-9]+(/|$)', '/:id\\1', 'g') AS route,
         status, bytes, rt * 1000 AS latency_ms, nullif(ref, '-') AS referrer, nullif(ua, '-') AS user_agent
       FROM ${csv}`,
    ],
  ] as const) {
    const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
    const con = await inst.connect();
    const t0 = performance.now();
    await con.run(sql);
    const ms = performance.now() - t0;
    const n = Number((await con.runAndReadAll('SELECT count(*)::DOUBLE FROM t')).getRows()[0][0]);
    const rejects = Number((await con.runAndReadAll('SELECT count(*)::DOUBLE FROM reject_errors')).getRows()[0][0]);
    console.log(`| DuckDB read_csv, ${label} (native, 2 threads) | ${n.toLocaleString('en-US')} | ${Math.round(ms).toLocaleString('en-US')} | ${Math.round((n / ms) * 1000).toLocaleString('en-US')} | ${rejects} rejects |`);
    con.closeSync();
    inst.closeSync();
  }
}

await main(process.argv[2] ?? 'bench/out/access-1000000.log');
