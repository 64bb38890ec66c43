/**
 * A snapshot of everything SQL could change in an engine: every table's row count and a hash of its
 * rows, the views, macros, sequences, types, schemas and attached databases, and every setting.
 * Two equal snapshots mean nothing was written, shadowed, attached or switched.
 */
import type { Db } from '../../lib/db/db';
import { createSchema, insertLabels, insertRejects } from '../../lib/db/schema';
import { writeResults } from '../../lib/jobs/results';
import { lockDown } from '../../lib/db/security';
import { syntheticRequests } from '../../lib/db/synthetic';
import { ident } from '../../lib/features/sql';

export interface EngineState {
  tables: Record<string, { rows: number; hash: string }>;
  catalog: string[];
  settings: Record<string, string>;
}

export async function engineState(db: Db): Promise<EngineState> {
  const names = await db.query('SELECT database_name AS d, schema_name AS s, table_name AS t FROM duckdb_tables() ORDER BY ALL');
  const tables: EngineState['tables'] = {};
  for (const { d, s, t } of names) {
    const q = [d, s, t].map((x) => ident(String(x))).join('.');
    const [row] = await db.query(`SELECT count(*) AS n, CAST(coalesce(bit_xor(hash(x)), 0) AS VARCHAR) AS h FROM ${q} AS x`);
    tables[`${d}.${s}.${t}`] = { rows: Number(row!.n), hash: String(row!.h) };
  }
  const catalog = (
    await db.query(`
      SELECT 'view ' || database_name || '.' || schema_name || '.' || view_name AS c FROM duckdb_views() WHERE NOT internal
      UNION ALL SELECT 'function ' || database_name || '.' || schema_name || '.' || function_name FROM duckdb_functions() WHERE NOT internal
      UNION ALL SELECT 'sequence ' || sequence_name FROM duckdb_sequences()
      UNION ALL SELECT 'type ' || database_name || '.' || schema_name || '.' || type_name FROM duckdb_types() WHERE NOT internal
      UNION ALL SELECT 'schema ' || database_name || '.' || schema_name FROM duckdb_schemas()
      UNION ALL SELECT 'database ' || database_name FROM duckdb_databases()
      UNION ALL SELECT 'variable ' || name FROM duckdb_variables()
      ORDER BY 1`)
  ).map((r) => String(r.c));
  const settings: Record<string, string> = {};
  for (const r of await db.query('SELECT name, CAST(value AS VARCHAR) AS value FROM duckdb_settings() ORDER BY name')) settings[String(r.name)] = String(r.value);
  return { tables, catalog, settings };
}

/** An engine as the page has it once data is in: every table filled, result tables written, locked down. */
export async function filledEngine(open: () => Promise<Db>): Promise<Db> {
  const db = await open();
  await createSchema(db);
  await db.insert(syntheticRequests(500, 0, Date.UTC(2024, 2, 10)));
  await db.exec(`INSERT INTO auth_events SELECT TIMESTAMP '2024-03-10 00:00:00' + to_seconds(range), 'auth.log', 'web1', 100 + range, 'sshd',
    CASE WHEN range % 3 = 0 THEN 'accepted' ELSE 'failed' END, 'user' || range % 7, '10.0.0.' || range % 5, 22, 'message ' || range FROM range(60)`);
  await db.exec("INSERT INTO metrics SELECT TIMESTAMP '2024-03-10 00:00:00' + to_minutes(range), 'host.csv', 'cpu', range % 100 FROM range(120)");
  const t = Date.UTC(2024, 2, 10, 0, 30);
  await insertLabels(db, [
    { incidentId: 'inc-1', kind: 'error-burst', phase: 'precursor', start: t, end: t + 600_000, target: '/api/orders' },
    { incidentId: 'inc-1', kind: 'error-burst', phase: 'failure', start: t + 600_000, end: t + 900_000, target: '/api/orders' },
  ]);
  await insertRejects(db, [{ source: 'a.log', line: 3, reason: 'not a request line', text: 'garbage' }]);
  await insertRejects(db, [{ source: 'a.log', line: 7, reason: 'user agent cut', text: 'GET / …' }], 'parse_warnings');
  const starts = [0, 1, 2].map((i) => t + i * 60_000);
  await writeResults(db, {
    starts,
    windowMs: 60_000,
    features: ['requests'],
    X: starts.map((_, i) => [i]),
    testStart: 1,
    detectors: [{ name: 'ewma', scores: [0, 1, 2], threshold: 1.5 }],
    alarms: [{ detector: 'ewma', start: t + 120_000, end: t + 180_000, windows: 1, incidentId: 'inc-1', incidentKind: 'error-burst', incidentPhase: 'precursor' }],
  });
  await lockDown(db);
  return db;
}
