/**
 * Which tables a SQL cell reads, so it re-runs only when one of them changed. Every table has a
 * version: the loaded data's tables share one (`data`, bumped by each load), the result tables
 * have one each (a training run bumps all three, a threshold move `scores` and `alarms`).
 *
 * The rule is conservative: a cell depends on the data always, and on a result table whenever the
 * table's name appears anywhere in its text as a word (in a string or a comment too). A text that
 * could reach a table without naming it (the catalogue, `query_table`, `query`, SHOW/DESCRIBE/
 * SUMMARIZE, PRAGMA) depends on every table. Re-running once too often costs a query; missing a
 * change would show stale rows.
 */

export const RESULT_TABLES = ['features', 'scores', 'alarms'] as const;
export type ResultTable = (typeof RESULT_TABLES)[number];

/** Version of every table a SQL cell can read. */
export interface TableVersions {
  /** the loaded logs, labels and parse reports (requests, auth_events, metrics, labels, parse_*) */
  data: number;
  features: number;
  scores: number;
  alarms: number;
}

export const NO_RESULTS: Omit<TableVersions, 'data'> = { features: 0, scores: 0, alarms: 0 };

/** Words that let a query reach tables it does not name: such a query depends on all of them. */
const UNSURE = /^(duckdb_\w*|information_schema|pg_catalog|sqlite_master|sqlite_schema|pragma\w*|show|describe|summarize|query|query_table|tables)$/;

/** The result tables `sql` reads (conservatively), or 'all' when it cannot be told from the text. */
export function tablesRead(sql: string): readonly ResultTable[] | 'all' {
  const found = new Set<ResultTable>();
  for (const m of sql.toLowerCase().matchAll(/[a-z_][a-z0-9_$]*/g)) {
    const w = m[0];
    if (UNSURE.test(w)) return 'all';
    if ((RESULT_TABLES as readonly string[]).includes(w)) found.add(w as ResultTable);
  }
  return RESULT_TABLES.filter((t) => found.has(t));
}

/** A key that changes exactly when a table `sql` reads changed: the cell re-runs when it does. */
export function readKey(sql: string, versions: TableVersions): string {
  const read = tablesRead(sql);
  const tables = read === 'all' ? RESULT_TABLES : read;
  return [versions.data, ...tables.map((t) => `${t}:${versions[t]}`)].join(' ');
}

/** A key of every table's version (for the list of tables shown under the SQL cells). */
export function allTablesKey(versions: TableVersions): string {
  return [versions.data, ...RESULT_TABLES.map((t) => versions[t])].join(' ');
}
