// Reference point for the CLI: native DuckDB's own multi-threaded CSV reader splitting the same file
// on spaces (no timestamp offset, no request-line split, no route templating, no reject reasons).
// It is what the C++ engine alone does on this machine, not a Harbinger code path.
import { DuckDBInstance } from '@duckdb/node-api';

export async function duckdbScan(file: string): Promise<{ lines: number; ms: number }> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await inst.connect();
  const esc = file.replaceAll("'", "''");
  const t0 = performance.now();
  await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${esc}', delim=' ', quote='"', escape='"', header=false, auto_detect=false,
    null_padding=true, ignore_errors=true,
    columns={'ip':'VARCHAR','l':'VARCHAR','u':'VARCHAR','t':'VARCHAR','tz':'VARCHAR','req':'VARCHAR','status':'INTEGER','bytes':'BIGINT','ref':'VARCHAR','ua':'VARCHAR','rt':'DOUBLE'})`);
  const ms = performance.now() - t0;
  const r = await con.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM t');
  const lines = Number(r.getRows()[0][0]);
  con.closeSync();
  return { lines, ms };
}
