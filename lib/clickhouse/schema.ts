/**
 * The log tables in ClickHouse: the DuckDB schema's (lib/db/schema.ts) columns with ClickHouse
 * types, plus `ts_ms` (epoch ms, Int64: the window arithmetic is integer division on it; DuckDB's
 * epoch_ms(ts) is the same value, so sub-ms digits are not stored) and `ts` (DateTime, filled by
 * default from ts_ms: the day partition and what a person queries). MergeTree, one partition per
 * day, ordered by time. With a cluster, each shard gets `<T>_<table>_local` and the initiator a
 * Distributed `<T>_<table>` over them; queries and inserts go to the Distributed one.
 */
import type { TableName } from '../ingest/types';
import type { LogTables } from '../features/families';
import { checkChName, type ClickHouse } from './client';

/** Column name → ClickHouse type, in insert order (ts is not inserted: it defaults from ts_ms). */
export const CH_COLUMNS: Record<TableName, readonly (readonly [string, string])[]> = {
  requests: [
    ['ts_ms', 'Int64'], ['source', 'String'], ['ip', 'String'], ['method', 'Nullable(String)'], ['path', 'Nullable(String)'],
    ['route', 'Nullable(String)'], ['status', 'Nullable(Int32)'], ['bytes', 'Nullable(Int64)'], ['latency_ms', 'Nullable(Float64)'],
    ['referrer', 'Nullable(String)'], ['user_agent', 'Nullable(String)'],
  ],
  auth_events: [
    ['ts_ms', 'Int64'], ['source', 'String'], ['host', 'String'], ['pid', 'Nullable(Int64)'], ['process', 'String'], ['kind', 'String'],
    ['user', 'Nullable(String)'], ['ip', 'Nullable(String)'], ['port', 'Nullable(Int32)'], ['message', 'String'],
  ],
  metrics: [['ts_ms', 'Int64'], ['source', 'String'], ['name', 'String'], ['value', 'Nullable(Float64)']],
};

const TABLES: readonly TableName[] = ['requests', 'auth_events', 'metrics'];

/** The ClickHouse table holding `table`'s rows for the dataset named `prefix`. */
export function chTable(prefix: string, table: TableName): string {
  return checkChName(`${checkChName(prefix)}_${table}`);
}

/** The dataset's tables as the feature families read them; `where` limits rows to [fromMs, toMs). */
export function chLogTables(prefix: string, span: { fromMs?: number; toMs?: number } = {}): LogTables {
  const conds = [
    ...(span.fromMs !== undefined ? [`ts_ms >= ${Math.floor(span.fromMs)}`] : []),
    ...(span.toMs !== undefined ? [`ts_ms < ${Math.floor(span.toMs)}`] : []),
  ];
  return {
    requests: chTable(prefix, 'requests'),
    auth_events: chTable(prefix, 'auth_events'),
    metrics: chTable(prefix, 'metrics'),
    ...(conds.length > 0 ? { where: conds.join(' AND ') } : {}),
  };
}

function mergeTreeDdl(name: string, table: TableName): string {
  const cols = CH_COLUMNS[table].map(([c, t]) => `${c} ${t}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${name} (ts DateTime DEFAULT toDateTime(intDiv(ts_ms, 1000)), ${cols})
ENGINE = MergeTree() PARTITION BY toDate(ts) ORDER BY ts_ms`;
}

export interface CreateOptions {
  /** cluster name in the servers' remote_servers; null for one server */
  cluster: string | null;
  /** every shard's HTTP client (the local tables are made on each: ON CLUSTER DDL would need ZooKeeper) */
  shards: readonly ClickHouse[];
}

/** Makes the dataset's tables (kept when they exist). */
export async function createTables(ch: ClickHouse, prefix: string, o: CreateOptions): Promise<void> {
  for (const table of TABLES) {
    const name = chTable(prefix, table);
    if (o.cluster === null) {
      await ch.exec(mergeTreeDdl(name, table));
      continue;
    }
    const local = checkChName(`${name}_local`);
    for (const shard of o.shards) await shard.exec(mergeTreeDdl(local, table));
    // rows spread over the shards by a hash of time and source: deterministic, and a busy minute lands on every shard
    await ch.exec(`CREATE TABLE IF NOT EXISTS ${name} AS ${local} ENGINE = Distributed(${checkChName(o.cluster)}, currentDatabase(), ${local}, cityHash64(ts_ms, source))`);
  }
}
