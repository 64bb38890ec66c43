/**
 * The window-feature families, written once and rendered per engine (dialect.ts): each is one
 * SELECT grouped by window index `i` over a log table. DuckDB composes them as CTEs of one query
 * (sql.ts); ClickHouse runs each as its own query over a Distributed table, so the aggregation is
 * pushed down to the shards and only per-window rows come back (lib/clickhouse/features.ts).
 * The final arithmetic (rates, fills, changes) is in sql.ts for DuckDB and in assemble.ts for
 * the per-family rows, where familiesOf says which families each feature needs.
 */
import type { Dialect } from './dialect';

/** Table names a family reads (DuckDB: the schema's; ClickHouse: the loaded `T_requests` …). */
export interface LogTables {
  requests: string;
  auth_events: string;
  metrics: string;
  /** a predicate every row read must meet (ClickHouse: the --from/--to span); default none */
  where?: string;
}

/** `WHERE a AND b …` over the tables' own predicate and `conds`, or nothing. */
export function where(t: LogTables, ...conds: string[]): string {
  const all = [...(t.where ? [t.where] : []), ...conds];
  return all.length === 0 ? '' : ` WHERE ${all.join(' AND ')}`;
}

export const DUCKDB_TABLES: LogTables = { requests: 'requests', auth_events: 'auth_events', metrics: 'metrics' };

const FAIL = "kind IN ('failed_password', 'invalid_user')";

/** rq(i, requests, n4xx, n5xx, p50, p90, p99, bytes, unique_ips) */
export function requestFamily(d: Dialect, t: LogTables, w: number): string {
  return `SELECT ${d.win(w)} AS i, ${d.double('count(*)')} AS requests,
  ${d.double(d.countIf('status >= 400 AND status < 500'))} AS n4xx, ${d.double(d.countIf('status >= 500'))} AS n5xx,
  ${d.quantile('latency_ms', 0.5)} AS p50, ${d.quantile('latency_ms', 0.9)} AS p90, ${d.quantile('latency_ms', 0.99)} AS p99,
  ${d.double('coalesce(sum(bytes), 0)')} AS bytes, ${d.double(d.uniq('ip'))} AS unique_ips
  FROM ${t.requests}${where(t)} GROUP BY i`;
}

/** ipc(i, ip, n): requests per window and address */
export function ipCounts(d: Dialect, t: LogTables, w: number): string {
  return `SELECT ${d.win(w)} AS i, ip, count(*) AS n FROM ${t.requests}${where(t)} GROUP BY i, ip`;
}

/** ipt(i, top_n) over `ipc` (a CTE name or a parenthesised ipCounts) */
export function ipTop(d: Dialect, ipc: string): string {
  return `SELECT i, ${d.double('max(n)')} AS top_n FROM ${ipc} GROUP BY i`;
}

/** nip(i, new_ips): addresses whose first window is i */
export function newIps(d: Dialect, t: LogTables, w: number): string {
  return `SELECT fi AS i, ${d.double('count(*)')} AS new_ips FROM (SELECT ip, min(${d.win(w)}) AS fi FROM ${t.requests}${where(t)} GROUP BY ip) GROUP BY fi`;
}

/** busy(route): the k busiest routes on the training span (ties by name) */
export function busiestRoutes(d: Dialect, t: LogTables, k: number, fitUntilMs: number): string {
  return `SELECT route FROM ${t.requests}${where(t, 'route IS NOT NULL', `${d.ms} < ${fitUntilMs}`)} GROUP BY route ORDER BY count(*) DESC, route LIMIT ${k}`;
}

/** rt(i, route_p90_max, route_5xx_max) over the routes `busy` selects (a CTE's SELECT or busiestRoutes) */
export function routeFamily(d: Dialect, t: LogTables, w: number, busy: string): string {
  return `SELECT i, max(p90) AS route_p90_max, max(e) AS route_5xx_max FROM (
  SELECT ${d.win(w)} AS i, route, ${d.quantile('latency_ms', 0.9)} AS p90, avg(CASE WHEN status >= 500 THEN 1.0 ELSE 0.0 END) AS e
  FROM ${t.requests}${where(t, `route ${d.inSub} (${busy})`)} GROUP BY i, route) GROUP BY i`;
}

/** au(i, failures, invalid_users, fail_ips) */
export function authFamily(d: Dialect, t: LogTables, w: number): string {
  return `SELECT ${d.win(w)} AS i, ${d.double(d.countIf(FAIL))} AS failures,
  ${d.double(d.countIf("kind = 'invalid_user'"))} AS invalid_users,
  ${d.double(d.uniqIf('ip', FAIL))} AS fail_ips FROM ${t.auth_events}${where(t)} GROUP BY i`;
}

/** aut(i, top_failures): failed logins from the most active address */
export function authTopFamily(d: Dialect, t: LogTables, w: number): string {
  return `SELECT i, ${d.double('max(n)')} AS top_failures FROM (
  SELECT ${d.win(w)} AS i, ip, count(*) AS n FROM ${t.auth_events}${where(t, FAIL, 'ip IS NOT NULL')} GROUP BY i, ip) GROUP BY i`;
}

/** mt(i, mean_<key>, max_<key> …) per metric name */
export function metricFamily(d: Dialect, t: LogTables, w: number, names: readonly string[], key: (name: string) => string): string {
  const cols = names.map((n) => `, ${d.avgIf('value', `name = ${d.str(n)}`)} AS mean_${key(n)}, ${d.maxIf('value', `name = ${d.str(n)}`)} AS max_${key(n)}`).join('');
  return `SELECT ${d.win(w)} AS i${cols} FROM ${t.metrics}${where(t, d.finite('value'))} GROUP BY i`;
}
