/**
 * The tables every log lands in. Both engine adapters (wasm in the browser, native in the CLI)
 * create exactly this schema, and all later SQL (explore, features) is written against it.
 *
 * requests — one row per HTTP request (access logs, JSON lines with request fields)
 *   ts          TIMESTAMP  request time, UTC (no time zone attached; microsecond precision)
 *   source      VARCHAR    file / source name the row came from
 *   ip          VARCHAR    client address as written in the log
 *   method      VARCHAR    HTTP method; NULL when the request line is malformed
 *   path        VARCHAR    request target including the query string
 *   route       VARCHAR    path without query string, ids replaced by `:id`
 *   status      INTEGER    HTTP status code
 *   bytes       BIGINT     response body bytes; NULL when the log says `-`
 *   latency_ms  DOUBLE     request time in milliseconds; NULL when the log has none
 *   referrer    VARCHAR    NULL when `-`
 *   user_agent  VARCHAR    NULL when `-`
 *
 * auth_events — one row per sshd / auth.log line
 *   ts          TIMESTAMP  event time, UTC
 *   source      VARCHAR    file / source name
 *   host        VARCHAR    syslog host name
 *   pid         INTEGER    process id; NULL when absent
 *   process     VARCHAR    process name, e.g. sshd
 *   kind        VARCHAR    one of failed_password, invalid_user, accepted, disconnect, break_in_attempt, other
 *   user        VARCHAR    target user name; NULL when the line names none
 *   ip          VARCHAR    remote address; NULL when the line names none
 *   port        INTEGER    remote port; NULL when absent
 *   message     VARCHAR    the syslog message text after `process[pid]:`
 *
 * metrics — long format, one row per (timestamp, series) value
 *   ts          TIMESTAMP  sample time, UTC
 *   source      VARCHAR    file / source name
 *   name        VARCHAR    series name, e.g. cpu_pct
 *   value       DOUBLE     sample value (unit given by the series name)
 *
 * parse_rejects — every line a parser could not use (never silently dropped)
 *   source      VARCHAR    file / source name
 *   line        BIGINT     1-based line number in the decompressed file
 *   reason      VARCHAR    why the parser refused it
 *   text        VARCHAR    the line, truncated to REJECT_TEXT_MAX characters
 *
 * parse_warnings — lines that were loaded but are damaged (e.g. a user agent cut short); same columns
 *
 * labels — labeled incident phases (simulator ground truth or a user's labels file)
 *   incident_id VARCHAR, kind VARCHAR, phase VARCHAR ('precursor' | 'failure'),
 *   start TIMESTAMP (inclusive), end TIMESTAMP (exclusive), target VARCHAR (route / IP / host or NULL)
 *
 * Batch → table: columns are in the same order as the fields of the batch types in
 * lib/ingest/types.ts; NaN in any Float64Array column (bytes, latency_ms, pid, port, and also
 * ts and metrics.value) becomes NULL. Timestamps are epoch ms and keep sub-ms digits down to 1 µs.
 */
import type { LineIssue, TableName } from '../ingest/types';
import { checkTableName, type Db } from './db';
import type { LabelRow } from '../labels/types';

/** Column names and SQL types per table, in insert order. Adapters build their Arrow / chunk layout from this. */
export const TABLE_COLUMNS = {
  requests: [
    ['ts', 'TIMESTAMP'],
    ['source', 'VARCHAR'],
    ['ip', 'VARCHAR'],
    ['method', 'VARCHAR'],
    ['path', 'VARCHAR'],
    ['route', 'VARCHAR'],
    ['status', 'INTEGER'],
    ['bytes', 'BIGINT'],
    ['latency_ms', 'DOUBLE'],
    ['referrer', 'VARCHAR'],
    ['user_agent', 'VARCHAR'],
  ],
  auth_events: [
    ['ts', 'TIMESTAMP'],
    ['source', 'VARCHAR'],
    ['host', 'VARCHAR'],
    ['pid', 'INTEGER'],
    ['process', 'VARCHAR'],
    ['kind', 'VARCHAR'],
    ['user', 'VARCHAR'],
    ['ip', 'VARCHAR'],
    ['port', 'INTEGER'],
    ['message', 'VARCHAR'],
  ],
  metrics: [
    ['ts', 'TIMESTAMP'],
    ['source', 'VARCHAR'],
    ['name', 'VARCHAR'],
    ['value', 'DOUBLE'],
  ],
} as const satisfies Record<TableName, readonly (readonly [string, ColumnType])[]>;

export type ColumnType = 'TIMESTAMP' | 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

export const DATA_TABLES = ['requests', 'auth_events', 'metrics', 'parse_rejects', 'parse_warnings', 'labels'] as const;
export type DataTable = (typeof DATA_TABLES)[number];

/** Tables of line issues (LineIssue rows). */
export type IssueTable = 'parse_rejects' | 'parse_warnings';

const ISSUE_COLUMNS = [
  ['source', 'VARCHAR'],
  ['line', 'BIGINT'],
  ['reason', 'VARCHAR'],
  ['text', 'VARCHAR'],
] as const;

