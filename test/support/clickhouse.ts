/**
 * ClickHouse for the test suites: a local cluster from scripts/clickhouse-cluster.ts when the
 * server is installed, else null and the suites skip with a message saying so.
 */
import { serverBinary, startCluster, type Cluster } from '../../scripts/clickhouse-cluster';

export const CLICKHOUSE_MISSING = serverBinary() === null ? 'clickhouse-server is not installed (apt-get install clickhouse-server): ClickHouse suites skipped' : null;

/** A two-shard cluster on `basePort` … (each test file its own ports: files run in parallel). */
export async function testCluster(basePort: number): Promise<Cluster> {
  return startCluster({ shards: 2, basePort });
}
