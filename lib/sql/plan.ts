/**
 * The table functions a query would call, read from DuckDB's own plan (`EXPLAIN (FORMAT json)`),
 * so a name assembled at run time (`query('SELECT * FROM enable_' || 'logging()')`) or written in
 * any case or quoting is seen as DuckDB resolved it.
 */
import type { Row } from '../db/db';

/**
 * Table functions an SQL cell may call: they only read. Anything else is refused, so a function a
 * later DuckDB adds is refused by name until someone checks it; the ones that change the engine
 * rather than the data (enable_logging, enable_profiling, checkpoint, truncate_duckdb_logs,
 * enable_peg_parser, arrow_scan over a raw pointer, …) must never be added. The file readers
 * (read_csv, read_parquet, glob, …) are on the list because DuckDB's locked-down configuration
 * already refuses them with its own message.
 */
export const READ_ONLY_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'range', 'generate_series', 'unnest', 'repeat', 'repeat_row', 'summary', 'query_table',
  'histogram', 'histogram_values', 'test_all_types', 'test_vector_types', 'pg_timezone_names', 'icu_calendar_names',
  'json_each', 'json_tree',
  'duckdb_columns', 'duckdb_constraints', 'duckdb_databases', 'duckdb_dependencies', 'duckdb_extensions', 'duckdb_functions',
  'duckdb_indexes', 'duckdb_keywords', 'duckdb_optimizers', 'duckdb_schemas', 'duckdb_sequences', 'duckdb_settings',
  'duckdb_tables', 'duckdb_types', 'duckdb_views', 'duckdb_variables', 'duckdb_memory', 'duckdb_temporary_files',
  'duckdb_approx_database_count', 'duckdb_connection_count',
  'pragma_table_info', 'pragma_show', 'pragma_version', 'pragma_platform', 'pragma_database_size', 'pragma_storage_info',
  'pragma_metadata_info', 'pragma_collations', 'pragma_user_agent',
  'read_csv', 'read_csv_auto', 'read_parquet', 'parquet_scan', 'read_json', 'read_json_auto', 'read_ndjson', 'read_text', 'read_blob',
  'glob', 'sniff_csv',
]);

interface PlanNode {
  name?: unknown;
  children?: unknown;
  extra_info?: unknown;
}

/** Lower-case names of every table function in an `EXPLAIN (FORMAT json)` result; throws if the plan cannot be read. */
export function planFunctions(rows: readonly Row[]): string[] {
  const found = new Set<string>();
  if (rows.length === 0) throw new Error('Refused: DuckDB returned no plan for the query, so it cannot be checked. Nothing was run.');
  for (const row of rows) {
    let tree: unknown;
    try {
      tree = JSON.parse(String(row.explain_value));
    } catch {
      throw new Error('Refused: DuckDB’s plan for the query could not be read, so it cannot be checked. Nothing was run.');
    }
    walk(tree, found);
  }
  return [...found];
}

function walk(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as PlanNode;
  const info = n.extra_info;
  if (typeof info === 'object' && info !== null && 'Function' in info) {
    const f = (info as { Function: unknown }).Function;
    for (const name of Array.isArray(f) ? f : [f]) found.add(String(name).trim().toLowerCase());
  }
  walk(n.children, found);
}

/** The names in `functions` that are not on the read-only list, sorted. */
export function disallowedFunctions(functions: readonly string[]): string[] {
  return functions.filter((f) => !READ_ONLY_TABLE_FUNCTIONS.has(f)).sort();
}