const LABEL_COLUMNS = [
  ['incident_id', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['phase', 'VARCHAR'],
  ['start', 'TIMESTAMP'],
  ['end', 'TIMESTAMP'],
  ['target', 'VARCHAR'],
] as const;

const COLUMNS: Record<DataTable, readonly (readonly [string, string])[]> = {
  ...TABLE_COLUMNS,
  parse_rejects: ISSUE_COLUMNS,
  parse_warnings: ISSUE_COLUMNS,
  labels: LABEL_COLUMNS,
};

function createTableSql(name: string, columns: readonly (readonly [string, string])[]): string {
  const cols = columns.map(([c, t]) => `"${c}" ${t}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols});`;
}

/** DDL of one data table's columns under another name (a load's staging copy). */
export function dataTableSql(table: DataTable, name: string): string {
  return createTableSql(`main.${checkTableName(name)}`, COLUMNS[table]);
}

/** DDL for all tables; idempotent (IF NOT EXISTS). */
const SCHEMA_SQL = DATA_TABLES.map((t) => createTableSql(t, COLUMNS[t])).join('\n');

export async function createSchema(db: Db): Promise<void> {
  await db.exec(SCHEMA_SQL);
}

/** Empties every data table but keeps the schema (a new upload replaces the old data). */
export async function resetData(db: Db): Promise<void> {
  await db.exec(DATA_TABLES.map((t) => `DELETE FROM ${t};`).join('\n'));
}

/**
 * A DuckDB string literal. DuckDB does not interpret backslashes in '...', so doubling quotes is
 * enough; NUL is replaced because the wasm bindings pass SQL as a NUL-terminated C string.
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll('\u0000', '\uFFFD').replaceAll("'", "''")}'`;
}

const REJECTS_PER_STATEMENT = 500;

/**
 * Appends line issues to parse_rejects (default) or parse_warnings, or to `into`, a staging copy
 * of that table. They are few (capped by the ingester), so plain INSERT ... VALUES is enough.
 */
export async function insertRejects(db: Db, rejects: readonly LineIssue[], table: IssueTable = 'parse_rejects', into: string = table): Promise<void> {
  if (table !== 'parse_rejects' && table !== 'parse_warnings') throw new Error(`invalid issue table: ${String(table)}`);
  checkTableName(into);
  for (let start = 0; start < rejects.length; start += REJECTS_PER_STATEMENT) {
    const rows = rejects.slice(start, start + REJECTS_PER_STATEMENT).map((r) => {
      if (!Number.isInteger(r.line)) throw new Error(`invalid reject line number: ${r.line}`);
      return `(${sqlString(r.source)}, ${r.line}, ${sqlString(r.reason)}, ${sqlString(r.text)})`;
    });
    await db.exec(`INSERT INTO ${into} VALUES ${rows.join(', ')};`);
  }
}

/** Throws on the first label whose time span the table cannot hold. */
export function checkLabelRows(labels: readonly LabelRow[]): void {
  for (const l of labels) if (!Number.isFinite(l.start) || !Number.isFinite(l.end) || l.end < l.start) throw new Error(`invalid label time span: ${l.start}..${l.end}`);
}

/** Appends labeled incident phases to `labels` (or `into`, its staging copy). */
export async function insertLabels(db: Db, labels: readonly LabelRow[], into = 'labels'): Promise<void> {
  checkTableName(into);
  for (let startAt = 0; startAt < labels.length; startAt += REJECTS_PER_STATEMENT) {
    const rows = labels.slice(startAt, startAt + REJECTS_PER_STATEMENT).map((l) => {
      if (!Number.isFinite(l.start) || !Number.isFinite(l.end) || l.end < l.start) throw new Error(`invalid label time span: ${l.start}..${l.end}`);
      const ts = (ms: number) => `make_timestamp(${Math.round(ms * 1000)}::BIGINT)`;
      return `(${sqlString(l.incidentId)}, ${sqlString(l.kind)}, ${sqlString(l.phase)}, ${ts(l.start)}, ${ts(l.end)}, ${l.target === null ? 'NULL' : sqlString(l.target)})`;
    });
    await db.exec(`INSERT INTO ${into} VALUES ${rows.join(', ')};`);
  }
}

/**
 * Puts `labels` in place of every labeled phase in the engine (a user's labels file for uploaded
 * logs). Checked before anything is deleted, so a bad row leaves the table as it was.
 */
export async function replaceLabels(db: Db, labels: readonly LabelRow[]): Promise<void> {
  checkLabelRows(labels);
  await db.exec('DELETE FROM labels');
  await insertLabels(db, labels);
}

/** Every labeled incident phase in the engine, in time order. */
export async function readLabels(db: Db): Promise<LabelRow[]> {
  const rows = await db.query(`SELECT incident_id, kind, phase, epoch_ms(start) AS start, epoch_ms("end") AS "end", target FROM labels ORDER BY start, incident_id, phase`);
  return rows.map((r) => ({
    incidentId: String(r.incident_id),
    kind: String(r.kind),
    phase: r.phase === 'precursor' ? 'precursor' : 'failure',
    start: Number(r.start),
    end: Number(r.end),
    target: r.target === null || r.target === undefined ? null : String(r.target),
  }));
}

/** Names in the metrics table (each gets mean/max features). */
export async function metricNames(db: Db): Promise<string[]> {
  return (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
}
